#!/bin/sh
# doppel-scan on blocks under GNU parallel (SPEC section 12, doppel-scan(1) EXAMPLES):
# parallel --pipe --keep-order passes the same data on and finds the same findings as
# one process. With --block the lines are the block's; with fixed line counts per block
# (-N L) and --line-offset $(( ({#}-1)*L )) they are the file's.
. "$(dirname "$0")/lib.sh"
command -v parallel > /dev/null 2>&1 || skip "GNU parallel is not installed"

"$PY" - <<'PY'
import random
r = random.Random(4)
with open("big.txt", "w") as f:
    for i in range(6000):
        k = r.randrange(4)
        if k == 0: f.write(f"line {i}: call +7 701 {r.randrange(1000):03d} {r.randrange(100):02d} {r.randrange(100):02d}\n")
        elif k == 1: f.write(f"line {i}: mail user{r.randrange(500)}@mail.kz today\n")
        elif k == 2: f.write(f"line {i}: nothing to see here, card 4111 1111 1111 111{r.randrange(10)}\n")
        else: f.write(f"line {i}: plain text without data\n")
PY
# findings as (type, line, col, fingerprint); start and end are byte offsets in the block
keys() { "$PY" -c "
import json, sys
rows = [json.loads(l) for f in sys.argv[1:] for l in open(f) if l.strip()]
for k in sorted((r['type'], r['line'], r['col'], r['fingerprint']) for r in rows): print(*k)
" "$@"; }
"$SCAN" --no-config --pass --report-format jsonl --report one.jsonl < big.txt > one.txt ||
	fail "single scan"
cmp -s big.txt one.txt || fail "--pass changed the data"
[ -s one.jsonl ] || fail "nothing found: the test proves nothing"
keys one.jsonl > one.keys

# 1. byte blocks: same data, same findings once lines are left aside
parallel --pipe --keep-order --block 40k -j2 "\"$SCAN\" --no-config --pass --report-format jsonl --report blk.{#}.jsonl" \
	< big.txt > blk.txt || fail "parallel --block"
cmp -s big.txt blk.txt || fail "the data through parallel --block differs"
[ "$(ls blk.*.jsonl | wc -l)" -gt 2 ] || fail "parallel made fewer than 3 blocks"
keys blk.*.jsonl | cut -d' ' -f1,3,4 > blk.keys
cut -d' ' -f1,3,4 one.keys | sort > one.nolines
sort blk.keys | cmp -s - one.nolines || fail "findings of the blocks differ from one process"
keys blk.*.jsonl > blk.lines
cmp -s blk.lines one.keys && fail "block-relative lines equal the file's: the check proves nothing"

# 2. fixed line counts and --line-offset: the file's own line numbers
L=1000
parallel --pipe -N $L --keep-order -j2 "\"$SCAN\" --no-config --pass --report-format jsonl --report lines.{#}.jsonl --line-offset \$(( ({#} - 1) * $L ))" \
	< big.txt > lines.txt || fail "parallel -N"
cmp -s big.txt lines.txt || fail "the data through parallel -N differs"
[ "$(ls lines.*.jsonl | wc -l)" -eq 6 ] || fail "expected 6 blocks of $L lines"
keys lines.*.jsonl > lines.keys
cmp -s lines.keys one.keys || fail "findings with --line-offset differ from one process"
exit 0
