#!/bin/sh
# doppel-gen: formats, every option, errors with their exit codes, atomic output.
. "$(dirname "$0")/lib.sh"
TPL=$FIX/gen/ticket.dpt

run "$GEN" -t "$TPL" -n 20 --seed 7
expect_rc 0 "jsonl"
expect_lines 20
json_check 'all(set(r) >= {"id","lang","name","email","phone","amount","text"} for r in rows)'
json_check '[r["id"] for r in rows] == list(range(1, 21))'
json_check 'all(isinstance(r["amount"], float) and isinstance(r["id"], int) for r in rows)'
json_check 'all(r["email"].split("@")[1] in ("example.com","example.org","example.net") for r in rows)'
json_check 'len({r["lang"] for r in rows}) == 3'
# the default is 10 records and a fixed seed: two runs are the same
"$GEN" -t "$TPL" > a.jsonl && "$GEN" -t "$TPL" --seed 0 > b.jsonl || fail "default run"
[ "$(wc -l < a.jsonl)" -eq 10 ] || fail "default count is not 10"
cmp -s a.jsonl b.jsonl || fail "the default seed is not 0"
"$GEN" -t "$TPL" --seed 8 > c.jsonl
cmp -s a.jsonl c.jsonl && fail "another seed gave the same records"

# --locale, --fields, --format csv and text
run "$GEN" -t "$TPL" -n 30 --locale kk --fields lang,name
json_check 'all(list(r) == ["lang","name"] and r["lang"] == "kk" for r in rows)'
run "$GEN" -t "$TPL" -n 40 --locale 'ru:1,en:1'
json_check '{r["lang"] for r in rows} == {"ru","en"}'
run "$GEN" -t "$TPL" -n 5 --format csv --fields id,name,text
expect_rc 0 csv
"$PY" - "$T/out" <<'PY' || fail "csv does not parse back"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == 5 and list(rows[0]) == ["id", "name", "text"], rows
PY
run "$GEN" -t "$TPL" -n 20 --format csv --spans --fields name,email
"$PY" - "$T/out" <<'PY' || fail "csv --spans: the _spans column does not match the values"
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
assert len(rows) == 20 and list(rows[0]) == ["name", "email", "_spans"]
for r in rows:
    spans = json.loads(r["_spans"])
    assert {s["field"] for s in spans} == {"name", "email"}, spans
    for s in spans:
        v = r[s["field"]].encode("utf-8")
        assert (s["start"], s["end"]) == (0, len(v)), (s, r)
PY
run "$GEN" -t "$TPL" -n 5 --format text --fields text
expect_lines 5
# --ref-date moves dates; --edge-rate 0 turns the template's edge cases off, 1 on everywhere
printf '@record r\nd = $date(-10d, -10d)\n' > d.dpt
run "$GEN" -t ./d.dpt -n 1 --ref-date 2024-03-01
expect_out '"d":"2024-02-20"'
run "$GEN" -t "$TPL" -n 200 --edge-rate 0
expect_no '_mut'
run "$GEN" -t "$TPL" -n 50 --edge-rate 1
json_check 'all(r["_mut"][0]["field"] == "text" and r["_mut"][0]["op"] in ("typo","zero_width","inject") for r in rows)'
json_check 'any(r["_mut"][0]["op"] == "inject" and "Ignore previous" in r["text"] for r in rows)'
# --random-seed prints the seed it chose, and that seed reproduces the run
"$GEN" -t "$TPL" -n 5 --random-seed > r1.jsonl 2> r1.err || fail "--random-seed"
seed=$(sed -n 's/^doppel-gen: seed \([0-9]*\)$/\1/p' r1.err)
[ -n "$seed" ] || fail "--random-seed did not print the seed"
"$GEN" -t "$TPL" -n 5 --seed "$seed" > r2.jsonl && cmp -s r1.jsonl r2.jsonl || fail "the printed seed does not reproduce"
# --stats, -q
run "$GEN" -t "$TPL" -n 100 --stats -o out.jsonl
expect_out 'doppel-gen: 100 records, [0-9]+ bytes' "$T/err"

# -o is atomic: a failing run leaves no file and no temporary
printf '@record r\nn:int = [1|x]\n' > bad.dpt
run "$GEN" -t ./bad.dpt -n 50 -o never.jsonl
expect_rc 65 "a :int field whose text is no number"
expect_out "field 'n' is ':int'" "$T/err"
[ ! -e never.jsonl ] || fail "a failed run left its output file"
[ -z "$(ls -a | grep '^\.never\|never.jsonl\.')" ] || fail "a failed run left a temporary file"

# errors: usage 64, template errors 65 with FILE:LINE:COL, missing 66
run "$GEN"; expect_rc 64 "no template"
run "$GEN" -t "$TPL" --shard 3/2; expect_rc 64 "--shard 3/2"
run "$GEN" -t "$TPL" --start 5; expect_rc 64 "--start without --count"
run "$GEN" -t "$TPL" --spans --format text; expect_rc 64 "--spans with text"
run "$GEN" -t "$TPL" --canaries 3; expect_rc 64 "--canaries without a registry"
run "$GEN" -t "$TPL" --locale de; expect_rc 64 "--locale de"
run "$GEN" -t "$TPL" --edge-rate 1.5; expect_rc 64 "--edge-rate 1.5"
run "$GEN" -t "$TPL" --fields nope; expect_rc 64 "--fields nope"
run "$GEN" -t "$TPL" extra; expect_rc 64 "an argument"
run "$GEN" -t "$FIX/gen/tables.dpt"; expect_rc 64 "two record kinds without --out-dir"
run "$GEN" -t no-such-template; expect_rc 66 "a missing template"
printf '@record r\nx = hello {nobody}\n' > err.dpt
run "$GEN" -t ./err.dpt; expect_rc 65 "a bad template"
expect_out '^doppel-gen: \./err\.dpt:2:11: unknown field .nobody.' "$T/err"
[ ! -s "$T/out" ] || fail "a bad template wrote output"
run "$GEN" --check ./err.dpt; expect_rc 65 "--check of a bad template"
run "$GEN" --check "$TPL"; expect_rc 0 "--check of a good template"
expect_out '^cli-ticket: record ticket: id lang name email phone amount text$'
DOPPEL_DATA_DIR=$T/nowhere run "$GEN" -t "$TPL"; expect_rc 66 "no data packs"
expect_out 'nowhere' "$T/err"
# a template without persons needs no data packs
DOPPEL_DATA_DIR=$T/nowhere run "$GEN" -t ./d.dpt; expect_rc 0 "no persons, no packs"
run "$GEN" --help; expect_rc 0; expect_out '^Usage: doppel-gen'
run "$GEN" --version; expect_rc 0; expect_out '^doppel-gen \(doppel\)'
exit 0
