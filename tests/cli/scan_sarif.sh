# scan_sarif.sh - SARIF 2.1.0 output validates against the official schema and carries
# what GitHub code scanning needs (rules with help, regions, partial fingerprints).
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"
SCHEMA=$SRC/../shared/schemas/sarif-2.1.0/sarif-schema-2.1.0.json
[ -f "$SCHEMA" ] || SCHEMA=${DP_SARIF_SCHEMA:-/nonexistent}
[ -f "$SCHEMA" ] || skip "SARIF schema not found (set DP_SARIF_SCHEMA)"
"$PY" -c 'import jsonschema' 2>/dev/null || skip "python3-jsonschema missing"

cp "$FIX/pii.txt" "$FIX/records.jsonl" "$FIX/customers.csv" .
run "$SCAN" --no-config --report-format sarif pii.txt records.jsonl customers.csv
expect_rc 1 sarif
cp "$T/out" r.sarif
"$PY" "$SRC/tests/cli/validate_json.py" "$SCHEMA" r.sarif || fail "SARIF does not validate"
"$PY" - r.sarif <<'PYEOF' || fail "GitHub requirements"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0" and d["$schema"]
run = d["runs"][0]
drv = run["tool"]["driver"]
assert drv["name"] == "doppel-scan"
ids = [r["id"] for r in drv["rules"]]
for r in drv["rules"]:
    assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
res = run["results"]
assert len(res) > 15
for x in res:
    assert x["ruleId"] in ids and x["message"]["text"]
    loc = x["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"]["uri"] in ("pii.txt", "records.jsonl", "customers.csv")
    reg = loc["region"]
    for k in ("startLine", "startColumn", "endLine", "endColumn"):
        assert isinstance(reg[k], int) and reg[k] >= 1
    assert x["partialFingerprints"]["primaryLocationLineHash"]
# no raw values in messages
txt = json.dumps(d)
for v in ("512-48-3921", "4556 7375 8689 9855", "dana.whitfield@"):
    assert v not in txt, v
PYEOF
# a clean run is still a valid SARIF document with an empty result list
run "$SCAN" --no-config --report-format sarif "$FIX/clean.txt"
expect_rc 0 "clean sarif"
cp "$T/out" c.sarif
"$PY" "$SRC/tests/cli/validate_json.py" "$SCHEMA" c.sarif || fail "clean SARIF does not validate"
exit 0
