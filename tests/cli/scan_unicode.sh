# scan_unicode.sh - NFKC matching (full-width digits, odd spaces and dashes) with spans
# in the original bytes; Cyrillic context words; NFD text.
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

# full-width digits: a card written in U+FF10..FF19
printf 'Card: \357\274\224\357\274\225\357\274\225\357\274\226\302\240\357\274\227\357\274\223\357\274\227\357\274\225\302\240\357\274\230\357\274\226\357\274\230\357\274\231\302\240\357\274\231\357\274\230\357\274\225\357\274\225 ok\n' > fw.txt
run "$SCAN" --no-config --report-format jsonl fw.txt
expect_rc 1 "full-width card"
# span: from byte 6 to the end of the last full-width digit, in original bytes
json_check 'rows[0]["type"]=="card" and rows[0]["start"]==6 and rows[0]["end"]==6+16*3+3*2 and rows[0]["col"]==7'

# non-breaking spaces and a non-ASCII dash inside a phone number
printf 'tel. +7\302\240701\342\200\221234\342\200\22156\342\200\22178\n' > nb.txt
run "$SCAN" --no-config --report-format jsonl nb.txt
expect_rc 1 "NBSP phone"
json_check 'rows[0]["type"]=="phone" and rows[0]["start"]==5 and rows[0]["end"]==len(open("nb.txt","rb").read())-1'

# column counts code points: Cyrillic before the value
printf 'Почта: dana.whitfield@acme-logistics.co.uk\n' > cy.txt
run "$SCAN" --no-config cy.txt
expect_out "^cy.txt:1:8: email "

# Cyrillic context words raise the score
printf 'Номер карты: 2200 7012 3456 7896\n' > ctx.txt
run "$SCAN" --no-config --report-format jsonl ctx.txt
json_check 'rows[0]["type"]=="card" and rows[0]["score"]==1.0'
# an NFD-decomposed context word still counts: "мекенжайы" with й as и + U+0306
printf '\320\274\320\265\320\272\320\265\320\275\320\266\320\260\320\270\314\206\321\213: \320\220\320\261\320\260\320\271 \320\264\320\260\322\243\322\223\321\213\320\273\321\213, 10\n' > nfd.txt
run "$SCAN" --no-config --report-format jsonl nfd.txt
json_check 'rows[0]["type"]=="address" and rows[0]["score"]==0.9'
exit 0
