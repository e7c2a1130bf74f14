#!/bin/sh
# examples/parallel/anon-shards.sh: the three-step doppel-anon under GNU parallel, on this
# host and through --sshlogin (here ":", this host), equals one process byte for byte.
. "$(dirname "$0")/lib.sh"
command -v parallel > /dev/null 2>&1 || skip "GNU parallel is not installed"
SH=$SRC/examples/parallel/anon-shards.sh
DOPPEL_ANON=$ANON; export DOPPEL_ANON

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
"$PY" - <<'PY'
import random
r = random.Random(11)
names = ["Ivan Petrov", "Anna Petrova", "John Smith", "Mary Smith", "Aigul Nurlanova"]
with open("in.txt", "w") as f:
    for i in range(500):
        n = r.choice(names); s = n.split()[1]
        f.write(r.choice([f"Client {n} called from +7 701 {r.randrange(50):03d} 11 22\n",
                          f"{s} wrote from {n.split()[0].lower()}.{s.lower()}@mail.kz\n",
                          f"Dear {n.split()[0]}, thanks.\n"]))
PY
"$PY" -c "print('Client Olga Smirnova called, mail olga@corp.kz')" > pre.txt
"$ANON" --no-config --key-file k.key --map single.db pre.txt > /dev/null && cp single.db start.db ||
	fail "starting table"
"$ANON" --no-config --key-file k.key --map single.db in.txt > single.out || fail "single run"
cp start.db m1.db
sh "$SH" -n 4 -k k.key -m m1.db in.txt out1.txt -- --no-config 2> err1 || { cat err1 >&2; fail "on this host"; }
cmp -s single.out out1.txt || fail "4 shards on this host differ from the single run"
cp start.db m2.db
sh "$SH" -n 3 -j 2 -S : -k k.key -m m2.db in.txt out2.txt -- --no-config 2> err2 || { cat err2 >&2; fail "through --sshlogin :"; }
cmp -s single.out out2.txt || fail "3 shards through --sshlogin : differ from the single run"
[ -z "$(ls -d anon-shards.* 2> /dev/null)" ] || fail "the work directory was left behind"
exit 0
