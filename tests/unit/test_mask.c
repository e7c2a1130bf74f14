/* test_mask.c - unit tests for the masked display of values (mask.h). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "mask.h"
#include "types.h"

static void check(int type, const char *value, const char *want)
{
	char out[256];
	size_t n = dp_mask(type, value, strlen(value), out, sizeof out);

	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void mask__email__first_chars_and_tld(void **state)
{
	(void)state;
	check(DP_T_EMAIL, "john.doe@example.com", "j*******@e******.com");
	check(DP_T_EMAIL, "a@b.io", "a@b.io");
	check(DP_T_EMAIL, "ivan@mail.example.co.uk", "i***@m**************.uk");
	check(DP_T_EMAIL, "x@localhost", "x@l********");
}

static void mask__email__no_at__generic(void **state)
{
	(void)state;
	check(DP_T_EMAIL, "john", "j***");
}

static void mask__card__keeps_separators_and_last4(void **state)
{
	(void)state;
	check(DP_T_CARD, "4111 1111 1111 1111", "**** **** **** 1111");
	check(DP_T_CARD, "4111111111111111", "************1111");
	check(DP_T_IBAN, "DE89 3704 0044 0532 0130 00", "**** **** **** **** **30 00");
}

static void mask__short_ids__last2(void **state)
{
	(void)state;
	check(DP_T_US_SSN, "123-45-6789", "***-**-**89");
	check(DP_T_PHONE, "+7 701 234 56 78", "+* *** *** 56 78");
	check(DP_T_KZ_IIN, "900101300123", "********0123");
	check(DP_T_PASSPORT, "AB12", "**12");
	check(DP_T_PASSPORT, "7", "*");
}

static void mask__phone__unicode_separators_kept(void **state)
{
	(void)state;
	/* NBSP and an en dash between the groups */
	check(DP_T_PHONE, "+44\xC2\xA0" "7700\xE2\x80\x93" "900123",
	      "+**\xC2\xA0****\xE2\x80\x93**0123");
}

static void mask__secret__fixed_length(void **state)
{
	(void)state;
	check(DP_T_AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE", "AKIA****");
	check(DP_T_GITHUB_TOKEN, "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "ghp_****");
	check(DP_T_GENERIC_SECRET, "abcdefgh", "ab****");
	check(DP_T_JWT, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig", "eyJh****");
}

static void mask__private_key__begin_only(void **state)
{
	(void)state;
	check(DP_T_PRIVATE_KEY, "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "-----BEGIN ****");
}

static void mask__url__userinfo_and_query_values(void **state)
{
	(void)state;
	check(DP_T_URL, "https://bob:hunter2@db.example.com:5432/app?token=abc&x=1#frag",
	      "https://****@db.example.com:5432/app?token=****&x=****#****");
	check(DP_T_URL, "https://h.example/p?flag", "https://h.example/p?****");
	check(DP_T_PASSWORD_IN_URL, "postgres://u:pw@db/x", "postgres://****@db/x");
	check(DP_T_PASSWORD_IN_URL, "hunter2hunter2hunter2", "hunt****");
}

static void mask__network__first_group(void **state)
{
	(void)state;
	check(DP_T_IPV4, "192.168.1.10", "192.*.*.*");
	check(DP_T_IPV6, "2001:db8::1", "2001:*::*");
	check(DP_T_IPV6, "::ffff:192.0.2.1", "::ffff:*.*.*.*");
	check(DP_T_MAC, "00:1A:2B:3C:4D:5E", "00:**:**:**:**:**");
}

static void mask__person__code_points_not_bytes(void **state)
{
	(void)state;
	check(DP_T_PERSON, "\xD0\x98\xD0\xB2\xD0\xB0\xD0\xBD", "\xD0\x98***");   /* Иван */
	check(DP_T_ADDRESS, "12 Main St", "1*********");
	check(DP_T_BUILTIN_COUNT + 3, "Project X", "P********");
}

static void mask__invalid_utf8__question_mark(void **state)
{
	(void)state;
	check(DP_T_PERSON, "\xFF\xFE" "ab", "?***");
}

static void mask__small_buffer__never_overflows_or_splits(void **state)
{
	char out[8];
	size_t n;

	(void)state;
	memset(out, 'X', sizeof out);
	n = dp_mask(DP_T_CARD, "4111 1111 1111 1111", 19, out, 5);
	assert_int_equal(n, 4);
	assert_string_equal(out, "****");
	assert_int_equal(out[5], 'X');
	/* "И" is 2 bytes: with room for 1 byte, nothing may be written */
	n = dp_mask(DP_T_PERSON, "\xD0\x98\xD0\xB2", 4, out, 2);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
	n = dp_mask(DP_T_PERSON, "abc", 3, out, 0);
	assert_int_equal(n, 0);
}

static void mask__empty__empty(void **state)
{
	char out[4] = "zz";

	(void)state;
	assert_int_equal(dp_mask(DP_T_EMAIL, "", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	assert_int_equal(dp_mask(DP_T_EMAIL, NULL, 3, out, sizeof out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mask__email__first_chars_and_tld),
		cmocka_unit_test(mask__email__no_at__generic),
		cmocka_unit_test(mask__card__keeps_separators_and_last4),
		cmocka_unit_test(mask__short_ids__last2),
		cmocka_unit_test(mask__phone__unicode_separators_kept),
		cmocka_unit_test(mask__secret__fixed_length),
		cmocka_unit_test(mask__private_key__begin_only),
		cmocka_unit_test(mask__url__userinfo_and_query_values),
		cmocka_unit_test(mask__network__first_group),
		cmocka_unit_test(mask__person__code_points_not_bytes),
		cmocka_unit_test(mask__invalid_utf8__question_mark),
		cmocka_unit_test(mask__small_buffer__never_overflows_or_splits),
		cmocka_unit_test(mask__empty__empty),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
