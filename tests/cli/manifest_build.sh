# manifest_build.sh - init, steps recorded by doppel-scan and doppel-anon, seal (hash chain,
# resources, retention, atomic publish), show, verify, list; the refusals with their codes.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
printf '{"disable": ["person"]}\n' > rules.json
cp "$FIX/customers.csv" in.csv
"$ANON" --new-key k.key -q
mkdir root
SOURCE_DATE_EPOCH=1767225600; export SOURCE_DATE_EPOCH

# init: prints the staging directory; refusals
run "$MF" init root/customers/1.0.0 --retention-class draft --author "Data Team" --input in.csv \
	--collected 2026-01-01T00:00:00Z --title Customers
expect_rc 0 init
expect_out "^root/customers/.staging/1.0.0$"
ST=root/customers/.staging/1.0.0
[ "$(jget $ST/datapackage.json 'd["doppel:status"]')" = building ] || fail "not building"
run "$MF" init root/customers/1.0.0
expect_rc 73 "init twice"
run "$MF" init root/Customers/1.0.0
expect_rc 64 "bad name"
run "$MF" init root/customers/2.0.0 --retention-class nosuch
expect_rc 78 "unknown class"
run "$MF" init nosuchroot/customers/1.0.0
expect_rc 66 "missing root"
run "$MF" init root/customers/3.0.0 --input nosuch.csv
expect_rc 66 "missing input"
run "$MF" seal root/customers/1.0.0
expect_rc 65 "seal without data"
run "$MF" init root/customers/1.0.0 --execute
expect_rc 64 "option of another verb"

# a pipeline records its steps (scan --pass | anon -o into the version), then a scan of the result
mkdir -p $ST/data
"$SCAN" --config rules.json --pass --manifest root/customers/1.0.0 < in.csv 2>/dev/null \
	| DOPPEL_MANIFEST=root/customers/1.0.0 "$ANON" --config rules.json --key-file k.key --format csv -o $ST/data/customers.csv \
	|| fail "pipeline failed"
run "$SCAN" --config rules.json --manifest root/customers/1.0.0 $ST/data/customers.csv
expect_rc 0 "scan of the result is clean"
M=$ST/datapackage.json
[ "$(jget $M 'len(d["doppel:steps"])')" = 3 ] || fail "three steps"
[ "$(jget $M '[s["tool"] for s in d["doppel:steps"]]')" = "['doppel-scan', 'doppel-anon', 'doppel-scan']" ] || fail "tools"
[ "$(jget $M 'd["doppel:steps"][0]["out"][0]["hash"] == d["doppel:steps"][1]["in"][0]["hash"] == d["doppel:inputs"][0]["hash"]')" = True ] \
	|| fail "scan out = anon in = input"
[ "$(jget $M 'd["doppel:steps"][1]["out"][0]["path"]')" = data/customers.csv ] || fail "anon out relative"
[ "$(jget $M 'd["doppel:steps"][1]["keyId"].startswith("doppel-keyfp:")')" = True ] || fail "keyId"
[ "$(jget $M 'd["doppel:steps"][0]["ruleset"]["hash"].startswith("sha256:")')" = True ] || fail "ruleset hash"
[ "$(jget $M 'd["doppel:steps"][0]["findings"]["email"]')" = 2 ] || fail "findings by type"
[ "$(jget $M 'd["doppel:steps"][1]["started"]')" = 2026-01-01T00:00:00Z ] || fail "SOURCE_DATE_EPOCH for times"
[ "$(jget $M 'd["doppel:steps"][1]["prev"] is not None and d["doppel:steps"][0]["prev"] is None')" = True ] || fail "prev chain"
grep -q "$(cat k.key | od -An -tx1 | tr -d ' \n' | head -c 16)" $M && fail "key bytes in the manifest"
check_manifests

# seal: published atomically, retention from the inputs' collection time
run "$MF" seal root/customers/1.0.0
expect_rc 0 seal
V=root/customers/1.0.0
[ -d $V ] && [ ! -e $ST ] || fail "not published"
D=$V/datapackage.json
[ "$(jget $D 'd["doppel:retention"]["expires"]')" = 2026-01-31T00:00:00Z ] || fail "draft: 30 days"
[ "$(jget $D 'd["doppel:scan"]["residualAfterAnon"]')" = 0 ] || fail "residual"
[ "$(jget $D '[r["path"] for r in d["resources"]]')" = "['data/customers.csv']" ] || fail "resources"
[ "$(jget $D 'd["resources"][0]["doppel:records"]')" = 3 ] || fail "records"
[ "$(jget $D 'd["doppel:events"][0]["event"]')" = sealed ] || fail "sealed event"
grep -q '"event":"sealed"' root/customers/purge-log.jsonl || fail "audit log"
run "$MF" seal root/customers/1.0.0
expect_rc 73 "seal twice"
run "$MF" init root/customers/1.0.0 --replace
expect_rc 73 "init over a sealed version"
run "$SCAN" --config rules.json --manifest root/customers/1.0.0 in.csv
expect_rc 73 "a step into a sealed version"
run "$MF" verify root/customers/1.0.0
expect_rc 0 verify
expect_out "OK"
run "$MF" verify --json root/customers/1.0.0
json_check 'rows[0]["ok"] is True'
run "$MF" show root/customers/1.0.0
expect_rc 0 show
expect_out "^retention  draft, max age P30D, expires 2026-01-31T00:00:00Z"
expect_out "residual after anon: 0"
run "$MF" show --json root/customers/1.0.0
cmp "$T/out" $D || fail "show --json is the manifest"
run "$MF" list root
expect_out "^customers +1.0.0 +sealed +2026-01-31T00:00:00Z"
run "$MF" list --json root
json_check 'rows == [{"dataset": "customers", "version": "1.0.0", "status": "sealed", "expires": "2026-01-31T00:00:00Z", "legalHold": False, "detail": None}]'

# the same inputs and SOURCE_DATE_EPOCH give a byte-identical manifest and data
build() {  # ROOT
	mkdir -p "$1"
	"$MF" init "$1/customers/1.0.0" --author "Data Team" --input in.csv --collected 2026-01-01T00:00:00Z --title Customers >/dev/null || fail "init $1"
	mkdir -p "$1/customers/.staging/1.0.0/data"
	"$SCAN" --config rules.json --pass --manifest "$1/customers/1.0.0" < in.csv 2>/dev/null \
		| "$ANON" --config rules.json --key-file k.key --manifest "$1/customers/1.0.0" --format csv -o "$1/customers/.staging/1.0.0/data/customers.csv" || fail "pipe $1"
	"$MF" seal --by make "$1/customers/1.0.0" >/dev/null || fail "seal $1"
}
build rr
mv rr r1
build rr
cmp r1/customers/1.0.0/datapackage.json rr/customers/1.0.0/datapackage.json || fail "manifests differ"
cmp r1/customers/1.0.0/data/customers.csv rr/customers/1.0.0/data/customers.csv || fail "data differ"

# seal refuses: data changed after the step wrote it, a failed step, unknown input
mkdir -p root/bad
"$MF" init root/bad/1 >/dev/null
mkdir root/bad/.staging/1/data
"$ANON" --config rules.json --key-file k.key --manifest root/bad/1 -o root/bad/.staging/1/data/x.csv in.csv || fail anon
echo extra >> root/bad/.staging/1/data/x.csv
run "$MF" seal root/bad/1
expect_rc 65 "changed data"
expect_out "changed after step 1" "$T/err"
"$MF" init --replace root/bad/1 >/dev/null || fail "--replace"
mkdir root/bad/.staging/1/data
"$ANON" --config rules.json --key-file k.key --manifest root/bad/1 --format csv -o root/bad/.staging/1/data/x.csv < in.csv || fail anon
run "$MF" seal root/bad/1
expect_rc 65 "standard input no step wrote and no --input declares"
expect_out "no step wrote" "$T/err"
"$MF" init --replace root/bad/1 >/dev/null || fail "--replace"
mkdir root/bad/.staging/1/data
cp in.csv root/bad/.staging/1/data/
"$SCAN" --config rules.json --manifest root/bad/1 --fail-on-findings --pass < in.csv > /dev/null 2>&1
run "$MF" seal root/bad/1
expect_rc 65 "a failed step"
expect_out "exited 1" "$T/err"
# a step chain edited by hand
"$MF" init --replace root/bad/1 --input in.csv >/dev/null || fail "--replace"
"$SCAN" --config rules.json --manifest root/bad/1 --pass < in.csv > /dev/null 2>&1
"$SCAN" --config rules.json --manifest root/bad/1 --pass < in.csv > /dev/null 2>&1
cp in.csv root/bad/.staging/1/
"$PY" - root/bad/.staging/1/datapackage.json <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["doppel:steps"][0]["argv"].append("--edited")
json.dump(d, open(sys.argv[1], "w"), indent=2)
PYEOF
run "$MF" seal root/bad/1
expect_rc 65 "edited chain"
expect_out "prev does not match" "$T/err"
# a symlink in the version is refused
"$MF" init --replace root/bad/1 >/dev/null
ln -s /etc/hostname root/bad/.staging/1/link
run "$MF" seal root/bad/1
expect_rc 65 "symlink in a version"
check_manifests
exit 0
