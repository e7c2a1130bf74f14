# scan_canaries.sh - --canaries REGISTRY: planted canaries found in text, JSONL, CSV and
# --pass input, the record named, the value never printed without --show-values, exit 1;
# nothing found exits 0; bad registries: 66 missing, 65 with FILE:LINE, 65 over the caps.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

C1=dpc-3f9a0c5e71b2@canary.example.com
C2=dpc-00c0ffee0042
cat > reg.jsonl <<EOF
{"canary":"$C1","type":"email","template":"support-ticket","table":"ticket","record":17,"seed":"7"}

{"canary":"$C2","type":"id","template":"customers","table":"customer","record":"c-42"}
{"canary":"zz canary with spaces"}
EOF

# text: found with line and column, the origin named, the value masked, exit 1
printf 'hello\nthe model said: write to %s please\n' "$C1" > out.txt
run "$SCAN" --no-config --canaries reg.jsonl out.txt
expect_rc 1 "canary in text"
expect_out "^out.txt:2:26: canary \(1.00\) d\*+@c\*+\.com \(canary of support-ticket ticket record 17\)$"
expect_no "3f9a0c5e71b2"
expect_lines 1

# --show-values prints it, as for every other type
run "$SCAN" --no-config --show-values --canaries reg.jsonl out.txt
expect_rc 1 "--show-values"
expect_out ": canary \(1.00\) $C1 \(canary of support-ticket"

# JSONL: the JSON pointer and record; the report's canary_record names the entry
printf '{"id":1,"reply":{"text":"id %s ok"}}\n' "$C2" > out.jsonl
run "$SCAN" --no-config --canaries reg.jsonl --report-format jsonl out.jsonl
expect_rc 1 "canary in JSONL"
json_check 'len(rows) == 1 and rows[0]["type"] == "canary" and rows[0]["field"] == "/reply/text" and rows[0]["record"] == 1 and rows[0]["canary_record"] == "customers customer record c-42" and "00c0ffee0042" not in json.dumps(rows)'

# CSV: row and column; a registry value with spaces matches literally too
printf 'id,note\n1,"log: zz canary with spaces, then %s"\n2,clean\n' "$C2" > out.csv
run "$SCAN" --no-config --canaries reg.jsonl --report-format jsonl out.csv
expect_rc 1 "canary in CSV"
json_check 'len(rows) == 2 and all(r["row"] == 1 and r["column"] == "note" for r in rows) and rows[0]["canary_record"] == "registry line 4" and rows[1]["canary_record"] == "customers customer record c-42"'

# SARIF: the rule exists and the message names the record
run "$SCAN" --no-config --canaries reg.jsonl --report-format sarif out.txt
expect_rc 1 "SARIF"
"$PY" - "$T/out" <<'PYEOF' || fail "SARIF canary result"
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert any(r["id"] == "canary" for r in run["tool"]["driver"]["rules"])
res = run["results"]
assert len(res) == 1 and res[0]["ruleId"] == "canary"
assert "canary of support-ticket ticket record 17" in res[0]["message"]["text"]
assert "3f9a0c5e71b2" not in json.dumps(run)
PYEOF

# --pass: data passes unchanged, the report goes to stderr, --fail-on-findings gates
run "$SCAN" --no-config --canaries reg.jsonl --pass --fail-on-findings < out.txt
expect_rc 1 "--pass"
cmp -s "$T/out" out.txt || fail "--pass changed the data"
expect_out "canary of support-ticket ticket record 17" "$T/err"

# not found (a near miss, another hex string) -> 0; other findings still reported
printf 'dpc-3f9a0c5e71b3@canary.example.com dpc-00c0ffee004\n' > clean.txt
run "$SCAN" --no-config --canaries reg.jsonl clean.txt
expect_rc 0 "no canary"
expect_lines 0
printf 'ping 8.8.4.4 from %s\n' "$C1" > both.txt
run "$SCAN" --no-config --canaries reg.jsonl both.txt
expect_rc 1 "canary and ipv4"
expect_out ": canary "
expect_out ": ipv4 "

# --fail-on other types: the canary is still reported but does not gate
run "$SCAN" --no-config --canaries reg.jsonl --fail-on email out.txt
expect_rc 0 "--fail-on email"
expect_out ": canary "

# bad registries
run "$SCAN" --no-config --canaries missing.jsonl out.txt
expect_rc 66 "missing registry"
expect_out "^doppel-scan: missing.jsonl: cannot open the canary registry" "$T/err"
printf '{"canary":"%s"}\n{"canary": oops}\n' "$C2" > bad.jsonl
run "$SCAN" --no-config --canaries bad.jsonl out.txt
expect_rc 65 "malformed registry line"
expect_out "^doppel-scan: bad.jsonl:2: invalid JSON" "$T/err"
printf '{"template":"x"}\n' > nokey.jsonl
run "$SCAN" --no-config --canaries nokey.jsonl out.txt
expect_rc 65 "no canary key"
expect_out "^doppel-scan: nokey.jsonl:1: .*\"canary\" string" "$T/err"
printf '{"canary":"dpc-1"}\n' > short.jsonl
run "$SCAN" --no-config --canaries short.jsonl out.txt
expect_rc 65 "short canary"
expect_out "^doppel-scan: short.jsonl:1: a canary of 5 bytes" "$T/err"
expect_no "dpc-1" "$T/err"
"$PY" -c '
import sys
with open("huge.jsonl", "w") as f:
    line = "{\"canary\":\"dpc-%012x\",\"pad\":\"" + "x" * 1000 + "\"}\n"
    for i in range(70000):
        f.write(line % i)
'
run "$SCAN" --no-config --canaries huge.jsonl out.txt
expect_rc 65 "registry over 64 MiB"
expect_out "^doppel-scan: huge.jsonl:[0-9]+: the registry is larger than 64 MiB" "$T/err"
[ ! -e report.txt ] || fail "stale report"
run "$SCAN" --no-config --canaries bad.jsonl -o report.txt out.txt
expect_rc 65 "bad registry with -o"
[ ! -e report.txt ] || fail "a bad registry left a report file"
exit 0
