# scan_basic.sh - grep-like findings over files and trees; exit 1 with findings, 0 clean.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$SCAN" --no-config "$FIX/pii.txt"
expect_rc 1 "scan pii.txt"
# path:line:col: type (score) masked
expect_out "^$FIX/pii.txt:2:23: email \(0\.90\) d\*+@a\*+\.uk$"
for t in email phone card iban us_ssn date_of_birth address ipv4 mac password_in_url \
         aws_access_key generic_secret ru_inn ru_snils passport kz_iin; do
	expect_out ": $t \([01]\.[0-9][0-9]\) "
done
# the Russian and Kazakh lines are found too
expect_out "pii.txt:10:5: ru_inn "
expect_out "pii.txt:13:30: kz_iin "
expect_out "pii.txt:14:5: iban "
# known-fake values on the last line are not reported
expect_no "pii.txt:16:"
# values never appear in the text report
expect_no "4556 7375 8689 9855|dana\.whitfield|512-48-3921"

run "$SCAN" --no-config "$FIX/clean.txt"
expect_rc 0 "clean file"
[ ! -s "$T/out" ] || fail "clean file produced output"

# a directory tree: every supported file is read, in sorted order; .git is skipped
cp -r "$FIX/tree" "$T/tree"
mkdir -p "$T/tree/.git" && cp "$FIX/pii.txt" "$T/tree/.git/secret.txt"
gzip -c "$FIX/pii.txt" > "$T/tree/sub/log.txt.gz"
run "$SCAN" --no-config tree
expect_rc 1 "tree"
expect_out "^tree/sub/customers.csv:2:1: email "
expect_out "^tree/sub/records.jsonl:1:60: email "
expect_out "^tree/sub/log.txt.gz:3:15: card "
expect_no "\.git/"
[ "$(cut -d: -f1 "$T/out" | uniq | tr '\n' ' ')" = "tree/sub/customers.csv tree/sub/log.txt.gz tree/sub/records.jsonl " ] ||
	fail "files not in sorted order: $(cut -d: -f1 "$T/out" | uniq | tr '\n' ' ')"

run "$SCAN" --no-config "$FIX/cleantree"
expect_rc 0 "clean tree"
exit 0
