# scan_formats.sh - record-aware locations for JSONL and CSV, gzip, --format, --fields, --columns.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$SCAN" --no-config --report-format jsonl "$FIX/records.jsonl"
expect_rc 1 jsonl
# start/end are byte offsets in the decoded string value; record is the 1-based line
json_check 'any(r["type"]=="email" and r["record"]==1 and r["field"]=="/customer/email" and r["start"]==0 and r["end"]==35 and r["line"]==1 and r["col"]==60 for r in rows)'
json_check 'any(r["type"]=="phone" and r["field"]=="/notes/0" and r["start"]==5 and r["end"]==21 for r in rows)'
# a blank line still counts as a line: the third record is on line 4; "\n" escapes are decoded
json_check 'any(r["type"]=="card" and r["record"]==4 and r["field"]=="/text" and r["start"]==6 and r["end"]==25 for r in rows)'
json_check 'any(r["field"]=="/a~1b" and r["type"]=="phone" for r in rows)'
json_check 'all("row" not in r for r in rows)'
json_check 'not any(r["type"]=="email" and r["record"]==4 for r in rows)'

run "$SCAN" --no-config --report-format jsonl "$FIX/customers.csv"
expect_rc 1 csv
json_check 'any(r["type"]=="email" and r["row"]==1 and r["column"]=="email" and r["column_index"]==3 and r["start"]==0 for r in rows)'
# a quoted cell spanning lines: the IBAN is on physical line 4
json_check 'any(r["type"]=="iban" and r["row"]==2 and r["column"]=="note" and r["line"]==4 for r in rows)'
json_check 'all("record" not in r for r in rows)'
# the already-safe row 3 gives nothing
json_check 'not any(r["row"]==3 for r in rows)'

# --columns and --fields limit the work
run "$SCAN" --no-config --report-format jsonl --columns phone "$FIX/customers.csv"
json_check 'len(rows) >= 2 and all(r["column"]=="phone" for r in rows)'
run "$SCAN" --no-config --report-format jsonl --columns 3 "$FIX/customers.csv"
json_check 'len(rows) == 2 and all(r["column"]=="email" for r in rows)'
run "$SCAN" --no-config --report-format jsonl --fields /customer "$FIX/records.jsonl"
json_check 'len(rows) == 4 and all(r["field"].startswith("/customer/") for r in rows)'
json_check 'sorted(r["type"] for r in rows) == ["email", "email", "person", "person"]'

# gzip is read transparently, by content; names with .gz pick the inner format
gzip -c "$FIX/records.jsonl" > r.jsonl.gz
run "$SCAN" --no-config --report-format jsonl r.jsonl.gz
json_check 'any(r["field"]=="/customer/email" for r in rows)'
gzip -c "$FIX/pii.txt" | "$SCAN" --no-config > "$T/out"
expect_out "^-:3:15: card "

# --format forces a reader: the JSONL file read as text gives file offsets, no fields
run "$SCAN" --no-config --format text --report-format jsonl "$FIX/records.jsonl"
json_check 'all("field" not in r for r in rows) and any(r["type"]=="email" and r["start"]==59 for r in rows)'
# content sniffing: JSONL on stdin is recognised
run sh -c "\"$SCAN\" --no-config --report-format jsonl < \"$FIX/records.jsonl\""
json_check 'any(r.get("field")=="/customer/email" for r in rows)'
exit 0
