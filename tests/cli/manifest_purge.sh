# manifest_purge.sh - purge: dry run by default, --execute, idempotent, legal hold, in use,
# global lock (75), unreadable manifests kept (65), --max-deletions, symlinks never followed
# (outside ROOT stays intact), a crash between tombstone and deletion resumed, the audit log.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
# hold_lock ex|sh PATH: a process holding flock on PATH (a file or directory) until
# release_lock (one process, so killing it frees the lock)
hold_lock() {
	rm -f "$T/locked"
	"$PY" -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[2], os.O_RDONLY | (os.O_CREAT if not os.path.isdir(sys.argv[2]) else 0), 0o644)
fcntl.flock(fd, fcntl.LOCK_EX if sys.argv[1] == "ex" else fcntl.LOCK_SH)
open(sys.argv[3], "w").close()
time.sleep(60)' "$1" "$2" "$T/locked" &
	HOLD=$!
	while [ ! -f "$T/locked" ]; do sleep 0.1; done
}
release_lock() { kill "$HOLD"; wait "$HOLD" 2>/dev/null; }
# version ROOT NAME VERSION [CLASS]: a sealed version created 2026-01-01 with one data file
version() {
	SOURCE_DATE_EPOCH=1767225600 "$MF" init "$1/$2/$3" --retention-class "${4:-draft}" > /dev/null || fail "init $2/$3"
	mkdir -p "$1/$2/.staging/$3/data"
	echo "id,value" > "$1/$2/.staging/$3/data/t.csv"
	SOURCE_DATE_EPOCH=1767225600 "$MF" seal --by test "$1/$2/$3" > /dev/null || fail "seal $2/$3"
}
listing() { (cd "$1" && find . -printf '%p %s\n' | sort); }
mkdir root outside
echo "precious" > outside/keep.txt
version root a 1 draft             # expires 2026-01-31
version root a 2 reference         # expires 2027-01-01
version root b 1 draft
version root c 1 draft
version root d 1 draft
"$MF" hold root/c/1 --reason "litigation" --ref CASE-1 -q || fail hold
# a symlink inside a version, pointing outside ROOT; a dataset that is a symlink to outside
ln -s "$T/outside/keep.txt" root/b/1/data/link.csv
mkdir -p outside/e/1 && cp root/d/1/datapackage.json outside/e/1/ && ln -s "$T/outside/e" root/e
ln -s 1 root/a/current
NOW=--now=2026-03-01T00:00:00Z

run "$MF" purge root $NOW
expect_rc 0 "dry run"
expect_out "^would-purge +a/1 "
expect_out "^kept +a/2 "
expect_out "^held +c/1 "
expect_out "^symlink +e/"
expect_out "^symlink +a/current "
[ -f root/a/1/data/t.csv ] && [ ! -e root/a/1/tombstone.json ] || fail "a dry run deleted"
[ ! -e root/a/purge-log.jsonl ] || grep -q purged root/a/purge-log.jsonl && fail "a dry run logged a purge"

# the global lock
hold_lock ex root/.purge.lock
run "$MF" purge --execute root $NOW
expect_rc 75 "lock busy"
[ -f root/a/1/data/t.csv ] || fail "deleted while locked"
release_lock

# --max-deletions: the plan is larger, nothing is deleted
run "$MF" purge --execute --max-deletions 1 root $NOW
expect_rc 1 "max deletions"
[ -f root/a/1/data/t.csv ] && [ -f root/b/1/data/t.csv ] || fail "deleted past --max-deletions"

# in use: a reader holds the version directory (a build step would hold it shared)
hold_lock sh root/d/1
run "$MF" purge --execute root $NOW
expect_rc 0 "execute"
release_lock
expect_out "^purged +a/1 "
expect_out "^purged +b/1 "
expect_out "^in-use +d/1 "
expect_out "^held +c/1 "
expect_out "^kept +a/2 "
[ -f root/d/1/data/t.csv ] || fail "an in-use version was purged"
[ -f root/c/1/data/t.csv ] || fail "a held version was purged"
[ "$(ls root/a/1)" = tombstone.json ] || fail "a/1 keeps only its tombstone: $(ls root/a/1)"
[ "$(ls -A root/b/1)" = tombstone.json ] || fail "b/1 keeps only its tombstone"
[ "$(cat outside/keep.txt)" = precious ] || fail "a symlink was followed out of ROOT"
[ -f outside/e/1/datapackage.json ] || fail "a symlinked dataset was entered"
[ -L root/a/current ] || fail "the current symlink was removed"
[ "$(jget root/a/1/tombstone.json 'd["doppel:status"]')" = purged ] || fail "tombstone status"
[ "$(jget root/a/1/tombstone.json 'sorted(x["path"] for x in d["removed"])')" = "['data/t.csv', 'datapackage.json']" ] || fail "removed list"
grep -q '"event":"purged","dataset":"a","version":"1"' root/a/purge-log.jsonl || fail "audit log a"
grep -q '"event":"purged","dataset":"b","version":"1"' root/b/purge-log.jsonl || fail "audit log b"
check_manifests root

# running it again changes nothing
before=$(listing root; cat root/*/purge-log.jsonl)
run "$MF" purge --execute root $NOW
expect_rc 0 "second run"
expect_out "^already-purged +a/1 "
expect_out "^purged +d/1 "   # no longer in use
before_d=$(listing root; cat root/*/purge-log.jsonl)
run "$MF" purge --execute root $NOW
expect_rc 0 "third run"
expect_no "^purged "
[ "$(listing root; cat root/*/purge-log.jsonl)" = "$before_d" ] || fail "a repeated purge changed something"

# a crash between the tombstone and the deletion (killed by the test hook), then resumed
version root f 1 draft
rc=0; DOPPEL_MANIFEST_TEST_CRASH=after-tombstone "$MF" purge --execute root $NOW > /dev/null 2>&1 || rc=$?
[ "$rc" -ne 0 ] || fail "the crash hook did not fire"
[ "$(jget root/f/1/tombstone.json 'd["doppel:status"]')" = purging ] || fail "tombstone before deletion"
[ -f root/f/1/data/t.csv ] || fail "deleted before the crash point"
run "$MF" purge root $NOW
expect_out "^would-resume +f/1 "
run "$MF" purge --execute root $NOW
expect_rc 0 "resume"
expect_out "^resumed +f/1 "
[ "$(ls root/f/1)" = tombstone.json ] && [ "$(jget root/f/1/tombstone.json 'd["doppel:status"]')" = purged ] || fail "resume"
# a tombstone written by hand in the purging state (the crash before anything was deleted)
version root g 1 reference
"$PY" - root/g/1 <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1] + "/datapackage.json"))
t = {"doppel:manifestVersion": 1, "doppel:status": "purging", "name": "g", "version": "1",
     "reason": "expired", "doppel:retention": {"class": "reference", "expires": m["doppel:retention"]["expires"]},
     "started": "2026-02-01T00:00:00Z", "by": "test", "tool": "doppel-manifest",
     "planned": [{"path": "data/t.csv", "bytes": 9}]}
json.dump(t, open(sys.argv[1] + "/tombstone.json", "w"))
PYEOF
run "$MF" purge --execute root $NOW
expect_out "^resumed +g/1 "
[ "$(ls root/g/1)" = tombstone.json ] || fail "hand-written tombstone not resumed"

# an unreadable manifest is reported and kept; exit 65 at the end, others still purged
version root h 1 draft
version root i 1 draft
echo '{"broken' > root/h/1/datapackage.json
run "$MF" purge --execute root $NOW
expect_rc 65 "unreadable"
expect_out "^unreadable +h/1 "
expect_out "^purged +i/1 "
[ -f root/h/1/data/t.csv ] || fail "unreadable version deleted"
rm -rf root/h
# a manifest version from the future is not understood: kept
version root j 1 draft
sed -i 's/"doppel:manifestVersion": 1/"doppel:manifestVersion": 2/' root/j/1/datapackage.json
run "$MF" purge --execute --json root $NOW
expect_rc 65 "unknown manifest version"
json_check 'any(r["action"] == "unreadable" and r["dataset"] == "j" for r in rows)'
rm -rf root/j

# a build in progress (staging) is never touched; roots refused
"$MF" init root/k/1 > /dev/null
run "$MF" purge --execute root $NOW
expect_rc 0 "staging"
[ -f root/k/.staging/1/datapackage.json ] || fail "staging touched"
run "$MF" purge nosuch
expect_rc 66 "missing root"
ln -s root rootlink
run "$MF" purge rootlink
expect_rc 64 "symlink root"
run "$MF" purge /
expect_rc 64 "/ as root"
check_manifests root
exit 0
