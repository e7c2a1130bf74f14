# encoding.sh - legacy encodings for doppel-scan and doppel-anon: --encoding NAME (ICU
# converter names) and the guess (a UTF-16 BOM; ICU's detector for input that is not
# UTF-8); lines and offsets count the decoded text; anon writes UTF-8; a bad name is
# a usage error; bytes invalid in the named encoding are substituted, never a crash.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$PY" - <<'PY'
line = 'Иван Петров, ivan@acme.kz, +7 701 123 45 67'
text = ('Клиент позвонил в понедельник и попросил перезвонить после обеда.\n'
        'Менеджер записал его контактные данные в карточку обращения.\n'
        + line + '\n'
        'Вопрос о переносе доставки на следующую неделю остаётся открытым.\n')
open('cp1251.txt', 'wb').write(text.encode('cp1251'))
open('koi8.txt', 'wb').write(text.encode('koi8_r'))
open('utf16.txt', 'wb').write(text.encode('utf-16'))          # with a BOM
open('utf16le.txt', 'wb').write(text.encode('utf-16-le'))     # without one
open('short1251.txt', 'wb').write((line + '\n').encode('cp1251'))
open('utf8.txt', 'wb').write(text.encode('utf-8'))
PY

s() { "$SCAN" --no-config --report-format jsonl --show-values "$@"; }
# the three values on line 3, found with --encoding, offsets in the decoded (UTF-8) text
for f in cp1251.txt:windows-1251 koi8.txt:KOI8-R utf16le.txt:UTF-16LE utf16.txt:UTF-16; do
	run s --encoding "${f#*:}" "${f%%:*}"
	expect_rc 1 "scan --encoding ${f#*:}"
	json_check 'any(r["type"]=="email" and r["line"]==3 and r["value"]=="ivan@acme.kz" and r["col"]==14 for r in rows)'
	json_check 'any(r["type"]=="phone" and r["line"]==3 and r["value"]=="+7 701 123 45 67" for r in rows)'
	json_check 'any(r["type"]=="person" and r["value"]=="Иван Петров" for r in rows)'
	off=$("$PY" -c 'import sys; t=open("utf8.txt",encoding="utf-8").read(); print(len(t[:t.index("ivan@")].encode()))')
	json_check "any(r['type']=='email' and r['start']==$off for r in rows)"
done
# by the guess: the BOM, and ICU's detector for windows-1251 and KOI8-R
for f in utf16.txt cp1251.txt koi8.txt; do
	run s "$f"
	expect_rc 1 "scan guessed $f"
	json_check 'any(r["type"]=="email" and r["line"]==3 and r["value"]=="ivan@acme.kz" for r in rows)'
	json_check 'any(r["type"]=="person" and r["value"]=="Иван Петров" for r in rows)'
done
# gzip under the encoding
gzip -c cp1251.txt > cp1251.txt.gz
run s --encoding windows-1251 cp1251.txt.gz
expect_rc 1 "gzip + encoding"
json_check 'any(r["type"]=="person" and r["value"]=="Иван Петров" for r in rows)'
# stdin, by the guess
run s < utf16.txt
expect_rc 1 "stdin utf-16"
json_check 'any(r["type"]=="email" and r["line"]==3 for r in rows)'
# valid UTF-8 is never guessed at, and --encoding UTF-8 converts nothing
run s utf8.txt
expect_rc 1 "utf-8"
json_check 'any(r["type"]=="person" and r["value"]=="Иван Петров" for r in rows)'
# --pass still copies the raw bytes
"$SCAN" --no-config --pass --encoding windows-1251 < cp1251.txt > pass.out 2> /dev/null
cmp -s pass.out cp1251.txt || fail "--pass changed the bytes"

# a bad name is a usage error, for both programs
run "$SCAN" --no-config --encoding no-such-charset cp1251.txt
expect_rc 64 "scan bad encoding"
expect_out 'unknown encoding' "$T/err"
"$ANON" --new-key k.key 2> /dev/null || fail "new key"
a() { "$ANON" --no-config --key-file k.key "$@"; }
run a --encoding no-such-charset cp1251.txt
expect_rc 64 "anon bad encoding"

# anon: UTF-8 out, the values replaced, the rest of the text as decoded
for f in cp1251.txt:windows-1251 koi8.txt:KOI8-R utf16.txt:UTF-16 cp1251.txt:auto koi8.txt:auto utf16.txt:auto; do
	run a --encoding "${f#*:}" "${f%%:*}"
	expect_rc 0 "anon ${f}"
	"$PY" - "$T/out" <<'PY' || fail "anon output of $f"
import sys
t = open(sys.argv[1], 'rb').read().decode('utf-8')   # strict: UTF-8 or an exception
lines = t.split('\n')
assert lines[0].startswith('Клиент позвонил'), lines[0]
assert 'ivan@acme.kz' not in t and '701 123 45 67' not in t and 'Иван' not in t, lines[2]
assert 'Вопрос о переносе' in lines[3]
PY
done

# invalid bytes for the named encoding: substituted, not a crash
printf '\xff\xfe\x41\x00\x42' > odd16.txt    # a UTF-16 BOM and a cut character
run s --encoding UTF-16 odd16.txt
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || fail "cut UTF-16: exit $rc"
printf 'a\x98b ivan@acme.kz\n' > bad1251.txt     # 0x98 is unmapped in windows-1251
run s --encoding windows-1251 bad1251.txt
expect_rc 1 "unmapped byte"
json_check 'rows[0]["value"]=="ivan@acme.kz"'
run a --encoding windows-1251 bad1251.txt
expect_rc 0 "anon unmapped byte"
"$PY" -c 'import sys; open(sys.argv[1],"rb").read().decode("utf-8")' "$T/out" || fail "anon wrote invalid UTF-8"
exit 0
