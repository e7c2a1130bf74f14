/* test_normalize.c - NFKC with offsets into the original bytes. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "normalize.h"

static void normalize__ascii__returned_unchanged(void **state)
{
	dp_norm *n = dp_norm_new();
	const char *in = "plain ascii 123";
	size_t len;

	(void)state;
	assert_ptr_equal(dp_norm_nfkc(n, in, strlen(in), &len), in);
	assert_int_equal(len, strlen(in));
	assert_int_equal(dp_norm_changed(n), 0);
	assert_int_equal(dp_norm_orig_start(n, 3), 3);
	dp_norm_free(n);
}

static void normalize__stable_cyrillic__not_copied(void **state)
{
	dp_norm *n = dp_norm_new();
	const char *in = "Привет, мир й ё";
	size_t len;

	(void)state;
	assert_ptr_equal(dp_norm_nfkc(n, in, strlen(in), &len), in);
	dp_norm_free(n);
}

static void normalize__fullwidth_digits__mapped_back(void **state)
{
	dp_norm *n = dp_norm_new();
	const char *in = "ab\xef\xbc\x91\xef\xbc\x92z";   /* ab１２z */
	size_t len;
	const char *out = dp_norm_nfkc(n, in, strlen(in), &len);

	(void)state;
	assert_int_equal(len, 5);
	assert_memory_equal(out, "ab12z", 5);
	assert_int_equal(dp_norm_orig_start(n, 2), 2);
	assert_int_equal(dp_norm_orig_start(n, 3), 5);
	assert_int_equal(dp_norm_orig_end(n, 4), 8);
	assert_int_equal(dp_norm_orig_end(n, 5), strlen(in));
	dp_norm_free(n);
}

static void normalize__nbsp_and_dashes__folded(void **state)
{
	dp_norm *n = dp_norm_new();
	const char *in = "1\xc2\xa0" "2\xe2\x80\x91" "3\xe2\x88\x92" "4";
	size_t len;
	const char *out = dp_norm_nfkc(n, in, strlen(in), &len);

	(void)state;
	assert_int_equal(len, 7);
	assert_memory_equal(out, "1 2-3-4", 7);
	assert_int_equal(dp_norm_orig_start(n, 6), strlen(in) - 1);
	dp_norm_free(n);
}

static void normalize__ligature_split__end_extends_to_cluster(void **state)
{
	dp_norm *n = dp_norm_new();
	const char *in = "x\xef\xac\x81y";   /* xﬁy -> xfiy */
	size_t len;
	const char *out = dp_norm_nfkc(n, in, strlen(in), &len);

	(void)state;
	assert_memory_equal(out, "xfiy", 4);
	/* a span ending between f and i ends after the whole ligature */
	assert_int_equal(dp_norm_orig_end(n, 2), 4);
	assert_int_equal(dp_norm_orig_start(n, 2), 1);
	dp_norm_free(n);
}

static void normalize__nfd_cyrillic__composed(void **state)
{
	dp_norm *n = dp_norm_new();
	const char *in = "\xd0\xb8\xcc\x86" "a";   /* и + combining breve */
	size_t len;
	const char *out = dp_norm_nfkc(n, in, strlen(in), &len);

	(void)state;
	assert_int_equal(len, 3);
	assert_memory_equal(out, "\xd0\xb9" "a", 3);
	assert_int_equal(dp_norm_orig_start(n, 2), 4);
	dp_norm_free(n);
}

static void normalize__invalid_utf8__copied_through(void **state)
{
	dp_norm *n = dp_norm_new();
	const char in[] = "\xff\xef\xbc\x91\xc0\x80z";
	size_t len;
	const char *out = dp_norm_nfkc(n, in, sizeof in - 1, &len);

	(void)state;
	assert_int_equal(len, 5);
	assert_memory_equal(out, "\xff" "1" "\xc0\x80z", 5);
	assert_int_equal(dp_norm_orig_start(n, 1), 1);
	assert_int_equal(dp_norm_orig_start(n, 2), 4);
	dp_norm_free(n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalize__ascii__returned_unchanged),
		cmocka_unit_test(normalize__stable_cyrillic__not_copied),
		cmocka_unit_test(normalize__fullwidth_digits__mapped_back),
		cmocka_unit_test(normalize__nbsp_and_dashes__folded),
		cmocka_unit_test(normalize__ligature_split__end_extends_to_cluster),
		cmocka_unit_test(normalize__nfd_cyrillic__composed),
		cmocka_unit_test(normalize__invalid_utf8__copied_through),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
