# scan_badinput.sh - malformed records, truncated gzip, binary and missing files, NUL
# bytes, invalid UTF-8 and a 100 MB line: clear errors and the right exit codes.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$SCAN" --no-config "$FIX/bad.jsonl"
expect_rc 65 "malformed JSONL"
expect_out "^doppel-scan: $FIX/bad.jsonl:3: malformed JSON record: column [0-9]+" "$T/err"
expect_no "bad.jsonl:4:"           # stops at the bad record
expect_no "broken@" "$T/err"       # the message never carries the value

run "$SCAN" --no-config --on-error=skip --stats "$FIX/bad.jsonl"
expect_rc 1 "--on-error=skip"
expect_out "bad.jsonl:4:21: email "
expect_out "1 bad records skipped" "$T/err"
run "$SCAN" --no-config --on-error=maybe "$FIX/bad.jsonl"
expect_rc 64 "bad --on-error value"

# malformed CSV quoting
printf 'a,b\n1,"unterminated\n' > bad.csv
run "$SCAN" --no-config bad.csv
expect_rc 65 "bad csv"
expect_out "^doppel-scan: bad.csv(:[0-9]+)?: " "$T/err"

# truncated and corrupt gzip
gzip -c "$FIX/pii.txt" | head -c 400 > trunc.txt.gz
run "$SCAN" --no-config trunc.txt.gz
expect_rc 65 "truncated gzip"
expect_out "trunc.txt.gz: truncated gzip data" "$T/err"
printf '\037\213\010\000garbage-garbage-garbage' > corrupt.gz
run "$SCAN" --no-config corrupt.gz
expect_rc 65 "corrupt gzip"

# missing file: 66, and the other files are still scanned
run "$SCAN" --no-config missing.txt "$FIX/pii.txt"
expect_rc 66 "missing file"
expect_out "^doppel-scan: missing.txt: cannot open" "$T/err"
expect_out ": card "

# binary files are skipped with a warning unless -a
printf 'PK\003\004\000\000binary dana.whitfield@acme-logistics.co.uk\000' > blob.bin
run "$SCAN" --no-config blob.bin
expect_rc 0 "binary skipped"
expect_out "blob.bin: warning: binary file skipped" "$T/err"
run "$SCAN" --no-config -a blob.bin
expect_rc 1 "binary with -a"
expect_out "blob.bin:1:[0-9]+: email "

# invalid UTF-8 around values does not stop detection; spans stay in original bytes
printf '\377\376 mail dana.whitfield@acme-logistics.co.uk \300\200 card 4556737586899855 \355\240\200\n' > inv.txt
run "$SCAN" --no-config --report-format jsonl inv.txt
expect_rc 1 "invalid utf-8"
json_check 'any(r["type"]=="email" and r["start"]==8 for r in rows) and any(r["type"]=="card" for r in rows)'

# a 100 MB line with a value at the end: no crash, no hang, found
"$PY" -c 'import sys
sys.stdout.write("x" * 50_000_000 + " " + "y" * 50_000_000 + " dana.whitfield@acme-logistics.co.uk\n")' > long.txt
run "$SCAN" --no-config --report-format jsonl long.txt
expect_rc 1 "100 MB line"
json_check 'len(rows)==1 and rows[0]["type"]=="email" and rows[0]["line"]==1 and rows[0]["start"]==100000002'
rm -f long.txt
exit 0
