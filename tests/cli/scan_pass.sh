# scan_pass.sh - --pass copies stdin to stdout byte for byte and reports elsewhere;
# --fail-on-findings fails the pipeline after the data has passed.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run sh -c "\"$SCAN\" --no-config --pass < \"$FIX/pii.txt\""
expect_rc 0 "--pass without --fail-on-findings"
cmp -s "$T/out" "$FIX/pii.txt" || fail "--pass changed the data"
expect_out ": card " "$T/err"
expect_out "^-:3:15: card " "$T/err"

run sh -c "\"$SCAN\" --no-config --pass --fail-on-findings < \"$FIX/pii.txt\""
expect_rc 1 "--fail-on-findings"
cmp -s "$T/out" "$FIX/pii.txt" || fail "--pass changed the data (gate)"

run sh -c "\"$SCAN\" --no-config --pass --fail-on-findings < \"$FIX/clean.txt\""
expect_rc 0 "clean pass"
cmp -s "$T/out" "$FIX/clean.txt" || fail "clean data changed"

# --report FILE takes the report; stderr stays quiet
run sh -c "\"$SCAN\" --no-config --pass --report rep.jsonl --report-format jsonl < \"$FIX/pii.txt\""
cmp -s "$T/out" "$FIX/pii.txt" || fail "data changed with --report"
[ ! -s "$T/err" ] || fail "stderr not empty with --report"
grep -q '"type":"card"' rep.jsonl || fail "report file"

# gzip input passes through compressed, byte for byte, and is still scanned
gzip -c "$FIX/pii.txt" > in.gz
run sh -c "\"$SCAN\" --no-config --pass --fail-on-findings < in.gz"
expect_rc 1 "gzip pass"
cmp -s "$T/out" in.gz || fail "gzip pass-through changed bytes"

# binary data and CRLF pass untouched
printf 'a\000b\r\nemail: dana.whitfield@acme-logistics.co.uk\r\n\377\376' > bin.dat
run sh -c "\"$SCAN\" --no-config -a --pass --fail-on-findings < bin.dat"
cmp -s "$T/out" bin.dat || fail "binary pass-through"
expect_rc 1 "binary scanned with -a"
run sh -c "\"$SCAN\" --no-config --pass < bin.dat"
cmp -s "$T/out" bin.dat || fail "binary pass-through without -a"

# large input in a pipeline: everything arrives
"$PY" -c 'import sys
for i in range(200000): sys.stdout.write("line %d user%d@example.com 4111 1111 1111 1111\n" % (i, i))' > big.txt
run sh -c "cat big.txt | \"$SCAN\" --no-config --pass --fail-on-findings | cat"
cmp -s "$T/out" big.txt || fail "large pass-through"
# --line-buffered: in a live pipe each line is passed on and reported as it arrives,
# not when the input ends (tail -f | doppel-scan --pass --line-buffered)
mkfifo live
( printf 'mail dana.whitfield@acme-logistics.co.uk\n'; sleep 4; printf 'end\n' ) > live &
"$SCAN" --no-config --pass --line-buffered < live > live.out 2> live.rep &
sleep 2
grep -q "^-:1:6: email " live.rep || fail "--line-buffered: finding not reported while the input is open"
grep -q "^mail dana" live.out || fail "--line-buffered: line not passed on while the input is open"
wait
grep -q "^end$" live.out || fail "--line-buffered: end of input lost"

# --pass takes no file arguments
run "$SCAN" --pass "$FIX/pii.txt"
expect_rc 64 "--pass with a file"
exit 0
