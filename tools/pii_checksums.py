"""pii_checksums.py - check digits for synthetic test values, shared by the generators
of the benchmark corpus (bench/make_corpus.py) and the labelled corpus
(tests/corpus/make_structured.py). Pure functions, standard library only."""

import base64
import json


def luhn_digit(body):
    """The Luhn check digit that completes the digit string body (cards)."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        v = int(ch)
        if i % 2 == 0:
            v *= 2
            if v > 9:
                v -= 9
        total += v
    return str((10 - total % 10) % 10)


def kz_check(d11):
    """KZ IIN/BIN check digit for 11 digits (double-weight mod 11); -1 when none exists."""
    s = sum(int(d11[i]) * (i + 1) for i in range(11)) % 11
    if s != 10:
        return s
    s = sum(int(d11[i]) * ((i + 2) % 11 + 1) for i in range(11)) % 11
    return -1 if s == 10 else s


def inn_digit(s, w):
    """One RU INN check digit: weighted sum mod 11 mod 10."""
    return str(sum(int(a) * b for a, b in zip(s, w)) % 11 % 10)


def iban_check(cc, bban):
    """The two IBAN check digits (ISO 7064 mod 97-10) for a country and a BBAN."""
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    return 98 - int(num) % 97


def b64u(obj):
    """base64url of compact JSON without padding (JWT parts)."""
    raw = json.dumps(obj, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
