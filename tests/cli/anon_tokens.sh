# anon_tokens.sh - stable tokens and the relationships they keep: numbering in order of
# first appearance, stable across runs, formats of one value, name variants, e-mails of
# known persons, domains, styles and labels.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

"$ANON" --new-key k.key 2> /dev/null || fail "new key"
a() { "$ANON" --no-config --key-file k.key --map m.db "$@"; }

# numbering per type in order of first appearance; the same value keeps its token
printf 'call +7 701 123 45 67 or +7 702 000 11 22\nagain 8 (701) 123-45-67 and +77011234567\n' > ph.txt
run a ph.txt
expect_rc 0 "phones"
expect_out "^call Phone_1 or Phone_2$"
expect_out "^again Phone_1 and Phone_1$"

# a second run with new data: old values keep their numbers, new ones continue
printf 'new +7 705 999 88 77, old +7 702 000 11 22\n' > ph2.txt
run a ph2.txt
expect_out "^new Phone_3, old Phone_2$"
run a ph.txt
expect_out "^call Phone_1 or Phone_2$"

# e-mail case, IBAN spacing
printf 'x IVAN.Petrov@Acme.KZ y ivan.petrov@acme.kz\nKZ86 125K ZT50 0410 0100 and KZ86125KZT5004100100\n' > v.txt
run a v.txt
l1=$(sed -n 1p "$T/out")
case "$l1" in "x "*" y "*) ;; *) fail "line: $l1";; esac
e1=$(echo "$l1" | cut -d' ' -f2); e2=$(echo "$l1" | cut -d' ' -f4)
[ "$e1" = "$e2" ] || fail "e-mail case split one address: $e1 vs $e2"
expect_out "^IBAN_1 and IBAN_1$"

# one person: full name, Latin spelling, surname alone, initials, inflected forms
cat > p.txt <<'TXT'
Иван Петров позвонил. Потом Петров сказал, что И. Петров подпишет. Ивану Петрову ответили.
Ivan Petrov wrote again.
Мария Петрова и Анна Смирнова пришли.
TXT
run a p.txt
expect_out "^Person_1 позвонил. Потом Person_1 сказал, что Person_1 подпишет. Person_1 ответили.$"
expect_out "^Person_1 wrote again.$"
expect_out "^Person_2 и Person_3 пришли.$"
# the surname alone in another record goes to the first person seen with it
printf 'Петров снова звонил.\n' > p2.txt
run a p2.txt
expect_out "^Person_1 снова звонил.$"

# an e-mail whose local part names a known person follows the person; one domain, one fake
printf 'Ivan Petrov: ivan.petrov@acme.kz, i.petrov@acme.kz; other: zed99@acme.kz, a@globex.com\n' > e.txt
run a e.txt
expect_out "^Person_1: person_1@domain-([0-9]+).example, person_1@domain-\1.example; other: email_[0-9]+@domain-\1.example, email_[0-9]+@domain-[0-9]+.example$"
expect_no "acme|globex|petrov"

# styles and labels
printf 'Ivan Petrov, ivan.petrov@acme.kz, 4400 4300 1234 5671\n' > s.txt
run a --style person=marker --label person=Client s.txt
expect_out "^Client_1, client_1@domain-[0-9]+.example"
run a --style mask s.txt
expect_out "^I\*+, i\*+@a\*+\.kz, [* ]+5671$"
run a --style redact s.txt
expect_out "^\[PERSON\], \[EMAIL\], \[CARD\]$"
run a --style hash s.txt
expect_out "^Person_[0-9a-f]{12}, Email_[0-9a-f]{12}, Card_[0-9a-f]{12}$"
cp "$T/out" hash1.txt
run a --style hash s.txt
cmp -s "$T/out" hash1.txt || fail "hash tokens are not stable"
run a --style email=keep --style person=redact s.txt
expect_out "^\[PERSON\], ivan.petrov@acme.kz, Card_1$"

# dates of birth in free text: one keyed offset for the dataset, so intervals survive
printf 'born 1990-01-05; DOB: 16.02.1985\n' > d.txt
run a --style date_of_birth=shift d.txt
expect_rc 0 "date shift"
"$PY" - "$T/out" <<'PY' || fail "date shift: $(cat "$T/out")"
import re, sys, datetime as dt
l = open(sys.argv[1]).read()
m = re.fullmatch(r"born (\d{4})-(\d\d)-(\d\d); DOB: (\d\d)\.(\d\d)\.(\d{4})\n", l)
assert m, l
a = dt.date(int(m[1]), int(m[2]), int(m[3])) - dt.date(1990, 1, 5)
b = dt.date(int(m[6]), int(m[5]), int(m[4])) - dt.date(1985, 2, 16)
assert a == b and a.days != 0 and abs(a.days) <= 30, (a, b)
PY
run a --style email=shift d.txt
expect_rc 64 "shift for an e-mail"

# bad style, type, label
run a --style sparkle s.txt
expect_rc 64 "unknown style"
run a --style nosuch=marker s.txt
expect_rc 64 "unknown type"
run a --label person=1bad s.txt
expect_rc 64 "bad label"
run a --label person s.txt
expect_rc 64 "label without ="
exit 0
