/* test_rules.c - unit tests of the rules/configuration loader (lib/rules.c): every key,
 * every error with its line, merging, discovery, globs and the allow lists. The fixture
 * files are the ones tests/cli/config_schema.sh checks against the JSON Schema. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "error.h"
#include "rules.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* The fixture directory: $DP_SRCDIR (the test harness exports it), else next to this
 * source file (__FILE__ carries the srcdir path automake compiled it with), else ./ */
static const char *fixdir(void)
{
	static char dir[PATH_MAX];
	const char *src = getenv("DP_SRCDIR"), *slash = strrchr(__FILE__, '/');
	struct stat st;

	if (dir[0])
		return dir;
	if (src && *src) {
		snprintf(dir, sizeof dir, "%s/tests/fixtures/config", src);
		return dir;
	}
	snprintf(dir, sizeof dir, "%.*s/../fixtures/config",
	         slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(dir, sizeof dir, "tests/fixtures/config");
		print_error("fixtures not found: set DP_SRCDIR to the source tree\n");
	}
	return dir;
}

static const char *fixture(const char *name)
{
	static char path[PATH_MAX];

	snprintf(path, sizeof path, "%s/%s", fixdir(), name);
	return path;
}

static int load_fixture(dp_rules *r, const char *name, dp_err *err)
{
	dp_err_clear(err);
	return dp_rules_load(r, fixture(name), err);
}

static int load_text(dp_rules *r, const char *text, dp_err *err)
{
	dp_err_clear(err);
	return dp_rules_load_buffer(r, "mem.json", text, strlen(text), err);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The messages are "path: what"; tests check a fragment. */
static void assert_err(const dp_err *err, int code, long line, const char *fragment)
{
	if (err->code != code || err->line != line || !strstr(err->msg, fragment))
		print_error("got code %d line %ld msg \"%s\"; want %d line %ld with \"%s\"\n",
		            err->code, err->line, err->msg, code, line, fragment);
	assert_int_equal(err->code, code);
	assert_int_equal(err->line, line);
	assert_non_null(strstr(err->msg, fragment));
}

/* ---- every key ------------------------------------------------------------------------ */

static void rules__full_fixture__every_key_loaded(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;
	const dp_custom_type *t;

	(void)state;
	assert_int_equal(load_fixture(r, "full.valid.json", &err), DP_OK);
	assert_string_equal(r->path, fixture("full.valid.json"));
	assert_int_equal(r->ndisable, 2);
	assert_string_equal(r->disable[0], "ipv4");
	assert_string_equal(r->disable[1], "mac");
	assert_int_equal(r->nthreshold, 3);
	assert_true(dp_rules_threshold(r, "phone", 0.5) == 0.6);
	assert_true(dp_rules_threshold(r, "email", 0.5) == 0.4);
	assert_true(dp_rules_threshold(r, "employee_id", 0.5) == 0.7);
	assert_int_equal(r->nfail_on, 3);
	assert_string_equal(r->fail_on[2], "internal_project");
	assert_int_equal(r->nallow_values, 1);
	assert_string_equal(r->allow_values[0], "support@example.com");
	assert_int_equal(r->nallow_patterns, 1);
	assert_string_equal(r->allow_patterns[0], "^test-[0-9]+$");
	assert_int_equal(r->nallow_paths, 1);
	assert_string_equal(r->allow_paths[0], "tests/golden/**");
	assert_int_equal(r->ndeny, 2);
	assert_string_equal(r->deny[0].term, "Project Falcon");
	assert_string_equal(r->deny[0].type, "internal_project");
	assert_string_equal(r->deny[1].term, "ACME-internal");
	assert_string_equal(r->deny[1].type, "deny_term");
	assert_int_equal(r->nexclude, 2);
	assert_string_equal(r->exclude[1], "*.min.js");
	assert_int_equal(r->ncustom, 1);
	t = dp_rules_custom(r, "employee_id");
	assert_ptr_equal(t, &r->custom[0]);
	assert_string_equal(t->title, "Employee id");
	assert_string_equal(t->pattern, "EMP-[0-9]{6}");
	assert_string_equal(t->validator, "luhn");
	assert_string_equal(t->context[0], "employee");
	assert_string_equal(t->context[1], "сотрудник");
	assert_null(t->context[2]);
	assert_true(t->score == 0.8);
	assert_true(t->context_boost == 0.15);
	assert_int_equal(t->needs_context, 0);
	dp_rules_free(r);
}

static void rules__custom_defaults__title_score_boost(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, "{\"custom\":[{\"id\":\"badge\",\"pattern\":\"B[0-9]{4}\"}]}",
	                           &err), DP_OK);
	assert_string_equal(r->custom[0].title, "badge");
	assert_null(r->custom[0].validator);
	assert_null(r->custom[0].context);
	assert_true(r->custom[0].score == 0.8);
	assert_true(r->custom[0].context_boost == 0.15);
	assert_int_equal(r->custom[0].needs_context, 0);
	assert_null(dp_rules_custom(r, "nope"));
	dp_rules_free(r);
}

static void rules__custom_many__needs_context_and_unicode(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;
	const dp_custom_type *t;

	(void)state;
	assert_int_equal(load_fixture(r, "custom-many.valid.json", &err), DP_OK);
	assert_int_equal(r->ncustom, 3);
	t = dp_rules_custom(r, "kz_contract");
	assert_non_null(t);
	assert_int_equal(t->needs_context, 1);
	assert_string_equal(t->context[1], "келісімшарт");
	assert_true(t->context_boost == 0.4);
	t = dp_rules_custom(r, "loyalty_card");
	assert_non_null(t->context);        /* [] is an empty, NULL-terminated list */
	assert_null(t->context[0]);
	assert_true(t->score == 1.0);
	assert_true(dp_rules_disabled(r, "loyalty_card"));
	dp_rules_free(r);
}

static void rules__valid_fixtures__all_load(void **state)
{
	char pat[PATH_MAX];
	glob_t g;

	(void)state;
	snprintf(pat, sizeof pat, "%s/*.valid.json", fixdir());
	assert_int_equal(glob(pat, 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 5);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		dp_rules *r = dp_rules_new();
		dp_err err;

		dp_err_clear(&err);
		if (dp_rules_load(r, g.gl_pathv[i], &err) != DP_OK)
			print_error("%s: %ld: %s\n", g.gl_pathv[i], err.line, err.msg);
		assert_int_equal(err.code, DP_OK);
		dp_rules_free(r);
	}
	globfree(&g);
}

static void rules__version_one_point_zero__accepted(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, "{\"version\": 1.0, \"$schema\": \"x\"}", &err), DP_OK);
	assert_int_equal(load_text(r, "{\"$schema\": 3}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "$schema: expected a string");
	dp_rules_free(r);
}

/* ---- errors, each with its line ---------------------------------------------------- */

typedef struct bad_case {
	const char *file;
	long line;
	const char *fragment;
} bad_case;

static const bad_case bad_cases[] = {
	{"unknown-key-top.invalid.json", 4, "unknown key \"excludes\""},
	{"unknown-key-custom.invalid.json", 10, "custom[1]: unknown key \"regex\""},
	{"unknown-key-allow.invalid.json", 4, "allow: unknown key \"value\""},
	{"unknown-key-deny.invalid.json", 6, "deny[1]: unknown key \"kind\""},
	{"wrong-type-disable.invalid.json", 3, "disable: expected an array"},
	{"wrong-type-needs-context.invalid.json", 7, "custom[0].needsContext: expected true or false"},
	{"bad-id.invalid.json", 5, "custom[0].id: type ids are lowercase"},
	{"builtin-clash.invalid.json", 4, "custom[0].id: \"email\" is a built-in type id"},
	{"score-range.invalid.json", 4, "thresholds.phone: must be between 0 and 1"},
	{"custom-score-range.invalid.json", 6, "custom[0].score: must be between 0 and 1"},
	{"bad-validator.invalid.json", 6, "custom[0].validator: unknown validator"},
	{"version.invalid.json", 3, "version: unsupported version 2"},
	{"needs-context.invalid.json", 6, "custom[0].needsContext: needsContext is true but no context"},
	{"missing-pattern.invalid.json", 5, "custom[1]: missing required key \"pattern\""},
	{"deny-missing-term.invalid.json", 4, "deny[1]: missing required key \"term\""},
	{"deny-number.invalid.json", 4, "deny[1]: expected a string or an object"},
	{"empty-glob.invalid.json", 4, "exclude[1]: must not be empty"},
	{"threshold-bad-id.invalid.json", 3, "thresholds.Phone: type ids are lowercase"},
	{"disable-repeat.invalid.json", 5, "disable[2]: \"mac\" is listed twice"},
	{"not-object.invalid.json", 2, "the configuration must be a JSON object"},
	{"syntax.invalid.json", 2, "invalid JSON: "},
	{"unknown-threshold-type.semantic-invalid.json", 5,
	 "thresholds.employe_id: unknown type \"employe_id\""},
	{"unknown-disable-type.semantic-invalid.json", 4, "disable[1]: unknown type \"ipv5\""},
	{"unknown-failon-type.semantic-invalid.json", 3,
	 "failOn[1]: unknown type \"internal_projects\""},
	{"dup-custom-id.semantic-invalid.json", 6,
	 "custom[1].id: custom type \"employee_id\" is defined twice"},
	{"bad-pattern.semantic-invalid.json", 5,
	 "custom[0].pattern: bad pattern at offset 13: missing closing parenthesis"},
	{"bad-allow-pattern.semantic-invalid.json", 5, "allow.patterns[1]: bad pattern at offset 16: unknown property"},
	{"empty-match.semantic-invalid.json", 5, "custom[0].pattern: pattern matches the empty string"},
	{"duplicate-key.semantic-invalid.json", 4, "invalid JSON: duplicate object key"},
};

static void rules__invalid_fixtures__error_names_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
		dp_rules *r = dp_rules_new();
		dp_err err;

		print_message("%s\n", bad_cases[i].file);
		assert_int_equal(load_fixture(r, bad_cases[i].file, &err), DP_CONFIG);
		assert_err(&err, DP_CONFIG, bad_cases[i].line, bad_cases[i].fragment);
		assert_string_equal(err.file, fixture(bad_cases[i].file));
		/* a failed load adds nothing */
		assert_null(r->path);
		assert_int_equal(r->ncustom + r->ndeny + r->nthreshold + r->ndisable + r->nexclude, 0);
		dp_rules_free(r);
	}
}

/* Every invalid fixture has an expectation above (so a new one cannot go untested). */
static void rules__invalid_fixtures__all_have_expectations(void **state)
{
	static const char *const pats[] = {"*.invalid.json", "*.semantic-invalid.json"};
	size_t total = 0;

	(void)state;
	for (size_t p = 0; p < 2; p++) {
		char pat[PATH_MAX];
		glob_t g;

		snprintf(pat, sizeof pat, "%s/%s", fixdir(), pats[p]);
		assert_int_equal(glob(pat, 0, NULL, &g), 0);
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *base = strrchr(g.gl_pathv[i], '/') + 1;
			size_t k = 0;

			while (k < sizeof bad_cases / sizeof bad_cases[0]
			       && strcmp(bad_cases[k].file, base) != 0)
				k++;
			if (k == sizeof bad_cases / sizeof bad_cases[0])
				print_error("no expectation for %s\n", base);
			assert_true(k < sizeof bad_cases / sizeof bad_cases[0]);
		}
		total += g.gl_pathc;
		globfree(&g);
	}
	assert_int_equal(total, sizeof bad_cases / sizeof bad_cases[0]);
}

static void rules__unknown_key__error_names_line(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, "{\n  \"version\": 1,\n\n  \"colour\": \"red\"\n}\n", &err),
	                 DP_CONFIG);
	assert_err(&err, DP_CONFIG, 4, "unknown key \"colour\"");
	assert_string_equal(err.file, "mem.json");
	assert_string_equal(err.msg, "unknown key \"colour\"");
	dp_rules_free(r);
}

/* The line finder walks strings with brackets, escaped quotes and escaped key names. */
static void rules__unknown_key_after_tricky_strings__right_line(void **state)
{
	static const char text[] =
		"{\"deny\": [\"a ] } { [\", \"q\\\" }\", {\"term\": \"x\\\\\"}],\n"
		" \"allow\": {\"values\": [\"{\\\"k\\\":1}\"]},\n"
		" \"cust\\u006fm\": [\n"
		"  {\"id\": \"e1\", \"pattern\": \"E[0-9]\"},\n"
		"  {\"id\": \"e2\", \"pattern\": \"F[0-9]\",\n"
		"   \"context\": [\"\\u0441\\u043e\"], \"sc\\u00f6re\": 1}\n"
		" ]}";
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, text, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 6, "custom[1]: unknown key \"scöre\"");
	dp_rules_free(r);
}

static void rules__wrong_value_type__line_of_key(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, "{\"allow\":\n {\"patterns\":\n  [\"a\",\n   7]}}", &err),
	                 DP_CONFIG);
	assert_err(&err, DP_CONFIG, 4, "allow.patterns[1]: expected a string");
	assert_int_equal(load_text(r, "{\n\"thresholds\":\n [0.5]}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 2, "thresholds: expected an object");
	assert_int_equal(load_text(r, "{\"thresholds\": {\"email\":\n \"high\"}}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "thresholds.email: expected a number");
	assert_int_equal(load_text(r, "{\"custom\": {}}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "custom: expected an array");
	assert_int_equal(load_text(r, "{\"custom\": [\n\n 3]}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 3, "custom[0]: expected an object");
	assert_int_equal(load_text(r, "{\"allow\": []}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "allow: expected an object");
	assert_int_equal(load_text(r, "{\"version\": \"1\"}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "version: expected the number 1");
	assert_int_equal(load_text(r, "{\"deny\": [{\"term\": \"x\", \"type\": \"Bad Type\"}]}", &err),
	                 DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "deny[0].type: type ids are lowercase");
	assert_int_equal(r->ndeny, 0);
	dp_rules_free(r);
}

static void rules__json_syntax__jansson_line_and_text(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, "{\n\"version\": 1\n\"disable\": []\n}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 3, "invalid JSON: ");
	assert_int_equal(load_text(r, "", &err), DP_CONFIG);
	assert_int_equal(err.line, 1);
	dp_err_clear(&err);
	assert_int_equal(dp_rules_load_buffer(r, "nul.json", "{}\0{}", 5, &err), DP_CONFIG);
	dp_rules_free(r);
}

static void rules__reserved_deny_term__not_a_custom_id(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(r, "{\"custom\": [{\"id\": \"deny_term\", \"pattern\": \"x\"}]}",
	                           &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "\"deny_term\" is reserved");
	dp_rules_free(r);
}

static void rules__missing_file__noinput(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_fixture(r, "does-not-exist.json", &err), DP_NOINPUT);
	assert_string_equal(err.file, fixture("does-not-exist.json"));
	assert_int_equal(load_fixture(r, ".", &err), DP_NOINPUT);   /* a directory */
	assert_null(r->path);
	dp_rules_free(r);
}

/* ---- merging -------------------------------------------------------------------------- */

static void rules__merge_two_files__appends_and_overrides(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_fixture(r, "full.valid.json", &err), DP_OK);
	assert_int_equal(load_fixture(r, "deny-types.valid.json", &err), DP_OK);
	assert_string_equal(r->path, fixture("deny-types.valid.json"));
	assert_int_equal(r->ndeny, 2 + 4);
	assert_string_equal(r->deny[5].type, "customer_name");
	assert_int_equal(r->ndisable, 3);            /* ipv4, mac, customer_name */
	assert_true(dp_rules_disabled(r, "customer_name"));
	assert_int_equal(r->nfail_on, 4);            /* internal_project only once */
	assert_true(dp_rules_threshold(r, "internal_project", 0.5) == 0.3);
	assert_true(dp_rules_threshold(r, "phone", 0.5) == 0.6);
	/* a third text overrides a threshold and may name a custom type of the first file */
	assert_int_equal(load_text(r, "{\"thresholds\": {\"phone\": 0.9, \"employee_id\": 0.1},"
	                              "\"disable\": [\"mac\"]}", &err), DP_OK);
	assert_true(dp_rules_threshold(r, "phone", 0.5) == 0.9);
	assert_true(dp_rules_threshold(r, "employee_id", 0.5) == 0.1);
	assert_int_equal(r->nthreshold, 5);
	assert_int_equal(r->ndisable, 3);
	assert_int_equal(load_fixture(r, "allow-only.valid.json", &err), DP_OK);
	assert_int_equal(r->nallow_patterns, 3);
	assert_int_equal(r->nallow_values, 3);
	assert_true(dp_rules_allowed_value(r, "ABC-12", 6));      /* pattern of the 3rd file */
	assert_true(dp_rules_allowed_value(r, "test-42", 7));     /* pattern of the 1st file */
	dp_rules_free(r);
}

static void rules__custom_clash_across_files__error(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_fixture(r, "full.valid.json", &err), DP_OK);
	assert_int_equal(load_fixture(r, "custom-many.valid.json", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 4, "custom[0].id: custom type \"employee_id\" is defined twice");
	/* nothing of the failed file was merged */
	assert_int_equal(r->ncustom, 1);
	assert_int_equal(r->nthreshold, 3);
	assert_false(dp_rules_disabled(r, "loyalty_card"));
	assert_string_equal(r->path, fixture("full.valid.json"));
	dp_rules_free(r);
}

static void rules__failed_load__rules_unchanged(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_fixture(r, "thresholds.valid.json", &err), DP_OK);
	assert_int_equal(load_text(r, "{\"thresholds\": {\"email\": 0.9},\n"
	                              " \"allow\": {\"patterns\": [\"ok\", \"(\"]}}", &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 2, "allow.patterns[1]: bad pattern");
	assert_true(dp_rules_threshold(r, "email", 0.5) == 0.0);
	assert_int_equal(r->nallow_patterns, 0);
	assert_false(dp_rules_allowed_value(r, "ok", 2));
	dp_rules_free(r);
}

/* ---- queries -------------------------------------------------------------------------- */

static void rules__thresholds__fallback_when_unset(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_true(dp_rules_threshold(r, "email", 0.5) == 0.5);
	assert_true(dp_rules_threshold(NULL, "email", 0.25) == 0.25);
	assert_int_equal(load_fixture(r, "thresholds.valid.json", &err), DP_OK);
	assert_true(dp_rules_threshold(r, "email", 0.5) == 0.0);
	assert_true(dp_rules_threshold(r, "phone", 0.5) == 1.0);
	assert_true(dp_rules_threshold(r, "card", 0.5) == 0.55);
	assert_true(dp_rules_threshold(r, "iban", 0.5) == 0.5);
	assert_true(dp_rules_threshold(r, NULL, 0.5) == 0.5);
	dp_rules_free(r);
}

static void rules__disable__only_listed_types(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_false(dp_rules_disabled(r, "person"));
	assert_int_equal(load_fixture(r, "thresholds.valid.json", &err), DP_OK);
	assert_true(dp_rules_disabled(r, "person"));
	assert_true(dp_rules_disabled(r, "address"));
	assert_false(dp_rules_disabled(r, "email"));
	assert_false(dp_rules_disabled(r, "pers"));
	assert_false(dp_rules_disabled(NULL, "person"));
	dp_rules_free(r);
}

static void rules__fail_on__empty_means_every_type(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_true(dp_rules_fails_on(NULL, "email"));
	assert_int_equal(load_fixture(r, "thresholds.valid.json", &err), DP_OK);  /* "failOn": [] */
	assert_true(dp_rules_fails_on(r, "email"));
	assert_int_equal(load_fixture(r, "full.valid.json", &err), DP_OK);
	assert_true(dp_rules_fails_on(r, "email"));
	assert_true(dp_rules_fails_on(r, "internal_project"));
	assert_false(dp_rules_fails_on(r, "phone"));
	dp_rules_free(r);
}

static void rules__allow_values__ascii_case_insensitive(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_false(dp_rules_allowed_value(r, "x", 1));
	assert_int_equal(load_text(r, "{\"allow\": {\"values\": [\"Support@Example.com\", "
	                              "\"Иван\"]}}", &err), DP_OK);
	assert_true(dp_rules_allowed_value(r, "support@example.com", 19));
	assert_true(dp_rules_allowed_value(r, "SUPPORT@EXAMPLE.COM", 19));
	assert_false(dp_rules_allowed_value(r, "support@example.co", 18));
	assert_false(dp_rules_allowed_value(r, "support@example.com.evil", 24));
	/* the length counts, not a NUL */
	assert_true(dp_rules_allowed_value(r, "support@example.comXYZ", 19));
	assert_true(dp_rules_allowed_value(r, "Иван", strlen("Иван")));
	assert_false(dp_rules_allowed_value(r, "ИВАН", strlen("ИВАН")));  /* ASCII only */
	assert_false(dp_rules_allowed_value(NULL, "x", 1));
	dp_rules_free(r);
}

static void rules__allow_patterns__search_with_unicode(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_fixture(r, "allow-only.valid.json", &err), DP_OK);
	assert_true(dp_rules_allowed_value(r, "bob@example.org", 15));
	assert_false(dp_rules_allowed_value(r, "bob@example.org.ru", 18));
	assert_true(dp_rules_allowed_value(r, "ЖКХ-12", strlen("ЖКХ-12")));    /* \p{Lu} */
	assert_false(dp_rules_allowed_value(r, "жкх-12", strlen("жкх-12")));
	assert_false(dp_rules_allowed_value(r, "\xff\xfe-1", 4));               /* bad UTF-8 */
	assert_true(dp_rules_allowed_value(r, "noreply@example.org", 19));      /* a value */
	dp_rules_free(r);
}

/* ---- globs -------------------------------------------------------------------------- */

static void rules__glob_without_slash__any_component(void **state)
{
	(void)state;
	assert_true(dp_rules_glob_match("*.min.js", "app.min.js"));
	assert_true(dp_rules_glob_match("*.min.js", "web/static/app.min.js"));
	assert_true(dp_rules_glob_match("*.min.js", "./web/app.min.js"));
	assert_false(dp_rules_glob_match("*.min.js", "web/app.js"));
	assert_true(dp_rules_glob_match("vendor", "vendor"));
	assert_true(dp_rules_glob_match("vendor", "src/vendor/lib/x.c"));   /* a directory */
	assert_false(dp_rules_glob_match("vendor", "vendors/x.c"));
	assert_true(dp_rules_glob_match("node_modules/", "a/node_modules/b.js"));
	assert_true(dp_rules_glob_match("data?.csv", "x/data1.csv"));
	assert_true(dp_rules_glob_match("[ab].txt", "b.txt"));
	assert_false(dp_rules_glob_match("[ab].txt", "c.txt"));
	assert_false(dp_rules_glob_match("", "x"));
	assert_false(dp_rules_glob_match("x", ""));
	assert_false(dp_rules_glob_match(NULL, "x"));
}

static void rules__glob_with_slash__anchored(void **state)
{
	(void)state;
	assert_true(dp_rules_glob_match("docs/*.md", "docs/a.md"));
	assert_true(dp_rules_glob_match("docs/*.md", "./docs/a.md"));
	assert_false(dp_rules_glob_match("docs/*.md", "src/docs/a.md"));
	assert_false(dp_rules_glob_match("docs/*.md", "docs/sub/a.md"));    /* '*' stops at '/' */
	assert_true(dp_rules_glob_match("/build", "build/out.o"));
	assert_false(dp_rules_glob_match("/build", "src/build/out.o"));
	assert_true(dp_rules_glob_match("tests/golden", "tests/golden/a/b.txt"));
	assert_true(dp_rules_glob_match("a//b", "a/b"));
}

static void rules__glob_double_star__crosses_slashes(void **state)
{
	(void)state;
	assert_true(dp_rules_glob_match("vendor/**", "vendor/a.c"));
	assert_true(dp_rules_glob_match("vendor/**", "vendor/x/y/z.c"));
	assert_false(dp_rules_glob_match("vendor/**", "src/vendor/a.c"));
	assert_true(dp_rules_glob_match("**/*.lock", "Cargo.lock"));
	assert_true(dp_rules_glob_match("**/*.lock", "a/b/c/yarn.lock"));
	assert_true(dp_rules_glob_match("docs/**/generated/*.txt", "docs/generated/a.txt"));
	assert_true(dp_rules_glob_match("docs/**/generated/*.txt", "docs/x/y/generated/a.txt"));
	assert_false(dp_rules_glob_match("docs/**/generated/*.txt", "docs/x/generated/a.md"));
	assert_true(dp_rules_glob_match("**", "any/thing"));
	assert_true(dp_rules_glob_match("tests/golden/**", "tests/golden/x.json"));
	assert_true(dp_rules_glob_match("**/**/**/**/**/**/**/**/z",
	                                "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/z"));
	assert_false(dp_rules_glob_match("**/**/**/**/**/**/**/**/z",
	                                 "a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/y"));
}

static void rules__excluded_and_allowed_path__use_their_lists(void **state)
{
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	assert_false(dp_rules_excluded(r, "vendor/a.c"));
	assert_int_equal(load_fixture(r, "full.valid.json", &err), DP_OK);
	assert_true(dp_rules_excluded(r, "vendor/a.c"));
	assert_true(dp_rules_excluded(r, "web/app.min.js"));
	assert_false(dp_rules_excluded(r, "tests/golden/a.json"));
	assert_true(dp_rules_allowed_path(r, "tests/golden/a.json"));
	assert_false(dp_rules_allowed_path(r, "vendor/a.c"));
	assert_int_equal(dp_rules_add_exclude(r, "*.bin", &err), DP_OK);
	assert_true(dp_rules_excluded(r, "x/y.bin"));
	assert_false(dp_rules_excluded(NULL, "x"));
	assert_false(dp_rules_allowed_path(NULL, "x"));
	dp_rules_free(r);
}

/* ---- discovery ------------------------------------------------------------------------- */

typedef struct tree {
	char root[PATH_MAX];
} tree;

static void mk(const tree *t, const char *rel, int dir)
{
	char p[2 * PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", t->root, rel);
	if (dir)
		assert_int_equal(mkdir(p, 0700), 0);
	else
		write_file(p, "{}\n");
}

static void rm(const tree *t, const char *rel, int dir)
{
	char p[2 * PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", t->root, rel);
	assert_int_equal(dir ? rmdir(p) : unlink(p), 0);
}

static void make_tree(tree *t)
{
	const char *tmp = getenv("TMPDIR");
	char real[PATH_MAX];

	snprintf(t->root, sizeof t->root, "%s/dp-rules-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(t->root));
	assert_non_null(realpath(t->root, real));
	snprintf(t->root, sizeof t->root, "%s", real);
	mk(t, "repo", 1);
	mk(t, "repo/a", 1);
	mk(t, "repo/a/b", 1);
}

static void free_tree(tree *t)
{
	rm(t, "repo/a/b", 1);
	rm(t, "repo/a", 1);
	rm(t, "repo", 1);
	assert_int_equal(rmdir(t->root), 0);
}

static int discover(const tree *t, const char *rel, char *out, size_t outsz)
{
	char p[2 * PATH_MAX];

	snprintf(p, sizeof p, "%s/%s", t->root, rel);
	return dp_rules_discover(p, out, outsz);
}

static void rules__discover__finds_nearest_upward(void **state)
{
	tree t;
	char out[PATH_MAX], want[PATH_MAX + 32];

	(void)state;
	make_tree(&t);
	mk(&t, "repo/.git", 1);
	mk(&t, "repo/.doppel.json", 0);
	assert_int_equal(discover(&t, "repo/a/b", out, sizeof out), 1);
	snprintf(want, sizeof want, "%s/repo/.doppel.json", t.root);
	assert_string_equal(out, want);
	mk(&t, "repo/a/.doppel.json", 0);                     /* a nearer one wins */
	assert_int_equal(discover(&t, "repo/a/b/", out, sizeof out), 1);
	snprintf(want, sizeof want, "%s/repo/a/.doppel.json", t.root);
	assert_string_equal(out, want);
	assert_int_equal(discover(&t, "repo/a/b", out, 8), 0);    /* does not fit */
	assert_string_equal(out, "");
	rm(&t, "repo/a/.doppel.json", 0);
	rm(&t, "repo/.doppel.json", 0);
	rm(&t, "repo/.git", 1);
	free_tree(&t);
}

static void rules__discover__stops_at_git_root(void **state)
{
	tree t;
	char out[PATH_MAX];

	(void)state;
	make_tree(&t);
	mk(&t, ".doppel.json", 0);          /* above the repository: never used */
	mk(&t, "repo/.git", 0);             /* a worktree's .git is a file */
	out[0] = '\0';
	assert_int_equal(discover(&t, "repo/a/b", out, sizeof out), 0);
	assert_string_equal(out, "");
	rm(&t, "repo/.git", 0);
	assert_int_equal(discover(&t, "repo/a/b", out, sizeof out), 1);   /* no .git: goes on */
	rm(&t, ".doppel.json", 0);
	free_tree(&t);
}

static void rules__discover__git_dir_itself_checked(void **state)
{
	tree t;
	char out[PATH_MAX], want[PATH_MAX + 32];

	(void)state;
	make_tree(&t);
	mk(&t, "repo/a/.git", 1);
	mk(&t, "repo/a/.doppel.json", 0);
	mk(&t, "repo/.doppel.json", 0);
	assert_int_equal(discover(&t, "repo/a/b", out, sizeof out), 1);
	snprintf(want, sizeof want, "%s/repo/a/.doppel.json", t.root);
	assert_string_equal(out, want);
	assert_int_equal(discover(&t, "repo/a", out, sizeof out), 1);
	rm(&t, "repo/a/.doppel.json", 0);
	assert_int_equal(discover(&t, "repo/a/b", out, sizeof out), 0);
	rm(&t, "repo/.doppel.json", 0);
	rm(&t, "repo/a/.git", 1);
	free_tree(&t);
}

static void rules__discover__directory_named_like_config_ignored(void **state)
{
	tree t;
	char out[PATH_MAX], want[PATH_MAX + 32];

	(void)state;
	make_tree(&t);
	mk(&t, "repo/.git", 1);
	mk(&t, "repo/a/.doppel.json", 1);   /* not a regular file */
	mk(&t, "repo/.doppel.json", 0);
	assert_int_equal(discover(&t, "repo/a/b", out, sizeof out), 1);
	snprintf(want, sizeof want, "%s/repo/.doppel.json", t.root);
	assert_string_equal(out, want);
	assert_int_equal(discover(&t, "repo/nope", out, sizeof out), 0);
	rm(&t, "repo/a/.doppel.json", 1);
	rm(&t, "repo/.doppel.json", 0);
	rm(&t, "repo/.git", 1);
	free_tree(&t);
}

/* ---- misc ------------------------------------------------------------------------------ */

static void rules__load_buffer__not_nul_terminated(void **state)
{
	static const char text[] = "{\"disable\": [\"mac\"]}GARBAGE";
	dp_rules *r = dp_rules_new();
	dp_err err;

	(void)state;
	dp_err_clear(&err);
	assert_int_equal(dp_rules_load_buffer(r, NULL, text, 20, &err), DP_OK);
	assert_true(dp_rules_disabled(r, "mac"));
	assert_string_equal(r->path, "(rules)");
	dp_rules_free(r);
	dp_rules_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rules__full_fixture__every_key_loaded),
		cmocka_unit_test(rules__custom_defaults__title_score_boost),
		cmocka_unit_test(rules__custom_many__needs_context_and_unicode),
		cmocka_unit_test(rules__valid_fixtures__all_load),
		cmocka_unit_test(rules__version_one_point_zero__accepted),
		cmocka_unit_test(rules__invalid_fixtures__error_names_line),
		cmocka_unit_test(rules__invalid_fixtures__all_have_expectations),
		cmocka_unit_test(rules__unknown_key__error_names_line),
		cmocka_unit_test(rules__unknown_key_after_tricky_strings__right_line),
		cmocka_unit_test(rules__wrong_value_type__line_of_key),
		cmocka_unit_test(rules__json_syntax__jansson_line_and_text),
		cmocka_unit_test(rules__reserved_deny_term__not_a_custom_id),
		cmocka_unit_test(rules__missing_file__noinput),
		cmocka_unit_test(rules__merge_two_files__appends_and_overrides),
		cmocka_unit_test(rules__custom_clash_across_files__error),
		cmocka_unit_test(rules__failed_load__rules_unchanged),
		cmocka_unit_test(rules__thresholds__fallback_when_unset),
		cmocka_unit_test(rules__disable__only_listed_types),
		cmocka_unit_test(rules__fail_on__empty_means_every_type),
		cmocka_unit_test(rules__allow_values__ascii_case_insensitive),
		cmocka_unit_test(rules__allow_patterns__search_with_unicode),
		cmocka_unit_test(rules__glob_without_slash__any_component),
		cmocka_unit_test(rules__glob_with_slash__anchored),
		cmocka_unit_test(rules__glob_double_star__crosses_slashes),
		cmocka_unit_test(rules__excluded_and_allowed_path__use_their_lists),
		cmocka_unit_test(rules__discover__finds_nearest_upward),
		cmocka_unit_test(rules__discover__stops_at_git_root),
		cmocka_unit_test(rules__discover__git_dir_itself_checked),
		cmocka_unit_test(rules__discover__directory_named_like_config_ignored),
		cmocka_unit_test(rules__load_buffer__not_nul_terminated),
	};

	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
