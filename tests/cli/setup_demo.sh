# setup_demo.sh - the main job as far as it exists: scanning the built-in example
# finds every kind of value it plants and exits 1 (what `make demo` runs).
. "${DP_SRCDIR:-.}/tests/cli/lib.sh"

run "$SCAN" --stats "$SRC/examples/scan-demo.txt"
expect_rc 1 "demo scan"
for t in email phone card iban us_ssn date_of_birth address ipv4 mac password_in_url \
         aws_access_key generic_secret ru_inn ru_snils passport kz_iin; do
	expect_out ": $t "
done
expect_lines 25
expect_out "files, [0-9]+ bytes" "$T/err"
exit 0
