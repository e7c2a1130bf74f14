#!/bin/sh
# doppel-gen --manifest: the step (seed, template hash, outputs with hashes and records,
# canaries) goes into the version's manifest, the version seals, and a rebuild with the
# same inputs and SOURCE_DATE_EPOCH is byte-identical.
. "$(dirname "$0")/lib.sh"
TPL=$FIX/gen/tables.dpt
SOURCE_DATE_EPOCH=1767225600; export SOURCE_DATE_EPOCH

build() {  # ROOT -> a sealed version ROOT/export/1.0.0
	mkdir -p "$1"
	"$MF" init "$1/export/1.0.0" --retention-class draft --author "QA" > /dev/null || fail "init"
	st=$1/export/.staging/1.0.0
	"$GEN" -t "$TPL" -n 40 --seed 7 --out-dir "$st/data" --canaries 2 --canary-registry "$T/reg.jsonl" \
		--manifest "$1/export/1.0.0" || fail "gen with --manifest"
	DOPPEL_MANIFEST=$1/export/1.0.0 "$GEN" -t "$FIX/gen/ticket.dpt" -n 5 > "$st/data/extra.jsonl" || fail "gen to stdout"
	"$MF" seal "$1/export/1.0.0" > /dev/null || fail "seal"
}
build a
M=a/export/1.0.0/datapackage.json
[ "$(jget $M '[s["tool"] for s in d["doppel:steps"]]')" = "['doppel-gen', 'doppel-gen']" ] || fail "two gen steps"
[ "$(jget $M 'd["doppel:steps"][0]["seed"]')" = 7 ] || fail "seed recorded"
[ "$(jget $M 'd["doppel:steps"][0]["template"]["name"]')" = cli-tables ] || fail "template name"
[ "$(jget $M 'd["doppel:steps"][0]["template"]["hash"].startswith("sha256:")')" = True ] || fail "template hash"
[ "$(jget $M 'sorted((o["path"], o["records"]) for o in d["doppel:steps"][0]["out"])')" = "[('data/customer.jsonl', 10), ('data/ticket.jsonl', 40)]" ] \
	|| fail "outputs with records: $(jget $M 'd["doppel:steps"][0]["out"]')"
[ "$(jget $M 'd["doppel:steps"][0]["canaries"]["email"]')" = 2 ] || fail "canaries counted"
[ "$(jget $M 'd["doppel:steps"][1]["out"][0]["path"]')" = - ] || fail "stdout output"
[ "$(jget $M 'd["doppel:steps"][1]["out"][0]["hash"] == [r for r in d["resources"] if r["path"] == "data/extra.jsonl"][0]["hash"]')" = True ] \
	|| fail "stdout hash = the resource's hash"
check_manifests
# the same build again, in the same place: byte-identical data and manifest
mv a first
build a
for f in data/customer.jsonl data/ticket.jsonl data/extra.jsonl datapackage.json; do
	cmp -s first/export/1.0.0/$f a/export/1.0.0/$f || fail "$f differs between two builds"
done
# a sealed version takes no more steps
run "$GEN" -t "$FIX/gen/ticket.dpt" -n 1 --manifest a/export/1.0.0
expect_rc 73 "a step into a sealed version"
run "$GEN" -t "$FIX/gen/ticket.dpt" -n 1 --manifest nowhere/x/1.0.0
expect_rc 66 "no such version"
exit 0
