/* tests/unit/test_validate_iban.c - IBAN mod-97, per-country length/BBAN shape, SWIFT/BIC. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define IBAN(s) dp_valid_iban((s), strlen(s))
#define BIC(s) dp_valid_swift_bic((s), strlen(s))

static void iban__published_examples__accepted(void **state)
{
	(void)state;
	assert_true(IBAN("GB82WEST12345698765432"));
	assert_true(IBAN("DE89370400440532013000"));
	assert_true(IBAN("KZ86125KZT5004100100"));
	assert_true(IBAN("FR1420041010050500013M02606"));
}

static void iban__many_countries__accepted(void **state)
{
	/* check digits computed with 98 - (n mod 97) over BBAN + country + "00" */
	static const char *const ok[] = {
		"RU0304452522540817810538091310419", "UA743052990000026007233566001",
		"BY13NBRB3600900000002Z00AB00", "NL91ABNA0417164300", "ES9121000418450200051332",
		"IT60X0542811101000000123456", "CH9300762011623852957",
		"PL61109010140000071219812874", "TR330006100519786457841326",
		"AE070331234567890123456", "SA0380000000608010167519", "NO9386011117947",
		"LC81ULIB000000000000000000001234", "BR1800360305000010009795493C1",
		"MU17BOMM0101101030300200000MUR", "SC18SSCB11010000000000001497USD",
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
		if (!IBAN(ok[i]))
			fail_msg("IBAN %s rejected", ok[i]);
	}
}

static void iban__print_format_spaces__accepted(void **state)
{
	(void)state;
	assert_true(IBAN("GB82 WEST 1234 5698 7654 32"));
	assert_true(IBAN("KZ86 125K ZT50 0410 0100"));
	assert_true(IBAN("FR14 2004 1010 0505 0001 3M02 606"));
}

static void iban__lowercase_bban__accepted(void **state)
{
	(void)state;
	assert_true(IBAN("GB82west12345698765432"));
}

static void iban__lowercase_country__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("gb82WEST12345698765432"));
	assert_false(IBAN("Gb82WEST12345698765432"));
}

static void iban__one_char_changed__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("GB82WEST12345698765433"));
	assert_false(IBAN("DE89370400440532013001"));
	assert_false(IBAN("KZ86125KZT5004100101"));
	assert_false(IBAN("GB83WEST12345698765432"));
	assert_false(IBAN("DE89370400440523013000")); /* transposition */
}

static void iban__wrong_length_for_country__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("GB82WEST1234569876543"));
	assert_false(IBAN("GB82WEST123456987654321"));
	assert_false(IBAN("KZ86125KZT500410010"));
}

static void iban__bban_structure_mismatch__rejected(void **state)
{
	(void)state;
	/* GB wants 4 letters then 14 digits; valid mod-97 with a digit in the bank code */
	assert_false(IBAN("GB93WES112345698765432"));
	/* DE is all digits */
	assert_false(IBAN("DE47370400440532013A00"));
}

static void iban__unknown_country__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("US64SVBKUS6S3300958879"));
	assert_false(IBAN("XX82WEST12345698765432"));
}

static void iban__bad_check_digits__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("GB00WEST12345698765432"));
	assert_false(IBAN("GB01WEST12345698765432"));
	assert_false(IBAN("GB99WEST12345698765432"));
}

static void iban__other_separators__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("GB82-WEST-1234-5698-7654-32"));
	assert_false(IBAN("GB82.WEST.1234.5698.7654.32"));
	assert_false(IBAN(""));
	assert_false(IBAN("GB82"));
}

static void iban__too_long__rejected(void **state)
{
	(void)state;
	assert_false(IBAN("LC81ULIB0000000000000000000012345678"));
}

static void bic__eight_and_eleven__accepted(void **state)
{
	(void)state;
	assert_true(BIC("DEUTDEFF"));
	assert_true(BIC("DEUTDEFF500"));
	assert_true(BIC("HSBKKZKX"));
	assert_true(BIC("SABRRUMM"));
	assert_true(BIC("NWBKGB2L"));
}

static void bic__unknown_country__rejected(void **state)
{
	(void)state;
	assert_false(BIC("DEUTXXFF"));
	assert_false(BIC("DEUTUKFF")); /* UK is not an ISO 3166 code */
}

static void bic__shape__rejected(void **state)
{
	(void)state;
	assert_false(BIC("DEUTDEF"));
	assert_false(BIC("DEUTDEFF50"));
	assert_false(BIC("deutdeff"));
	assert_false(BIC("DEU1DEFF"));
	assert_false(BIC("DEUTDEF-"));
	assert_false(BIC(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(iban__published_examples__accepted),
		cmocka_unit_test(iban__many_countries__accepted),
		cmocka_unit_test(iban__print_format_spaces__accepted),
		cmocka_unit_test(iban__lowercase_bban__accepted),
		cmocka_unit_test(iban__lowercase_country__rejected),
		cmocka_unit_test(iban__one_char_changed__rejected),
		cmocka_unit_test(iban__wrong_length_for_country__rejected),
		cmocka_unit_test(iban__bban_structure_mismatch__rejected),
		cmocka_unit_test(iban__unknown_country__rejected),
		cmocka_unit_test(iban__bad_check_digits__rejected),
		cmocka_unit_test(iban__other_separators__rejected),
		cmocka_unit_test(iban__too_long__rejected),
		cmocka_unit_test(bic__eight_and_eleven__accepted),
		cmocka_unit_test(bic__unknown_country__rejected),
		cmocka_unit_test(bic__shape__rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
