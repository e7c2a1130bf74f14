#!/bin/sh
# scan_person.sh - person names from the command line: grep-like and JSONL reports with one
# finding per full name, context and common words, rules (deny, allow, disable,
# thresholds), DOPPEL_DATA_DIR, and a missing or broken data pack (exit 66/65, no output).
. "$(dirname "$0")/lib.sh"

cat > "$T/letter.txt" <<'TXT'
Dear Mrs. Whitcombe,
the contract was signed by Петров Иван Сергеевич and Нұрлан Серікұлы.
Will you send it to Anna Kowalczyk? The Rose Garden opens in May.
Best regards,
Dmitry Sokolov
TXT

run "$SCAN" --no-config --show-values "$T/letter.txt"
expect_rc 1 "names found"
expect_out '^[^:]*letter.txt:1:11: person \(0\.[6-9][0-9]\) Whitcombe$'
expect_out ':2:28: person \(0\.9[0-9]\) Петров Иван Сергеевич$'
expect_out 'person \([0-9.]+\) Нұрлан Серікұлы$'
expect_out ':3:21: person \([0-9.]+\) Anna Kowalczyk$'
expect_out ':5:1: person \([0-9.]+\) Dmitry Sokolov$'
expect_no 'Will$|Rose|May$'
expect_lines 5

# masked by default; JSONL has the span and the detector
run "$SCAN" --no-config --report-format jsonl "$T/letter.txt"
expect_rc 1 "jsonl"
expect_no 'Kowalczyk'
json_check 'sum(r["type"] == "person" for r in rows) == 5'
json_check 'any(r["line"] == 2 and r["end"] - r["start"] == len("Петров Иван Сергеевич".encode()) for r in rows)'
json_check 'all(r["detector"].startswith(("gazetteer", "morphology", "capitalisation")) for r in rows)'
json_check 'any(r["detector"] == "capitalisation+context" and r["line"] == 1 for r in rows)'

# rules: deny an employee name, allow one, raise the threshold; then disable the type
cat > "$T/rules.json" <<'JSON'
{"deny": [{"term": "Zorblax Quux", "type": "person"}],
 "allow": {"values": ["Anna Kowalczyk"]},
 "thresholds": {"person": 0.95}}
JSON
printf 'Zorblax Quux met Anna Kowalczyk and Maria Garcia.\n' > "$T/rules.txt"
run "$SCAN" --config "$T/rules.json" --show-values "$T/rules.txt"
expect_rc 1 "rules"
expect_out 'person \([0-9.]+\) Zorblax Quux$'
expect_no 'Kowalczyk|Garcia'
printf '{"disable": ["person"]}\n' > "$T/off.json"
run "$SCAN" --config "$T/off.json" "$T/letter.txt"
expect_rc 0 "person disabled"

# the packs: a missing directory is exit 66 with the file named and nothing on stdout;
# with person disabled no pack is needed; a broken pack is exit 65 with file and line
DOPPEL_DATA_DIR=$T/nowhere run "$SCAN" --no-config "$T/letter.txt"
expect_rc 66 "missing packs"
expect_lines 0
expect_out 'nowhere/en/first_male.tsv: cannot open.*DOPPEL_DATA_DIR' "$T/err"
DOPPEL_DATA_DIR=$T/nowhere run "$SCAN" --config "$T/off.json" "$T/letter.txt"
expect_rc 0 "no packs needed when person is disabled"
cp -R "$SRC/templates/data" "$T/data" && chmod -R u+w "$T/data"
printf 'Broken\tnot-a-weight\tBroken\n' >> "$T/data/ru/first_male.tsv"
DOPPEL_DATA_DIR=$T/data run "$SCAN" --no-config "$T/letter.txt"
expect_rc 65 "broken pack"
expect_lines 0
expect_out 'data/ru/first_male.tsv:[0-9]+: ' "$T/err"
exit 0
