/* test_json_scan.c - unit tests of the validating JSON tokenizer (json_scan.h). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "json_scan.h"

#define MAXS 64

/* one reported string, copied out of the scanner's scratch during the callback */
struct seen {
	int is_key;
	size_t raw_start, raw_end, len;
	char str[256];
	char ptr[2048];
	size_t map[256];   /* dp_json_raw_offset for 0..len */
};

struct coll {
	const dp_json_scanner *js;
	size_t n;
	struct seen s[MAXS];
	int stop_at;       /* return 7 from this callback (1-based); 0 never */
};

static int collect(const dp_json_string *s, void *ud)
{
	struct coll *c = ud;
	struct seen *e;

	assert_true(c->n < MAXS);
	e = &c->s[c->n++];
	assert_true(s->len < sizeof e->str);
	assert_int_equal(s->str[s->len], '\0');
	e->is_key = s->is_key;
	e->raw_start = s->raw_start;
	e->raw_end = s->raw_end;
	e->len = s->len;
	memcpy(e->str, s->str, s->len + 1);
	snprintf(e->ptr, sizeof e->ptr, "%s", s->pointer);
	for (size_t i = 0; i <= s->len; i++)
		e->map[i] = dp_json_raw_offset(c->js, i);
	assert_int_equal(e->map[s->len], s->raw_end - 1);
	return c->stop_at && (int)c->n == c->stop_at ? 7 : 0;
}

static int scan_len(const char *in, size_t len, size_t max, struct coll *c, dp_err *err)
{
	dp_json_scanner *js = dp_json_new(max);
	int rc;

	assert_non_null(js);
	c->js = js;
	dp_err_clear(err);
	rc = dp_json_scan(js, in, len, collect, c, err);
	dp_json_free(js);
	return rc;
}

static int scan(const char *in, struct coll *c, dp_err *err)
{
	return scan_len(in, strlen(in), 1 << 20, c, err);
}

static void expect_ok(const char *in)
{
	struct coll c = {0};
	dp_err err;

	if (scan(in, &c, &err) != 0)
		fail_msg("'%s' rejected: %s", in, err.msg);
}

static void expect_err(const char *in, const char *msg)
{
	struct coll c = {0};
	dp_err err;
	int rc = scan(in, &c, &err);

	if (rc != DP_DATAERR)
		fail_msg("'%s' gave %d, wanted DP_DATAERR", in, rc);
	assert_int_equal(err.code, DP_DATAERR);
	assert_string_equal(err.msg, msg);
}

static void json_scan__flat_object__keys_and_values_reported(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("{\"name\":\"Ann\",\"age\":3}", &c, &err), 0);
	assert_int_equal(c.n, 3);
	assert_int_equal(c.s[0].is_key, 1);
	assert_string_equal(c.s[0].str, "name");
	assert_string_equal(c.s[0].ptr, "/name");
	assert_int_equal(c.s[0].raw_start, 1);
	assert_int_equal(c.s[0].raw_end, 7);
	assert_int_equal(c.s[1].is_key, 0);
	assert_string_equal(c.s[1].str, "Ann");
	assert_string_equal(c.s[1].ptr, "/name");
	assert_int_equal(c.s[1].raw_start, 8);
	assert_int_equal(c.s[1].raw_end, 13);
	assert_int_equal(c.s[1].map[0], 9);
	assert_string_equal(c.s[2].str, "age");
	assert_string_equal(c.s[2].ptr, "/age");
}

static void json_scan__nested_containers__pointers_with_indices(void **state)
{
	struct coll c = {0};
	dp_err err;
	const char *in = "{\"a\":{\"b\":[1,\"x\",{\"c\":\"y\"},[]]},\"d\":[[\"z\"]],\"e\":{}}";

	(void)state;
	assert_int_equal(scan(in, &c, &err), 0);
	assert_int_equal(c.n, 8);
	assert_string_equal(c.s[0].ptr, "/a");
	assert_string_equal(c.s[1].ptr, "/a/b");
	assert_string_equal(c.s[2].str, "x");
	assert_string_equal(c.s[2].ptr, "/a/b/1");
	assert_string_equal(c.s[3].ptr, "/a/b/2/c");
	assert_int_equal(c.s[3].is_key, 1);
	assert_string_equal(c.s[4].ptr, "/a/b/2/c");
	assert_int_equal(c.s[4].is_key, 0);
	assert_string_equal(c.s[5].ptr, "/d");
	assert_string_equal(c.s[6].str, "z");
	assert_string_equal(c.s[6].ptr, "/d/0/0");
	assert_string_equal(c.s[7].ptr, "/e");
}

static void json_scan__many_elements__multi_digit_index(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("[0,1,2,3,4,5,6,7,8,9,10,\"k\"]", &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.s[0].ptr, "/11");
}

static void json_scan__keys_with_tilde_and_slash__escaped_pointer(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("{\"a/b\":{\"m~n\":\"v\",\"~/\":\"w\"},\"\":\"e\"}", &c, &err), 0);
	assert_int_equal(c.n, 7);
	assert_string_equal(c.s[0].ptr, "/a~1b");
	assert_string_equal(c.s[1].ptr, "/a~1b/m~0n");
	assert_string_equal(c.s[2].str, "v");
	assert_string_equal(c.s[2].ptr, "/a~1b/m~0n");
	assert_string_equal(c.s[3].str, "~/");
	assert_string_equal(c.s[3].ptr, "/a~1b/~0~1");
	assert_string_equal(c.s[4].str, "w");
	assert_string_equal(c.s[4].ptr, "/a~1b/~0~1");
	assert_string_equal(c.s[5].str, "");
	assert_string_equal(c.s[5].ptr, "/");
	assert_string_equal(c.s[6].str, "e");
	assert_string_equal(c.s[6].ptr, "/");
}

static void json_scan__escaped_key__pointer_from_decoded_key(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("{\"a\\u002fb\\u007e\":[\"v\"]}", &c, &err), 0);
	assert_string_equal(c.s[0].str, "a/b~");
	assert_string_equal(c.s[0].ptr, "/a~1b~0");
	assert_string_equal(c.s[1].ptr, "/a~1b~0/0");
}

static void json_scan__top_level_scalars__root_pointer(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("  \"x\"  ", &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_string_equal(c.s[0].ptr, "");
	assert_int_equal(c.s[0].raw_start, 2);
	expect_ok("42");
	expect_ok("true");
	expect_ok("null");
	expect_ok("[]");
	expect_ok("{}");
}

static void json_scan__escaped_unicode__decoded_and_mapped(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	/* {"k":"a\nb\u00e9c"}: quote at 5, a 6, \n 7-8, b 9, \u00e9 10-15, c 16, quote 17 */
	assert_int_equal(scan("{\"k\":\"a\\nb\\u00e9c\"}", &c, &err), 0);
	assert_int_equal(c.s[1].len, 6);
	assert_memory_equal(c.s[1].str, "a\nb\xc3\xa9" "c", 6);
	assert_int_equal(c.s[1].map[0], 6);
	assert_int_equal(c.s[1].map[1], 7);
	assert_int_equal(c.s[1].map[2], 9);
	assert_int_equal(c.s[1].map[3], 10);
	assert_int_equal(c.s[1].map[4], 10);   /* inside an escape: the escape's start */
	assert_int_equal(c.s[1].map[5], 16);
	assert_int_equal(c.s[1].map[6], 17);
}

static void json_scan__surrogate_pair__one_code_point_mapped(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("\"\\ud83d\\ude00x\\uD834\\uDD1E\"", &c, &err), 0);
	assert_int_equal(c.s[0].len, 9);
	assert_memory_equal(c.s[0].str, "\xf0\x9f\x98\x80x\xf0\x9d\x84\x9e", 9);
	assert_int_equal(c.s[0].map[0], 1);
	assert_int_equal(c.s[0].map[3], 1);
	assert_int_equal(c.s[0].map[4], 13);
	assert_int_equal(c.s[0].map[5], 14);
	assert_int_equal(c.s[0].map[9], 26);
}

static void json_scan__lone_surrogates__replacement_char(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("[\"\\ud800x\",\"\\udc00\",\"\\ud800\\u0041\",\"\\ud800\\ud800\"]", &c,
	                      &err), 0);
	assert_int_equal(c.n, 4);
	assert_string_equal(c.s[0].str, "\xef\xbf\xbdx");
	assert_int_equal(c.s[0].map[3], 8);
	assert_string_equal(c.s[1].str, "\xef\xbf\xbd");
	assert_string_equal(c.s[2].str, "\xef\xbf\xbd" "A");
	assert_int_equal(c.s[2].map[3], 27);
	assert_string_equal(c.s[3].str, "\xef\xbf\xbd\xef\xbf\xbd");
}

static void json_scan__simple_escapes__decoded(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0000z\"", &c, &err), 0);
	assert_int_equal(c.s[0].len, 10);
	assert_memory_equal(c.s[0].str, "\"\\/\b\f\n\r\t\0z", 10);
	assert_int_equal(c.s[0].map[9], 23);
}

static void json_scan__invalid_utf8__passed_through(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("{\"k\xff\":\"\xfe ok \xc3\x7f\xed\xa0\x80\"}", &c, &err), 0);
	assert_string_equal(c.s[0].str, "k\xff");
	assert_string_equal(c.s[0].ptr, "/k\xff");
	assert_string_equal(c.s[1].str, "\xfe ok \xc3\x7f\xed\xa0\x80");
	assert_int_equal(c.s[1].map[4], 11);
}

static void json_scan__line_endings__crlf_and_lf_accepted(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	expect_ok("{\"a\":\"b\"}\r\n");
	expect_ok("{\"a\":\"b\"}\n");
	expect_ok(" \t{ \"a\" :\r\n[ \"b\" , \"c\" ] }\t \r\n");
	assert_int_equal(scan("{\"a\":\"b\"}\r\n", &c, &err), 0);
	assert_int_equal(c.s[1].raw_end, 8);
}

static void json_scan__utf8_bom__ignored(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan("\xEF\xBB\xBF{\"a\":\"b\"}\n", &c, &err), 0);
	assert_int_equal(c.s[1].raw_start, 8);
	expect_err("\xEF\xBB\xBF", "empty line");
	expect_err("\xEF\xBB{}", "column 1: expected a value");
	expect_err("{}\xEF\xBB\xBF", "column 3: unexpected data after the JSON value");
}

static void json_scan__empty_line__error(void **state)
{
	(void)state;
	expect_err("", "empty line");
	expect_err("\r\n", "empty line");
	expect_err("  \t\n", "empty line");
}

static void json_scan__valid_numbers__accepted(void **state)
{
	(void)state;
	expect_ok("0");
	expect_ok("-0");
	expect_ok("123");
	expect_ok("1.5");
	expect_ok("-1.5e10");
	expect_ok("1E+2");
	expect_ok("1e-2");
	expect_ok("0.0e0");
	expect_ok("[0,-0,1e5,10,-10.25E-3]");
	expect_ok("{\"n\":-9007199254740993}");
}

static void json_scan__invalid_numbers__error_with_column(void **state)
{
	(void)state;
	expect_err("01", "column 2: invalid number, leading zeros are not allowed");
	expect_err("[-012]", "column 4: invalid number, leading zeros are not allowed");
	expect_err("1.", "column 3: invalid number, expected a digit after '.'");
	expect_err("1.e5", "column 3: invalid number, expected a digit after '.'");
	expect_err("-", "column 2: invalid number, expected a digit after '-'");
	expect_err("-a", "column 2: invalid number, expected a digit after '-'");
	expect_err("1e", "column 3: invalid number, expected a digit in the exponent");
	expect_err("1e+", "column 4: invalid number, expected a digit in the exponent");
	expect_err(".5", "column 1: expected a value");
	expect_err("+1", "column 1: expected a value");
	expect_err("1x", "column 2: unexpected data after the JSON value");
	expect_err("[1x]", "column 3: expected ',' or ']' after array element");
}

static void json_scan__literals__checked(void **state)
{
	(void)state;
	expect_ok("[true,false,null]");
	expect_err("tru", "column 1: invalid literal, expected 'true'");
	expect_err("[nul]", "column 2: invalid literal, expected 'null'");
	expect_err("{\"a\":fals}", "column 6: invalid literal, expected 'false'");
	expect_err("True", "column 1: expected a value");
	expect_err("truex", "column 5: unexpected data after the JSON value");
}

static void json_scan__structure_errors__column_and_expectation(void **state)
{
	(void)state;
	expect_err("{\"a\":1 \"b\":2}", "column 8: expected ',' or '}' after object member");
	expect_err("[1 2]", "column 4: expected ',' or ']' after array element");
	expect_err("{\"a\" 1}", "column 6: expected ':' after object key");
	expect_err("{1:2}", "column 2: expected '\"' to start an object key or '}'");
	expect_err("{\"a\":1,}", "column 8: expected '\"' to start an object key");
	expect_err("[1,]", "column 4: expected a value");
	expect_err("[,1]", "column 2: expected a value");
	expect_err("{\"a\":}", "column 6: expected a value");
	expect_err("]", "column 1: expected a value");
	expect_err("{\"a\":1", "column 7: unexpected end of line, expected ',' or '}' after object member");
	expect_err("[1,\n", "column 5: unexpected end of line, expected a value");
	expect_err("{\"a\"", "column 5: unexpected end of line, expected ':' after object key");
	expect_err("{", "column 2: unexpected end of line, expected '\"' to start an object key or '}'");
	expect_err("{} x", "column 4: unexpected data after the JSON value");
	expect_err("{}{}", "column 3: unexpected data after the JSON value");
	expect_err("[1]]", "column 4: unexpected data after the JSON value");
	expect_err("{\"a\":1]", "column 7: expected ',' or '}' after object member");
}

static void json_scan__string_errors__column_and_reason(void **state)
{
	(void)state;
	expect_err("\"abc", "column 1: unterminated string");
	expect_err("[\"a\\", "column 2: unterminated string");
	expect_err("[\"a\\\"]", "column 2: unterminated string");
	expect_err("\"a\x01" "b\"", "column 3: unescaped control character in string");
	expect_err("\"a\tb\"", "column 3: unescaped control character in string");
	expect_err("\"a\nb\"", "column 3: unescaped control character in string");
	expect_err("{\"a\":\"abc\r\n", "column 6: unterminated string");
	expect_err("[\"abc\n", "column 2: unterminated string");
	expect_err("[\"abc\n\t", "column 6: unescaped control character in string");
	expect_err("\"a\\qb\"", "column 3: invalid escape sequence in string");
	expect_err("\"a\\U0041\"", "column 3: invalid escape sequence in string");
	expect_err("\"\\u12g4\"", "column 2: invalid \\u escape, expected 4 hex digits");
	expect_err("\"\\u12\"", "column 2: invalid \\u escape, expected 4 hex digits");
	expect_err("\"\\u12", "column 2: invalid \\u escape, expected 4 hex digits");
	expect_err("\"\\ud800\\uzzzz\"", "column 8: invalid \\u escape, expected 4 hex digits");
	expect_err("{'a':1}", "column 2: expected '\"' to start an object key or '}'");
}

static void json_scan__raw_nul_byte__error_not_truncation(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan_len("\"a\0b\"", 5, 100, &c, &err), DP_DATAERR);
	assert_string_equal(err.msg, "column 3: unescaped control character in string");
	assert_int_equal(scan_len("{}\0", 3, 100, &c, &err), DP_DATAERR);
	assert_string_equal(err.msg, "column 3: unexpected data after the JSON value");
	/* fuzz finding (harness): jansson stops at a NUL byte; the scanner must not */
	assert_int_equal(scan_len("false\0", 6, 100, &c, &err), DP_DATAERR);
	assert_string_equal(err.msg, "column 6: unexpected data after the JSON value");
	/* input need not be NUL-terminated: only len bytes are read */
	assert_int_equal(scan_len("[1]]", 3, 100, &c, &err), 0);
}

static char *nest(size_t depth, const char *open, const char *inner, const char *close)
{
	size_t ol = strlen(open), cl = strlen(close), il = strlen(inner);
	char *s = malloc(depth * (ol + cl) + il + 1), *p = s;

	assert_non_null(s);
	for (size_t i = 0; i < depth; i++, p += ol)
		memcpy(p, open, ol);
	memcpy(p, inner, il);
	p += il;
	for (size_t i = 0; i < depth; i++, p += cl)
		memcpy(p, close, cl);
	*p = '\0';
	return s;
}

static void json_scan__depth_limit__enforced_at_max(void **state)
{
	struct coll c = {0};
	dp_err err;
	char *ok = nest(DP_JSON_MAX_DEPTH, "[", "\"deep\"", "]");
	char *bad = nest(DP_JSON_MAX_DEPTH + 1, "[", "", "]");
	char *objs = nest(DP_JSON_MAX_DEPTH / 2, "{\"k\":[", "1", "]}");
	char msg[128];
	dp_json_scanner *js;

	(void)state;
	assert_int_equal(scan(ok, &c, &err), 0);
	assert_int_equal(c.n, 1);
	assert_int_equal(strlen(c.s[0].ptr), 2 * DP_JSON_MAX_DEPTH);
	snprintf(msg, sizeof msg, "column %d: nesting deeper than %d levels",
	         DP_JSON_MAX_DEPTH + 1, DP_JSON_MAX_DEPTH);
	expect_err(bad, msg);
	js = dp_json_new(100);
	assert_int_equal(dp_json_scan(js, objs, strlen(objs), NULL, NULL, &err), 0);
	dp_json_free(js);
	free(ok);
	free(bad);
	free(objs);
}

static void json_scan__string_cap__dataerr(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	assert_int_equal(scan_len("[\"abcde\"]", 9, 5, &c, &err), 0);
	assert_int_equal(scan_len("[\"abcdef\"]", 10, 5, &c, &err), DP_DATAERR);
	assert_string_equal(err.msg, "column 2: string longer than 5 bytes");
	/* the cap counts decoded bytes: three e-acute are 6 bytes */
	assert_int_equal(scan_len("[\"\\u00e9\\u00e9\\u00e9\"]", 22, 5, &c, &err), DP_DATAERR);
	assert_string_equal(err.msg, "column 2: string longer than 5 bytes");
	assert_int_equal(scan_len("{\"longkey\":1}", 13, 5, &c, &err), DP_DATAERR);
	assert_string_equal(err.msg, "column 2: string longer than 5 bytes");
	assert_int_equal(scan_len("\"\"", 2, 0, &c, &err), 0);
}

static void json_scan__callback_nonzero__stops_and_returned(void **state)
{
	struct coll c = {0};
	dp_err err;

	(void)state;
	c.stop_at = 2;
	assert_int_equal(scan("[\"a\",\"b\",\"c\"]", &c, &err), 7);
	assert_int_equal(c.n, 2);
}

static void json_scan__scanner_reused__state_reset(void **state)
{
	dp_json_scanner *js = dp_json_new(100);
	struct coll c = {0};
	dp_err err;

	(void)state;
	c.js = js;
	assert_int_equal(dp_json_scan(js, "{\"a\":[[\"\\n", 10, collect, &c, &err), DP_DATAERR);
	c.n = 0;
	assert_int_equal(dp_json_scan(js, "{\"b\":\"xy\"}", 10, collect, &c, &err), 0);
	assert_int_equal(c.n, 2);
	assert_string_equal(c.s[1].ptr, "/b");
	assert_int_equal(c.s[1].map[1], 7);
	assert_int_equal(dp_json_scan(js, "{}", 2, NULL, NULL, &err), 0);
	dp_json_free(js);
	dp_json_free(NULL);
}

/* every position of an escape, a quote or a control byte around the 8-byte fast path */
static void json_scan__escape_at_every_position__fast_path_exact(void **state)
{
	char in[64], want[64];
	struct coll c = {0};
	dp_err err;

	(void)state;
	for (size_t n = 0; n < 40; n++) {
		for (size_t at = 0; at <= n; at++) {
			size_t k = 0, w = 0;

			in[k++] = '"';
			for (size_t i = 0; i < n; i++) {
				if (i == at) {
					memcpy(in + k, "\\t", 2);
					k += 2;
					want[w++] = '\t';
				}
				in[k++] = (char)(i % 3 ? 'a' + i % 26 : 0x80 + i);
				want[w++] = in[k - 1];
			}
			in[k++] = '"';
			c.n = 0;
			assert_int_equal(scan_len(in, k, 100, &c, &err), 0);
			assert_int_equal(c.s[0].len, w);
			assert_memory_equal(c.s[0].str, want, w);
			if (at < n)
				assert_int_equal(c.s[0].map[at + 1], at + 3);
			in[k - 1] = 0x1f;   /* replace the closing quote by a control byte */
			in[k++] = '"';
			assert_int_equal(scan_len(in, k, 100, &c, &err), DP_DATAERR);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_scan__flat_object__keys_and_values_reported),
		cmocka_unit_test(json_scan__nested_containers__pointers_with_indices),
		cmocka_unit_test(json_scan__many_elements__multi_digit_index),
		cmocka_unit_test(json_scan__keys_with_tilde_and_slash__escaped_pointer),
		cmocka_unit_test(json_scan__escaped_key__pointer_from_decoded_key),
		cmocka_unit_test(json_scan__top_level_scalars__root_pointer),
		cmocka_unit_test(json_scan__escaped_unicode__decoded_and_mapped),
		cmocka_unit_test(json_scan__surrogate_pair__one_code_point_mapped),
		cmocka_unit_test(json_scan__lone_surrogates__replacement_char),
		cmocka_unit_test(json_scan__simple_escapes__decoded),
		cmocka_unit_test(json_scan__invalid_utf8__passed_through),
		cmocka_unit_test(json_scan__line_endings__crlf_and_lf_accepted),
		cmocka_unit_test(json_scan__utf8_bom__ignored),
		cmocka_unit_test(json_scan__empty_line__error),
		cmocka_unit_test(json_scan__valid_numbers__accepted),
		cmocka_unit_test(json_scan__invalid_numbers__error_with_column),
		cmocka_unit_test(json_scan__literals__checked),
		cmocka_unit_test(json_scan__structure_errors__column_and_expectation),
		cmocka_unit_test(json_scan__string_errors__column_and_reason),
		cmocka_unit_test(json_scan__raw_nul_byte__error_not_truncation),
		cmocka_unit_test(json_scan__depth_limit__enforced_at_max),
		cmocka_unit_test(json_scan__string_cap__dataerr),
		cmocka_unit_test(json_scan__callback_nonzero__stops_and_returned),
		cmocka_unit_test(json_scan__scanner_reused__state_reset),
		cmocka_unit_test(json_scan__escape_at_every_position__fast_path_exact),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
