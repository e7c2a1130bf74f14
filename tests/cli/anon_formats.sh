# anon_formats.sh - doppel-anon over text, JSONL, CSV and gzip: only changed strings
# differ, key order and numbers are kept, --fields/--columns select, bad records stop
# with exit 65 (or are skipped), -o is atomic, and lines stream as they arrive.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
a() { "$ANON" --no-config --key-file k.key --map m.db "$@"; }

# JSONL: same keys in the same order, numbers spelled as before, unchanged strings equal
cat > in.jsonl <<'JSON'
{"id": 17, "amount": 1.50, "big": 12345678901234567890, "name": "Ivan Petrov", "tags": ["vip", "a\u00e9\"q\""], "note": "call +7 701 123 45 67\nthanks", "n": null}
{"id":18,"name":"Anna Smith","email":"a.smith@globex.com","nested":{"x":[1,2,{"y":"mail a.smith@globex.com"}]}}

{"id": 19, "name": "Иван Петров", "plain": "no pii here"}
JSON
run a in.jsonl
expect_rc 0 "jsonl"
"$PY" - in.jsonl "$T/out" <<'PY' || fail "jsonl structure"
import json, sys
src = open(sys.argv[1], encoding="utf-8").read().split("\n")
out = open(sys.argv[2], encoding="utf-8").read().split("\n")
assert len(src) == len(out), (len(src), len(out))
for s, o in zip(src, out):
    if not s.strip():
        assert s == o
        continue
    a, b = json.loads(s), json.loads(o)
    def walk(x, y):
        assert type(x) == type(y)
        if isinstance(x, dict):
            assert list(x) == list(y)          # key order kept
            for k in x: walk(x[k], y[k])
        elif isinstance(x, list):
            assert len(x) == len(y)
            for i, j in zip(x, y): walk(i, j)
        elif not isinstance(x, str):
            assert x == y
    walk(a, b)
assert '"amount": 1.50' in out[0] and "12345678901234567890" in out[0]   # number spellings
assert '"a\\u00e9\\"q\\""' in out[0]                 # an unchanged string is byte-identical
assert "Petrov" not in out[0] and "701" not in out[0]
assert json.loads(out[0])["note"].endswith("\nthanks")
assert "globex" not in out[1] and "Smith" not in out[1]
PY
expect_out '"name": "Person_1"'
expect_out '"id": 19, "name": "Person_1", "plain": "no pii here"'

# a changed string with quotes, backslashes and controls is re-encoded correctly
printf '{"q": "say \\"hi\\" \\\\ +7 701 123 45 67\\t\\u0001 end"}\n' > esc.jsonl
run a esc.jsonl
"$PY" -c '
import json, sys
v = json.loads(open(sys.argv[1]).read())["q"]
assert v.startswith("say \"hi\" \\ Phone_") and v.endswith("\t\u0001 end"), v
' "$T/out" || fail "escapes in a changed string: $(cat "$T/out")"

# --fields: only these pointers change
run a --fields /note in.jsonl
expect_out '"name": "Ivan Petrov"'
expect_out '"note": "call Phone_1'

# CSV: header kept, quoting kept where needed, --columns selects
printf 'id,name,email,note\r\n1,Ivan Petrov,ivan.petrov@acme.kz,"Call +7 701 123 45 67, ok"\r\n2,"Anna Smith",a.smith@globex.com,plain\r\n' > in.csv
run a in.csv
expect_rc 0 "csv"
expect_out "^id,name,email,note"$(printf '\r')"$"
expect_out '^1,Person_1,person_1@domain-[0-9]+\.example,"Call Phone_1, ok"'
expect_out '^2,"Person_2",person_2@domain-[0-9]+\.example,plain'
run a --columns note,3 in.csv
expect_out '^1,Ivan Petrov,person_1@domain-[0-9]+\.example,"Call Phone_1, ok"'
printf 'a,b\n1,"unterminated\n' > bad.csv
run a bad.csv
expect_rc 65 "bad csv"

# gzip in, plain out; --format overrides the name
gzip -c in.jsonl > in.jsonl.gz
run a in.jsonl.gz
expect_out '"name": "Person_1"'
cp in.jsonl data.txt
run a --format jsonl data.txt
expect_out '"name": "Person_1"'
run a --format yaml data.txt
expect_rc 64 "unknown format"

# malformed JSONL: exit 65 with the line; the lines before are out, nothing after it
printf '{"a": "Ivan Petrov"}\n{"a": broken}\n{"a": "Anna Smith"}\n' > bad.jsonl
run a bad.jsonl
expect_rc 65 "bad jsonl"
expect_out "^doppel-anon: bad.jsonl:2: malformed JSON record: column [0-9]+" "$T/err"
expect_lines 1
expect_out '^\{"a": "Person_1"\}$'
expect_no "broken|Smith"
run a --on-error=skip --stats bad.jsonl
expect_rc 0 "--on-error=skip"
expect_lines 2
expect_out "1 skipped" "$T/err"
run a --on-error=maybe bad.jsonl
expect_rc 64 "bad --on-error"

# -o is atomic: a failed run leaves no file, a good one a complete file
run a -o out.jsonl bad.jsonl
expect_rc 65 "-o with a bad record"
[ -e out.jsonl ] && fail "-o left a partial file"
run a -o out.jsonl in.jsonl
expect_rc 0 "-o"
[ -s out.jsonl ] && [ ! -s "$T/out" ] || fail "-o did not write the file only"
ls | grep -q '^\.doppel\|tmp' && fail "temporary file left: $(ls -a)"

# a missing input: 66
run a nosuch.txt
expect_rc 66 "missing input"

# streaming: each line comes out before the next goes in (tail -f | doppel-anon)
mkfifo fin
a --style mask < fin > stream.out 2> stream.err &
pid=$!
exec 3> fin
printf 'mail ivan.petrov@acme.kz\n' >&3
i=0; while [ ! -s stream.out ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
grep -q '^mail i\*\+@a\*\+\.kz$' stream.out || { exec 3>&-; fail "first line not out while the input stays open: $(cat stream.out stream.err)"; }
printf 'call +7 701 123 45 67\n' >&3
exec 3>&-
wait $pid || fail "streaming run failed"
expect_lines 2 stream.out
exit 0
