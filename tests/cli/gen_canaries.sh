#!/bin/sh
# --canaries N --canary-registry FILE: N unique dpc- addresses planted per record kind,
# registered with their record; doppel-scan --canaries finds them in other text and
# names the record; shards register their own canaries.
. "$(dirname "$0")/lib.sh"
TPL=$FIX/gen/ticket.dpt

run "$GEN" -t "$TPL" -n 200 --seed 9 --canaries 5 --canary-registry reg.jsonl -o data.jsonl
expect_rc 0
[ "$(wc -l < reg.jsonl)" -eq 5 ] || { cat reg.jsonl >&2; fail "expected 5 registry lines"; }
"$PY" - reg.jsonl data.jsonl <<'PY' || fail "registry and data disagree"
import json, re, sys
reg = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
data = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
assert len({r["canary"] for r in reg}) == 5
for r in reg:
    assert re.fullmatch(r"dpc-[0-9a-f]{12}@canary\.example\.com", r["canary"]), r
    assert r["template"] == "cli-ticket" and r["table"] == "ticket" and r["seed"] == "9"
    rec = data[r["record"]]
    assert rec["email"] == r["canary"], (rec, r)
others = [d for i, d in enumerate(data) if i not in {r["record"] for r in reg}]
assert not any("dpc-" in json.dumps(d) for d in others)
PY
# a leak: one canary in a model's answer, found and named
c=$(sed -n '3s/.*"canary":"\([^"]*\)".*/\1/p' reg.jsonl)
rec=$(sed -n '3s/.*"record":\([0-9]*\).*/\1/p' reg.jsonl)
printf 'The customer wrote from %s yesterday.\nnothing here\n' "$c" > answer.txt
run "$SCAN" --canaries reg.jsonl answer.txt
expect_rc 1 "a canary found"
expect_out "canary"
expect_out "record $rec"
expect_no "$c"   # the value itself is not printed
printf 'no canaries here\n' > clean.txt
run "$SCAN" --canaries reg.jsonl clean.txt
expect_rc 0 "no canary"
# shards register the canaries of their own records: together, the single run's registry
"$GEN" -t "$TPL" -n 200 --seed 9 --canaries 5 --canary-registry r1.jsonl --shard 1/2 > /dev/null &&
"$GEN" -t "$TPL" -n 200 --seed 9 --canaries 5 --canary-registry r2.jsonl --shard 2/2 > /dev/null || fail "shards"
cat r1.jsonl r2.jsonl | cmp -s - reg.jsonl || fail "shard registries differ from the single run's"
# a failed run writes no registry
printf '@record r\np = $person\ne = {p.email}\nn:int = [1|x]\n' > bad.dpt
run "$GEN" -t ./bad.dpt -n 50 --canaries 3 --canary-registry never.jsonl
expect_rc 65
[ ! -e never.jsonl ] || fail "a failed run left a registry"
# a template with nobody to carry a canary plants none, and says so with --stats
printf '@record r\nx = $int(1, 9)\n' > none.dpt
run "$GEN" -t ./none.dpt -n 10 --canaries 3 --canary-registry none.jsonl --stats
expect_rc 0
[ ! -s none.jsonl ] || fail "canaries planted where no e-mail is"
expect_out '0 canaries' "$T/err"
exit 0
