# manifest_schema.sh - manifests and tombstones validate against doppel's extension schemas
# (always), and sealed manifests against the official Data Package 2.0 profile, read from
# ../shared/schemas beside the project (never copied into it): skipped (77) when absent.
# The schemas must also refuse what is wrong (a test that cannot fail is a defect).
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema missing"
V="$PY $SRC/tests/cli/validate_json.py"
mkdir root
"$MF" init root/t/1 --input "$FIX/customers.csv" --collected 2026-01-01T00:00:00Z > /dev/null || fail init
mkdir root/t/.staging/1/data
"$ANON" --no-config --key-file "$DOPPEL_KEY_FILE" --manifest root/t/1 -o root/t/.staging/1/data/c.csv "$FIX/customers.csv" || fail anon
$V "$SRC/schemas/doppel-manifest.schema.json" root/t/.staging/1/datapackage.json || fail "building manifest"
"$MF" seal root/t/1 > /dev/null || fail seal
M=root/t/1/datapackage.json
$V "$SRC/schemas/doppel-manifest.schema.json" $M || fail "sealed manifest"
"$MF" purge -q --execute --now 2027-01-01 root > /dev/null || fail purge
# the version is gone now: check the tombstone, then a copy of the manifest kept before
$V "$SRC/schemas/doppel-tombstone.schema.json" root/t/1/tombstone.json || fail "tombstone"
"$MF" init root/t/2 --input "$FIX/customers.csv" > /dev/null || fail init2
mkdir root/t/.staging/2/data
"$ANON" --no-config --key-file "$DOPPEL_KEY_FILE" --manifest root/t/2 -o root/t/.staging/2/data/c.csv "$FIX/customers.csv" || fail anon2
"$MF" seal root/t/2 > /dev/null || fail seal2
M=root/t/2/datapackage.json
# what the extension schema refuses
bad() {  # PYTHON-STATEMENT on d, then the document must not validate
	"$PY" - "$M" bad.json "$1" <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PYEOF
	if $V "$SRC/schemas/doppel-manifest.schema.json" bad.json 2>/dev/null; then fail "schema accepted: $1"; fi
}
bad 'd["doppel:manifestVersion"] = 2'
bad 'd["resources"][0]["hash"] = "md5:abc"'
bad 'd["resources"][0]["path"] = "../x.csv"'
bad 'd["doppel:steps"][0]["prev"] = "x"'
bad 'del d["doppel:contentId"]'
bad 'd["doppel:retention"]["maxAge"] = "30 days"'
bad 'd["doppel:steps"][0]["keyId"] = "raw-key-bytes"'
bad 'd["doppel:retention"]["legalHold"] = {"active": "no"}'
DP=$SRC/../shared/schemas/datapackage-2.0/datapackage.json
[ -f "$DP" ] || DP=${DP_DATAPACKAGE_SCHEMA:-/nonexistent}
[ -f "$DP" ] || skip "Data Package 2.0 profile not found (../shared/schemas; or set DP_DATAPACKAGE_SCHEMA)"
$V "$DP" $M || fail "not a valid Data Package 2.0"
"$PY" - $M bad.json <<'PYEOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["resources"] = []
json.dump(d, open(sys.argv[2], "w"))
PYEOF
if $V "$DP" bad.json 2>/dev/null; then fail "the profile accepted a package without resources"; fi
exit 0
