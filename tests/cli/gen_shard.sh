#!/bin/sh
# doppel-gen reproducibility: --shard i/N and --start/--count runs concatenate byte for byte
# to the single run, in every format and with several record kinds; nothing depends on
# the clock or on the order records are made in.
. "$(dirname "$0")/lib.sh"
TPL=$FIX/gen/ticket.dpt

"$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 > whole.jsonl || fail "single run"
for n in 1 2 7; do
	: > cat.jsonl
	i=1
	while [ $i -le $n ]; do
		"$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 --shard $i/$n >> cat.jsonl || fail "shard $i/$n"
		i=$((i + 1))
	done
	cmp -s whole.jsonl cat.jsonl || fail "$n shards differ from the single run"
done
# --start/--count, in pieces of odd sizes
{ "$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 --start 0 --count 33
  "$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 --start 33 --count 1
  "$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 --start 34 --count 67; } > parts.jsonl
cmp -s whole.jsonl parts.jsonl || fail "--start/--count pieces differ from the single run"
# one record alone is the same as in the run
"$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 --start 77 --count 1 > one.jsonl
sed -n 78p whole.jsonl | cmp -s - one.jsonl || fail "record 77 alone differs"
# CSV: the header only in the first shard
"$GEN" -t "$TPL" -n 20 --format csv > whole.csv
{ "$GEN" -t "$TPL" -n 20 --format csv --shard 1/3; "$GEN" -t "$TPL" -n 20 --format csv --shard 2/3
  "$GEN" -t "$TPL" -n 20 --format csv --shard 3/3; } > cat.csv
cmp -s whole.csv cat.csv || fail "CSV shards differ"
# several record kinds: each table's shards concatenate to its single run
"$GEN" -t "$FIX/gen/tables.dpt" -n 40 --out-dir all || fail "tables"
"$GEN" -t "$FIX/gen/tables.dpt" -n 40 --out-dir s1 --shard 1/2 && "$GEN" -t "$FIX/gen/tables.dpt" -n 40 --out-dir s2 --shard 2/2 || fail "table shards"
for tb in customer ticket; do
	cat s1/$tb.jsonl s2/$tb.jsonl | cmp -s - all/$tb.jsonl || fail "$tb shards differ"
done
# no clock: a run a second later, under another time zone, is the same
sleep 1
TZ=Asia/Almaty "$GEN" -t "$TPL" -n 101 --seed 5 --spans --edge-rate 0.3 > later.jsonl
cmp -s whole.jsonl later.jsonl || fail "the output depends on the time"
exit 0
