#!/bin/sh
# doppel-anon on one host under GNU parallel (SPEC section 12): N processes fed blocks by
# parallel --pipe share one mapping table; the same value gets the same token in every
# block, and two values never share one.
. "$(dirname "$0")/lib.sh"
command -v parallel > /dev/null 2>&1 || skip "GNU parallel is not installed"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
"$PY" - <<'PY'
import random
r = random.Random(7)
first = ["Ivan", "Anna", "Sergey", "Olga", "John", "Mary", "Aigul", "Nurlan"]
sur = ["Petrov", "Smirnov", "Smith", "Abenov", "Kozlov", "Brown"]
with open("in.txt", "w") as f:
    for i in range(3000):
        fn, sn = r.choice(first), r.choice(sur)
        ph = "+7 701 %03d %02d %02d" % (r.randrange(40), r.randrange(10), r.randrange(10))
        em = "user%d@mail%d.kz" % (r.randrange(300), r.randrange(5))
        f.write(f"Client {fn} {sn} called from {ph} , mail {em}\n")
PY
for n in 2 4; do
	rm -f m$n.db*
	parallel --pipe --keep-order --block 20k -j$n \
		"\"$ANON\" --no-config --key-file k.key --map m$n.db --stdin-name block{#}" < in.txt > out$n.txt ||
		fail "parallel with $n processes"
	"$PY" - in.txt out$n.txt <<'PY' || fail "tokens disagree across blocks ($n processes)"
import re, sys
src = [l.split() for l in open(sys.argv[1])]
out = [l.split() for l in open(sys.argv[2])]
assert len(src) == len(out), (len(src), len(out))
tok, back = {}, {}
for s, o in zip(src, out):
    vals = {"person": " ".join(s[1:3]), "phone": "".join(s[5:10]), "email": s[12]}
    toks = {"person": o[1], "phone": o[4], "email": o[7]}
    for kind in vals:
        v, t = vals[kind], toks[kind]
        assert re.fullmatch(r"(Person_|Phone_|email_)\d+(@domain-\d+\.example)?", t), (kind, t)
        assert tok.setdefault((kind, v), t) == t, (kind, v, t, tok[(kind, v)])
        assert back.setdefault(t, v) == v, ("two values share", t)
PY
done
[ "$(wc -l < in.txt)" -gt 2 ] && [ "$(ls m2.db | wc -l)" -eq 1 ] || fail "no table"
# the check can fail: separate tables per block give different tokens
parallel --pipe --keep-order --block 20k -j2 \
	"\"$ANON\" --no-config --key-file k.key --map sep{#}.db" < in.txt > sep.txt
cmp -s sep.txt out2.txt && fail "separate tables agree: the check proves nothing"
exit 0
