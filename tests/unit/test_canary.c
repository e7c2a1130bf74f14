/* tests/unit/test_canary.c - the canary registry (lib/canary.c): loading, origins, errors
 * with file and line, limits, duplicates, and the literal search (longest value at a
 * position, no overlaps, values without a common prefix, a large registry). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canary.h"
#include "dp_exit.h"

static char path[64];

/* writes text to a fresh temporary registry file */
static const char *registry(const char *text)
{
	FILE *f;
	int fd;

	strcpy(path, "/tmp/dp-canary-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static dp_canary_set *load_ok(const char *text)
{
	dp_canary_set *s = NULL;
	dp_err err;

	dp_err_clear(&err);
	if (dp_canary_load(registry(text), &s, &err) != 0)
		fail_msg("load failed: %s:%ld: %s", err.file, err.line, err.msg);
	unlink(path);
	return s;
}

static void load_bad(const char *text, int code, long line)
{
	dp_canary_set *s = (dp_canary_set *)1;
	dp_err err;

	dp_err_clear(&err);
	assert_int_equal(dp_canary_load(registry(text), &s, &err), code);
	assert_null(s);
	assert_int_equal(err.line, line);
	assert_string_equal(err.file, path);
	unlink(path);
}

/* the hits as "start-end origin;" */
typedef struct hits {
	char text[1024];
	int n;
} hits;

static int on_hit(const dp_canary_hit *h, void *ud)
{
	hits *x = ud;
	size_t k = strlen(x->text);

	assert_int_equal(h->value[h->value_len], '\0');
	snprintf(x->text + k, sizeof x->text - k, "%zu-%zu %s;", h->start, h->end, h->origin);
	x->n++;
	return 0;
}

static hits find(const dp_canary_set *s, const char *buf)
{
	hits x = {"", 0};

	assert_int_equal(dp_canary_find(s, buf, strlen(buf), on_hit, &x), 0);
	return x;
}

static void canary__registry_lines__origins_named(void **state)
{
	dp_canary_set *s = load_ok(
		"{\"canary\":\"dpc-3f9a0c5e71b2@canary.example.com\",\"type\":\"email\","
		"\"template\":\"support-ticket\",\"table\":\"ticket\",\"record\":17,\"seed\":\"7\"}\n"
		"\n   \n"
		"{\"canary\":\"dpc-000000000001\",\"record\":\"c-42\"}\n"
		"{\"canary\":\"dpc-000000000002\",\"template\":\"t\\nx\"}\n"
		"{\"canary\":\"dpc-000000000003\"}\n");
	hits x;

	(void)state;
	assert_int_equal(dp_canary_count(s), 4);
	x = find(s, "a dpc-3f9a0c5e71b2@canary.example.com b dpc-000000000001 dpc-000000000002"
	            " dpc-000000000003 dpc-000000000004");
	assert_string_equal(x.text, "2-37 support-ticket ticket record 17;40-56 record c-42;"
	                            "57-73 t?x;74-90 registry line 6;");
	dp_canary_free(s);
}

static void canary__not_present__no_hits(void **state)
{
	dp_canary_set *s = load_ok("{\"canary\":\"dpc-3f9a0c5e71b2\"}\n");

	(void)state;
	assert_int_equal(find(s, "dpc-3f9a0c5e71b dpc-3F9A0C5E71B2 dpc-").n, 0);
	assert_int_equal(find(s, "").n, 0);
	assert_int_equal(dp_canary_find(s, NULL, 0, on_hit, NULL), 0);
	assert_int_equal(find(s, "dpc-3f9a0c5e71b2").n, 1);   /* the whole buffer */
	dp_canary_free(s);
}

static void canary__prefix_of_another__longest_wins_no_overlap(void **state)
{
	dp_canary_set *s = load_ok("{\"canary\":\"ABCDEFGH\",\"record\":1}\n"
	                           "{\"canary\":\"ABCDEFGHIJ\",\"record\":2}\n"
	                           "{\"canary\":\"GHIJKLMN\",\"record\":3}\n"
	                           "{\"canary\":\"ABCDEFGH\",\"record\":4}\n");

	(void)state;
	assert_int_equal(dp_canary_count(s), 3);   /* the duplicate keeps its first line */
	assert_string_equal(find(s, "xABCDEFGHIJKLMN ABCDEFGH").text,
	                    "1-11 record 2;16-24 record 1;");
	assert_string_equal(find(s, "GHIJKLMN").text, "0-8 record 3;");
	dp_canary_free(s);
}

/* no common prefix: the first-pair table finds values of any first bytes */
static void canary__mixed_first_bytes__all_found(void **state)
{
	dp_canary_set *s = load_ok("{\"canary\":\"\\u00e9t\\u00e9-canary\"}\n"
	                           "{\"canary\":\"zz-token-1\"}\n"
	                           "{\"canary\":\"has \\\"quote\\\" x\"}\n");
	hits x;

	(void)state;
	x = find(s, "..été-canary..zz-token-1..has \"quote\" x");
	assert_int_equal(x.n, 3);
	dp_canary_free(s);
}

static void canary__bad_lines__dataerr_with_line(void **state)
{
	(void)state;
	load_bad("{\"canary\":\"dpc-000000000001\"}\n{oops\n", DP_DATAERR, 2);
	load_bad("[\"dpc-000000000001\"]\n", DP_DATAERR, 1);
	load_bad("{\"value\":\"dpc-000000000001\"}\n", DP_DATAERR, 1);
	load_bad("{\"canary\":12345678901}\n", DP_DATAERR, 1);
	load_bad("\n{\"canary\":\"short\"}\n", DP_DATAERR, 2);
	load_bad("{\"canary\":\"dpc-1\",\"canary\":\"dpc-000000000001\"}\n", DP_DATAERR, 1);
}

static void canary__too_long__dataerr(void **state)
{
	char text[400];

	(void)state;
	snprintf(text, sizeof text, "{\"canary\":\"%0257d\"}\n", 0);
	load_bad(text, DP_DATAERR, 1);
	snprintf(text, sizeof text, "{\"canary\":\"%0256d\"}\n", 0);
	dp_canary_free(load_ok(text));
}

static void canary__missing_file__noinput(void **state)
{
	dp_canary_set *s = (dp_canary_set *)1;
	dp_err err;

	(void)state;
	dp_err_clear(&err);
	assert_int_equal(dp_canary_load("/nonexistent/reg.jsonl", &s, &err), DP_NOINPUT);
	assert_null(s);
	assert_string_equal(err.file, "/nonexistent/reg.jsonl");
	assert_int_equal(dp_canary_load("/tmp", &s, &err), DP_NOINPUT);
}

static void canary__empty_registry__nothing_found(void **state)
{
	dp_canary_set *s = load_ok("\n");

	(void)state;
	assert_int_equal(dp_canary_count(s), 0);
	assert_int_equal(find(s, "dpc-000000000001").n, 0);
	dp_canary_free(s);
}

/* 100,000 values: every thousandth one planted in a buffer is found, and only those */
static void canary__large_registry__exact_hits(void **state)
{
	enum { N = 100000 };
	size_t cap = (size_t)N * 80, k = 0;
	char *text = malloc(cap), *buf = malloc((size_t)N * 4);
	dp_canary_set *s;
	hits x;
	int found = 0;

	(void)state;
	assert_non_null(text);
	assert_non_null(buf);
	for (int i = 0; i < N; i++)
		k += (size_t)snprintf(text + k, cap - k, "{\"canary\":\"dpc-%012x@canary.example.com\",\"record\":%d}\n",
		                      (unsigned)(i * 2654435761u), i);
	s = load_ok(text);
	assert_int_equal(dp_canary_count(s), N);
	k = 0;
	for (int i = 0; i < N; i += 1000)
		k += (size_t)sprintf(buf + k, "x dpc-%012x@canary.example.com y dpc-%012x ",
		                     (unsigned)(i * 2654435761u), (unsigned)(i * 2654435761u));
	memset(&x, 0, sizeof x);
	assert_int_equal(dp_canary_find(s, buf, k, on_hit, &x), 0);
	found = x.n;
	assert_int_equal(found, N / 1000);
	dp_canary_free(s);
	free(text);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canary__registry_lines__origins_named),
		cmocka_unit_test(canary__not_present__no_hits),
		cmocka_unit_test(canary__prefix_of_another__longest_wins_no_overlap),
		cmocka_unit_test(canary__mixed_first_bytes__all_found),
		cmocka_unit_test(canary__bad_lines__dataerr_with_line),
		cmocka_unit_test(canary__too_long__dataerr),
		cmocka_unit_test(canary__missing_file__noinput),
		cmocka_unit_test(canary__empty_registry__nothing_found),
		cmocka_unit_test(canary__large_registry__exact_hits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
