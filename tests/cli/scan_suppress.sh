# scan_suppress.sh - inline "doppel:allow" (same line, line before, per type) in text, JSONL and CSV; --stats count.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

M=dana.whitfield@acme-logistics.co.uk
P="+44 20 7123 4567"
# blank lines keep each case from covering the next one ("the line before")
cat > s.txt <<EOF
a $M $P # doppel:allow

# doppel:allow
b $M $P

c $M $P # doppel:allow email

# doppel:allow phone
d $M $P

e $M $P  // doppel:allow email, phone

f $M $P
EOF
run "$SCAN" --no-config --stats s.txt
expect_rc 1 "text suppressions"
expect_no "^s.txt:1:"                          # same line, every type
expect_no "^s.txt:4:"                          # line before, every type
expect_out "^s.txt:6:39: phone "               # only email suppressed on line 6
expect_no "^s.txt:6:3: email"
expect_out "^s.txt:9:3: email "                # only phone suppressed on line 9
expect_no "^s.txt:9:39: phone"
expect_no "^s.txt:11:"                         # a list of types
expect_out "^s.txt:13:3: email "               # no marker: both reported
expect_out "^s.txt:13:39: phone "
expect_lines 4
expect_out "^doppel-scan: 8 suppressed " "$T/err"

# without any marker the same lines give 12 findings
sed 's/doppel:allow.*//' s.txt > plain.txt
run "$SCAN" --no-config plain.txt
expect_rc 1 "no suppressions"
expect_lines 12

# a marker only for another type suppresses nothing
echo "x $M # doppel:allow phone" > other.txt
run "$SCAN" --no-config other.txt
expect_rc 1 "allow for another type"
expect_out "^other.txt:1:3: email "

# JSONL: the marker anywhere in the record line covers that record only
cat > r.jsonl <<EOF
{"id": 1, "email": "$M", "note": "doppel:allow"}
{"id": 2, "email": "$M", "phone": "$P", "note": "doppel:allow email"}
{"id": 3, "email": "$M"}
EOF
run "$SCAN" --no-config --stats --report-format jsonl r.jsonl
expect_rc 1 "JSONL suppressions"
json_check 'sorted((r["record"], r["type"]) for r in rows) == [(2, "phone"), (3, "email")]'
expect_out " 2 suppressed " "$T/err"

# CSV: a cell holding doppel:allow (even inside a quoted multi-line cell) covers its row
cat > r.csv <<EOF
id,email,phone,note
1,$M,$P,doppel:allow
2,ivan.petrov@yandex.ru,$P,"multi
line doppel:allow email"
3,ivan.petrov@yandex.ru,$P,ok
EOF
run "$SCAN" --no-config --stats --report-format jsonl r.csv
expect_rc 1 "CSV suppressions"
json_check 'sorted((r["row"], r["type"]) for r in rows) == [(2, "phone"), (3, "email"), (3, "phone")]'
expect_out " 3 suppressed " "$T/err"

# everything suppressed: exit 0
echo "only $M here  # doppel:allow" > all.txt
run "$SCAN" --no-config all.txt
expect_rc 0 "all suppressed"
[ ! -s "$T/out" ] || fail "suppressed finding reported"

# regression: the "line before" is remembered across a 4 MiB read block boundary.
"$PY" - <<'EOF'
W = 4 << 20                     # scan_text.c WINDOW
allow = "# doppel:allow\n"
head = W - 10 - len(allow)      # the marker line ends 10 bytes before the window's end
body = ("x" * 99 + "\n") * (head // 100) + "y" * (head % 100 - 1) + "\n"
open("big.txt", "w").write(body + allow + "mail dana.whitfield@acme-logistics.co.uk\n")
EOF
run "$SCAN" --no-config big.txt
expect_rc 0 "doppel:allow on the last line of a read block"
exit 0
