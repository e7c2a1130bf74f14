# anon_key.sh - doppel-anon keys: --new-key writes 32 random bytes mode 0600 and never
# overwrites; loose permissions, a missing key and a table of another key are refused;
# the key never appears in output, errors or the mapping table.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$ANON" --new-key k.key
expect_rc 0 "--new-key"
[ "$(stat -c %a k.key)" = 600 ] || fail "key mode is $(stat -c %a k.key), not 600"
[ "$(stat -c %s k.key)" = 32 ] || fail "key is not 32 bytes"
expect_out "key fingerprint [0-9a-f]{16}" "$T/err"
run "$ANON" --new-key k2.key
cmp -s k.key k2.key && fail "two new keys are equal"
cp k.key before.key
run "$ANON" --new-key k.key
expect_rc 73 "--new-key over an existing file"
expect_out "already exists" "$T/err"
cmp -s k.key before.key || fail "an existing key was overwritten"
run "$ANON" --new-key k3.key extra.txt
expect_rc 64 "--new-key with input files"

# loose permissions: 78, with the file named
cp k.key loose.key && chmod 640 loose.key
echo "Ivan Petrov" > in.txt
run "$ANON" --key-file loose.key in.txt
expect_rc 78 "group-readable key"
expect_out "loose.key" "$T/err"
[ -s "$T/out" ] && fail "output written with a refused key"

# no key at all: a usage error that says how to make one
env -u DOPPEL_KEY_FILE "$ANON" in.txt > out.txt 2> err.txt; rc=$?
[ "$rc" -eq 64 ] || fail "no key: exit $rc, expected 64"
grep -q -- "--new-key" err.txt || fail "no key: the message does not say how to make one"
# ... unless the style needs none
printf 'mail ivan.petrov@acme.kz\n' > mail.txt
env -u DOPPEL_KEY_FILE "$ANON" --style redact mail.txt > out.txt || fail "redact without a key"
grep -q '^mail \[EMAIL\]$' out.txt || fail "redact output: $(cat out.txt)"

# DOPPEL_KEY_FILE is honoured
DOPPEL_KEY_FILE=k.key "$ANON" in.txt > viaenv.txt || fail "DOPPEL_KEY_FILE"
run "$ANON" --key-file k.key in.txt
cmp -s "$T/out" viaenv.txt || fail "DOPPEL_KEY_FILE and --key-file disagree"

# a table made with another key is refused, and left as it was
run "$ANON" --key-file k.key --map m.db in.txt
expect_rc 0 "first run"
cp m.db m.before
run "$ANON" --key-file k2.key --map m.db in.txt
expect_rc 78 "table of another key"
expect_out "another key" "$T/err"
cmp -s m.db m.before || fail "the table changed on refusal"
[ "$(stat -c %a m.db)" = 600 ] || fail "table mode is $(stat -c %a m.db), not 600"
run "$ANON" --key-file k.key --map in.txt in.txt
expect_rc 65 "a text file as the table"

# the key never leaks: not in the table, output or messages (hex or raw)
hex=$(od -An -tx1 k.key | tr -d ' \n')
for f in m.db "$T/out" "$T/err"; do
	od -An -tx1 "$f" | tr -d ' \n' | grep -q "$hex" && fail "the key is in $f"
done
grep -c . /dev/null > /dev/null
exit 0
