# anon_concurrent.sh - four doppel-anon processes share one mapping table over
# overlapping data: every value gets one token in all outputs, no number is lost or
# given twice.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
# 4 inputs of 600 lines over 1000 overlapping phone numbers (shifted windows)
"$PY" - <<'PY'
for p in range(4):
    with open(f"in{p}.txt", "w") as f:
        for i in range(600):
            v = (p * 150 + i * 7) % 1000
            f.write(f"{v} +7 701 {v // 100:03d} {v % 100:02d} {p}1\n")
PY
for p in 0 1 2 3; do
	"$ANON" --no-config --key-file k.key --map m.db in$p.txt > out$p.txt 2> err$p.txt &
	eval "pid$p=\$!"
done
for p in 0 1 2 3; do
	eval "wait \$pid$p" || { cat err$p.txt >&2; fail "process $p failed"; }
done
"$PY" - <<'PY' || fail "tokens disagree"
import re
tok = {}
for p in range(4):
    for src, out in zip(open(f"in{p}.txt"), open(f"out{p}.txt")):
        key = src.split()[0] + src.split()[-1]
        t = out.split()[1]
        assert re.fullmatch(r"Phone_\d+", t), out
        assert tok.setdefault(key, t) == t, (key, t, tok[key])
nums = sorted(int(t.split("_")[1]) for t in set(tok.values()))
assert len(set(tok.values())) == len(tok), "two values share a token"
assert nums == list(range(1, len(nums) + 1)), "numbers lost or skipped"
PY
# the table agrees: one row per value, numbers 1..N
n=$("$PY" -c "import sqlite3; c=sqlite3.connect('m.db'); print(c.execute(\"select count(*), count(distinct num), min(num), max(num) from entity where ns='phone'\").fetchone())")
case "$n" in "("*", "*", 1, "*")") ;; *) fail "table: $n";; esac
cnt=$(echo "$n" | tr -d '() ' | cut -d, -f1); dis=$(echo "$n" | tr -d '() ' | cut -d, -f2)
mx=$(echo "$n" | tr -d '() ' | cut -d, -f4)
[ "$cnt" = "$dis" ] && [ "$cnt" = "$mx" ] || fail "table: $n"
# every sighting is counted once, whatever the caches in front of the table
seen=$("$PY" -c "import sqlite3; print(sqlite3.connect('m.db').execute('select sum(seen) from entity').fetchone()[0])")
[ "$seen" = 2400 ] || fail "seen counts sum to $seen, not 2400"
# no original value is stored: only namespace, a 16-byte keyed id and numbers
"$PY" -c "
import sqlite3; c=sqlite3.connect('m.db')
for ns, eid, num, seen in c.execute('select ns, eid, num, seen from entity'):
    assert ns == 'phone' and isinstance(eid, bytes) and len(eid) == 16, (ns, eid)
    assert isinstance(num, int) and isinstance(seen, int)
" || fail "the table holds more than ids and numbers"
cat m.db* | grep -a -q "+7701" && fail "an E.164 value is in the table files"
exit 0
