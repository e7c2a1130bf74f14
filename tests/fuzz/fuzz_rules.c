/* fuzz_rules.c - libFuzzer target for the rules/configuration loader (lib/rules.c):
 * loads the input as a rules file, twice into the same rules (the merge path), then
 * queries what was loaded. Checks that every failure is DP_CONFIG (or DP_SOFTWARE when
 * memory ran out) with a line inside the input, and that a failed load changes nothing.
 * Seeds: tests/fuzz/corpus/rules/; dictionary: tests/fuzz/corpus/rules.dict. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "error.h"
#include "rules.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static long count_lines(const char *s, size_t n)
{
	long lines = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			lines++;
	return lines;
}

static void check_status(int rc, const dp_err *err, const char *buf, size_t size)
{
	if (rc == DP_OK)
		return;
	if (rc != DP_CONFIG && rc != DP_SOFTWARE)
		abort();
	if (err->code != rc || err->msg[0] == '\0' || strchr(err->msg, '\n'))
		abort();
	if (rc == DP_CONFIG && (err->line < 1 || err->line > count_lines(buf, size)))
		abort();
}

static void query(const dp_rules *r)
{
	static const char *const paths[] = {"a.min.js", "vendor/x/y.c", "./tests/golden/a",
	                                    "deep/a/b/c/d/e/f/g/h/i/j/k.txt", "/abs/path"};
	static const char *const values[] = {"support@example.com", "test-42", "ЖКХ-12", ""};

	for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
		(void)dp_rules_excluded(r, paths[i]);
		(void)dp_rules_allowed_path(r, paths[i]);
	}
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		(void)dp_rules_allowed_value(r, values[i], strlen(values[i]));
	for (size_t i = 0; i < r->ncustom; i++) {
		if (dp_rules_custom(r, r->custom[i].id) != &r->custom[i])
			abort();
		(void)dp_rules_threshold(r, r->custom[i].id, 0.5);
	}
	for (size_t i = 0; i < r->ndisable; i++)
		if (!dp_rules_disabled(r, r->disable[i]))
			abort();
	(void)dp_rules_fails_on(r, "email");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	dp_rules *r = dp_rules_new();
	dp_err err;
	int rc;

	if (!r)
		return 0;
	dp_err_clear(&err);
	rc = dp_rules_load_buffer(r, "fuzz.json", buf, size, &err);
	check_status(rc, &err, buf, size);
	if (rc == DP_OK) {
		size_t ncustom = r->ncustom, ndeny = r->ndeny;

		query(r);
		dp_err_clear(&err);
		rc = dp_rules_load_buffer(r, "fuzz.json", buf, size, &err);
		check_status(rc, &err, buf, size);
		if (rc != DP_OK && (r->ncustom != ncustom || r->ndeny != ndeny))
			abort();
		if (rc == DP_OK && ncustom > 0)
			abort();   /* loading custom types twice must clash */
		query(r);
	}
	dp_rules_free(r);
	return 0;
}
