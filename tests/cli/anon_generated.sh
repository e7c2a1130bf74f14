# anon_generated.sh - the round trip on generated data: a synthetic ticket export with
# planted PII (bench/make_tickets.py, which records what it planted) goes through
# doppel-anon; every planted value doppel-scan finds in the input is gone from its record
# in the output, and doppel-scan finds nothing in the output.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
"$PY" "$SRC/bench/make_tickets.py" 0.3 -o in.jsonl --truth truth.jsonl || fail "generator"
"$SCAN" --no-config --show-values --report-format jsonl in.jsonl > found.jsonl
run "$ANON" --no-config --key-file k.key --map m.db --fail-on-residual in.jsonl
expect_rc 0 "anon of the generated export"
cp "$T/out" out.jsonl
run "$SCAN" --no-config out.jsonl
expect_rc 0 "scan of the anonymized export"
"$PY" - <<'PY' || fail "planted values survived"
import json
found = {}
for l in open("found.jsonl", encoding="utf-8"):
    f = json.loads(l)
    found.setdefault(f["line"], set()).add(f["value"])
truth = [json.loads(l) for l in open("truth.jsonl", encoding="utf-8")]
out = open("out.jsonl", encoding="utf-8").read().splitlines()
assert len(out) == len(truth)
planted = hit = 0
for i, (vals, line) in enumerate(zip(truth, out), 1):
    dec = json.dumps(json.loads(line), ensure_ascii=False)
    for v in vals:
        planted += 1
        if v in found.get(i, ()):
            hit += 1
            assert v not in dec, (i, v, dec)
# the detector finds most of what was planted (the rest are known fakes by design:
# example.com addresses, 555-01xx numbers, documented test cards)
print("planted", planted, "found and replaced", hit)
assert hit > 0.5 * planted, (hit, planted)
PY
exit 0
