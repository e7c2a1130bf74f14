#!/usr/bin/python3
"""validate_json.py SCHEMA FILE... - check JSON documents against a JSON Schema.

Picks the validator from the schema's own "$schema" (draft-04, -07, 2020-12 all work)
and checks formats where the installed checkers support them. With --jsonl, every
non-empty line of each FILE is validated as its own document.
Exit status: 0 all valid, 1 some document invalid or unreadable, 2 usage.
Needs only Debian's python3-jsonschema (run with /usr/bin/python3)."""
import json
import sys

import jsonschema


def make_validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    checker = getattr(cls, "FORMAT_CHECKER", None) or jsonschema.FormatChecker()
    return cls(schema, format_checker=checker)


def documents(path, jsonl):
    with open(path, encoding="utf-8") as f:
        if not jsonl:
            yield "", json.load(f)
            return
        for no, line in enumerate(f, 1):
            if line.strip():
                yield f":{no}", json.loads(line)


def check_file(validator, path, jsonl):
    ok = True
    try:
        for where, doc in documents(path, jsonl):
            for e in sorted(validator.iter_errors(doc), key=lambda e: list(e.path)):
                loc = "/".join(str(p) for p in e.absolute_path)
                print(f"{path}{where}: /{loc}: {e.message}", file=sys.stderr)
                ok = False
    except (OSError, ValueError) as e:
        print(f"{path}: {e}", file=sys.stderr)
        ok = False
    return ok


def main(argv):
    args = argv[1:]
    jsonl = "--jsonl" in args
    args = [a for a in args if a != "--jsonl"]
    if len(args) < 2:
        print("usage: validate_json.py [--jsonl] SCHEMA FILE...", file=sys.stderr)
        return 2
    try:
        validator = make_validator(args[0])
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"{args[0]}: bad schema: {e}", file=sys.stderr)
        return 1
    results = [check_file(validator, p, jsonl) for p in args[1:]]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
