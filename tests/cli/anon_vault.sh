# anon_vault.sh - --vault stores originals encrypted under their own key; --reverse
# restores them in text with tokens (e.g. a model's answer); without the vault, or with
# another vault key, reversal is refused.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null && "$ANON" --new-key vk.key 2> /dev/null || fail "keys"
printf 'Ivan Petrov (ivan.petrov@acme.kz, +7 701 123 45 67) paid with IBAN KZ86125KZT5004100100.\nzed99@globex.com wrote.\n' > in.txt
run "$ANON" --no-config --key-file k.key --map m.db --vault v.db --vault-key-file vk.key in.txt
expect_rc 0 "anon with a vault"
cp "$T/out" anon.txt
expect_no "Petrov|acme|701|KZ86|globex" anon.txt
[ "$(stat -c %a v.db)" = 600 ] || fail "vault mode is $(stat -c %a v.db)"
cat v.db* | grep -a -q -e "Petrov" -e "acme" -e "KZ86125" && fail "plaintext in the vault"

run "$ANON" --no-config --reverse --vault v.db --vault-key-file vk.key anon.txt
expect_rc 0 "reverse"
expect_out "^Ivan Petrov \(person_1@acme.kz, \+7 701 123 45 67\) paid with IBAN KZ86125KZT5004100100.$"
expect_out "^zed99@globex.com wrote.$"

# a model's answer: known tokens restored, an invented one left and counted
printf '{"answer": "Person_1 should call Phone_1; Person_42 is unknown."}\n' > model.jsonl
run "$ANON" --no-config --reverse --vault v.db --vault-key-file vk.key --stats model.jsonl
expect_rc 0 "reverse jsonl"
expect_out '^\{"answer": "Ivan Petrov should call \+7 701 123 45 67; Person_42 is unknown."\}$'
expect_out "1 tokens not in the vault" "$T/err"

# refusals: no vault, no vault key, another vault key, the mapping key as vault key
run "$ANON" --no-config --reverse anon.txt
expect_rc 64 "--reverse without a vault"
expect_out "cannot be reversed" "$T/err"
run "$ANON" --no-config --key-file k.key --vault v2.db anon.txt
expect_rc 64 "--vault without its key"
run "$ANON" --no-config --reverse --vault v.db --vault-key-file k.key anon.txt
expect_rc 78 "another vault key"
run "$ANON" --no-config --reverse --vault nosuch.db --vault-key-file vk.key anon.txt
expect_rc 66 "missing vault"
exit 0
