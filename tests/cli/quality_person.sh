#!/bin/sh
# quality_person.sh - person-name detection quality floor per language on the held-out
# split of tests/corpus/person.jsonl (hand-written, see tests/corpus/README.md), via
# bench/quality --by-lang. The floors sit a little under today's figures so that a change
# that loses names fails here; the issue's target (0.90 per language) is not reached yet.
. "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "no python3"
Q="$SRC/bench/quality"
C="$SRC/tests/corpus/person.jsonl"
[ -f "$C" ] || fail "missing $C"
export DOPPEL_SCAN="$SCAN"

run "$PY" "$Q" --split heldout --by-lang --types person --min-f1 0.75 "$C"
expect_rc 0 "person F1 floor 0.75 per language (heldout)"
expect_out '^== heldout/en '
expect_out '^== heldout/ru '
expect_out '^== heldout/kk '

# dev is where the detector was tuned: a higher floor
run "$PY" "$Q" --split dev --by-lang --types person --min-f1 0.88 "$C"
expect_rc 0 "person F1 floor 0.88 per language (dev)"

# the floor can fail: a gold name the scanner cannot find
printf '%s\n' '{"id":"x-1","lang":"en","split":"heldout","text":"the report is late","spans":[{"start":4,"end":10,"type":"person"}]}' > "$T/bad.jsonl"
run "$PY" "$Q" --split heldout --by-lang --types person --min-f1 0.5 "$T/bad.jsonl"
expect_rc 1 "person floor on a corpus it must fail"
exit 0
