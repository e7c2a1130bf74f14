#!/bin/sh
# gen_templates.sh - the built-in templates of doppel-gen (templates/*.dpt): every one
# compiles (--check) and is listed (--list); each makes 300 valid JSONL records with its
# emitted fields in en, ru and kk; refund-request's expected_decision follows the 30-day
# policy from the record's own facts; customers-tickets' tickets point at existing
# customers, speak their language and name them; e-mail domains are reserved ones only;
# Kazakh records are written in Kazakh; support tickets do not repeat.
. "$(dirname "$0")/lib.sh"

[ -x "$GEN" ] || skip "no doppel-gen at $GEN"
DOPPEL_TEMPLATE_DIR=$SRC/templates; export DOPPEL_TEMPLATE_DIR
TEMPLATES="support-ticket refund-request chat-message email hr-request bank-transaction discharge-note prompt-injection customers-tickets"

# --- every built-in template compiles; --list shows the nine and no included file --------
# (_common.dpt holds rules only: it is compiled as part of every template that includes it)
n=0
for f in "$SRC"/templates/[!_]*.dpt; do
	run "$GEN" --check "$f"
	expect_rc 0 "--check $f"
	cat "$T/out" >> "$T/emit.txt"
	n=$((n + 1))
done
[ "$n" -eq 9 ] || fail "$n template files, expected 9"
run "$GEN" --list
expect_rc 0 "--list"
for t in $TEMPLATES; do
	expect_out "^$t +[A-Z]"
done
expect_lines 9
expect_no "^_"

# --- 300 records per template and locale (edge cases as the templates set them) ----------
mkdir "$T/gen"
for loc in en ru kk; do
	for t in $TEMPLATES; do
		if [ "$t" = customers-tickets ]; then
			run "$GEN" -t "$t" -n 300 --locale "$loc" --seed "$loc" --out-dir "$T/gen/$t.$loc"
		else
			run "$GEN" -t "$t" -n 300 --locale "$loc" --seed "$loc" -o "$T/gen/$t.$loc.jsonl"
		fi
		expect_rc 0 "$t --locale $loc"
	done
done
# the same without edge cases, for the checks of the text itself
mkdir "$T/plain"
for t in $TEMPLATES; do
	if [ "$t" = customers-tickets ]; then
		run "$GEN" -t "$t" -n 300 --locale kk --edge-rate 0 --out-dir "$T/plain/$t.kk"
	else
		run "$GEN" -t "$t" -n 300 --locale kk --edge-rate 0 -o "$T/plain/$t.kk.jsonl"
	fi
	expect_rc 0 "$t --locale kk --edge-rate 0"
done
run "$GEN" -t customers-tickets -n 500 --edge-rate 0 --out-dir "$T/plain/ct-mix"
expect_rc 0 "customers-tickets --edge-rate 0"
run "$GEN" -t support-ticket -n 100 -o "$T/plain/st100.jsonl"
expect_rc 0 "support-ticket -n 100"

"$PY" - "$T" <<'PYEOF' || fail "generated data"
import glob, json, os, re, sys

T = sys.argv[1]
errors = []
def err(msg):
    errors.append(msg)

# "NAME: record TABLE: f1 f2 ..." from --check
emit = {}
for line in open(os.path.join(T, "emit.txt"), encoding="utf-8"):
    m = re.match(r"(\S+): record (\S+): (.*)", line.strip())
    if m:
        emit[(m.group(1), m.group(2))] = m.group(3).split()

def load(path):
    rows = []
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        try:
            rows.append(json.loads(line))
        except ValueError as e:
            err("%s:%d: not JSON: %s" % (path, i, e))
    return rows

def fields_ok(path, rows, fields, count, loc):
    if len(rows) != count:
        err("%s: %d records, expected %d" % (path, len(rows), count))
    for i, r in enumerate(rows, 1):
        keys = [k for k in r if k not in ("_spans", "_mut")]
        if keys != fields:
            err("%s:%d: fields %s, expected %s" % (path, i, keys, fields))
            return
        if "lang" in r and r["lang"] != loc and not path.endswith("ticket.jsonl"):
            err("%s:%d: lang %r" % (path, i, r["lang"]))

data = {}   # path -> rows
for path in sorted(glob.glob(os.path.join(T, "gen", "*.jsonl"))):
    name, loc = os.path.basename(path)[:-6].rsplit(".", 1)
    rows = data[path] = load(path)
    table = {k[1] for k in emit if k[0] == name}
    fields_ok(path, rows, emit[(name, table.pop())], 300, loc)
for d in sorted(glob.glob(os.path.join(T, "gen", "customers-tickets.*"))):
    loc = d.rsplit(".", 1)[1]
    for table, count in (("customer", 60), ("ticket", 300)):
        path = os.path.join(d, table + ".jsonl")
        rows = data[path] = load(path)
        fields_ok(path, rows, emit[("customers-tickets", table)], count, loc)
if len(data) != 30:
    err("%d output files, expected 30" % len(data))

# refund-request: the decision is the policy applied to the record's own facts
for path, rows in data.items():
    if "/refund-request." not in path:
        continue
    for i, r in enumerate(rows, 1):
        want = "refund" if (r["requested"] is True and r["days_since_purchase"] <= 30 and
                            r["used"] is False) else "deny"
        if r["expected_decision"] != want:
            err("%s:%d: expected_decision %r, the policy gives %r" % (path, i, r["expected_decision"], want))
    kinds = {(r["expected_decision"], r["reason"]) for r in rows}
    if len(kinds) < 4:
        err("%s: only %s" % (path, sorted(kinds)))

# customers-tickets: foreign keys, the customer's language, the customer's name in the text
for d in sorted(glob.glob(os.path.join(T, "gen", "customers-tickets.*"))) + \
         [os.path.join(T, "plain", "ct-mix")]:
    cust = {c["id"]: c for c in load(os.path.join(d, "customer.jsonl"))}
    tickets = load(os.path.join(d, "ticket.jsonl"))
    used = set()
    for i, t in enumerate(tickets, 1):
        c = cust.get(t["customer_id"])
        if c is None:
            err("%s: ticket %d: customer %r does not exist" % (d, i, t["customer_id"]))
            continue
        used.add(c["id"])
        if t["lang"] != c["lang"]:
            err("%s: ticket %d in %s for a %s customer" % (d, i, t["lang"], c["lang"]))
        if "_mut" not in t and c["name"] not in t["text"]:
            err("%s: ticket %d does not name %r: %r" % (d, i, c["name"], t["text"]))
    if len(used) < len(cust) // 2:
        err("%s: tickets name only %d of %d customers" % (d, len(used), len(cust)))
    if d.endswith("ct-mix") and len({c["lang"] for c in cust.values()}) != 3:
        err("%s: the customers do not mix en, ru and kk" % d)

# no e-mail domain but the reserved ones (RFC 2606: example.com/.org/.net, *.example), in
# every record an edge case did not change (a typo may land in a domain: example.orgg)
email = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*)")
def reserved(dom):
    dom = dom.lower().rstrip(".")
    return dom.endswith(".example") or dom == "example" or \
        any(dom == d or dom.endswith("." + d) for d in ("example.com", "example.org", "example.net"))
every = list(glob.glob(os.path.join(T, "gen", "**", "*.jsonl"), recursive=True)) + \
        list(glob.glob(os.path.join(T, "plain", "**", "*.jsonl"), recursive=True))
seen = 0
for path in every:
    for i, line in enumerate(open(path, encoding="utf-8"), 1):
        if '"_mut":' in line:
            continue
        for dom in email.findall(line):
            seen += 1
            if not reserved(dom):
                err("%s:%d: e-mail domain %r" % (path, i, dom))
if seen < 1000:
    err("only %d e-mail addresses in all the output" % seen)

# Kazakh records are Kazakh: most values with Cyrillic text have a Kazakh letter
kk = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
cyr = re.compile("[а-яёА-ЯЁәғқңөұүһіӘҒҚҢӨҰҮҺІ]")
for path in sorted(glob.glob(os.path.join(T, "plain", "*.kk*"))):
    files = [path] if path.endswith(".jsonl") else [os.path.join(path, "ticket.jsonl")]
    for f in files:
        total = hits = 0
        for r in load(f):
            for v in r.values():
                if isinstance(v, str) and len(cyr.findall(v)) >= 3:
                    total += 1
                    hits += bool(kk.search(v))
        if total < 300 or hits < 0.7 * total:
            err("%s: %d of %d Cyrillic values have a Kazakh letter" % (f, hits, total))

# the first 100 support tickets all differ
texts = [r["text"] for r in load(os.path.join(T, "plain", "st100.jsonl"))]
if len(texts) != 100 or len(set(texts)) != 100:
    err("support-ticket: %d distinct texts in the first 100" % len(set(texts)))

for e in errors[:20]:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
PYEOF
exit 0
