# anon_schema.sh - --schema: columns and fields declared in Frictionless table schemas
# are mapped by declaration: customers.id and tickets.customer_id still join (CSV and
# JSONL), keys keep their width, dates shift by one offset per subject, keep and detect
# fields behave as declared; a bad schema is refused.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
EX=$SRC/examples/schemas
a() { "$ANON" --no-config --key-file k.key --map m.db --schema "$EX/customers.schema.json" \
	--schema "$EX/tickets.schema.json" "$@"; }
cat > customers.csv <<'CSV'
id,full_name,email,iin,born,signed_up,notes,country
17,Ivan Petrov,ivan.petrov@acme.kz,010105514184,1990-01-05,2020-03-01,"Call +7 701 123 45 67",KZ
0042,Anna Smith,a.smith@globex.com,010216543429,1985-02-16,2021-04-02,plain,US
CSV
cat > tickets.jsonl <<'JSON'
{"ticket_id": "T-00042", "customer_id": 17, "opened": "2020-03-11T10:00:00Z", "body": "Ivan Petrov asked", "parent_ticket": null}
{"ticket_id": "T-00043", "customer_id": 42, "opened": "2021-04-12", "body": "hi", "parent_ticket": "T-00042"}
JSON
run a customers.csv
expect_rc 0 "customers"
cp "$T/out" c.out
run a tickets.jsonl
expect_rc 0 "tickets"
cp "$T/out" t.out
"$PY" - c.out t.out <<'PY' || fail "joins, widths, shifts"
import csv, json, sys, datetime as dt
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
tix = [json.loads(l) for l in open(sys.argv[2])]
d = lambda s: dt.date.fromisoformat(s[:10])
# keys: unique, same width as the integer, and the join holds
assert [len(r["id"]) for r in rows] == [2, 2] and rows[0]["id"] != rows[1]["id"], rows
assert [t["customer_id"] for t in tix] == [int(rows[0]["id"]), int(rows[1]["id"])], (rows, tix)
assert tix[0]["ticket_id"] == "Ticket_1" and tix[1]["parent_ticket"] == "Ticket_1", tix
# keep and detect fields
assert [r["country"] for r in rows] == ["KZ", "US"]
assert rows[0]["notes"].startswith("Call Phone_"), rows[0]["notes"]
assert "Petrov" not in rows[0]["full_name"] and rows[0]["full_name"].startswith("Person_")
assert rows[0]["email"].endswith(".example") and "petrov" not in rows[0]["email"]
assert rows[0]["iin"] != "010105514184" and len(rows[0]["iin"]) == 12
assert "Petrov" not in tix[0]["body"]
# one shift per subject: intervals kept within a customer, across both tables
s0 = d(rows[0]["signed_up"]) - dt.date(2020, 3, 1)
assert s0.days != 0 and abs(s0.days) <= 30
assert d(rows[0]["born"]) - dt.date(1990, 1, 5) == s0
assert d(tix[0]["opened"]) - dt.date(2020, 3, 11) == s0
assert tix[0]["opened"].endswith("T10:00:00Z")
s1 = d(rows[1]["signed_up"]) - dt.date(2021, 4, 2)
assert d(tix[1]["opened"]) - dt.date(2021, 4, 12) == s1
PY
# the offset is the subject's, not one for the whole table: eight customers, whose
# date columns are not the last column, do not all move by the same number of days
"$PY" - <<'PY' > many.csv
print("id,full_name,email,iin,born,signed_up,notes,country")
for i in range(1, 9):
    print(f"{100 + i},,,,1990-01-0{i},2020-03-0{i},,KZ")
PY
run a --table customers many.csv
expect_rc 0 "many customers"
"$PY" - "$T/out" <<'PY' || fail "one offset for every subject: $(cat "$T/out")"
import csv, sys, datetime as dt
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
assert len(rows) == 8
shifts = []
for i, r in enumerate(rows, 1):
    born = (dt.date.fromisoformat(r["born"]) - dt.date(1990, 1, i)).days
    signed = (dt.date.fromisoformat(r["signed_up"]) - dt.date(2020, 3, i)).days
    assert born == signed and born != 0, (i, born, signed)   # one offset within a subject
    shifts.append(born)
assert len(set(shifts)) > 1, shifts                          # not one for all subjects
PY
# a declared value and the same value found in free text are one entity: declared
# columns are canonicalised exactly as the detectors normalise
printf '{"name": "pay", "fields": [{"name": "bic", "doppel:type": "swift_bic"}, {"name": "iban", "doppel:type": "iban"}, {"name": "note", "doppel:detect": true}]}\n' > pay.schema.json
printf 'bic,iban,note\ndeutdeff500,kz86 125k zt50 0410 0100,"BIC DEUTDEFF500, IBAN KZ86125KZT5004100100"\n' > pay.csv
run "$ANON" --no-config --key-file k.key --map m.db --schema pay.schema.json pay.csv
expect_rc 0 "pay"
expect_out '^BIC_1,IBAN_1,"BIC BIC_1, IBAN IBAN_1"'

# stable across runs and table order
run a tickets.jsonl
cmp -s "$T/out" t.out || fail "second run differs"

# --table names the table of standard input
run a --table tickets < tickets.jsonl
cmp -s "$T/out" t.out || fail "--table on stdin differs"
run a --table nosuch < tickets.jsonl
expect_rc 64 "--table of no schema"

# a schema with a typo is refused with file and line, nothing is written
printf '{"name": "x",\n "fields": [{"name": "a", "doppel:stlye": "key"}]}\n' > bad.schema.json
run "$ANON" --no-config --key-file k.key --schema bad.schema.json customers.csv
expect_rc 78 "bad schema"
expect_out "bad.schema.json:2: .*doppel:stlye" "$T/err"
[ -s "$T/out" ] && fail "output despite a bad schema"
run "$ANON" --no-config --key-file k.key --schema nosuch.json customers.csv
expect_rc 66 "missing schema"
exit 0
