# scan_baseline.sh - --write-baseline/--baseline: schema, no values, sorted, moved lines, new findings, key checks.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

cp "$FIX/pii.txt" pii.txt
run "$SCAN" --no-config pii.txt
expect_rc 1 "no baseline"
nfound=$(wc -l < "$T/out")
[ "$nfound" -ge 15 ] || fail "only $nfound findings in pii.txt"

# writing: still reports (and gates), and writes B atomically
run "$SCAN" --no-config --write-baseline B.json pii.txt
[ "$rc" -le 1 ] || { cat "$T/err" >&2; fail "--write-baseline: exit $rc"; }
expect_lines "$nfound"
[ -s B.json ] || fail "no baseline written"
for f in B.json?*; do [ ! -e "$f" ] || fail "temporary file left behind: $f"; done

# valid against the schema
if [ -f "$SRC/tests/cli/validate_json.py" ]; then
	"$PY" "$SRC/tests/cli/validate_json.py" "$SRC/schemas/doppel-baseline.schema.json" B.json ||
		fail "baseline does not match schemas/doppel-baseline.schema.json"
else
	"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema not installed"
	"$PY" -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open("B.json")), json.load(open(sys.argv[1])))' \
		"$SRC/schemas/doppel-baseline.schema.json" || fail "baseline does not match the schema"
fi
# one entry per finding, sorted by path, type, fingerprint
"$PY" - "$nfound" <<'EOF' || fail "baseline entries not sorted or miscounted"
import json, sys
f = json.load(open("B.json"))["findings"]
keys = [(e["path"], e["type"], e["fingerprint"]) for e in f]
sys.exit(0 if keys == sorted(keys) and len(keys) == int(sys.argv[1]) else 1)
EOF
# no raw value from the fixture, in any of its shapes
for v in dana.whitfield acme-logistics '7123 4567' 2071234567 '4556 7375' 4556737586899855 \
         'DE62 3704' DE6237040044 512-48-3921 512483921 14/03/1987 'Baker Street' 203.0.114.25 \
         3c:22:fb Winter2024 AKIAQX4TR7ZP2MNB5K3Q tq8ZrV3nL5xPwY7mK2bJ9dHfA4sGcE6u ivan.petrov \
         '123-45-67' 9161234567 500100732259 '112-233-445' 11223344595 '45 06 123456' \
         850101300124 '701 234' 7012345678 KZ80125KZT5004100111 'Ленина' 'Абай'; do
	grep -qiF -- "$v" B.json && fail "baseline contains the value '$v'"
done

# rerun with the baseline: nothing reported, exit 0
run "$SCAN" --no-config --baseline B.json --stats pii.txt
expect_rc 0 "with baseline"
[ ! -s "$T/out" ] || fail "baseline findings reported"
expect_out " $nfound suppressed \($nfound by baseline\)" "$T/err"

# lines move: still accepted
{ printf '\n\n\n'; cat "$FIX/pii.txt"; } > pii.txt
run "$SCAN" --no-config --baseline B.json pii.txt
expect_rc 0 "moved lines"
[ ! -s "$T/out" ] || fail "moved findings reported"

# a new value: only it is reported
echo "new contact: olga.sidorova@mail.ru" >> pii.txt
run "$SCAN" --no-config --baseline B.json pii.txt
expect_rc 1 "new finding"
expect_out "^pii.txt:20:14: email "
expect_lines 1

# the same value in another file is not covered (fingerprints include the path)
cp "$FIX/pii.txt" other.txt
run "$SCAN" --no-config --baseline B.json other.txt
expect_rc 1 "other file"
expect_lines "$nfound"

# another key: refused
head -c 32 /dev/urandom > other.key && chmod 600 other.key
run env DOPPEL_KEY_FILE="$T/other.key" "$SCAN" --no-config --baseline B.json pii.txt
expect_rc 78 "baseline from another key"
expect_out "B\.json: .*another key" "$T/err"
run "$SCAN" --no-config --key-file other.key --baseline B.json pii.txt
expect_rc 78 "--key-file with another key"
[ ! -s "$T/out" ] || fail "report written despite the wrong key"

# missing baseline; key file readable by others; malformed baseline
run "$SCAN" --no-config --baseline missing.json pii.txt
expect_rc 66 "missing baseline"
expect_out "^doppel-scan: .*missing\.json" "$T/err"
chmod 644 other.key
run "$SCAN" --no-config --key-file other.key pii.txt
expect_rc 78 "key file mode 0644"
expect_out "^doppel-scan: .*other\.key.*(group|others)" "$T/err"
echo '{"version": 1}' > bad.json
run "$SCAN" --no-config --baseline bad.json pii.txt
expect_rc 78 "malformed baseline"
exit 0
