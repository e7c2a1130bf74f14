#!/usr/bin/env python3
"""make_person.py - builds tests/corpus/person.jsonl from the hand-written sources in
tests/corpus/person/{en,ru,kk}.txt (tests/corpus/README.md, "person.jsonl").

Source format, one item per line (UTF-8):
    SPLIT<TAB>TEXT
SPLIT is "dev" or "heldout"; in TEXT a gold person span is written [[like this]], "\\n" is
a newline and "\\\\" a backslash. Lines that are empty or start with "#" are comments.
Each item gets the id LANG-NNNN (line order) and byte offsets into the UTF-8 text.
Standard library only; fails with file:line on a malformed line.
"""
import argparse
import json
import os
import sys

LANGS = ["en", "ru", "kk"]


def parse_text(raw, where):
    """Returns (text, spans) with byte spans of the [[...]] marks."""
    out, spans, i, start = bytearray(), [], 0, None
    while i < len(raw):
        c = raw[i]
        if raw.startswith("[[", i):
            if start is not None:
                sys.exit("%s: nested [[" % where)
            start, i = len(out), i + 2
        elif raw.startswith("]]", i):
            if start is None or len(out) == start:
                sys.exit("%s: ]] without [[ or empty span" % where)
            spans.append({"start": start, "end": len(out), "type": "person"})
            start, i = None, i + 2
        elif c == "\\" and i + 1 < len(raw) and raw[i + 1] in "n\\":
            out += b"\n" if raw[i + 1] == "n" else b"\\"
            i += 2
        else:
            out += c.encode("utf-8")
            i += 1
    if start is not None:
        sys.exit("%s: [[ not closed" % where)
    return out.decode("utf-8"), spans


def read_lang(srcdir, lang):
    items, path = [], os.path.join(srcdir, lang + ".txt")
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            where = "%s:%d" % (path, n)
            split, sep, raw = line.partition("\t")
            if not sep or split not in ("dev", "heldout"):
                sys.exit("%s: expected dev|heldout<TAB>text" % where)
            text, spans = parse_text(raw, where)
            items.append({"id": "%s-p%04d" % (lang, len(items) + 1), "lang": lang,
                          "split": split, "text": text, "spans": spans})
    return items


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("-s", "--srcdir", default=os.path.join(here, "person"))
    ap.add_argument("-o", "--output", default=os.path.join(here, "person.jsonl"))
    a = ap.parse_args()
    items = []
    for lang in LANGS:
        items += read_lang(a.srcdir, lang)
    with open(a.output, "w", encoding="utf-8") as f:
        for it in items:
            f.write(json.dumps(it, ensure_ascii=False) + "\n")
    for lang in LANGS:
        sel = [it for it in items if it["lang"] == lang]
        print("%s: %d items (%d heldout), %d names, %d without a name" % (
            lang, len(sel), sum(it["split"] == "heldout" for it in sel),
            sum(len(it["spans"]) for it in sel), sum(not it["spans"] for it in sel)),
            file=sys.stderr)


if __name__ == "__main__":
    main()
