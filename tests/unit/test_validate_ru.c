/* tests/unit/test_validate_ru.c - Russian INN (10 and 12 digits) and SNILS. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define INN(s) dp_valid_ru_inn((s), strlen(s))
#define SNILS(s) dp_valid_ru_snils((s), strlen(s))

static void ru_inn__company_10__accepted(void **state)
{
	(void)state;
	assert_true(INN("7707083893")); /* Sberbank */
	assert_true(INN("7802010013"));
	assert_true(INN("0112345677")); /* region 01 */
}

static void ru_inn__person_12__accepted(void **state)
{
	(void)state;
	assert_true(INN("500100732259"));
	assert_true(INN("774301390193"));
}

static void ru_inn__one_digit_changed__rejected(void **state)
{
	(void)state;
	assert_false(INN("7707083894"));
	assert_false(INN("7707083993"));
	assert_false(INN("500100732258")); /* second check digit */
	assert_false(INN("500100732269")); /* first check digit */
	assert_false(INN("500100733259"));
}

static void ru_inn__wrong_length__rejected(void **state)
{
	(void)state;
	assert_false(INN("770708389"));
	assert_false(INN("77070838930"));
	assert_false(INN("5001007322590"));
	assert_false(INN(""));
}

static void ru_inn__region_00__rejected(void **state)
{
	(void)state;
	assert_false(INN("0000000000"));   /* checksum holds, region 00 */
	assert_false(INN("001234567887")); /* checksums hold, region 00 */
}

static void ru_inn__separators__rejected(void **state)
{
	(void)state;
	assert_false(INN("7707 083893"));
	assert_false(INN("770708389X"));
}

static void ru_snils__formats__accepted(void **state)
{
	(void)state;
	assert_true(SNILS("112-233-445 95"));
	assert_true(SNILS("11223344595"));
	assert_true(SNILS("112 233 445 95"));
	assert_true(SNILS("112-233-445-95"));
	assert_true(SNILS("010-242-368 77"));
}

static void ru_snils__checksum_100_and_101__accepted_as_00(void **state)
{
	(void)state;
	assert_true(SNILS("050-234-316 00")); /* sum 100 */
	assert_true(SNILS("016-103-396 00")); /* sum 101 */
	assert_true(SNILS("820-981-233 00")); /* sum 201: 201 mod 101 = 100 -> 00 */
	assert_false(SNILS("050-234-316 01"));
}

static void ru_snils__mod101__accepted(void **state)
{
	(void)state;
	assert_true(SNILS("123-456-789 64")); /* 165 mod 101 = 64 */
	assert_true(SNILS("987-654-321 83")); /* 285 mod 101 = 83 */
}

static void ru_snils__wrong_check__rejected(void **state)
{
	(void)state;
	assert_false(SNILS("112-233-445 96"));
	assert_false(SNILS("112-233-445 00"));
	assert_false(SNILS("010-242-368 78"));
	assert_false(SNILS("112-233-454 95")); /* transposition */
}

static void ru_snils__before_check_era__accepted(void **state)
{
	(void)state;
	assert_true(SNILS("001-001-998 00"));
	assert_true(SNILS("000-000-001 99"));
	assert_false(SNILS("001-001-999 00")); /* first number with a check: wants 65 */
	assert_true(SNILS("001-001-999 65"));
}

static void ru_snils__all_zero__rejected(void **state)
{
	(void)state;
	assert_false(SNILS("000-000-000 00"));
}

static void ru_snils__bad_separators__rejected(void **state)
{
	(void)state;
	assert_false(SNILS("1122-33-445 95"));
	assert_false(SNILS("112--233-445 95"));
	assert_false(SNILS("112.233.445 95"));
	assert_false(SNILS("-112-233-445 95"));
	assert_false(SNILS("112-233-445 95 "));
}

static void ru_snils__wrong_length__rejected(void **state)
{
	(void)state;
	assert_false(SNILS("1122334459"));
	assert_false(SNILS("112233445950"));
	assert_false(SNILS(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ru_inn__company_10__accepted),
		cmocka_unit_test(ru_inn__person_12__accepted),
		cmocka_unit_test(ru_inn__one_digit_changed__rejected),
		cmocka_unit_test(ru_inn__wrong_length__rejected),
		cmocka_unit_test(ru_inn__region_00__rejected),
		cmocka_unit_test(ru_inn__separators__rejected),
		cmocka_unit_test(ru_snils__formats__accepted),
		cmocka_unit_test(ru_snils__checksum_100_and_101__accepted_as_00),
		cmocka_unit_test(ru_snils__mod101__accepted),
		cmocka_unit_test(ru_snils__wrong_check__rejected),
		cmocka_unit_test(ru_snils__before_check_era__accepted),
		cmocka_unit_test(ru_snils__all_zero__rejected),
		cmocka_unit_test(ru_snils__bad_separators__rejected),
		cmocka_unit_test(ru_snils__wrong_length__rejected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
