# markup.sh - HTML and XML for doppel-scan and doppel-anon: values in text nodes and
# attributes found with element paths and lines; anon keeps the markup and replaces
# only the values; hostile documents (billion laughs, an external entity, a size over
# the cap, deep nesting) give exit 65 or are safely ignored, with bounded memory.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

cat > page.html <<'EOF2'
<!DOCTYPE html>
<html>
<head><title>Контакты</title></head>
<body>
<div class="intro"><p>Добро пожаловать</p></div>
<div class="card">
  <p>Менеджер: Иван Петров</p>
  <p>Телефон: +7 701 123 45 67</p>
  <a href="/contact" data-owner="ivan@acme.kz" title="write">написать</a>
  <!-- old contact: anna.smith@globex.com -->
</div>
</body>
</html>
EOF2
s() { "$SCAN" --no-config --report-format jsonl --show-values "$@"; }
run s page.html
expect_rc 1 "scan html"
json_check 'any(r["type"]=="phone" and r["field"]=="/html[1]/body[1]/div[2]/p[2]" and r["line"]==8 for r in rows)'
json_check 'any(r["type"]=="email" and r["value"]=="ivan@acme.kz" and r["field"]=="/html[1]/body[1]/div[2]/a[1]/@data-owner" and r["line"]==9 for r in rows)'
json_check 'any(r["type"]=="person" and r["value"]=="Иван Петров" and r["line"]==7 for r in rows)'
json_check 'any(r["type"]=="email" and r["value"]=="anna.smith@globex.com" and r["field"].endswith("comment()") for r in rows)'
# --format html on stdin; text reports name the line
run "$SCAN" --no-config --format html --stdin-name page.html < page.html
expect_rc 1 "scan html stdin"
expect_out '^page.html:8:[0-9]+: phone '

cat > data.xml <<'EOF2'
<?xml version="1.0" encoding="UTF-8"?>
<!-- customers -->
<customers>
  <customer id="17" email="a.smith@globex.com">
    <name>Anna Smith</name>
    <phone>+7 701 123 45 67</phone>
  </customer>
  <customer id="18">
    <note><![CDATA[call Иван Петров at +7 702 555 12 34]]></note>
  </customer>
</customers>
EOF2
run s data.xml
expect_rc 1 "scan xml"
json_check 'any(r["type"]=="email" and r["field"]=="/customers[1]/customer[1]/@email" and r["line"]==4 for r in rows)'
json_check 'any(r["type"]=="phone" and r["field"]=="/customers[1]/customer[1]/phone[1]" and r["line"]==6 for r in rows)'
json_check 'any(r["type"]=="phone" and r["field"]=="/customers[1]/customer[2]/note[1]" and r["line"]==9 for r in rows)'

# anon: the same document, only the values replaced
"$ANON" --new-key k.key 2> /dev/null || fail "new key"
a() { "$ANON" --no-config --key-file k.key "$@"; }
run a data.xml
expect_rc 0 "anon xml"
"$PY" - data.xml "$T/out" <<'PY' || fail "anon xml structure"
import sys, xml.etree.ElementTree as ET
src, out = open(sys.argv[1], encoding='utf-8').read(), open(sys.argv[2], encoding='utf-8').read()
for v in ['a.smith@globex.com', 'Anna Smith', '701 123 45 67', 'Иван', '555 12 34']:
    assert v not in out, v
assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<!-- customers -->\n<customers>\n  <customer id="17" email="'), out[:120]
assert '<![CDATA[call ' in out
a, b = ET.fromstring(src.encode()), ET.fromstring(out.encode())
assert [e.tag for e in a.iter()] == [e.tag for e in b.iter()]
assert [e.attrib.get('id') for e in a.iter()] == [e.attrib.get('id') for e in b.iter()]
PY
run a page.html
expect_rc 0 "anon html"
"$PY" - page.html "$T/out" <<'PY' || fail "anon html structure"
import sys
out = open(sys.argv[2], encoding='utf-8').read()
for v in ['ivan@acme.kz', 'Иван Петров', '701 123 45 67', 'anna.smith@globex.com']:
    assert v not in out, v
for keep in ['<!DOCTYPE html>', '<div class="card">', 'Добро пожаловать', '<a href="/contact"', 'title="write"', '<!-- old contact: ', 'Менеджер: ']:
    assert keep in out, keep
PY
# a legacy encoding under the markup: decoded first, written as UTF-8
"$PY" -c 'open("cp.html","wb").write(open("page.html",encoding="utf-8").read().encode("cp1251"))'
run a --encoding windows-1251 cp.html
expect_rc 0 "anon cp1251 html"
"$PY" -c 'import sys; t=open(sys.argv[1],"rb").read().decode("utf-8"); assert "Добро пожаловать" in t and "Иван" not in t' "$T/out" || fail "cp1251 html"

# malformed XML: exit 65 naming the file
printf '<a><b>x</a>\n' > bad.xml
run s bad.xml
expect_rc 65 "malformed xml"
expect_out 'bad.xml' "$T/err"
run a bad.xml
expect_rc 65 "anon malformed xml"

# billion laughs: refused (65) within a memory limit, nothing expanded
"$PY" - <<'PY'
ents = '<!ENTITY lol "lol">\n' + ''.join('<!ENTITY lol%d "%s">\n' % (i, ('&lol%s;' % ('' if i == 1 else i - 1)) * 10) for i in range(1, 10))
open('laughs.xml', 'w').write('<?xml version="1.0"?>\n<!DOCTYPE lolz [\n' + ents + ']>\n<lolz>&lol9;</lolz>\n')
PY
# (the memory limit only where ASan, which reserves terabytes of shadow space, is not in)
lim="ulimit -v 1000000"
[ -z "${DP_SANITIZED:-}" ] || lim=:
for p in "$SCAN --no-config" "$ANON --no-config --key-file k.key"; do
	rc=0; ($lim; timeout 60 $p laughs.xml > out.laughs 2> err.laughs) || rc=$?
	[ "$rc" -eq 65 ] || [ "$rc" -eq 0 ] || { cat err.laughs >&2; fail "billion laughs: exit $rc"; }
	[ "$(wc -c < out.laughs)" -lt 100000 ] || fail "billion laughs expanded"
done

# an external entity: never loaded (the secret file's value appears nowhere)
printf 'secret: leak.me@example.org\n' > secret.txt
cat > xxe.xml <<EOF2
<?xml version="1.0"?>
<!DOCTYPE r [ <!ENTITY xxe SYSTEM "file://$T/secret.txt"> ]>
<r><p>&xxe;</p><q>ivan@acme.kz</q></r>
EOF2
run s xxe.xml
[ "$rc" -eq 1 ] || [ "$rc" -eq 65 ] || fail "xxe scan: exit $rc"
expect_no 'leak.me'
run a xxe.xml
[ "$rc" -eq 0 ] || [ "$rc" -eq 65 ] || fail "xxe anon: exit $rc"
expect_no 'leak.me'
expect_no 'ivan@acme.kz'
# an external DTD is not fetched either
printf '<?xml version="1.0"?>\n<!DOCTYPE r SYSTEM "file://%s/secret.txt">\n<r>x</r>\n' "$T" > dtd.xml
run a dtd.xml
[ "$rc" -eq 0 ] || [ "$rc" -eq 65 ] || fail "external dtd: exit $rc"
expect_no 'leak.me'

# PII inside an internal entity is scanned and replaced
printf '<?xml version="1.0"?>\n<!DOCTYPE r [ <!ENTITY who "ivan@acme.kz"> ]>\n<r>&who;</r>\n' > ent.xml
run s ent.xml
expect_rc 1 "entity text scanned"
run a ent.xml
expect_rc 0 "entity text anon"
expect_no 'ivan@acme.kz'
expect_out '&who;'

# the size cap, and deep nesting
head -c 3000 /dev/zero | tr '\0' 'x' | sed 's/^/<r>/; s/$/<\/r>/' > big.xml
run s --max-document-size 1K big.xml
expect_rc 65 "over the cap"
expect_out 'larger than' "$T/err"
run a --max-document-size 1K big.xml
expect_rc 65 "anon over the cap"
run s --max-document-size 12x big.xml
expect_rc 64 "bad size"
"$PY" -c 'open("deep.html","w").write("<div>"*5000 + "ivan@acme.kz")'
run s deep.html
expect_rc 65 "deep nesting"
exit 0
