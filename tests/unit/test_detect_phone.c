/* tests/unit/test_detect_phone.c - phone parsing, E.164 classification and fictional ranges. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "validate.h"

/* Classifies s and checks both the country and the E.164 form. */
static void expect(const char *s, const char *iso, const char *e164)
{
	char out[17];
	memset(out, 'x', sizeof out);
	const char *got = dp_phone_classify(s, strlen(s), out);
	if (got == NULL)
		fail_msg("'%s': rejected, wanted %s", s, iso);
	if (strcmp(got, iso) != 0)
		fail_msg("'%s': got '%s', wanted '%s'", s, got, iso);
	assert_string_equal(out, e164);
}

static void reject(const char *s)
{
	char out[17];
	const char *got = dp_phone_classify(s, strlen(s), out);
	if (got != NULL)
		fail_msg("'%s': accepted as '%s' (%s)", s, got, out);
}

static int fake(const char *s)
{
	char out[17];
	if (dp_phone_classify(s, strlen(s), out) == NULL)
		fail_msg("'%s': rejected", s);
	return dp_known_fake_phone(out);
}

static void phone__kz_international__kz(void **state)
{
	(void)state;
	expect("+7 701 123 45 67", "KZ", "+77011234567");
	expect("+77011234567", "KZ", "+77011234567");
	expect("+7 (727) 258-00-00", "KZ", "+77272580000");
	expect("+7-747-123-45-67", "KZ", "+77471234567");
}

static void phone__ru_international__ru(void **state)
{
	(void)state;
	expect("+7 (495) 123-45-67", "RU", "+74951234567");
	expect("+7 916 123 45 67", "RU", "+79161234567");
	expect("+7 343 123 45 67", "RU", "+73431234567");
}

static void phone__plus7_unassigned_digit__rejected(void **state)
{
	(void)state;
	reject("+7 501 123 45 67");
	reject("+7 201 123 45 67");
}

static void phone__trunk8_national__kz_or_ru(void **state)
{
	(void)state;
	expect("8 (701) 123-45-67", "KZ", "+77011234567");
	expect("87011234567", "KZ", "+77011234567");
	expect("8-701-123-45-67", "KZ", "+77011234567");
	expect("8 (916) 123-45-67", "RU", "+79161234567");
	expect("8 800 555 35 35", "RU", "+78005553535");
}

static void phone__eleven_digits_leading_7__treated_as_plus7(void **state)
{
	(void)state;
	expect("77011234567", "KZ", "+77011234567");
	expect("7 (495) 123-45-67", "RU", "+74951234567");
}

static void phone__us_national_formats__us(void **state)
{
	(void)state;
	expect("(212) 555-0123", "US", "+12125550123");
	expect("212-555-0123", "US", "+12125550123");
	expect("212.555.0123", "US", "+12125550123");
	expect("1-212-555-0123", "US", "+12125550123");
	expect("+1 212 555 0123", "US", "+12125550123");
	expect("+1 (415) 867-5309", "US", "+14158675309");
}

static void phone__nanp_bad_npa_or_nxx__rejected(void **state)
{
	(void)state;
	reject("(112) 555-0123");
	reject("212-155-0123");
	reject("+1 012 555 0123");
	reject("1516239022"); /* a Unix timestamp */
}

static void phone__uk_national__gb(void **state)
{
	(void)state;
	expect("020 7946 0018", "GB", "+442079460018");
	expect("07700 900123", "GB", "+447700900123");
	expect("0161 496 0123", "GB", "+441614960123");
	expect("01632 960123", "GB", "+441632960123");
	expect("0800 123 4567", "GB", "+448001234567");
}

static void phone__uk_international__gb(void **state)
{
	(void)state;
	expect("+44 20 7946 0018", "GB", "+442079460018");
	expect("+44 (0)20 7946 0018", "GB", "+442079460018");
	expect("+447700900123", "GB", "+447700900123");
	expect("0044 7700 900123", "GB", "+447700900123");
}

static void phone__de_national__de(void **state)
{
	(void)state;
	expect("030 12345678", "DE", "+493012345678");
	expect("089 12345678", "DE", "+498912345678");
	expect("0151 12345678", "DE", "+4915112345678");
	expect("0171 1234567", "DE", "+491711234567");
	expect("01711234567", "DE", "+491711234567");
	expect("0221 1234567", "DE", "+492211234567");
	expect("030 1234567", "DE", "+49301234567");
	expect("040-123-456-78", "DE", "+494012345678");
}

static void phone__de_international__de(void **state)
{
	(void)state;
	expect("+49 30 12345678", "DE", "+493012345678");
	expect("+49 (0)30 12345678", "DE", "+493012345678");
	expect("+49 1511 2345678", "DE", "+4915112345678");
	expect("0049 30 12345678", "DE", "+493012345678");
	reject("+49 030 12345678");
}

static void phone__fr_national__fr(void **state)
{
	(void)state;
	expect("01 23 45 67 89", "FR", "+33123456789");
	expect("06 12 34 56 78", "FR", "+33612345678");
	expect("06.12.34.56.78", "FR", "+33612345678");
	expect("0612345678", "FR", "+33612345678");
}

static void phone__fr_international__fr(void **state)
{
	(void)state;
	expect("+33 6 12 34 56 78", "FR", "+33612345678");
	expect("+33 1 23 45 67 89", "FR", "+33123456789");
	expect("0033 6 12 34 56 78", "FR", "+33612345678");
	reject("+33 06 12 34 56 78");
}

static void phone__other_country_code__empty_iso(void **state)
{
	(void)state;
	expect("+380 44 123 4567", "", "+380441234567");
	expect("+86 10 1234 5678", "", "+861012345678");
	expect("+998 71 123 45 67", "", "+998711234567");
}

static void phone__unknown_country_code__rejected(void **state)
{
	(void)state;
	reject("+999 123 456 789");
	reject("+80 1234 5678");
}

static void phone__digit_count_limits__rejected(void **state)
{
	(void)state;
	reject("12345");
	reject("+44 1234");
	reject("+1 234 567 8901 2345");
	reject("+7 701 123 45 67 89");
	reject("1234567");
	reject("555-0123");
}

static void phone__all_same_digit__rejected(void **state)
{
	(void)state;
	reject("+7 777 777 77 77");
	reject("8 (999) 999-99-99");
	reject("0000000000");
	reject("01111111111");
	reject("(222) 222-2222");
}

static void phone__dates_and_times__rejected(void **state)
{
	(void)state;
	reject("2023-01-15");
	reject("15.01.2023");
	reject("12:30");
	reject("12.30");
}

static void phone__bad_punctuation__rejected(void **state)
{
	(void)state;
	reject("(212 555-0123");
	reject("212) 555-0123");
	reject("212--555-0123");
	reject("212-555-0123-");
	reject("++7 701 123 45 67");
	reject("7+701 123 45 67");
	reject("(212) (555) 0123");
	reject("212/555/0123");
	reject("");
}

static void phone__spaced_dash__accepted(void **state)
{
	(void)state;
	expect("212 - 555 - 0123", "US", "+12125550123");
}

static void phone_fake__nanp_555_01xx__detected(void **state)
{
	(void)state;
	assert_true(fake("(212) 555-0100"));
	assert_true(fake("+1 415 555 0199"));
	assert_false(fake("(212) 555-0200"));
	assert_false(fake("(212) 555-0099"));
	assert_false(fake("+1 415 867 5309"));
}

static void phone_fake__ofcom_drama__detected(void **state)
{
	(void)state;
	assert_true(fake("07700 900000"));
	assert_true(fake("07700 900999"));
	assert_true(fake("020 7946 0018"));
	assert_true(fake("+44 20 7946 0999"));
	assert_true(fake("01632 960123"));
	assert_true(fake("0113 496 0000"));
	assert_true(fake("0161 496 0123"));
	assert_true(fake("0191 498 0123"));
	assert_true(fake("029 2018 0123"));
	assert_true(fake("028 9018 0123"));
	assert_true(fake("0808 157 0123"));
	assert_true(fake("03069 990123"));
}

static void phone_fake__near_drama__not_fake(void **state)
{
	(void)state;
	assert_false(fake("07700 901000"));
	assert_false(fake("020 7946 1018"));
	assert_false(fake("0161 497 0123"));
	assert_false(fake("+7 701 123 45 67"));
	assert_false(dp_known_fake_phone(""));
	assert_false(dp_known_fake_phone("+1212555010"));
	assert_false(dp_known_fake_phone("+121255501000"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(phone__kz_international__kz),
		cmocka_unit_test(phone__ru_international__ru),
		cmocka_unit_test(phone__plus7_unassigned_digit__rejected),
		cmocka_unit_test(phone__trunk8_national__kz_or_ru),
		cmocka_unit_test(phone__eleven_digits_leading_7__treated_as_plus7),
		cmocka_unit_test(phone__us_national_formats__us),
		cmocka_unit_test(phone__nanp_bad_npa_or_nxx__rejected),
		cmocka_unit_test(phone__uk_national__gb),
		cmocka_unit_test(phone__uk_international__gb),
		cmocka_unit_test(phone__de_national__de),
		cmocka_unit_test(phone__de_international__de),
		cmocka_unit_test(phone__fr_national__fr),
		cmocka_unit_test(phone__fr_international__fr),
		cmocka_unit_test(phone__other_country_code__empty_iso),
		cmocka_unit_test(phone__unknown_country_code__rejected),
		cmocka_unit_test(phone__digit_count_limits__rejected),
		cmocka_unit_test(phone__all_same_digit__rejected),
		cmocka_unit_test(phone__dates_and_times__rejected),
		cmocka_unit_test(phone__bad_punctuation__rejected),
		cmocka_unit_test(phone__spaced_dash__accepted),
		cmocka_unit_test(phone_fake__nanp_555_01xx__detected),
		cmocka_unit_test(phone_fake__ofcom_drama__detected),
		cmocka_unit_test(phone_fake__near_drama__not_fake),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
