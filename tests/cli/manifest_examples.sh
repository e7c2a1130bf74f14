# manifest_examples.sh - the examples: `make -C examples` in the build tree builds and
# seals a version (bash, pipefail, .DELETE_ON_ERROR), a second build with the same
# inputs gives byte-identical data, a failing filter leaves nothing half-built; the
# systemd service's and the crontab's purge commands run as written (75 tolerated).
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
command -v make > /dev/null || skip "make not installed"
[ -f "$BUILD/examples/Makefile" ] || skip "no examples/Makefile in the build tree (run configure)"
command -v bash > /dev/null || skip "bash not installed"
unset MAKEFLAGS MFLAGS MAKELEVEL
mk() { make -s --no-print-directory -C "$BUILD/examples" KEY="$T/example.key" "$@"; }

# the build clock is now (so the draft version is not expired yet), the same for both builds
SOURCE_DATE_EPOCH=$(date +%s); export SOURCE_DATE_EPOCH
created=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%dT%H:%M:%SZ)
run mk WORK="$T/w1"
expect_rc 0 "make -C examples"
V1=$T/w1/datasets/customers/1.0.0
[ -f "$V1/datapackage.json" ] && [ -f "$V1/data/customers.csv" ] && [ -f "$V1/data/tickets.jsonl" ] || fail "no sealed version"
[ "$(jget $V1/datapackage.json 'sorted(s["tool"] for s in d["doppel:steps"])')" = "['doppel-anon', 'doppel-anon', 'doppel-gen', 'doppel-scan', 'doppel-scan']" ] \
	|| fail "steps: $(jget $V1/datapackage.json '[s["tool"] for s in d["doppel:steps"]]')"
[ "$(jget $V1/datapackage.json 'd["doppel:scan"]["residualAfterAnon"]')" = 0 ] || fail "residual"
[ "$(jget $V1/datapackage.json 'd["doppel:scan"]["findings"].get("person", 0) >= 3')" = True ] || fail "findings before anon"
grep -q "Avery\|Blake" "$V1/data/customers.csv" && fail "names left in the data"
run "$MF" verify "$V1"
expect_rc 0 "verify the example"
run mk WORK="$T/w1"
expect_rc 0 "second make"
[ ! -s "$T/out" ] || fail "a second make did something: $(cat "$T/out")"

# the same inputs and key: byte-identical data (and manifest times)
run mk WORK="$T/w2"
expect_rc 0 "make into another directory"
V2=$T/w2/datasets/customers/1.0.0
cmp "$V1/data/customers.csv" "$V2/data/customers.csv" || fail "data differ between builds"
cmp "$V1/data/tickets.jsonl" "$V2/data/tickets.jsonl" || fail "generated tickets differ between builds"
[ "$(jget $V1/datapackage.json 'd["doppel:contentId"]')" = "$(jget $V2/datapackage.json 'd["doppel:contentId"]')" ] || fail "contentId"
[ "$(jget $V1/datapackage.json 'd["created"]')" = "$created" ] || fail "SOURCE_DATE_EPOCH"
[ "$(jget $V1/datapackage.json 'd["id"]')" = "$(jget $V2/datapackage.json 'd["id"]')" ] || fail "derived id"

# a failing filter: pipefail stops the build, .DELETE_ON_ERROR leaves no partial data
run mk WORK="$T/w3" ANON_OPTS="--no-config --key-file $T/nosuch.key --format csv"
[ "$rc" -ne 0 ] || fail "a failing anon step did not fail the build"
[ ! -e "$T/w3/datasets/customers/.staging/1.0.0/data/customers.csv" ] || fail "partial output kept"
[ ! -e "$T/w3/datasets/customers/1.0.0" ] || fail "sealed after a failure"
run mk WORK="$T/w3"
expect_rc 0 "the build starts again (init --replace)"

check_manifests "$T/w1"
check_manifests "$T/w2"

# the purge commands of the systemd unit and the crontab, pointed at w1's root
cmd_of() { sed -e "s#^\(/usr/local/bin/\)\{0,1\}doppel-manifest #$MF #" -e "s#/srv/datasets#$T/w1/datasets#g" \
	-e "s#/var/log/doppel/purge.log#$T/purge.log#"; }
svc=$(sed -n 's/^ExecStart=//p' "$SRC/examples/systemd/doppel-purge.service" | cmd_of)
grep -q '^SuccessExitStatus=75$' "$SRC/examples/systemd/doppel-purge.service" || fail "unit: SuccessExitStatus=75"
grep -q '^OnCalendar=' "$SRC/examples/systemd/doppel-purge.timer" || fail "timer: OnCalendar"
grep -q '^Persistent=true$' "$SRC/examples/systemd/doppel-purge.timer" || fail "timer: Persistent"
if command -v systemd-analyze > /dev/null && systemd-analyze --help 2>&1 | grep -q verify; then
	systemd-analyze verify --man=no "$SRC/examples/systemd/doppel-purge.timer" > /dev/null 2>&1 || true
fi
run sh -c "$svc"
expect_rc 0 "ExecStart of the service"
expect_out "^kept +customers/1.0.0 "
line=$(grep -v '^#' "$SRC/examples/cron/doppel-purge" | grep -E '^[0-9*]' | head -1)
[ "$(echo "$line" | awk '{print $6}')" = doppel ] || fail "crontab: user field"
cron=$(echo "$line" | cut -d' ' -f7- | cmd_of)
run sh -c "$cron"
expect_rc 0 "crontab command"
grep -q "kept" "$T/purge.log" || fail "crontab: log"
# expired versions go, with the scheduled command; a busy lock is not a failure
"$PY" -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
fcntl.flock(fd, fcntl.LOCK_EX); open(sys.argv[2], "w").close(); time.sleep(30)' "$T/w1/datasets/.purge.lock" "$T/locked" &
hold=$!
while [ ! -f "$T/locked" ]; do sleep 0.1; done
run sh -c "$cron"
expect_rc 0 "crontab command while another purge runs (75 tolerated)"
kill $hold; wait $hold 2>/dev/null
run sh -c "$(echo "$svc" | sed 's/purge /purge --now 2099-01-01T00:00:00Z /')"
expect_rc 0 "service purge of an expired version"
expect_out "^purged +customers/1.0.0 "
exit 0
