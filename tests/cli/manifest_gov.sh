# manifest_gov.sh - legal hold, release and retention changes of a sealed version: each in
# doppel:events and the audit log, contentId unchanged, verify still passes; data changed
# after sealing fails verify; a policy file adds classes; bad policies are 78.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
mkdir root
SOURCE_DATE_EPOCH=1767225600 "$MF" init root/t/1 > /dev/null || fail init
mkdir root/t/.staging/1/data && echo "a,b" > root/t/.staging/1/data/x.csv
SOURCE_DATE_EPOCH=1767225600 "$MF" seal root/t/1 > /dev/null || fail seal
D=root/t/1/datapackage.json
cid=$(jget $D 'd["doppel:contentId"]')

run "$MF" hold root/t/1
expect_rc 64 "hold without a reason"
run "$MF" hold root/t/1 --reason "audit 2026" --ref TICKET-7 --by alice
expect_rc 0 hold
[ "$(jget $D 'd["doppel:retention"]["legalHold"]["active"]')" = True ] || fail "hold active"
[ "$(jget $D 'd["doppel:retention"]["legalHold"]["ref"]')" = TICKET-7 ] || fail "hold ref"
run "$MF" hold root/t/1 --reason again
expect_rc 64 "hold twice"
run "$MF" list root
expect_out "^t +1 +sealed .*HOLD"
run "$MF" release root/t/1 --by bob
expect_rc 0 release
[ "$(jget $D 'd["doppel:retention"]["legalHold"]["active"]')" = False ] || fail "released"
run "$MF" retention root/t/1 --class reference --by carol
expect_rc 0 "retention class"
[ "$(jget $D 'd["doppel:retention"]["expires"]')" = 2027-01-01T00:00:00Z ] || fail "reference: 365 days"
run "$MF" retention root/t/1 --retain-until 2027-06-01T00:00:00Z
expect_rc 0 "retain until"
run "$MF" retention root/t/1 --expires 2026-12-01T12:00:00+02:00
expect_rc 0 "expires"
[ "$(jget $D 'd["doppel:retention"]["expires"]')" = 2026-12-01T10:00:00Z ] || fail "expires in UTC"
run "$MF" retention root/t/1 --expires yesterday
expect_rc 64 "bad time"
run "$MF" retention root/t/1 --class nosuch
expect_rc 78 "unknown class"
run "$MF" retention root/t/1
expect_rc 64 "nothing to change"
[ "$(jget $D '[e["event"] for e in d["doppel:events"]]')" = "['sealed', 'hold-set', 'hold-cleared', 'retention-changed', 'retention-changed', 'retention-changed']" ] \
	|| fail "events: $(jget $D '[e["event"] for e in d["doppel:events"]]')"
[ "$(jget $D 'd["doppel:events"][1]["by"]')" = alice ] || fail "by"
[ "$(grep -c '"event":"hold-set"' root/t/purge-log.jsonl)" = 1 ] || fail "audit hold-set"
[ "$(grep -c '"event":"retention-changed"' root/t/purge-log.jsonl)" = 3 ] || fail "audit retention"
[ "$(jget $D 'd["doppel:contentId"]')" = "$cid" ] || fail "contentId changed"
run "$MF" verify root/t/1
expect_rc 0 "verify after governance"

# a policy file: its own classes; with a class's expiry purge agrees
cat > policy.json <<'PEOF'
{"classes": {"pii-derived": {"maxAge": "P1Y2M"}, "draft": {"maxAge": "PT12H"}}}
PEOF
run "$MF" retention root/t/1 --class pii-derived --policy policy.json
expect_rc 0 "policy class"
[ "$(jget $D 'd["doppel:retention"]["expires"]')" = 2027-03-01T00:00:00Z ] || fail "P1Y2M from 2026-01-01"
DOPPEL_RETENTION_POLICY=policy.json SOURCE_DATE_EPOCH=1767225600 "$MF" init root/t/2 > /dev/null || fail "init 2"
echo x > root/t/.staging/2/x.txt
DOPPEL_RETENTION_POLICY=policy.json SOURCE_DATE_EPOCH=1767225600 "$MF" seal root/t/2 > /dev/null || fail "seal 2"
[ "$(jget root/t/2/datapackage.json 'd["doppel:retention"]["expires"]')" = 2026-01-01T12:00:00Z ] || fail "draft from the policy"
echo '{"classes": {"x": {"maxAge": "30 days"}}}' > bad.json
run "$MF" init root/t/3 --policy bad.json
expect_rc 78 "bad duration"
echo '{"classes": {"x": {"maxAge": "P1D", "other": 1}}}' > bad.json
run "$MF" init root/t/3 --policy bad.json
expect_rc 78 "unknown key"
echo '{' > bad.json
run "$MF" init root/t/3 --policy bad.json
expect_rc 78 "bad JSON"
run "$MF" init root/t/3 --policy nosuch.json
expect_rc 78 "missing policy"
SOURCE_DATE_EPOCH=soon run "$MF" init root/t/3
expect_rc 78 "bad SOURCE_DATE_EPOCH"

# a sealed version's data is immutable: a change fails verify (65)
echo "c,d" >> root/t/1/data/x.csv
run "$MF" verify root/t/1
expect_rc 65 "changed data"
expect_out "bytes or sha256 differ" "$T/err"
echo junk > root/t/1/data/y.csv
run "$MF" verify --json root/t/1
expect_rc 65 "extra file"
json_check 'rows[0]["ok"] is False and len(rows[0]["problems"]) == 2'
run "$MF" hold root/t/.staging/nothing --reason x
expect_rc 66 "no version"
check_manifests root
exit 0
