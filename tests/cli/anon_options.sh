# anon_options.sh - the remaining doppel-anon options: --busy-timeout (a table held by
# another process: exit 75, nothing written), --stdin-name, --config rules (deny terms
# are replaced, allow values are not), -q, --help, --version and unknown options.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
printf 'Ivan Petrov, +7 701 123 45 67\n' > in.txt
run "$ANON" --no-config --key-file k.key --map m.db in.txt
expect_rc 0 "first run"

# another process holds the write lock: a short --busy-timeout gives up with 75
"$PY" - <<'PY' &
import sqlite3, time
c = sqlite3.connect("m.db", isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open("locked", "w").close()
time.sleep(4)
c.execute("ROLLBACK")
PY
i=0; while [ ! -e locked ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
printf 'Anna Smith\n' > new.txt
run "$ANON" --no-config --key-file k.key --map m.db --busy-timeout 300 new.txt
expect_rc 75 "busy table"
[ -s "$T/out" ] && fail "output written without a committed number"
wait
run "$ANON" --no-config --key-file k.key --map m.db --busy-timeout 300 new.txt
expect_rc 0 "after the lock is gone"
expect_out "^Person_2$"
run "$ANON" --no-config --key-file k.key --busy-timeout soon new.txt
expect_rc 64 "bad --busy-timeout"

# --stdin-name names standard input in messages
printf '{"a": broken}\n' | "$ANON" --no-config --key-file k.key --format jsonl --stdin-name export.jsonl > /dev/null 2> err.txt
grep -q "^doppel-anon: export.jsonl:1: malformed JSON record" err.txt || fail "--stdin-name: $(cat err.txt)"

# --config: a deny term of the rules file is replaced; an allowed value stays
printf '{"deny": [{"term": "Project Nightjar", "type": "codename"}], "allow": {"values": ["+77011234567"]}}\n' > rules.json
printf 'Project Nightjar, call +7 701 123 45 67, Ivan Petrov\n' > r.txt
run "$ANON" --config rules.json --key-file k.key --map m.db r.txt
expect_rc 0 "--config"
expect_out "^Codename_1, call \+7 701 123 45 67, Person_1$"
cp rules.json .doppel.json
run "$ANON" --key-file k.key --map m.db r.txt
expect_out "^Codename_1, "
run "$ANON" --no-config --key-file k.key --map m.db r.txt
expect_out "^Project Nightjar, call Phone_1, Person_1$"

# -q silences the warning about an unused --map; --help, --version; unknown options
run "$ANON" --no-config --style redact --map unused.db in.txt
expect_out "not used" "$T/err"
run "$ANON" --no-config -q --style redact --map unused.db in.txt
[ -s "$T/err" ] && fail "-q did not silence: $(cat "$T/err")"
run "$ANON" --help
expect_rc 0 "--help"
expect_out "^Usage: doppel-anon"
[ "$(wc -l < "$T/out")" -le 40 ] || fail "--help is longer than a screen"
run "$ANON" --version
expect_out "^doppel-anon \(doppel\) [0-9]"
run "$ANON" --frobnicate
expect_rc 64 "unknown option"
exit 0
