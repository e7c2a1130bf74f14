#!/bin/sh
# config_schema.sh - schemas/doppel-config.schema.json agrees with the fixtures the C
# loader is tested with (tests/unit/test_rules.c): every *.valid.json validates, every
# *.invalid.json does not, and every *.semantic-invalid.json validates (only the loader
# can reject those: unknown type references, PCRE2 errors, repeated custom ids).
# Exit 0 pass, 1 fail, 77 skip (no python3-jsonschema).
srcdir=${DP_SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
py=/usr/bin/python3
[ -x "$py" ] || py=$(command -v python3) || { echo "SKIP: python3 not found"; exit 77; }
"$py" -c 'import jsonschema' 2>/dev/null || { echo "SKIP: python3-jsonschema not installed"; exit 77; }

exec "$py" - "$srcdir/schemas/doppel-config.schema.json" "$srcdir/tests/fixtures/config" <<'PYEOF'
import glob, json, os, sys
import jsonschema

schema_path, fixdir = sys.argv[1], sys.argv[2]
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
counts = {"valid": 0, "invalid": 0, "semantic-invalid": 0}
for path in sorted(glob.glob(os.path.join(fixdir, "*.json"))):
    name = os.path.basename(path)
    kind = name.rsplit(".", 2)[-2] if name.count(".") >= 2 else ""
    if kind not in counts:
        print("FAIL %s: name must end in .valid.json, .invalid.json or .semantic-invalid.json" % name)
        failed += 1
        continue
    counts[kind] += 1
    why = problems(path)
    want_valid = kind != "invalid"
    if want_valid and why is not None:
        print("FAIL %s: schema rejects it: %s" % (name, why))
        failed += 1
    elif not want_valid and why is None:
        print("FAIL %s: schema accepts it" % name)
        failed += 1
    else:
        print("ok   %s%s" % (name, "" if why is None else "  (" + why[:100] + ")"))

if counts["valid"] < 5 or counts["invalid"] < 8:
    print("FAIL: too few fixtures: %r" % counts)
    failed += 1
print("%d fixtures, %d failures" % (sum(counts.values()), failed))
sys.exit(1 if failed else 0)
PYEOF
