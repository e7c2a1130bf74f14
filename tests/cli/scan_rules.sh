# scan_rules.sh - rules files: custom types, deny/allow lists, disable, thresholds, failOn, exclude, discovery, errors.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

# --- custom types (pattern, validator, context words, needsContext) and deny terms ---
cat > rules.json <<'EOF'
{
  "version": 1,
  "custom": [
    {"id": "employee_id", "title": "Employee id", "pattern": "EMP-[0-9]{6}",
     "context": ["employee", "сотрудник"], "score": 0.6, "contextBoost": 0.3},
    {"id": "acct", "pattern": "(?<=ACCT-)[0-9]{11}", "validator": "luhn"},
    {"id": "badge", "pattern": "B-[0-9]{4}", "context": ["badge"], "needsContext": true}
  ],
  "deny": [{"term": "Project Falcon", "type": "internal_project"}, "ACME-internal"]
}
EOF
cat > in.txt <<'EOF'
employee EMP-123456 joined
nothing EMP-654321 here
ACCT-79927398713 passes Luhn
ACCT-79927398714 fails Luhn
badge B-1234
lonely B-5678
the project falcon launch, PROJECT FALCON again
projectfalcon and Project Falconry are other words
acme-internal memo
сотрудник EMP-111111
EOF
run "$SCAN" --config rules.json in.txt
expect_rc 1 "custom rules"
expect_out "^in.txt:1:10: employee_id \(0\.90\) "    # context word raises 0.6 by 0.3
expect_out "^in.txt:2:9: employee_id \(0\.60\) "     # no context: base score
expect_out "^in.txt:10:11: employee_id \(0\.90\) "   # Cyrillic context word
expect_out "^in.txt:3:6: acct "
expect_no "^in.txt:4:"                               # validator rejects it
expect_out "^in.txt:5:7: badge "
expect_no "^in.txt:6:"                               # needsContext, no context word
expect_out "^in.txt:7:5: internal_project \(1\.00\) "
expect_out "^in.txt:7:28: internal_project "         # case-insensitive
expect_no "^in.txt:8:"                               # word boundaries
expect_out "^in.txt:9:1: deny_term "
expect_lines 8
expect_no "EMP-123456|falcon|acme"                   # values stay masked
# a threshold on a custom type drops the match without context (0.60 < 0.7)
cat > thr.json <<'EOF'
{"custom": [{"id": "employee_id", "pattern": "EMP-[0-9]{6}", "context": ["employee"],
             "score": 0.6, "contextBoost": 0.3}],
 "thresholds": {"employee_id": 0.7}}
EOF
run "$SCAN" --config thr.json in.txt
expect_rc 1 "custom threshold"
expect_out "^in.txt:1:10: employee_id \(0\.90\) "
expect_lines 1
# without the rules file none of this is reported
run "$SCAN" --no-config in.txt
expect_rc 0 "no rules"

# --- allow values and patterns, disable, thresholds ---
cp "$FIX/pii.txt" pii.txt
run "$SCAN" --no-config pii.txt
expect_out "^pii.txt:2:23: email "
expect_out "^pii.txt:9:64: email "
expect_out "^pii.txt:5:8: ipv4 "
expect_out "^pii.txt:9:38: phone \(0\.95\) "
cat > allow.json <<'EOF'
{"allow": {"values": ["Dana.Whitfield@ACME-logistics.co.uk"], "patterns": ["^ivan\\."]},
 "disable": ["ipv4", "mac"],
 "thresholds": {"phone": 0.99}}
EOF
run "$SCAN" --config allow.json pii.txt
expect_rc 1 "allow/disable/thresholds"
expect_no ": email "                 # one allowed by value, one by pattern
expect_no ": (ipv4|mac) "            # disabled
expect_no "^pii.txt:9:38: phone"     # 0.95 is below the 0.99 threshold
expect_out "^pii.txt:2:67: phone \(1\.00\) "
expect_out "^pii.txt:3:15: card "
expect_out "^pii.txt:10:5: ru_inn "

# --- failOn: only those types gate, the others are still reported ---
echo "mail dana.whitfield@acme-logistics.co.uk" > mail.txt
echo '{"failOn": ["card"]}' > failon.json
run "$SCAN" --config failon.json mail.txt
expect_rc 0 "failOn card, only an email"
expect_out "^mail.txt:1:6: email "
run "$SCAN" --config failon.json pii.txt
expect_rc 1 "failOn card, a card"
run "$SCAN" --no-config --fail-on card mail.txt
expect_rc 0 "--fail-on card, only an email"
expect_out "^mail.txt:1:6: email "

# --- discovery of .doppel.json upward, stopping at the repository root (.git) ---
mkdir -p outer/repo/.git outer/repo/sub/deep outer/repo/vendor/x outer/repo/golden
echo '{"colour": 1}' > outer/.doppel.json          # above .git: must not be read
cp mail.txt outer/repo/sub/deep/a.txt
cp mail.txt outer/repo/vendor/x/v.txt
cp mail.txt outer/repo/golden/g.txt
cp mail.txt outer/repo/app.min.js
cd outer/repo/sub/deep || exit 1
run "$SCAN" a.txt
expect_rc 1 "no .doppel.json below .git"
echo '{"disable": ["email"]}' > ../../.doppel.json
run "$SCAN" a.txt
expect_rc 0 ".doppel.json at the repository root"
[ ! -s "$T/out" ] || fail "disabled type reported"
run "$SCAN" --no-config a.txt
expect_rc 1 "--no-config ignores .doppel.json"
expect_out "^a.txt:1:6: email "

# --- exclude (config and --exclude) and allow paths in directory walks ---
cd "$T/outer/repo" || exit 1
echo '{"exclude": ["vendor/**", "*.min.js"], "allow": {"paths": ["golden/**"]}}' > .doppel.json
run "$SCAN" --stats .
expect_rc 1 "walk with exclude"
expect_out "^\./sub/deep/a.txt:1:6: email "
expect_no "vendor|min\.js|golden"
expect_lines 1
expect_out " 1 suppressed " "$T/err"                # golden/g.txt is read, not reported
run "$SCAN" --no-config --exclude 'sub' --exclude '*.js' --exclude 'vendor/**' .
expect_rc 1 "--exclude on the command line"
expect_out "^\./golden/g.txt:1:6: email "
expect_lines 1

# --- errors: unknown key with its line, malformed JSON, missing file ---
cd "$T" || exit 1
printf '{\n  "disable": ["ipv4"],\n  "allow": {\n    "values": ["x"],\n    "pathz": ["y"]\n  }\n}\n' > unknown.json
run "$SCAN" --config unknown.json mail.txt
expect_rc 78 "unknown key"
expect_out "^doppel-scan: unknown\.json:5: .*pathz" "$T/err"
printf '{\n "custom": [\n  {"id": "abc",\n   "patern": "x"}\n ]\n}\n' > unknown2.json
run "$SCAN" --config unknown2.json mail.txt
expect_rc 78 "unknown key in a custom type"
expect_out "^doppel-scan: unknown2\.json:4: .*patern" "$T/err"
printf '{\n  "disable": ["ipv4"\n  "exclude": []\n}\n' > bad.json
run "$SCAN" --config bad.json mail.txt
expect_rc 78 "malformed JSON"
expect_out "^doppel-scan: bad\.json:3: " "$T/err"
run "$SCAN" --config missing.json mail.txt
expect_rc 66 "missing --config file"
expect_out "^doppel-scan: missing\.json: " "$T/err"
[ ! -s "$T/out" ] || fail "a configuration error still produced a report"

# --- known bugs: each check runs in a subshell so one does not hide the next ---
bugs=0
# regression: globs apply relative to the scan root (and to the config's directory),
# not to the path as typed, so "vendor/**" and "golden/**" apply here.
( run "$SCAN" --config outer/repo/.doppel.json outer/repo
  expect_rc 1 "walk of another directory"
  expect_out "^outer/repo/sub/deep/a.txt:1:6: email "
  expect_lines 1 ) || bugs=$((bugs + 1))
# regression: a misspelt --fail-on type is a usage error, not a gate that never fails.
( run "$SCAN" --no-config --fail-on emial mail.txt
  expect_rc 64 "--fail-on with an unknown type"
  expect_out "^doppel-scan: .*emial" "$T/err" ) || bugs=$((bugs + 1))
[ "$bugs" -eq 0 ] || fail "$bugs regression(s) failed, see the regression comments"
exit 0
