# scan_reports.sh - text, json and jsonl reports; -o writes atomically; fingerprints are keyed.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$SCAN" --no-config --report-format jsonl "$FIX/pii.txt"
expect_rc 1 jsonl
json_check 'all(set(["path","type","score","detector","line","col","start","end","fingerprint","masked"]) <= set(r) for r in rows)'
json_check 'all("value" not in r for r in rows)'
# text input: start/end are byte offsets in the file
json_check 'any(r["type"]=="email" and r["start"]==open(r["path"],"rb").read().index(b"dana.whitfield@") for r in rows)'
json_check 'all(len(r["fingerprint"])==32 for r in rows)'
cp "$T/out" first.jsonl

# fingerprints depend on the key: another key, other fingerprints
head -c 32 /dev/urandom > k2 && chmod 600 k2
run "$SCAN" --no-config --key-file k2 --report-format jsonl "$FIX/pii.txt"
"$PY" -c 'import json,sys
a=[json.loads(l)["fingerprint"] for l in open("first.jsonl")]
b=[json.loads(l)["fingerprint"] for l in open(sys.argv[1])]
sys.exit(0 if len(a)==len(b) and not set(a)&set(b) else 1)' "$T/out" || fail "fingerprints not keyed"

# --show-values adds the value
run "$SCAN" --no-config --show-values --report-format jsonl "$FIX/pii.txt"
json_check 'any(r.get("value")=="512-48-3921" for r in rows)'

# and the text report shows it in place of the masked form, on one line
run "$SCAN" --no-config --show-values "$FIX/pii.txt"
expect_out ": us_ssn \([01]\.[0-9]+\) 512-48-3921$"
printf -- '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n' > key.pem
run "$SCAN" --no-config --show-values key.pem
expect_lines 1

# json: one document with findings and a summary
run "$SCAN" --no-config --report-format json "$FIX/pii.txt"
expect_rc 1 json
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["tool"]=="doppel-scan" and len(d["findings"])>10 else 1)' "$T/out" ||
	fail "json report"
run "$SCAN" --no-config --report-format json "$FIX/clean.txt"
"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if d["findings"]==[] else 1)' "$T/out" ||
	fail "empty json report"

# -o writes the report to a file, atomically; no temporary files are left behind
run "$SCAN" --no-config -o report.txt "$FIX/pii.txt"
expect_rc 1 "-o"
[ ! -s "$T/out" ] || fail "report also went to stdout"
grep -q ": card " report.txt || fail "report file"
[ -z "$(ls | grep tmp)" ] || fail "temporary file left: $(ls)"
# a report that cannot be created: exit 73, nothing scanned
run "$SCAN" --no-config -o nodir/report.txt "$FIX/pii.txt"
expect_rc 73 "uncreatable report"
expect_out "doppel-scan: nodir/report.txt: cannot create output" "$T/err"
exit 0
