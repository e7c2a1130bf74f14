/* test_baseline.c - unit tests for baselines of accepted findings (baseline.h). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "baseline.h"
#include "dp_exit.h"

#define KEYFP "0123456789abcdef"
#define FP_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define FP_B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
#define FP_C "cccccccccccccccccccccccccccccccc"

typedef struct fx {
	char dir[64];
	char path[128];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/dp-bl-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof f->path, "%s/baseline.json", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
}

static char *slurp(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = calloc(1, 65536);

	assert_non_null(fp);
	assert_non_null(buf);
	assert_true(fread(buf, 1, 65535, fp) > 0);
	fclose(fp);
	return buf;
}

static void baseline__add_has_dedupe__counts_once(void **state)
{
	dp_baseline *b = dp_baseline_new();

	(void)state;
	assert_non_null(b);
	assert_false(dp_baseline_has(b, FP_A));
	assert_int_equal(dp_baseline_add(b, FP_A, "email", "a.txt"), 0);
	assert_int_equal(dp_baseline_add(b, FP_A, "email", "a.txt"), 0);
	assert_int_equal(dp_baseline_add(b, FP_B, "card", "b.txt"), 0);
	assert_true(dp_baseline_has(b, FP_A));
	assert_true(dp_baseline_has(b, FP_B));
	assert_false(dp_baseline_has(b, FP_C));
	assert_int_equal(dp_baseline_count(b), 2);
	dp_baseline_free(b);
}

static void baseline__many_entries__all_found(void **state)
{
	dp_baseline *b = dp_baseline_new();
	char fp[40];

	(void)state;
	for (int i = 0; i < 5000; i++) {
		snprintf(fp, sizeof fp, "%032x", i);
		assert_int_equal(dp_baseline_add(b, fp, "email", "x"), 0);
	}
	assert_int_equal(dp_baseline_count(b), 5000);
	for (int i = 0; i < 5000; i++) {
		snprintf(fp, sizeof fp, "%032x", i);
		assert_true(dp_baseline_has(b, fp));
	}
	assert_false(dp_baseline_has(b, FP_A));
	dp_baseline_free(b);
}

static void baseline__write_load__round_trip(void **state)
{
	fx *f = *state;
	dp_baseline *b = dp_baseline_new(), *l = NULL;
	struct stat st;
	dp_err err;

	assert_int_equal(dp_baseline_add(b, FP_A, "email", "a.txt"), 0);
	assert_int_equal(dp_baseline_add(b, FP_B, "card", "dir/b c.txt"), 0);
	assert_int_equal(dp_baseline_write(b, f->path, KEYFP, &err), DP_OK);
	assert_int_equal(stat(f->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(dp_baseline_load(&l, f->path, KEYFP, &err), DP_OK);
	assert_non_null(l);
	assert_int_equal(dp_baseline_count(l), 2);
	assert_true(dp_baseline_has(l, FP_A));
	assert_true(dp_baseline_has(l, FP_B));
	dp_baseline_free(b);
	dp_baseline_free(l);
}

static void baseline__write__sorted_pretty_no_temp_left(void **state)
{
	fx *f = *state;
	dp_baseline *b = dp_baseline_new();
	char *text, *pa, *pb, *pc;
	dp_err err;
	char cmd[256];

	assert_int_equal(dp_baseline_add(b, FP_C, "email", "z.txt"), 0);
	assert_int_equal(dp_baseline_add(b, FP_B, "phone", "a.txt"), 0);
	assert_int_equal(dp_baseline_add(b, FP_A, "email", "a.txt"), 0);
	assert_int_equal(dp_baseline_write(b, f->path, KEYFP, &err), DP_OK);
	text = slurp(f->path);
	assert_non_null(strstr(text, "{\n  \"version\": 1,\n  \"keyFingerprint\": \"" KEYFP "\""));
	pa = strstr(text, FP_A);   /* a.txt email */
	pb = strstr(text, FP_B);   /* a.txt phone */
	pc = strstr(text, FP_C);   /* z.txt email */
	assert_true(pa && pb && pc && pa < pb && pb < pc);
	assert_int_equal(text[strlen(text) - 1], '\n');
	free(text);
	snprintf(cmd, sizeof cmd, "test -z \"$(ls '%s' | grep -v '^baseline.json$')\"", f->dir);
	assert_int_equal(system(cmd), 0);
	dp_baseline_free(b);
}

static void baseline__other_key__config(void **state)
{
	fx *f = *state;
	dp_baseline *b = dp_baseline_new(), *l = NULL;
	dp_err err;

	assert_int_equal(dp_baseline_add(b, FP_A, "email", "a.txt"), 0);
	assert_int_equal(dp_baseline_write(b, f->path, KEYFP, &err), DP_OK);
	assert_int_equal(dp_baseline_load(&l, f->path, "fedcba9876543210", &err), DP_CONFIG);
	assert_null(l);
	assert_non_null(strstr(err.msg, "another key"));
	dp_baseline_free(b);
}

static void baseline__missing__noinput(void **state)
{
	fx *f = *state;
	dp_baseline *l = NULL;
	dp_err err;

	assert_int_equal(dp_baseline_load(&l, f->path, KEYFP, &err), DP_NOINPUT);
	assert_null(l);
}

static void baseline__malformed__config_with_line(void **state)
{
	static const char *const bad[] = {
		"{\n  \"version\": 1,\n  \"findings\": [,]\n}\n",
		"[]",
		"{\"version\":2,\"keyFingerprint\":\"" KEYFP "\",\"findings\":[]}",
		"{\"version\":1,\"keyFingerprint\":\"" KEYFP "\",\"findings\":{}}",
		"{\"version\":1,\"keyFingerprint\":\"" KEYFP "\",\"findings\":[],\"extra\":1}",
		"{\"version\":1,\"keyFingerprint\":\"" KEYFP "\",\"findings\":[{\"fingerprint\":\"xyz\","
		"\"type\":\"email\",\"path\":\"a\"}]}",
		"{\"version\":1,\"keyFingerprint\":\"" KEYFP "\",\"findings\":[{\"fingerprint\":\""
		FP_A "\",\"type\":\"email\"}]}",
		"{\"version\":1,\"keyFingerprint\":\"" KEYFP "\",\"version\":1,\"findings\":[]}",
	};
	fx *f = *state;
	dp_baseline *l = NULL;
	dp_err err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		put(f->path, bad[i]);
		assert_int_equal(dp_baseline_load(&l, f->path, KEYFP, &err), DP_CONFIG);
		assert_null(l);
		assert_string_equal(err.file, f->path);
	}
	put(f->path, bad[0]);
	dp_baseline_load(&l, f->path, KEYFP, &err);
	assert_int_equal(err.line, 3);
}

static void baseline__empty__round_trip(void **state)
{
	fx *f = *state;
	dp_baseline *b = dp_baseline_new(), *l = NULL;
	dp_err err;

	assert_int_equal(dp_baseline_write(b, f->path, KEYFP, &err), DP_OK);
	assert_int_equal(dp_baseline_load(&l, f->path, KEYFP, &err), DP_OK);
	assert_int_equal(dp_baseline_count(l), 0);
	assert_false(dp_baseline_has(l, FP_A));
	dp_baseline_free(b);
	dp_baseline_free(l);
}

static void baseline__unwritable_dir__cantcreat(void **state)
{
	dp_baseline *b = dp_baseline_new();
	dp_err err;

	(void)state;
	assert_int_equal(dp_baseline_write(b, "/nonexistent-dir/x/baseline.json", KEYFP, &err),
	                 DP_CANTCREAT);
	dp_baseline_free(b);
}

/* The source tree, from DP_SRCDIR or this file's own path. */
static int srcdir(char *out, size_t outsz)
{
	const char *env = getenv("DP_SRCDIR"), *suffix = "/tests/unit/test_baseline.c";
	size_t n = strlen(__FILE__), k = strlen(suffix);

	if (env && *env)
		return snprintf(out, outsz, "%s", env) < (int)outsz ? 0 : -1;
	if (n > k && __FILE__[0] == '/' && strcmp(__FILE__ + n - k, suffix) == 0)
		return snprintf(out, outsz, "%.*s", (int)(n - k), __FILE__) < (int)outsz ? 0 : -1;
	return -1;
}

static void baseline__written_file__validates_against_schema(void **state)
{
	fx *f = *state;
	dp_baseline *b = dp_baseline_new();
	char src[PATH_MAX], cmd[PATH_MAX * 2 + 256];
	dp_err err;

	if (srcdir(src, sizeof src) != 0 ||
	    system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) {
		dp_baseline_free(b);
		skip();
		return;
	}
	assert_int_equal(dp_baseline_add(b, FP_A, "email", "a.txt"), 0);
	assert_int_equal(dp_baseline_add(b, FP_B, "deny_term", "dir/b c.txt"), 0);
	assert_int_equal(dp_baseline_write(b, f->path, KEYFP, &err), DP_OK);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/cli/validate_json.py' "
	         "'%s/schemas/doppel-baseline.schema.json' '%s'", src, src, f->path);
	assert_int_equal(system(cmd), 0);
	/* and the schema rejects what the loader rejects */
	put(f->path, "{\"version\":1,\"keyFingerprint\":\"" KEYFP "\",\"findings\":[],\"x\":1}");
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/cli/validate_json.py' "
	         "'%s/schemas/doppel-baseline.schema.json' '%s' 2>/dev/null", src, src, f->path);
	assert_int_not_equal(system(cmd), 0);
	dp_baseline_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(baseline__add_has_dedupe__counts_once),
		cmocka_unit_test(baseline__many_entries__all_found),
		cmocka_unit_test_setup_teardown(baseline__write_load__round_trip, setup, teardown),
		cmocka_unit_test_setup_teardown(baseline__write__sorted_pretty_no_temp_left, setup, teardown),
		cmocka_unit_test_setup_teardown(baseline__other_key__config, setup, teardown),
		cmocka_unit_test_setup_teardown(baseline__missing__noinput, setup, teardown),
		cmocka_unit_test_setup_teardown(baseline__malformed__config_with_line, setup, teardown),
		cmocka_unit_test_setup_teardown(baseline__empty__round_trip, setup, teardown),
		cmocka_unit_test(baseline__unwritable_dir__cantcreat),
		cmocka_unit_test_setup_teardown(baseline__written_file__validates_against_schema, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
