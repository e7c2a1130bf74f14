# anon_surrogate.sh - --style surrogate: realistic fakes, stable, same script and gender,
# names mapped part by part (a shared surname stays shared, inflections follow), e-mails
# from the person they name, valid checksums, reserved domains and test ranges.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
s() { "$ANON" --no-config --key-file k.key --style surrogate "$@"; }

printf 'Иван Петров и Мария Петрова. Ивану Петрову ответили.\nIvan Petrov wrote from ivan.petrov@acme.kz.\n' > n.txt
run s n.txt
expect_rc 0 "surrogate"
expect_no "Иван |Петров[ау. ]|Мария|Ivan |Petrov |acme"
cp "$T/out" s1.txt
run s n.txt
cmp -s "$T/out" s1.txt || fail "surrogates are not stable"
"$PY" - s1.txt <<'PY' || fail "name parts"
import re, sys
l1, l2 = open(sys.argv[1], encoding="utf-8").read().splitlines()
m = re.fullmatch(r"(\w+) (\w+) и (\w+) (\w+)\. (\w+) (\w+) ответили\.", l1)
assert m, l1
f1, s1, f2, s2, f3, s3 = m.groups()
cyr = re.compile(r"[А-ЯЁ][а-яё]+")
assert all(cyr.fullmatch(w) for w in m.groups()), "script changed"
assert s2 == s1 + "а", (s1, s2)          # one surname, feminine form for Мария
assert s3.startswith(s1) and s3 != s1, (s1, s3)   # inflected like Петрову
assert f1 != f2
m2 = re.fullmatch(r"(\w+) (\w+) wrote from ([a-z]+)\.([a-z]+)@([a-z]+-[0-9]+\.example)\.", l2)
assert m2, l2
assert m2.group(3) == m2.group(1).lower() and m2.group(4) == m2.group(2).lower(), l2
PY

# structured values keep shape and validity; reserved ranges; nothing left to find
printf 'card 4400 4300 1234 5671, IBAN KZ86125KZT5004100100, IIN 010105514184, ip 10.1.2.3, tel +1 (212) 736-0000\n' > v.txt
run s --verify v.txt
expect_rc 0 "structured"
expect_out "verify: 0 residual findings" "$T/err"
expect_out "^card [0-9]{4} [0-9]{4} [0-9]{4} [0-9]{4}, IBAN KZ[0-9]{2}[0-9A-Z]{16}, IIN [0-9]{12}, ip (192\.0\.2|198\.51\.100|203\.0\.113)\.[0-9]+, tel \+1 \([0-9]{3}\) 555-01[0-9]{2}$"
expect_no "4400 4300 1234 5671|KZ86125KZT5004100100|010105514184"
# the fakes are valid: doppel-scan, which checks checksums, finds the card, IBAN and IIN
cp "$T/out" fake.txt
run "$SCAN" --no-config --report-format jsonl fake.txt
for t in card iban kz_iin; do expect_out "\"type\": ?\"$t\""; done
exit 0
