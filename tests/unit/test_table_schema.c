/* test_table_schema.c - unit tests of the table-schema loader (lib/table_schema.c): every
 * doppel: property and its default, every error with its file and line, foreign keys
 * across tables. The fixtures in tests/fixtures/table_schema/ and the examples in
 * examples/schemas/ are the ones tests/cli/table_schema.sh checks against the JSON Schema. */
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
#include "table_schema.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* The source tree: $DP_SRCDIR (the test harness exports it), else two levels above this
 * source file (__FILE__ carries the srcdir path automake compiled it with), else . */
static const char *srcdir(void)
{
	static char dir[PATH_MAX];
	const char *src = getenv("DP_SRCDIR"), *slash = strrchr(__FILE__, '/');
	struct stat st;
	char probe[PATH_MAX + 64];

	if (dir[0])
		return dir;
	if (src && *src) {
		snprintf(dir, sizeof dir, "%s", src);
		return dir;
	}
	snprintf(dir, sizeof dir, "%.*s/../..", slash ? (int)(slash - __FILE__) : 1,
	         slash ? __FILE__ : ".");
	snprintf(probe, sizeof probe, "%s/tests/fixtures/table_schema", dir);
	if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode)) {
		snprintf(dir, sizeof dir, ".");
		print_error("fixtures not found: set DP_SRCDIR to the source tree\n");
	}
	return dir;
}

/* srcdir + "/" + rel, in one of two rotating buffers (tests compare two paths at most) */
static const char *src_path(const char *rel)
{
	static char paths[2][PATH_MAX + 64];
	static int next;
	char *p = paths[next++ % 2];

	snprintf(p, sizeof paths[0], "%s/%s", srcdir(), rel);
	return p;
}

static const char *fixture(const char *name)
{
	char rel[256];

	snprintf(rel, sizeof rel, "tests/fixtures/table_schema/%s", name);
	return src_path(rel);
}

static int load_text(dp_ts_set *s, const char *name, const char *text, dp_err *err)
{
	dp_err_clear(err);
	return dp_ts_set_load_buf(s, name, text, strlen(text), err);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void assert_err(const dp_err *err, int code, long line, const char *fragment)
{
	if (err->code != code || err->line != line || !strstr(err->msg, fragment))
		print_error("got code %d line %ld msg \"%s\"; want %d line %ld with \"%s\"\n",
		            err->code, err->line, err->msg, code, line, fragment);
	assert_int_equal(err->code, code);
	assert_int_equal(err->line, line);
	assert_non_null(strstr(err->msg, fragment));
}

/* Loads text as mem.json into a fresh set and expects a DP_CONFIG error. */
static void expect_error(const char *text, long line, const char *fragment)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	assert_int_equal(load_text(s, "mem.json", text, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, line, fragment);
	assert_string_equal(err.file, "mem.json");
	assert_int_equal(dp_ts_set_ntables(s), 0);
	dp_ts_set_free(s);
}

static const dp_ts_field *field(const dp_ts_set *s, const char *table, const char *name)
{
	const dp_ts_table *t = dp_ts_set_table(s, table);
	const dp_ts_field *f;

	assert_non_null(t);
	f = dp_ts_table_find(t, name);
	assert_non_null(f);
	return f;
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (!want)
		assert_null(got);
	else
		assert_string_equal(got, want);
}

/* ---- every property ------------------------------------------------------------------ */

static void table_schema__examples__every_property_parsed(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	const dp_ts_table *t;
	const dp_ts_field *f;
	dp_err err;

	(void)state;
	assert_int_equal(dp_ts_set_load_file(s, src_path("examples/schemas/customers.schema.json"),
	                                     &err), DP_OK);
	t = dp_ts_set_table(s, "customers");
	assert_non_null(t);
	assert_string_equal(dp_ts_table_name(t), "customers");
	assert_int_equal(dp_ts_table_nfields(t), 8);
	f = dp_ts_table_field(t, 0);
	assert_string_equal(f->name, "id");
	assert_string_equal(f->type, "integer");
	assert_null(f->dp_type);
	assert_string_equal(f->ns, "customer");
	assert_int_equal(f->style, DP_TS_STYLE_KEY);
	assert_true(f->subject);
	f = dp_ts_table_field(t, 2);
	assert_string_equal(f->dp_type, "email");
	assert_string_equal(f->ns, "email");
	assert_int_equal(f->style, DP_TS_STYLE_SURROGATE);
	f = dp_ts_table_find(t, "born");
	assert_string_equal(f->type, "date");
	assert_string_equal(f->date_shift, "subject");
	f = dp_ts_table_find(t, "notes");
	assert_true(f->detect);
	assert_false(f->keep);
	f = dp_ts_table_find(t, "country");
	assert_true(f->keep);
	assert_int_equal(f->style, DP_TS_STYLE_KEEP);
	assert_null(dp_ts_table_field(t, 8));
	assert_null(dp_ts_table_find(t, "nope"));
	dp_ts_set_free(s);
}

static void table_schema__every_property_fixture__values(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	const dp_ts_table *t;
	const char *const *pk;
	size_t npk;
	dp_err err;
	static const struct { const char *name, *dp_type, *ns, *label; int style; } want[] = {
		{"pid", NULL, "person.id", NULL, DP_TS_STYLE_KEY},
		{"name", "person", "person", "Client", DP_TS_STYLE_MARKER},
		{"mail", "email", "contact", NULL, DP_TS_STYLE_SURROGATE},
		{"card", "card", "card", NULL, DP_TS_STYLE_MASK},
		{"token", "employee_badge", "employee_badge", NULL, DP_TS_STYLE_HASH},
		{"phone", "phone", "phone", NULL, DP_TS_STYLE_REDACT},
		{"remarks", NULL, NULL, NULL, DP_TS_STYLE_SURROGATE},
		{"region", NULL, NULL, NULL, DP_TS_STYLE_KEEP},
		{"plain", NULL, NULL, NULL, DP_TS_STYLE_DEFAULT},
	};

	(void)state;
	assert_int_equal(dp_ts_set_load_file(s, fixture("every-property.valid.json"), &err), DP_OK);
	t = dp_ts_set_table(s, "people");
	assert_non_null(t);
	assert_int_equal(dp_ts_table_nfields(t), 12);
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const dp_ts_field *f = dp_ts_table_find(t, want[i].name);

		assert_non_null(f);
		assert_str_or_null(f->dp_type, want[i].dp_type);
		assert_str_or_null(f->ns, want[i].ns);
		assert_str_or_null(f->label, want[i].label);
		assert_int_equal(f->style, want[i].style);
	}
	assert_string_equal(dp_ts_table_find(t, "dob")->date_shift, "subject");
	assert_string_equal(dp_ts_table_find(t, "logged")->date_shift, "dataset");
	assert_true(dp_ts_table_find(t, "remarks")->detect);
	assert_true(dp_ts_table_find(t, "city")->keep);
	assert_false(dp_ts_table_find(t, "city")->subject);
	assert_true(dp_ts_table_find(t, "region")->keep);
	assert_false(dp_ts_table_find(t, "plain")->detect);
	assert_string_equal(dp_ts_table_find(t, "plain")->type, "number");
	pk = dp_ts_table_primary_key(t, &npk);
	assert_int_equal(npk, 1);
	assert_string_equal(pk[0], "pid");
	assert_int_equal(dp_ts_table_nfkeys(t), 0);
	dp_ts_set_free(s);
}

static void table_schema__defaults__string_type_no_style_ns_from_type(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	const dp_ts_field *f;
	const dp_ts_table *t;
	size_t npk = 7;
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "dir/plain.json",
	                           "{\"fields\":[{\"name\":\"a\"},"
	                           "{\"name\":\"b\",\"doppel:type\":\"kz_iin\"}]}", &err), DP_OK);
	t = dp_ts_set_table(s, "plain");
	assert_non_null(t);
	assert_string_equal(dp_ts_table_file(t), "dir/plain.json");
	f = dp_ts_table_field(t, 0);
	assert_string_equal(f->type, "string");
	assert_null(f->dp_type);
	assert_null(f->ns);
	assert_null(f->label);
	assert_null(f->date_shift);
	assert_int_equal(f->style, DP_TS_STYLE_DEFAULT);
	assert_false(f->detect || f->keep || f->subject);
	f = dp_ts_table_field(t, 1);
	assert_string_equal(f->ns, "kz_iin");
	assert_null(dp_ts_table_primary_key(t, &npk));
	assert_int_equal(npk, 0);
	dp_ts_set_free(s);
}

static void table_schema__custom_type__accepted_when_id_shaped(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "t.json", "{\"fields\":[{\"name\":\"b\","
	                           "\"doppel:type\":\"employee_id_2\"}]}", &err), DP_OK);
	assert_string_equal(field(s, "t", "b")->dp_type, "employee_id_2");
	dp_ts_set_free(s);
	expect_error("{\"fields\":[{\"name\":\"b\",\"doppel:type\":"
	             "\"a234567890123456789012345678901234\"}]}", 1, "doppel:type must match");
	expect_error("{\"fields\":[{\"name\":\"b\",\"doppel:type\":\"e-mail\"}]}", 1,
	             "fields[0] \"b\": doppel:type must match");
}

/* ---- table names ---------------------------------------------------------------------- */

static void table_schema__table_name__from_file_basename(void **state)
{
	static const struct { const char *file, *table; } cases[] = {
		{"a/b/orders.schema.json", "orders"}, {"orders.json", "orders"},
		{"/x/orders", "orders"}, {"x.y.json", "x.y"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		dp_ts_set *s = dp_ts_set_new();
		dp_err err;

		assert_int_equal(load_text(s, cases[i].file, "{\"fields\":[]}", &err), DP_OK);
		assert_non_null(dp_ts_set_table(s, cases[i].table));
		assert_ptr_equal(dp_ts_set_table_at(s, 0), dp_ts_set_table(s, cases[i].table));
		dp_ts_set_free(s);
	}
	{
		char dir[] = "/tmp/test_table_schema_XXXXXX", path[sizeof dir + 32];
		dp_ts_set *s = dp_ts_set_new();
		dp_err err;

		assert_non_null(mkdtemp(dir));
		snprintf(path, sizeof path, "%s/orders.schema.json", dir);
		write_file(path, "{\"fields\":[{\"name\":\"n\"}]}");
		assert_int_equal(dp_ts_set_load_file(s, path, &err), DP_OK);
		assert_string_equal(dp_ts_table_file(dp_ts_set_table(s, "orders")), path);
		unlink(path);
		rmdir(dir);
		assert_int_equal(load_text(s, "dir/", "{\"fields\":[]}", &err), DP_CONFIG);
		assert_err(&err, DP_CONFIG, 1, "the table name from the file name (set \"name\"): "
		           "names must not be empty");
		dp_ts_set_free(s);
	}
}

static void table_schema__duplicate_table_name__error_set_unchanged(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	const dp_ts_table *first;
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "a.json", "{\"name\":\"t\",\"fields\":[{\"name\":\"x\"}]}",
	                           &err), DP_OK);
	first = dp_ts_set_table(s, "t");
	assert_int_equal(load_text(s, "b.json", "{\"fields\":[],\n \"name\": \"t\"}", &err),
	                 DP_CONFIG);
	assert_err(&err, DP_CONFIG, 2, "a table named \"t\" is already loaded (from a.json)");
	assert_string_equal(err.file, "b.json");
	assert_int_equal(dp_ts_set_ntables(s), 1);
	assert_ptr_equal(dp_ts_set_table(s, "t"), first);
	assert_int_equal(dp_ts_table_nfields(first), 1);
	dp_ts_set_free(s);
}

/* ---- errors ------------------------------------------------------------------------------- */

static const struct {
	const char *file;
	long line;
	const char *fragment;
} invalid[] = {
	{"unknown-doppel-property.invalid.json", 5,
	 "fields[1] \"email\": unknown property \"doppel:stlye\" (known: doppel:type"},
	{"unknown-doppel-table.invalid.json", 3, "unknown property \"doppel:namespace\""},
	{"bad-style.invalid.json", 6, "fields[2] \"email\": doppel:style must be one of marker, "
	 "surrogate, mask, hash, redact, key, keep"},
	{"bad-label.invalid.json", 4, "fields[0] \"who\": doppel:label must match "
	 "^[A-Za-z][A-Za-z0-9_]{0,31}$"},
	{"label-surrogate.invalid.json", 4, "doppel:label needs the marker style, not \"surrogate\""},
	{"bad-namespace.invalid.json", 4, "fields[0] \"id\": doppel:namespace must match"},
	{"bad-type.invalid.json", 4, "fields[0] \"id\": doppel:type must match"},
	{"keep-and-type.invalid.json", 4, "fields[0] \"country\": doppel:keep conflicts with "
	 "doppel:type"},
	{"detect-and-key.invalid.json", 4, "fields[0] \"notes\": doppel:detect conflicts with "
	 "doppel:style \"key\""},
	{"key-on-date.invalid.json", 4, "doppel:style \"key\" needs an integer, string or any "
	 "field, not date"},
	{"date-shift-without-subject.invalid.json", 5, "fields[1] \"opened\": doppel:dateShift "
	 "\"subject\" needs a field with doppel:subject true"},
	{"two-subjects.invalid.json", 5, "fields[1] \"b\": doppel:subject is already on fields[0]"},
	{"detect-not-boolean.invalid.json", 4, "doppel:detect must be true or false"},
	{"fields-missing.invalid.json", 1, "\"fields\" is missing"},
	{"fields-not-array.invalid.json", 3, "\"fields\" must be an array"},
	{"not-object.invalid.json", 2, "a table schema must be a JSON object"},
	{"field-not-object.invalid.json", 4, "fields[1]: a field must be a JSON object"},
	{"field-without-name.invalid.json", 4, "fields[1]: a field needs a \"name\""},
	{"bad-frictionless-type.invalid.json", 4, "fields[0] \"a\": \"type\" must be one of string"},
	{"fkey-without-reference.invalid.json", 4, "foreignKeys[0]: a foreign key needs \"fields\" "
	 "and a \"reference\""},
	{"duplicate-field.semantic-invalid.json", 5, "fields[2] \"id\": duplicate field name "
	 "(also fields[0])"},
	{"primary-key-unknown.semantic-invalid.json", 4, "primaryKey: this table has no field "
	 "\"idd\""},
	{"style-without-type.semantic-invalid.json", 4, "fields[0] \"id\": doppel:style needs "
	 "doppel:type or doppel:namespace"},
	{"fkey-field-unknown.semantic-invalid.json", 4, "foreignKeys[0]: this table has no field "
	 "\"b\""},
	{"fkey-count-mismatch.semantic-invalid.json", 5, "foreignKeys[0]: the reference names 1 "
	 "fields, the key 2"},
};

static void table_schema__invalid_fixtures__error_names_file_and_line(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof invalid / sizeof invalid[0]; i++) {
		dp_ts_set *s = dp_ts_set_new();
		dp_err err;

		dp_err_clear(&err);
		print_message("%s\n", invalid[i].file);
		assert_int_equal(dp_ts_set_load_file(s, fixture(invalid[i].file), &err), DP_CONFIG);
		assert_err(&err, DP_CONFIG, invalid[i].line, invalid[i].fragment);
		assert_string_equal(err.file, fixture(invalid[i].file));
		assert_int_equal(dp_ts_set_ntables(s), 0);
		dp_ts_set_free(s);
	}
}

static void table_schema__invalid_fixtures__all_have_expectations(void **state)
{
	static const char *const pats[] = {"*.invalid.json", "*.semantic-invalid.json"};
	size_t total = 0;

	(void)state;
	for (size_t p = 0; p < 2; p++) {
		glob_t g;

		assert_int_equal(glob(fixture(pats[p]), 0, NULL, &g), 0);
		for (size_t i = 0; i < g.gl_pathc; i++) {
			const char *base = strrchr(g.gl_pathv[i], '/') + 1;
			size_t k = 0;

			while (k < sizeof invalid / sizeof invalid[0] && strcmp(invalid[k].file, base))
				k++;
			if (k == sizeof invalid / sizeof invalid[0])
				print_error("no expectation for %s\n", base);
			assert_true(k < sizeof invalid / sizeof invalid[0]);
		}
		total += g.gl_pathc;
		globfree(&g);
	}
	assert_int_equal(total, sizeof invalid / sizeof invalid[0]);
}

static void table_schema__valid_fixtures__all_load(void **state)
{
	glob_t g;

	(void)state;
	assert_int_equal(glob(fixture("*.valid.json"), 0, NULL, &g), 0);
	assert_true(g.gl_pathc >= 2);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		dp_ts_set *s = dp_ts_set_new();
		dp_err err;

		dp_err_clear(&err);
		if (dp_ts_set_load_file(s, g.gl_pathv[i], &err) != DP_OK)
			print_error("%s: %s:%ld: %s\n", g.gl_pathv[i], err.file, err.line, err.msg);
		assert_int_equal(err.code, DP_OK);
		assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
		dp_ts_set_free(s);
	}
	globfree(&g);
}

static void table_schema__bad_style__message_names_field(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(dp_ts_set_load_file(s, fixture("bad-style.invalid.json"), &err), DP_CONFIG);
	assert_string_equal(err.msg, "fields[2] \"email\": doppel:style must be one of marker, "
	                    "surrogate, mask, hash, redact, key, keep");
	dp_ts_set_free(s);
}

static void table_schema__conflicts__each_reported(void **state)
{
	(void)state;
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:style\":\"keep\",\n"
	             "\"doppel:namespace\":\"x\"}]}", 2,
	             "doppel:style \"keep\" conflicts with doppel:namespace");
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:keep\":true,\"doppel:style\":"
	             "\"marker\"}]}", 1, "doppel:keep conflicts with doppel:style");
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:keep\":true,\"doppel:detect\":true}]}",
	             1, "doppel:keep conflicts with doppel:detect");
	expect_error("{\"fields\":[{\"name\":\"c\",\"type\":\"date\",\"doppel:keep\":true,"
	             "\"doppel:dateShift\":\"dataset\"}]}", 1,
	             "doppel:keep conflicts with doppel:dateShift");
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:detect\":true,\"doppel:type\":"
	             "\"email\"}]}", 1, "doppel:detect conflicts with doppel:type");
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:detect\":true,\"doppel:subject\":"
	             "true}]}", 1, "doppel:detect conflicts with doppel:subject");
	expect_error("{\"fields\":[{\"name\":\"c\",\"type\":\"integer\",\"doppel:dateShift\":"
	             "\"dataset\"}]}", 1, "doppel:dateShift needs a date");
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:dateShift\":\"weekly\"}]}", 1,
	             "doppel:dateShift must be \"subject\" or \"dataset\"");
	expect_error("{\"fields\":[{\"name\":\"c\",\"doppel:label\":\"Who\"}]}", 1,
	             "doppel:label needs doppel:type or doppel:namespace");
}

static void table_schema__duplicate_field__error(void **state)
{
	(void)state;
	expect_error("{\"fields\":[{\"name\":\"a\"},\n{\"name\":\"b\"},\n{\"name\":\"a\"}]}", 3,
	             "fields[2] \"a\": duplicate field name (also fields[0])");
}

static void table_schema__unknown_doppel_property__error(void **state)
{
	(void)state;
	expect_error("{\"fields\":[{\"name\":\"a\",\n\"doppel:namspace\":\"x\"}]}", 2,
	             "fields[0] \"a\": unknown property \"doppel:namspace\"");
	/* the line of a key with '/' and '~' in it (JSON pointer escapes) */
	expect_error("{\"fields\":[{\"name\":\"a\",\"x\":1,\n\n\"doppel:a/~b\":1}]}", 3,
	             "unknown property \"doppel:a/~b\"");
	expect_error("{\"fields\":[{\"name\":\"a\"}],\"foreignKeys\":[{\"fields\":\"a\",\"reference\":\n"
	             "{\"fields\":\"a\",\"doppel:x\":1}}]}", 2,
	             "foreignKeys[0]: unknown property \"doppel:x\"");
}

static void table_schema__unknown_plain_property__ignored(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "t.json", "{\"profile\":\"x\",\"fields\":[{\"name\":\"a\","
	                           "\"rdfType\":\"x\",\"doppelganger\":1,\"constraints\":{}}],"
	                           "\"x-doppel:y\":true}", &err), DP_OK);
	dp_ts_set_free(s);
}

static void table_schema__not_object__error(void **state)
{
	(void)state;
	expect_error("\n\n  [1, 2]", 3, "a table schema must be a JSON object");
	expect_error("\"fields\"", 1, "invalid JSON");   /* jansson wants an object or array */
	/* json_scan reports strings only: a number's line is that of the nearest key */
	expect_error("{\"fields\":[\n7]}", 1, "fields[0]: a field must be a JSON object");
}

static void table_schema__fields_missing__error(void **state)
{
	(void)state;
	expect_error("{\"name\":\"t\"}", 1, "\"fields\" is missing");
	expect_error("{\"name\":\"t\",\n\"fields\":null}", 2, "\"fields\" must be an array");
}

static void table_schema__invalid_json__jansson_line(void **state)
{
	(void)state;
	expect_error("{\"fields\": [\n{\"name\": \"a\"},\n{\"name\": }\n]}", 3, "invalid JSON");
	expect_error("{\"fields\": [], \"fields\": []}", 1, "invalid JSON: duplicate object key");
	expect_error("", 1, "invalid JSON");
}

static void table_schema__huge_file__config_error(void **state)
{
	char path[] = "/tmp/test_table_schema_XXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;
	char *big = malloc(DP_TS_MAX_FILE + 2);

	(void)state;
	assert_true(fd >= 0);
	assert_non_null(big);
	f = fdopen(fd, "w");
	assert_non_null(f);
	memset(big, ' ', DP_TS_MAX_FILE + 1);
	big[0] = '{';
	memcpy(big + DP_TS_MAX_FILE - 20, "\"fields\": []}", 13);
	assert_int_equal(fwrite(big, 1, DP_TS_MAX_FILE + 1, f), DP_TS_MAX_FILE + 1);
	assert_int_equal(fclose(f), 0);
	dp_err_clear(&err);
	assert_int_equal(dp_ts_set_load_file(s, path, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 0, "larger than 4 MiB");
	assert_int_equal(dp_ts_set_load_buf(s, "big.json", big, DP_TS_MAX_FILE + 1, &err),
	                 DP_CONFIG);
	assert_err(&err, DP_CONFIG, 0, "larger than 4 MiB");
	/* exactly at the cap is fine */
	assert_int_equal(dp_ts_set_load_buf(s, "cap.json", big, DP_TS_MAX_FILE, &err), DP_OK);
	unlink(path);
	free(big);
	dp_ts_set_free(s);
}

static void table_schema__unreadable__noinput(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	dp_err_clear(&err);
	assert_int_equal(dp_ts_set_load_file(s, "/nonexistent/t.schema.json", &err), DP_NOINPUT);
	assert_string_equal(err.file, "/nonexistent/t.schema.json");
	assert_non_null(strstr(err.msg, "cannot open"));
	assert_int_equal(dp_ts_set_load_file(s, "/tmp", &err), DP_NOINPUT);
	assert_non_null(strstr(err.msg, "directory"));
	assert_int_equal(dp_ts_set_ntables(s), 0);
	dp_ts_set_free(s);
}

static void table_schema__caps__too_many_fields(void **state)
{
	size_t n = DP_TS_MAX_FIELDS + 1, cap = n * 24 + 32, len;
	char *text = malloc(cap);

	(void)state;
	assert_non_null(text);
	len = (size_t)snprintf(text, cap, "{\"fields\":[");
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, cap - len, "%s{\"name\":\"f%zu\"}", i ? "," : "",
		                        i);
	snprintf(text + len, cap - len, "]}");
	expect_error(text, 1, "more than 2048 fields");
	free(text);
	expect_error("{\"fields\":[{\"name\":\"a\"}],\"primaryKey\":[\"a\",\"a\"]}", 1,
	             "primaryKey: \"a\" is listed twice");
	expect_error("{\"fields\":[{\"name\":\"\"}]}", 1, "names must not be empty");
	expect_error("{\"fields\":[{\"name\":\"a\\nb\"}]}", 1, "control characters");
}

static void table_schema__load_buf__not_nul_terminated(void **state)
{
	static const char text[] = "{\"fields\":[{\"name\":\"a\"}]}GARBAGE";
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(dp_ts_set_load_buf(s, "t.json", text, 25, &err), DP_OK);
	assert_non_null(dp_ts_set_table(s, "t"));
	assert_int_equal(dp_ts_set_load_buf(s, NULL, text, 25, &err), DP_OK);
	assert_non_null(dp_ts_set_table(s, "(table schema)"));
	dp_ts_set_free(s);
	dp_ts_set_free(NULL);
}

/* ---- foreign keys ---------------------------------------------------------------------- */

static const char customers[] =
	"{\"name\":\"customers\",\"fields\":[\n"
	"{\"name\":\"id\",\"type\":\"integer\",\"doppel:namespace\":\"customer\","
	"\"doppel:style\":\"key\"},\n"
	"{\"name\":\"email\",\"doppel:type\":\"email\",\"doppel:style\":\"surrogate\"},\n"
	"{\"name\":\"country\",\"doppel:keep\":true}],\n"
	"\"primaryKey\":[\"id\"]}";

static const char tickets[] =
	"{\"name\":\"tickets\",\"fields\":[\n"
	"{\"name\":\"ticket_id\",\"doppel:namespace\":\"ticket\",\"doppel:style\":\"marker\","
	"\"doppel:label\":\"Ticket\"},\n"
	"{\"name\":\"customer_id\",\"type\":\"integer\"},\n"
	"{\"name\":\"parent\"},\n"
	"{\"name\":\"body\",\"doppel:detect\":true}],\n"
	"\"foreignKeys\":[\n"
	"{\"fields\":[\"customer_id\"],\"reference\":{\"resource\":\"customers\",\"fields\":[\"id\"]}},\n"
	"{\"fields\":\"parent\",\"reference\":{\"resource\":\"\",\"fields\":\"ticket_id\"}}]}";

static void check_tickets_resolved(const dp_ts_set *s)
{
	const dp_ts_field *f = field(s, "tickets", "customer_id");
	const dp_ts_table *t = dp_ts_set_table(s, "tickets");

	assert_string_equal(f->ns, "customer");
	assert_int_equal(f->style, DP_TS_STYLE_KEY);
	assert_null(f->dp_type);
	f = field(s, "tickets", "parent");
	assert_string_equal(f->ns, "ticket");
	assert_string_equal(f->label, "Ticket");
	assert_int_equal(f->style, DP_TS_STYLE_MARKER);
	assert_int_equal(dp_ts_table_nfkeys(t), 2);
	assert_true(dp_ts_table_fkey(t, 0)->resolved);
	assert_string_equal(dp_ts_table_fkey(t, 0)->resource, "customers");
	assert_string_equal(dp_ts_table_fkey(t, 0)->fields[0], "customer_id");
	assert_string_equal(dp_ts_table_fkey(t, 0)->ref_fields[0], "id");
	assert_true(dp_ts_table_fkey(t, 1)->resolved);
	assert_string_equal(dp_ts_table_fkey(t, 1)->resource, "");
	assert_null(dp_ts_table_fkey(t, 2));
}

static void table_schema__fkey_across_tables__namespace_inherited(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(load_text(s, "tickets.json", tickets, &err), DP_OK);
	assert_null(field(s, "tickets", "customer_id")->ns);   /* not before resolving */
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	check_tickets_resolved(s);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);   /* idempotent */
	check_tickets_resolved(s);
	dp_ts_set_free(s);

	/* the other load order gives the same */
	s = dp_ts_set_new();
	assert_int_equal(load_text(s, "tickets.json", tickets, &err), DP_OK);
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	check_tickets_resolved(s);
	dp_ts_set_free(s);
}

static void table_schema__examples__join_through_customer_namespace(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	const dp_ts_field *f;
	dp_err err;

	(void)state;
	assert_int_equal(dp_ts_set_load_file(s, src_path("examples/schemas/tickets.schema.json"),
	                                     &err), DP_OK);
	assert_int_equal(dp_ts_set_load_file(s, src_path("examples/schemas/customers.schema.json"),
	                                     &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	f = field(s, "tickets", "customer_id");
	assert_string_equal(f->ns, field(s, "customers", "id")->ns);
	assert_int_equal(f->style, DP_TS_STYLE_KEY);
	assert_true(f->subject);
	assert_string_equal(field(s, "tickets", "parent_ticket")->label, "Ticket");
	dp_ts_set_free(s);
}

static void table_schema__fkey_unloaded_resource__kept_unresolved(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	const dp_ts_table *t;
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "tickets.json", tickets, &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	t = dp_ts_set_table(s, "tickets");
	assert_false(dp_ts_table_fkey(t, 0)->resolved);
	assert_true(dp_ts_table_fkey(t, 1)->resolved);
	assert_null(field(s, "tickets", "customer_id")->ns);
	assert_string_equal(field(s, "tickets", "parent")->ns, "ticket");
	/* loading the table later and resolving again completes it */
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	check_tickets_resolved(s);
	dp_ts_set_free(s);
}

static void table_schema__resolve_again__starts_from_declarations(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	/* c.z -> b.y -> a.x with a loaded last: y's namespace is first its type's default */
	assert_int_equal(load_text(s, "c.json", "{\"fields\":[{\"name\":\"z\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"z\",\"reference\":{\"resource\":\"b\",\"fields\":"
	                           "\"y\"}}]}", &err), DP_OK);
	assert_int_equal(load_text(s, "b.json", "{\"fields\":[{\"name\":\"y\",\"doppel:type\":"
	                           "\"email\"}],\"foreignKeys\":[{\"fields\":\"y\",\"reference\":"
	                           "{\"resource\":\"a\",\"fields\":\"x\"}}]}", &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	assert_string_equal(field(s, "c", "z")->ns, "email");
	assert_int_equal(load_text(s, "a.json", "{\"fields\":[{\"name\":\"x\",\"doppel:type\":"
	                           "\"email\",\"doppel:namespace\":\"contact\"}]}", &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	assert_string_equal(field(s, "b", "y")->ns, "contact");
	assert_string_equal(field(s, "c", "z")->ns, "contact");
	assert_string_equal(field(s, "c", "z")->dp_type, "email");
	dp_ts_set_free(s);
}

static void table_schema__fkey_conflicting_namespaces__config_error(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(load_text(s, "orders.json",
	                           "{\"fields\":[\n{\"name\":\"cid\",\"doppel:namespace\":\"client\","
	                           "\"doppel:style\":\"key\"}],\n\n\"foreignKeys\":[\n"
	                           "  {\"fields\":[\"cid\"],\n\"reference\":{\"resource\":"
	                           "\"customers\",\"fields\":[\"id\"]}}]}", &err), DP_OK);
	dp_err_clear(&err);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 5, "foreignKeys[0]: \"cid\" -> customers.id: doppel:namespace "
	           "differs (\"client\" here, \"customer\" there)");
	assert_string_equal(err.file, "orders.json");
	dp_ts_set_free(s);
}

static void table_schema__fkey_type_default_ns__takes_referenced_ns(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "a.json", "{\"fields\":[{\"name\":\"p\",\"doppel:type\":"
	                           "\"person\",\"doppel:namespace\":\"staff\"}]}", &err), DP_OK);
	assert_int_equal(load_text(s, "b.json", "{\"fields\":[{\"name\":\"q\",\"doppel:type\":"
	                           "\"person\"}],\"foreignKeys\":[{\"fields\":\"q\",\"reference\":"
	                           "{\"resource\":\"a\",\"fields\":\"p\"}}]}", &err), DP_OK);
	assert_string_equal(field(s, "b", "q")->ns, "person");
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	assert_string_equal(field(s, "b", "q")->ns, "staff");
	dp_ts_set_free(s);
}

static void table_schema__fkey_chain__follows_three_tables(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	/* c -> b -> a, loaded so that c is resolved before b */
	assert_int_equal(load_text(s, "c.json", "{\"fields\":[{\"name\":\"z\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"z\",\"reference\":{\"resource\":\"b\",\"fields\":"
	                           "\"y\"}}]}", &err), DP_OK);
	assert_int_equal(load_text(s, "b.json", "{\"fields\":[{\"name\":\"y\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"y\",\"reference\":{\"resource\":\"a\",\"fields\":"
	                           "\"x\"}}]}", &err), DP_OK);
	assert_int_equal(load_text(s, "a.json", "{\"fields\":[{\"name\":\"x\",\"doppel:type\":"
	                           "\"kz_iin\",\"doppel:style\":\"surrogate\"}]}", &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	assert_string_equal(field(s, "c", "z")->ns, "kz_iin");
	assert_string_equal(field(s, "c", "z")->dp_type, "kz_iin");
	assert_int_equal(field(s, "c", "z")->style, DP_TS_STYLE_SURROGATE);
	assert_string_equal(field(s, "b", "y")->ns, "kz_iin");
	dp_ts_set_free(s);
}

static void table_schema__fkey_cycle__config_error(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "a.json", "{\"fields\":[{\"name\":\"x\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"x\",\"reference\":{\"resource\":\"b\",\"fields\":"
	                           "\"y\"}}]}", &err), DP_OK);
	assert_int_equal(load_text(s, "b.json", "{\"fields\":[{\"name\":\"y\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"y\",\"reference\":{\"resource\":\"a\",\"fields\":"
	                           "\"x\"}}]}", &err), DP_OK);
	dp_err_clear(&err);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "the foreign keys form a cycle");
	dp_ts_set_free(s);

	/* a field referencing itself */
	s = dp_ts_set_new();
	assert_int_equal(load_text(s, "a.json", "{\"fields\":[{\"name\":\"x\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"x\",\"reference\":{\"fields\":\"x\"}}]}", &err),
	                 DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "foreignKeys[0]: \"x\" -> a.x: the foreign keys form a cycle");
	dp_ts_set_free(s);
}

static void table_schema__fkey_keep_vs_mapped__config_error(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(load_text(s, "o.json", "{\"fields\":[{\"name\":\"cid\",\"doppel:keep\":"
	                           "true},{\"name\":\"ctry\"}],\"foreignKeys\":[{\"fields\":\"cid\","
	                           "\"reference\":{\"resource\":\"customers\",\"fields\":\"id\"}},"
	                           "{\"fields\":\"ctry\",\"reference\":{\"resource\":\"customers\","
	                           "\"fields\":\"country\"}}]}", &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 1, "kept unchanged here but mapped there; the join would break");
	dp_ts_set_free(s);

	/* an undeclared field referencing a kept one is kept too */
	s = dp_ts_set_new();
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(load_text(s, "o.json", "{\"fields\":[{\"name\":\"ctry\"}],\"foreignKeys\":"
	                           "[{\"fields\":\"ctry\",\"reference\":{\"resource\":\"customers\","
	                           "\"fields\":\"country\"}}]}", &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_OK);
	assert_true(field(s, "o", "ctry")->keep);
	assert_int_equal(field(s, "o", "ctry")->style, DP_TS_STYLE_KEEP);
	dp_ts_set_free(s);
}

static void table_schema__fkey_type_style_label__conflicts(void **state)
{
	static const char *const refs[] = {
		"{\"name\":\"q\",\"doppel:type\":\"person\"}",
		"{\"name\":\"q\",\"doppel:style\":\"mask\"}",
		"{\"name\":\"q\",\"doppel:label\":\"Mail\"}",
	};
	static const char *const frags[] = {
		"doppel:type differs (\"person\" here, \"email\" there)",
		"doppel:style differs (\"mask\" here, \"surrogate\" there)",
		"doppel:label differs (\"Mail\" here, none there)",
	};

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		dp_ts_set *s = dp_ts_set_new();
		char text[400];
		dp_err err;

		snprintf(text, sizeof text, "{\"fields\":[%s],\"foreignKeys\":[{\"fields\":\"q\","
		         "\"reference\":{\"resource\":\"customers\",\"fields\":\"email\"}}]}", refs[i]);
		assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
		assert_int_equal(load_text(s, "b.json", text, &err), DP_OK);
		assert_int_equal(dp_ts_set_resolve(s, &err), DP_CONFIG);
		assert_err(&err, DP_CONFIG, 1, frags[i]);
		dp_ts_set_free(s);
	}
}

static void table_schema__fkey_missing_ref_field__config_error(void **state)
{
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;

	(void)state;
	assert_int_equal(load_text(s, "customers.json", customers, &err), DP_OK);
	assert_int_equal(load_text(s, "b.json", "{\"fields\":[{\"name\":\"q\"}],\n\"foreignKeys\":"
	                           "[\n{\"fields\":\"q\",\"reference\":{\"resource\":\"customers\","
	                           "\"fields\":\"cid\"}}]}", &err), DP_OK);
	assert_int_equal(dp_ts_set_resolve(s, &err), DP_CONFIG);
	assert_err(&err, DP_CONFIG, 3, "foreignKeys[0]: table \"customers\" has no field \"cid\"");
	dp_ts_set_free(s);
	/* in a self-reference the loader already knows */
	expect_error("{\"fields\":[{\"name\":\"q\"}],\"foreignKeys\":[{\"fields\":\"q\","
	             "\"reference\":{\"resource\":\"\",\n\"fields\":\"nope\"}}]}", 2,
	             "foreignKeys[0]: this table has no field \"nope\"");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_schema__examples__every_property_parsed),
		cmocka_unit_test(table_schema__every_property_fixture__values),
		cmocka_unit_test(table_schema__defaults__string_type_no_style_ns_from_type),
		cmocka_unit_test(table_schema__custom_type__accepted_when_id_shaped),
		cmocka_unit_test(table_schema__table_name__from_file_basename),
		cmocka_unit_test(table_schema__duplicate_table_name__error_set_unchanged),
		cmocka_unit_test(table_schema__invalid_fixtures__error_names_file_and_line),
		cmocka_unit_test(table_schema__invalid_fixtures__all_have_expectations),
		cmocka_unit_test(table_schema__valid_fixtures__all_load),
		cmocka_unit_test(table_schema__bad_style__message_names_field),
		cmocka_unit_test(table_schema__conflicts__each_reported),
		cmocka_unit_test(table_schema__duplicate_field__error),
		cmocka_unit_test(table_schema__unknown_doppel_property__error),
		cmocka_unit_test(table_schema__unknown_plain_property__ignored),
		cmocka_unit_test(table_schema__not_object__error),
		cmocka_unit_test(table_schema__fields_missing__error),
		cmocka_unit_test(table_schema__invalid_json__jansson_line),
		cmocka_unit_test(table_schema__huge_file__config_error),
		cmocka_unit_test(table_schema__unreadable__noinput),
		cmocka_unit_test(table_schema__caps__too_many_fields),
		cmocka_unit_test(table_schema__load_buf__not_nul_terminated),
		cmocka_unit_test(table_schema__fkey_across_tables__namespace_inherited),
		cmocka_unit_test(table_schema__examples__join_through_customer_namespace),
		cmocka_unit_test(table_schema__fkey_unloaded_resource__kept_unresolved),
		cmocka_unit_test(table_schema__resolve_again__starts_from_declarations),
		cmocka_unit_test(table_schema__fkey_conflicting_namespaces__config_error),
		cmocka_unit_test(table_schema__fkey_type_default_ns__takes_referenced_ns),
		cmocka_unit_test(table_schema__fkey_chain__follows_three_tables),
		cmocka_unit_test(table_schema__fkey_cycle__config_error),
		cmocka_unit_test(table_schema__fkey_keep_vs_mapped__config_error),
		cmocka_unit_test(table_schema__fkey_type_style_label__conflicts),
		cmocka_unit_test(table_schema__fkey_missing_ref_field__config_error),
	};

	return cmocka_run_group_tests_name("table_schema", tests, NULL, NULL);
}
