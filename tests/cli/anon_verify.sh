# anon_verify.sh - --verify re-scans the output; --fail-on-residual exits 1 when PII
# remains; a round trip through anon leaves doppel-scan nothing to find.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
a() { "$ANON" --no-config --key-file k.key --map m.db "$@"; }

run a --verify "$FIX/pii.txt"
expect_rc 0 "verify"
expect_out "verify: 0 residual findings" "$T/err"
cp "$T/out" anon.txt
run "$SCAN" --no-config anon.txt
expect_rc 0 "scan of the anonymized fixture"

run a --verify --style email=keep "$FIX/pii.txt"
expect_rc 0 "verify without the gate"
expect_out "verify: [1-9][0-9]* residual findings" "$T/err"
expect_out "email +[1-9]" "$T/err"
run a --fail-on-residual --style email=keep "$FIX/pii.txt"
expect_rc 1 "--fail-on-residual"

# JSONL and CSV fixtures round-trip too
for f in records.jsonl customers.csv; do
	run a --fail-on-residual "$FIX/$f"
	expect_rc 0 "round trip of $f"
	cp "$T/out" "rt-$f"
	run "$SCAN" --no-config "rt-$f"
	expect_rc 0 "scan of anonymized $f"
done
exit 0
