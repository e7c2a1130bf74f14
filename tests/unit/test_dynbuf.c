/* test_dynbuf.c - the capped growable buffer. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dynbuf.h"

static void dynbuf__appends__grow_and_terminate(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 20);
	for (int i = 0; i < 1000; i++)
		assert_int_equal(dp_buf_adds(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(b.data[b.len], '\0');
	assert_int_equal(dp_buf_printf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(b.data + 3000, "42-x");
	dp_buf_free(&b);
}

static void dynbuf__cap__refused_and_unchanged(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 10);
	assert_int_equal(dp_buf_add(&b, "0123456789", 10), 0);
	assert_int_equal(dp_buf_addc(&b, 'x'), -1);
	assert_int_equal(b.len, 10);
	assert_memory_equal(b.data, "0123456789", 10);
	assert_int_equal(dp_buf_printf(&b, "%s", "y"), -1);
	dp_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_int_equal(dp_buf_addc(&b, 'z'), 0);
	dp_buf_free(&b);
}

static void dynbuf__overflowing_size__refused(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, (size_t)-1);
	assert_int_equal(dp_buf_add(&b, "a", 1), 0);
	assert_int_equal(dp_buf_reserve(&b, (size_t)-1), -1);
	dp_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dynbuf__appends__grow_and_terminate),
		cmocka_unit_test(dynbuf__cap__refused_and_unchanged),
		cmocka_unit_test(dynbuf__overflowing_size__refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
