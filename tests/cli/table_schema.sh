#!/bin/sh
# table_schema.sh - schemas/doppel-table-schema.schema.json agrees with the C loader of
# table schemas (lib/table_schema.c, tests/unit/test_table_schema.c): the examples in
# examples/schemas/ and every tests/fixtures/table_schema/*.valid.json validate, every
# *.invalid.json does not (among them an unknown doppel: property, which the loader
# rejects too), and every *.semantic-invalid.json validates (only the loader can reject
# those: repeated field names, keys naming missing fields, a style without a type).
# Exit 0 pass, 1 fail, 77 skip (no python3-jsonschema).
srcdir=${DP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || { echo "SKIP: python3 not found"; exit 77; }
"$py" -c 'import jsonschema' 2>/dev/null || { echo "SKIP: python3-jsonschema not installed"; exit 77; }

exec "$py" - "$srcdir/schemas/doppel-table-schema.schema.json" \
	"$srcdir/tests/fixtures/table_schema" "$srcdir/examples/schemas" <<'PYEOF'
import glob, json, os, sys
import jsonschema

schema_path, fixdir, exdir = sys.argv[1], sys.argv[2], sys.argv[3]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

def problems(path):
    """None when the file is valid JSON matching the schema, else the first reason."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except ValueError as e:
        return "not JSON: %s" % e
    err = jsonschema.exceptions.best_match(validator.iter_errors(doc))
    return None if err is None else "%s at /%s" % (err.message, "/".join(map(str, err.absolute_path)))

failed = 0
def check(path, want_valid):
    global failed
    why = problems(path)
    name = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
    if want_valid and why is not None:
        print("FAIL %s: schema rejects it: %s" % (name, why))
        failed += 1
    elif not want_valid and why is None:
        print("FAIL %s: schema accepts it" % name)
        failed += 1
    else:
        print("ok   %s%s" % (name, "" if why is None else "  (" + why[:100] + ")"))

examples = sorted(glob.glob(os.path.join(exdir, "*.schema.json")))
for path in examples:
    check(path, True)
counts = {"valid": 0, "invalid": 0, "semantic-invalid": 0}
for path in sorted(glob.glob(os.path.join(fixdir, "*.json"))):
    name = os.path.basename(path)
    kind = name.rsplit(".", 2)[-2] if name.count(".") >= 2 else ""
    if kind not in counts:
        print("FAIL %s: name must end in .valid.json, .invalid.json or .semantic-invalid.json" % name)
        failed += 1
        continue
    counts[kind] += 1
    check(path, kind != "invalid")

# the typo guard: an unknown doppel: property on a field is rejected by both
typo = os.path.join(fixdir, "unknown-doppel-property.invalid.json")
if not os.path.exists(typo) or problems(typo) is None:
    print("FAIL: unknown-doppel-property.invalid.json missing or accepted")
    failed += 1

if len(examples) < 2 or counts["valid"] < 2 or counts["invalid"] < 10:
    print("FAIL: too few examples or fixtures: %d examples, %r" % (len(examples), counts))
    failed += 1
print("%d examples, %d fixtures, %d failures" % (len(examples), sum(counts.values()), failed))
sys.exit(1 if failed else 0)
PYEOF
