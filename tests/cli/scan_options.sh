# scan_options.sh - --help, --version, usage errors, thresholds, gates, --stats,
# --progress, --quiet, --stdin-name, --line-offset, --list-types.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$SCAN" --help
expect_rc 0 --help
expect_out "^Usage: doppel-scan "
[ ! -s "$T/err" ] || fail "--help wrote to stderr"
[ "$(wc -l < "$T/out")" -le 45 ] || fail "--help longer than a screen"
run "$SCAN" --version
expect_rc 0 --version
expect_out "^doppel-scan \(doppel\) [0-9]+\.[0-9]+\.[0-9]+$"
expect_out "PCRE2 [0-9.]+[^,]*, ICU [0-9.]+, zlib [0-9.]+, jansson"

run "$SCAN" --no-such-option
expect_rc 64 "unknown option"
expect_out "Try 'doppel-scan --help'" "$T/err"
run "$SCAN" --report-format xml "$FIX/pii.txt"
expect_rc 64 "bad report format"
run "$SCAN" --format yaml "$FIX/pii.txt"
expect_rc 64 "bad input format"
run "$SCAN" --min-score 2 "$FIX/pii.txt"
expect_rc 64 "bad min score"
run "$SCAN" --line-offset -3 "$FIX/pii.txt"
expect_rc 64 "bad line offset"
run "$SCAN" --staged "$FIX/pii.txt"
expect_rc 64 "--staged with paths"

run "$SCAN" --list-types
expect_rc 0 --list-types
expect_out "^kz_iin +national_id "
expect_out "^generic_secret +secret "

# --min-score raises the bar; --all shows what the thresholds hide
run "$SCAN" --no-config --min-score 0.99 "$FIX/pii.txt"
expect_rc 1 "min-score"
expect_no ": (email|ipv4|mac) "
expect_out ": card \(1\.00\)"
run "$SCAN" --no-config --all "$FIX/clean.txt"
expect_rc 1 "--all reports known fakes"
expect_out ": card \(0\.10\)"
expect_out ": email \(0\.10\)"

# --fail-on: only these types gate, the others are still reported
run "$SCAN" --no-config --fail-on kz_bin "$FIX/pii.txt"
expect_rc 0 "--fail-on other type"
expect_out ": card "
run "$SCAN" --no-config --fail-on email,card "$FIX/pii.txt"
expect_rc 1 "--fail-on email,card"

# --stats: a summary by type on stderr
run "$SCAN" --no-config --stats "$FIX/pii.txt"
expect_out "^doppel-scan: 1 files, [0-9]+ bytes" "$T/err"
expect_out "^doppel-scan: +email +2$" "$T/err"
expect_out "^doppel-scan: 0 suppressed" "$T/err"

# --progress forces the progress line on stderr even when it is not a terminal
"$PY" -c 'import sys
for i in range(400000): sys.stdout.write("user %d wrote about order %d and 4111 1111 1111 1111 today\n" % (i, i))' > big.txt
run "$SCAN" --no-config --progress big.txt big.txt big.txt
expect_out "MB, [0-9]+ records, [0-9.]+ MB/s" "$T/err"
run "$SCAN" --no-config --no-progress big.txt
[ ! -s "$T/err" ] || fail "--no-progress wrote to stderr"

# -q silences warnings, not errors
printf 'bin\000ary' > b.bin
run "$SCAN" --no-config -q b.bin missing.txt
expect_no "warning" "$T/err"
expect_out "missing.txt: cannot open" "$T/err"

# --stdin-name and --line-offset shape the locations
run sh -c "\"$SCAN\" --no-config --stdin-name part-0007.txt --line-offset 1000 < \"$FIX/pii.txt\""
expect_out "^part-0007.txt:1003:15: card "
exit 0
