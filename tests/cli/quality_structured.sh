#!/bin/sh
# quality_structured.sh - detection quality floor on the held-out split of the structured
# corpus (tests/corpus/structured.jsonl, see tests/corpus/README.md), via bench/quality.
. "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "no python3"
Q="$SRC/bench/quality"
C="$SRC/tests/corpus/structured.jsonl"
[ -f "$C" ] || fail "missing $C"
export DOPPEL_SCAN="$SCAN"

# Types at F1 1.000 on heldout today: floor 0.97 (the issue's target).
GATED=email,url,card,iban,swift_bic,kz_iin,ru_inn,us_ssn,ipv4,ipv6,private_key
GATED=$GATED,aws_access_key,jwt,github_token,slack_token,password_in_url
GATED=$GATED,phone,kz_bin,ru_snils,passport,mac,date_of_birth,generic_secret
# address is not gated at 0.97 yet: two heldout spans are open labelling and shape
# questions ("150 Maple Ave." with its full stop; "ул. Пушкина, 227-45" without "д.")
run "$PY" "$Q" --split heldout --types "$GATED" --min-f1 0.97 "$C"
expect_rc 0 "quality floor 0.97 on gated types"
expect_out '^micro '

# All structured types: micro-average floor (heldout micro F1 is 0.924 today).
# NOT yet at 0.97 and reported as detector issues: phone, passport, mac,
# date_of_birth, address, generic_secret, kz_bin, ru_snils (see tests/corpus/README.md).
run "$PY" "$Q" --split heldout --min-f1 0 --min-micro-f1 0.97 "$C"
expect_rc 0 "quality micro floor 0.97"

# the harness itself must be able to fail: a gold e-mail the scanner cannot report
printf '%s\n' '{"id":"x-1","lang":"en","split":"heldout","text":"no address here","spans":[{"start":0,"end":2,"type":"email"}]}' > "$T/bad.jsonl"
run "$PY" "$Q" --split heldout --types email --min-f1 0.5 "$T/bad.jsonl"
expect_rc 1 "quality on a corpus it must fail"
expect_out '^email +1 +0 +0 +0 +1 '
exit 0
