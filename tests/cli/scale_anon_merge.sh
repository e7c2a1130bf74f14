#!/bin/sh
# doppel-anon across hosts without a shared file system (SPEC section 12): collect per
# shard, one merge, apply per shard read-only. Concatenated in shard order the applied
# shards equal one process over the whole input with the same starting table, byte for
# byte, whatever order the collect files are given in; the merged table numbers what the
# single run numbered; merge is idempotent and refuses other keys, duplicate, missing and
# damaged shards; collect files hold keyed ids only.
. "$(dirname "$0")/lib.sh"

"$ANON" --new-key k.key 2> /dev/null && "$ANON" --new-key other.key 2> /dev/null || fail "keys"
DOPPEL_KEY_FILE=$T/k.key; export DOPPEL_KEY_FILE
A="$ANON --no-config"
# people met in full, by surname alone, by initial, in e-mail local parts: which token a
# partial mention gets depends on the names met before it, in this shard or an earlier one
cat > mk.py <<'PY'
import random, sys
r = random.Random(int(sys.argv[1]))
first = ["Ivan", "Anna", "Sergey", "Olga", "John", "Mary", "Aigul", "Nurlan"]
sur = {"Ivan": "Petrov", "Anna": "Petrova", "Sergey": "Smirnov", "Olga": "Smirnova",
       "John": "Smith", "Mary": "Smith", "Aigul": "Nurlanova", "Nurlan": "Abenov"}
for i in range(int(sys.argv[2])):
    f = r.choice(first); s = r.choice([sur[f], r.choice(list(sur.values()))])
    ph = "+7 701 %03d %02d %02d" % (r.randrange(30), r.randrange(100), r.randrange(100))
    k = r.randrange(7)
    if k == 0: print(f"Client {f} {s} called from {ph} about the invoice.")
    elif k == 1: print(f"Mr. {s} wrote again; reply to {f.lower()}.{s.lower()}@mail.kz please.")
    elif k == 2: print(f"Ticket from {f[0]}. {s}, e-mail {f[0].lower()}.{s.lower()}@bank.kz")
    elif k == 3: print(f"{s} asked to call back on {ph}.")
    elif k == 4: print(f"Contact: {s.lower()}.{f.lower()}@gmail.com, phone {ph}")
    elif k == 5: print(f"Dear {f}, your order is ready.")
    else: print(f"Customer {f} {s} (IIN 9001{r.randrange(10**8):08d}) visited the office.")
PY
"$PY" mk.py 1 120 > pre.txt && "$PY" mk.py 2 600 > in.txt || fail "data"
$A --map start.db pre.txt > /dev/null || fail "starting table"
# the table's rows, to compare tables
rows() { "$PY" -c "
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ('entity (ns, hex(eid), num)', 'alias (ns, hex(aid), num)', 'counter (ns, next)'):
    name, cols = t.split(' ', 1)
    for r in sorted(c.execute('select %s from %s' % (cols[1:-1], name))): print(name, *r)
" "$1"; }

# one shard set: STYLE N; collects into c1..cN, compares three merge orders with the run
check_run() {
	style=$1 n=$2
	cp start.db single.db && $A --map single.db $style in.txt > single.out || fail "single run"
	rm -f part.* c*.collect
	split -n l/$n -d -a1 in.txt part.
	i=1
	while [ $i -le $n ]; do
		$ANON collect --no-config $style --map start.db --shard $i/$n part.$((i - 1)) -o c$i.collect ||
			fail "collect $i/$n"
		i=$((i + 1))
	done
	for order in "$(seq 1 $n)" "$(seq $n -1 1)" "$(seq 1 $n | "$PY" -c 'import sys,random; l=sys.stdin.read().split(); random.Random(3).shuffle(l); print(*l)')"; do
		cp start.db merged.db
		files=$(for i in $order; do printf 'c%s.collect ' $i; done)
		run $ANON merge --map merged.db $files; expect_rc 0 "merge ($order)"
		i=1
		: > applied.out
		while [ $i -le $n ]; do
			$ANON apply --no-config $style --shard $i/$n --map merged.db --read-only part.$((i - 1)) >> applied.out ||
				fail "apply $i/$n"
			i=$((i + 1))
		done
		cmp -s single.out applied.out || { diff single.out applied.out | head >&2; fail "$n shards ($style, order $order) differ from the single run"; }
		rows single.db > single.rows; rows merged.db > merged.rows
		cmp -s single.rows merged.rows || fail "the merged table numbers otherwise than the single run ($order)"
	done
}
check_run "" 3
check_run "--style person=surrogate" 5
# JSONL and CSV, and one shard alone
"$PY" -c "
import json, csv, sys
lines = open('in.txt').read().splitlines()
with open('in.jsonl', 'w') as f:
    for i, l in enumerate(lines): f.write(json.dumps({'id': i, 'note': l}) + '\n')
" && mv in.txt in.text && cp in.jsonl in.txt && check_run "--format jsonl" 4 && check_run "" 1
mv in.text in.txt

# the check can fail: the merged table used without positions (a plain read-only run
# sees aliases made later in the input) is not the single run
cat part.0 > whole.txt
$A --read-only --map merged.db in.txt > plain.out 2> /dev/null
split -n l/3 -d -a1 in.txt part.
cp start.db single.db && $A --map single.db in.txt > single.out
cmp -s plain.out single.out && fail "a plain read-only run equals the single run: the data proves nothing"

# idempotent: a second merge with the same files changes nothing
i=1; while [ $i -le 3 ]; do $ANON collect --no-config --map start.db --shard $i/3 part.$((i - 1)) -o c$i.collect; i=$((i + 1)); done
rm -f c4.collect c5.collect
cp start.db merged.db && $ANON merge --map merged.db c1.collect c2.collect c3.collect 2> /dev/null || fail "merge"
rows merged.db > once.rows
run $ANON merge --map merged.db c2.collect c3.collect c1.collect; expect_rc 0 "merge again"
expect_out "merged already" "$T/err"
rows merged.db > twice.rows
cmp -s once.rows twice.rows || fail "a second merge changed the table"

# refusals
run $ANON merge --map m2.db c1.collect c2.collect; expect_rc 65 "a missing shard"
expect_out "shard 3/3 is missing" "$T/err"
run $ANON merge --map m2.db c1.collect c2.collect c2.collect; expect_rc 65 "a duplicate shard"
expect_out "given twice" "$T/err"
sed 's/"e":"n"/"e":"c"/' c2.collect > bad.collect
sed '$d' c2.collect > cut.collect
"$PY" -c "
import sys; d = open('c2.collect').read().splitlines(True)
d[3] = d[3].replace(d[3][40], '0' if d[3][40] != '0' else '1', 1)
open('flip.collect', 'w').write(''.join(d))"
for f in bad cut flip; do
	run $ANON merge --map m2.db c1.collect $f.collect c3.collect; expect_rc 65 "a damaged file ($f)"
done
run $ANON merge --key-file other.key --map m3.db c1.collect c2.collect c3.collect; expect_rc 78 "another key"
cp start.db other.db
run $ANON merge --map other.db c1.collect c2.collect c3.collect --key-file other.key; expect_rc 78 "a table of another key"
run $ANON merge --map merged.db c1.collect c2.collect c3.collect 2> /dev/null; expect_rc 0 "same again"
"$PY" mk.py 5 30 > more.txt && cp merged.db moved.db && $A --map moved.db more.txt > /dev/null
i=1; while [ $i -le 3 ]; do $ANON collect --no-config --shard $i/3 part.$((i - 1)) -o e$i.collect; i=$((i + 1)); done
run $ANON merge --map moved.db e1.collect e2.collect e3.collect; expect_rc 65 "another starting state"
expect_out "another state" "$T/err"
# apply refuses an entity the table does not have, and never writes
cp start.db ro.db && cp ro.db ro.before
run $ANON apply --no-config --shard 1/3 --map ro.db part.0; expect_rc 65 "apply over an unmerged table"
cmp -s ro.db ro.before || fail "apply changed the table"
run $ANON collect --no-config --shard 1/3 part.0; expect_rc 64 "collect without -o"
run $ANON apply --no-config --map merged.db part.0; expect_rc 64 "apply without --shard"
run $ANON merge c1.collect; expect_rc 64 "merge without --map"

# collect files: keyed ids only, mode 0600
for v in Petrov petrov Ivan mail.kz gmail @ +7; do
	grep -q -- "$v" c1.collect c2.collect c3.collect && fail "an original ($v) in a collect file"
done
"$PY" - c1.collect c2.collect c3.collect <<'PY' || fail "a collect file holds more than ids"
import json, re, sys
for path in sys.argv[1:]:
    lines = [json.loads(l) for l in open(path)]
    head, events, end = lines[0], lines[1:-1], lines[-1]
    assert head["format"] == "doppel-collect" and end["end"] is True, path
    assert end["events"] == len(events) and re.fullmatch("[0-9a-f]{64}", end["sha256"])
    def strings(v):
        if isinstance(v, str): yield v
        elif isinstance(v, list):
            for x in v: yield from strings(x)
        elif isinstance(v, dict):
            for x in v.values(): yield from strings(x)
    for e in events:
        for v in strings(e):
            assert re.fullmatch("[0-9a-f]{32}|[ncas]|person|phone|email|domain|kz_iin|kz_bin|ru_inn|ru_snils|card|passport", v), (path, v)
PY
[ "$(stat -c %a c1.collect)" = 600 ] || fail "collect file mode $(stat -c %a c1.collect)"
exit 0
