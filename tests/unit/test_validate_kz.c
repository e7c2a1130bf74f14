/* tests/unit/test_validate_kz.c - Kazakhstan IIN and BIN: dates, century digit, mod-11. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define IIN(s) dp_valid_kz_iin((s), strlen(s))
#define BIN(s) dp_valid_kz_bin((s), strlen(s))

/* check digits below were computed with the weights 1..11 / 3..11,1,2 (python) */

static void kz_iin__valid_each_century__accepted(void **state)
{
	(void)state;
	assert_true(IIN("180101100011")); /* 1818-01-01, digit 1 */
	assert_true(IIN("850703300127")); /* 1985-07-03, male */
	assert_true(IIN("951231401239")); /* 1995-12-31, female */
	assert_true(IIN("010101500013")); /* 2001-01-01, male */
}

static void kz_iin__leap_day_2000__accepted(void **state)
{
	(void)state;
	assert_true(IIN("000229600123"));
	assert_true(IIN("960229300014"));
}

static void kz_iin__second_weight_pass__accepted(void **state)
{
	(void)state;
	/* first pass gives 10, second pass gives 9 */
	assert_true(IIN("880415300909"));
	assert_false(IIN("880415300900"));
}

static void kz_iin__both_passes_ten__rejected(void **state)
{
	(void)state;
	char buf[13] = "88041530096?";
	for (char c = '0'; c <= '9'; c++) {
		buf[11] = c;
		assert_false(IIN(buf));
	}
}

static void kz_iin__one_digit_changed__rejected(void **state)
{
	(void)state;
	/* (the 11th digit has weight 11 = 0 mod 11, so a change there is not caught) */
	assert_false(IIN("850703300128"));
	assert_false(IIN("850703300227"));
	assert_false(IIN("850703300217"));
}

static void kz_iin__eleventh_digit_changed__accepted(void **state)
{
	(void)state;
	/* a property of the algorithm, not a bug: weight 11 vanishes mod 11 */
	assert_true(IIN("850703300137"));
}

static void kz_iin__feb30__rejected(void **state)
{
	(void)state;
	assert_false(IIN("850230300126")); /* check digit correct, date not */
}

static void kz_iin__feb29_non_leap__rejected(void **state)
{
	(void)state;
	assert_false(IIN("000229400120")); /* 1900 is not a leap year */
	assert_false(IIN("900229300013")); /* 1990 */
}

static void kz_iin__month13__rejected(void **state)
{
	(void)state;
	assert_false(IIN("851303300125"));
}

static void kz_iin__bad_century_digit__rejected(void **state)
{
	(void)state;
	assert_false(IIN("850703000128")); /* 0: not a person */
	assert_false(IIN("850703700122"));
	assert_false(IIN("850703900125"));
}

static void kz_iin__wrong_length_or_separators__rejected(void **state)
{
	(void)state;
	assert_false(IIN("85070330012"));
	assert_false(IIN("8507033001270"));
	assert_false(IIN("850703 300127"));
	assert_false(IIN("85070330012a"));
	assert_false(IIN(""));
}

static void kz_bin__published_examples__accepted(void **state)
{
	(void)state;
	assert_true(BIN("940140000385"));
	assert_true(BIN("990140004654"));
	assert_true(BIN("050240001231"));
	assert_true(BIN("121051004564")); /* non-resident branch */
	assert_true(BIN("150763007893")); /* IP, peasant farm */
	assert_true(BIN("200162000113"));
}

static void kz_bin__one_digit_changed__rejected(void **state)
{
	(void)state;
	assert_false(BIN("940140000386"));
	assert_false(BIN("990140004754"));
}

static void kz_bin__bad_month__rejected(void **state)
{
	(void)state;
	assert_false(BIN("940040000381"));
	assert_false(BIN("941340000385"));
}

static void kz_bin__bad_type_digits__rejected(void **state)
{
	(void)state;
	assert_false(BIN("940130000380")); /* 5th digit 3 */
	assert_false(BIN("940170000389")); /* 5th digit 7 */
	assert_false(BIN("940144000387")); /* 6th digit 4 */
}

static void kz_iin_bin__not_interchangeable__rejected(void **state)
{
	(void)state;
	assert_false(BIN("850703300127"));
	assert_false(IIN("940140000385"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kz_iin__valid_each_century__accepted),
		cmocka_unit_test(kz_iin__leap_day_2000__accepted),
		cmocka_unit_test(kz_iin__second_weight_pass__accepted),
		cmocka_unit_test(kz_iin__both_passes_ten__rejected),
		cmocka_unit_test(kz_iin__one_digit_changed__rejected),
		cmocka_unit_test(kz_iin__eleventh_digit_changed__accepted),
		cmocka_unit_test(kz_iin__feb30__rejected),
		cmocka_unit_test(kz_iin__feb29_non_leap__rejected),
		cmocka_unit_test(kz_iin__month13__rejected),
		cmocka_unit_test(kz_iin__bad_century_digit__rejected),
		cmocka_unit_test(kz_iin__wrong_length_or_separators__rejected),
		cmocka_unit_test(kz_bin__published_examples__accepted),
		cmocka_unit_test(kz_bin__one_digit_changed__rejected),
		cmocka_unit_test(kz_bin__bad_month__rejected),
		cmocka_unit_test(kz_bin__bad_type_digits__rejected),
		cmocka_unit_test(kz_iin_bin__not_interchangeable__rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
