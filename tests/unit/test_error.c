/* test_error.c - the error context: codes, file/line, one-line messages. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "dp_exit.h"
#include "error.h"

static void error__set__returns_code_and_formats(void **state)
{
	dp_err e;

	(void)state;
	dp_err_clear(&e);
	assert_int_equal(dp_err_set(&e, DP_DATAERR, "bad %s at %d", "thing", 7), DP_DATAERR);
	assert_int_equal(e.code, DP_DATAERR);
	assert_string_equal(e.msg, "bad thing at 7");
	assert_string_equal(e.file, "");
	assert_int_equal(e.line, 0);
}

static void error__setf__records_file_and_line(void **state)
{
	dp_err e;

	(void)state;
	dp_err_setf(&e, DP_CONFIG, "rules.json", 12, "unknown key");
	assert_string_equal(e.file, "rules.json");
	assert_int_equal(e.line, 12);
	assert_int_equal(e.code, DP_CONFIG);
}

static void error__newlines__flattened_to_one_line(void **state)
{
	dp_err e;

	(void)state;
	dp_err_set(&e, DP_IOERR, "a\nb\rc");
	assert_string_equal(e.msg, "a b c");
}

static void error__long_message__truncated_safely(void **state)
{
	dp_err e;
	char big[2000];

	(void)state;
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	dp_err_set(&e, DP_IOERR, "%s", big);
	assert_int_equal(strlen(e.msg), DP_ERR_MSG_MAX - 1);
}

static void error__null_context__still_returns_code(void **state)
{
	(void)state;
	assert_int_equal(dp_err_set(NULL, DP_NOINPUT, "x"), DP_NOINPUT);
	dp_err_clear(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(error__set__returns_code_and_formats),
		cmocka_unit_test(error__setf__records_file_and_line),
		cmocka_unit_test(error__newlines__flattened_to_one_line),
		cmocka_unit_test(error__long_message__truncated_safely),
		cmocka_unit_test(error__null_context__still_returns_code),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
