/* tests/unit/test_validate_us.c - US SSN shapes, invalid ranges and published samples. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

#define SSN(s) dp_valid_us_ssn((s), strlen(s))
#define FAKE(s) dp_known_fake_us_ssn((s), strlen(s))

static void us_ssn__three_formats__accepted(void **state)
{
	(void)state;
	assert_true(SSN("536-22-1234"));
	assert_true(SSN("536 22 1234"));
	assert_true(SSN("536221234"));
	assert_true(SSN("001-01-0001"));
	assert_true(SSN("899-99-9998"));
}

static void us_ssn__mixed_delimiters__rejected(void **state)
{
	(void)state;
	assert_false(SSN("536-22 1234"));
	assert_false(SSN("536 22-1234"));
	assert_false(SSN("536.22.1234"));
	assert_false(SSN("53622-1234"));
	assert_false(SSN("536-221234"));
}

static void us_ssn__area_000_666_9xx__rejected(void **state)
{
	(void)state;
	assert_false(SSN("000-12-3456"));
	assert_false(SSN("666-12-3456"));
	assert_false(SSN("900-12-3456"));
	assert_false(SSN("999-12-3456"));
	assert_false(SSN("987-65-4320")); /* advertising block */
	assert_true(SSN("665-12-3456"));
	assert_true(SSN("667-12-3456"));
}

static void us_ssn__group_00_serial_0000__rejected(void **state)
{
	(void)state;
	assert_false(SSN("536-00-1234"));
	assert_false(SSN("536-22-0000"));
}

static void us_ssn__all_same_and_sequence__rejected(void **state)
{
	(void)state;
	assert_false(SSN("111-11-1111"));
	assert_false(SSN("555555555"));
	assert_false(SSN("123-45-6789"));
	assert_false(SSN("123456789"));
}

static void us_ssn__wrong_length__rejected(void **state)
{
	(void)state;
	assert_false(SSN("536-22-123"));
	assert_false(SSN("536-22-12345"));
	assert_false(SSN("53622123"));
	assert_false(SSN("5362212345"));
	assert_false(SSN(""));
	assert_false(SSN("53a-22-1234"));
}

static void us_ssn_fake__published_samples__detected(void **state)
{
	(void)state;
	assert_true(FAKE("078-05-1120"));
	assert_true(FAKE("078051120"));
	assert_true(FAKE("078 05 1120"));
	assert_true(FAKE("219-09-9999"));
	assert_true(FAKE("457-55-5462"));
	/* the samples are structurally valid: the fake flag lowers the score */
	assert_true(SSN("078-05-1120"));
}

static void us_ssn_fake__other_numbers__not_fake(void **state)
{
	(void)state;
	assert_false(FAKE("078-05-1121"));
	assert_false(FAKE("536-22-1234"));
	assert_false(FAKE("078-05 1120"));
	assert_false(FAKE(""));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(us_ssn__three_formats__accepted),
		cmocka_unit_test(us_ssn__mixed_delimiters__rejected),
		cmocka_unit_test(us_ssn__area_000_666_9xx__rejected),
		cmocka_unit_test(us_ssn__group_00_serial_0000__rejected),
		cmocka_unit_test(us_ssn__all_same_and_sequence__rejected),
		cmocka_unit_test(us_ssn__wrong_length__rejected),
		cmocka_unit_test(us_ssn_fake__published_samples__detected),
		cmocka_unit_test(us_ssn_fake__other_numbers__not_fake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
