#!/usr/bin/env python3
"""Write a deterministic synthetic JSONL export of support tickets for bench/anon:
one record per line with structured PII fields (customer, email, phone) and a free-text
body in en, ru or kk with PII planted in it. Customers repeat (a pool of 20,000), so the
mapping table grows with entities, not with input. All values are synthetic
(make_corpus.py's generators)."""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_corpus import Gen, MB  # noqa: E402

POOL = 20000


def customers(g):
    out = []
    for _ in range(POOL):
        lang = g.r.choices(["en", "ru", "kk"], weights=[40, 35, 25])[0]
        out.append((lang, g.name(lang), g.email(), g.phone()))
    return out


def record(g, i, pool, planted):
    r = g.r
    lang, name, email, phone = r.choice(pool)
    body = " ".join(g.sentence(lang) for _ in range(r.randint(1, 4)))
    planted[:] = [name, email, phone]
    if r.random() < 0.6:
        words = body.split(" ")
        words.insert(r.randrange(len(words) + 1), g.pii(lang))
        body = " ".join(words)
        planted.append(g.last_pii)
    if r.random() < 0.3:
        body += " " + {"en": "Regards,", "ru": "С уважением,", "kk": "Құрметпен,"}[lang] + " " + name
    return {"id": 100000 + i, "created": g.ts(), "customer": name, "email": email, "phone": phone,
            "channel": r.choice(["email", "chat", "phone", "web"]), "lang": lang,
            "subject": g.sentence(lang, 2, 7), "body": body, "amount": round(r.uniform(1, 5000), 2)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("size_mb", type=float)
    ap.add_argument("--seed", type=int, default=20240602)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--truth", help="also write, per record, the PII values planted in it (JSONL)")
    a = ap.parse_args()
    g = Gen(a.seed, True)
    pool = customers(g)
    target, written, i = int(a.size_mb * MB), 0, 0
    tmp = a.output + ".tmp"
    planted = []
    truth = open(a.truth, "w", encoding="utf-8") if a.truth else None
    with open(tmp, "wb") as f:
        while written < target:
            line = (json.dumps(record(g, i, pool, planted), ensure_ascii=False) + "\n").encode()
            f.write(line)
            if truth:
                truth.write(json.dumps(planted, ensure_ascii=False) + "\n")
            written += len(line)
            i += 1
    if truth:
        truth.close()
    os.replace(tmp, a.output)


if __name__ == "__main__":
    main()
