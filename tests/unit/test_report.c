/* test_report.c - unit tests for scan reports in text, jsonl, json and SARIF (report.h). */
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
#include <unistd.h>

#include <jansson.h>

#include "dp_exit.h"
#include "report.h"

#define RAW_EMAIL "john.doe@corp-mail.com"

static const dp_report_rule rules[] = {
	{"email", "E-mail address", "An e-mail address. Replace it with a reserved-domain address."},
	{"card", "Payment card number", "A Luhn-valid payment card number."},
	{"github_token", "GitHub token", "A GitHub token."},
};

typedef struct sink {
	char *buf;
	size_t len;
	FILE *fp;
} sink;

static void sink_open(sink *s)
{
	s->buf = NULL;
	s->len = 0;
	s->fp = open_memstream(&s->buf, &s->len);
	assert_non_null(s->fp);
}

static void sink_close(sink *s)
{
	fclose(s->fp);
	free(s->buf);
}

static dp_report *open_report(sink *s, enum dp_report_format fmt)
{
	dp_report_opts o = {.format = fmt, .tool_version = "0.1.0", .rules = rules,
	                     .nrules = sizeof rules / sizeof rules[0]};
	dp_err err;
	dp_report *r;

	sink_open(s);
	r = dp_report_new(s->fp, &o, &err);
	assert_non_null(r);
	return r;
}

static dp_report_item text_item(void)
{
	dp_report_item it = {
		.path = "tests/fixtures/users.txt", .type_id = "email", .score = 0.866,
		.detector = "email", .line = 12, .col = 5, .end_line = 12, .end_col = 27,
		.start = 230, .end = 252, .fingerprint = "0123456789abcdef0123456789abcdef",
		.masked = "j*******@c********.com",
	};
	return it;
}

static dp_report_item jsonl_item(void)
{
	dp_report_item it = text_item();

	it.path = "data/users.jsonl";
	it.line = 3;
	it.col = 20;
	it.end_line = 3;
	it.end_col = 42;
	it.start = 0;
	it.end = 22;
	it.record = 3;
	it.field = "/user/email";
	it.value = RAW_EMAIL;
	it.value_len = strlen(RAW_EMAIL);
	return it;
}

static dp_report_item csv_item(void)
{
	dp_report_item it = text_item();

	it.path = "my dir/cards.csv";
	it.type_id = "card";
	it.score = 1.0;
	it.row = 4;
	it.column = "card number";
	it.column_index = 2;
	it.masked = "**** **** **** 1111";
	return it;
}

static void add(dp_report *r, const dp_report_item *it)
{
	dp_err err;

	assert_int_equal(dp_report_add(r, it, &err), DP_OK);
}

static void finish(dp_report *r)
{
	dp_err err;

	assert_int_equal(dp_report_finish(r, &err), DP_OK);
	dp_report_free(r);
}

static void report__format_parse__known_names(void **state)
{
	(void)state;
	assert_int_equal(dp_report_format_parse("text"), DP_REPORT_TEXT);
	assert_int_equal(dp_report_format_parse("json"), DP_REPORT_JSON);
	assert_int_equal(dp_report_format_parse("jsonl"), DP_REPORT_JSONL);
	assert_int_equal(dp_report_format_parse("sarif"), DP_REPORT_SARIF);
	assert_int_equal(dp_report_format_parse("xml"), -1);
	assert_int_equal(dp_report_format_parse(NULL), -1);
}

static void report__text__grep_like_line(void **state)
{
	sink s;
	dp_report *r = open_report(&s, DP_REPORT_TEXT);
	dp_report_item a = text_item(), b = jsonl_item();

	(void)state;
	add(r, &a);
	add(r, &b);
	finish(r);
	/* the jsonl item carries the raw value (--show-values): shown in place of the mask */
	assert_string_equal(s.buf,
	                    "tests/fixtures/users.txt:12:5: email (0.87) j*******@c********.com\n"
	                    "data/users.jsonl:3:20: email (0.87) " RAW_EMAIL "\n");
	sink_close(&s);
}

static void assert_keys(json_t *o, const char *const *keys)
{
	void *iter = json_object_iter(o);
	size_t i = 0;

	for (; iter; iter = json_object_iter_next(o, iter), i++) {
		assert_non_null(keys[i]);
		assert_string_equal(json_object_iter_key(iter), keys[i]);
	}
	assert_null(keys[i]);
}

static json_t *parse_line(char **cursor)
{
	char *nl = strchr(*cursor, '\n');
	json_error_t jerr;
	json_t *j;

	assert_non_null(nl);
	*nl = '\0';
	j = json_loads(*cursor, 0, &jerr);
	assert_non_null(j);
	*cursor = nl + 1;
	return j;
}

static void report__jsonl__one_object_per_line_keys_in_order(void **state)
{
	static const char *const plain[] = {"path", "type", "score", "detector", "line", "col",
		"start", "end", "fingerprint", "masked", NULL};
	static const char *const rec[] = {"path", "type", "score", "detector", "line", "col",
		"start", "end", "record", "field", "fingerprint", "masked", "value", NULL};
	static const char *const csv[] = {"path", "type", "score", "detector", "line", "col",
		"start", "end", "row", "column", "column_index", "fingerprint", "masked",
		"canary_record", NULL};
	sink s;
	dp_report *r = open_report(&s, DP_REPORT_JSONL);
	dp_report_item a = text_item(), b = jsonl_item(), c = csv_item();
	char *cur;
	json_t *j;

	(void)state;
	c.canary_record = "gen-000042";
	add(r, &a);
	add(r, &b);
	add(r, &c);
	finish(r);
	cur = s.buf;
	j = parse_line(&cur);
	assert_keys(j, plain);
	assert_true(json_real_value(json_object_get(j, "score")) == 0.87);
	assert_int_equal(json_integer_value(json_object_get(j, "line")), 12);
	json_decref(j);
	j = parse_line(&cur);
	assert_keys(j, rec);
	assert_string_equal(json_string_value(json_object_get(j, "field")), "/user/email");
	assert_string_equal(json_string_value(json_object_get(j, "value")), RAW_EMAIL);
	json_decref(j);
	j = parse_line(&cur);
	assert_keys(j, csv);
	assert_int_equal(json_integer_value(json_object_get(j, "column_index")), 2);
	json_decref(j);
	assert_string_equal(cur, "");
	sink_close(&s);
}

static void report__jsonl__invalid_utf8_value__replacement_char(void **state)
{
	sink s;
	dp_report *r = open_report(&s, DP_REPORT_JSONL);
	dp_report_item it = text_item();
	char *cur;
	json_t *j;

	(void)state;
	it.value = "a\xFF\xC3" "b";   /* a stray byte and a truncated sequence */
	it.value_len = 4;
	it.path = "bad\xFEname.txt";
	add(r, &it);
	finish(r);
	cur = s.buf;
	j = parse_line(&cur);
	assert_string_equal(json_string_value(json_object_get(j, "value")),
	                    "a\xEF\xBF\xBD\xEF\xBF\xBD" "b");
	assert_string_equal(json_string_value(json_object_get(j, "path")),
	                    "bad\xEF\xBF\xBDname.txt");
	json_decref(j);
	sink_close(&s);
}

static void report__json__document_parses_after_finish(void **state)
{
	sink s;
	dp_report *r = open_report(&s, DP_REPORT_JSON);
	dp_report_item a = text_item(), b = jsonl_item(), c = csv_item();
	dp_report_summary sum = {.files_scanned = 7, .suppressed = 2, .bytes_scanned = 1000};
	json_error_t jerr;
	json_t *doc, *summary;

	(void)state;
	add(r, &a);
	add(r, &b);
	add(r, &c);
	dp_report_set_summary(r, &sum);
	finish(r);
	doc = json_loads(s.buf, 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(json_integer_value(json_object_get(doc, "version")), 1);
	assert_string_equal(json_string_value(json_object_get(doc, "tool")), "doppel-scan");
	assert_string_equal(json_string_value(json_object_get(doc, "toolVersion")), "0.1.0");
	assert_int_equal(json_array_size(json_object_get(doc, "findings")), 3);
	summary = json_object_get(doc, "summary");
	assert_int_equal(json_integer_value(json_object_get(summary, "findings")), 3);
	assert_int_equal(json_integer_value(json_object_get(summary, "filesScanned")), 7);
	assert_int_equal(json_integer_value(json_object_get(summary, "suppressed")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(summary, "byType"),
	                                                    "email")), 2);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(summary, "byType"),
	                                                    "card")), 1);
	json_decref(doc);
	sink_close(&s);
}

static void report__json__no_findings__valid_document(void **state)
{
	sink s;
	dp_report *r = open_report(&s, DP_REPORT_JSON);
	json_error_t jerr;
	json_t *doc;

	(void)state;
	finish(r);
	doc = json_loads(s.buf, 0, &jerr);
	assert_non_null(doc);
	assert_int_equal(json_array_size(json_object_get(doc, "findings")), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(doc, "summary"),
	                                                    "findings")), 0);
	json_decref(doc);
	sink_close(&s);
}

static json_t *sarif_doc(char **text)
{
	sink s;
	dp_report *r = open_report(&s, DP_REPORT_SARIF);
	dp_report_item a = text_item(), b = jsonl_item(), c = csv_item(), d = text_item();
	json_error_t jerr;
	json_t *doc;

	d.path = "-";
	add(r, &a);
	add(r, &b);
	add(r, &c);
	add(r, &d);
	finish(r);
	doc = json_loads(s.buf, 0, &jerr);
	assert_non_null(doc);
	if (text)
		*text = strdup(s.buf);
	sink_close(&s);
	return doc;
}

static json_t *jget(json_t *j, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *tok = strtok_r(buf, ".", &save); tok && j; tok = strtok_r(NULL, ".", &save))
		j = (*tok >= '0' && *tok <= '9') ? json_array_get(j, strtoul(tok, NULL, 10))
		                                  : json_object_get(j, tok);
	assert_non_null(j);
	return j;
}

static const char *jstr(json_t *j, const char *path)
{
	const char *s = json_string_value(jget(j, path));

	assert_non_null(s);
	assert_true(*s != '\0');
	return s;
}

static void report__sarif__driver_has_github_rule_members(void **state)
{
	json_t *doc = sarif_doc(NULL), *rule;

	(void)state;
	assert_non_null(strstr(jstr(doc, "$schema"), "sarif"));
	assert_string_equal(jstr(doc, "version"), "2.1.0");
	assert_string_equal(jstr(doc, "runs.0.tool.driver.name"), "doppel-scan");
	assert_string_equal(jstr(doc, "runs.0.tool.driver.semanticVersion"), "0.1.0");
	assert_string_equal(jstr(doc, "runs.0.tool.driver.informationUri"),
	                    "https://example.invalid/doppel");
	assert_string_equal(jstr(doc, "runs.0.columnKind"), "unicodeCodePoints");
	assert_int_equal(json_array_size(jget(doc, "runs.0.tool.driver.rules")), 3);
	rule = jget(doc, "runs.0.tool.driver.rules.2");
	assert_string_equal(jstr(rule, "id"), "github_token");
	assert_string_equal(jstr(rule, "name"), "GithubToken");
	assert_string_equal(jstr(rule, "shortDescription.text"), "GitHub token");
	jstr(rule, "fullDescription.text");
	jstr(rule, "help.text");
	assert_string_equal(jstr(rule, "defaultConfiguration.level"), "error");
	assert_string_equal(jstr(rule, "properties.tags.0"), "security");
	assert_string_equal(jstr(doc, "runs.0.tool.driver.rules.0.properties.tags.0"), "privacy");
	json_decref(doc);
}

static void report__sarif__results_have_region_fingerprints_no_raw_value(void **state)
{
	char *text = NULL;
	json_t *doc = sarif_doc(&text), *res;

	(void)state;
	assert_null(strstr(text, RAW_EMAIL));   /* even with value set: never in SARIF */
	assert_int_equal(json_array_size(jget(doc, "runs.0.results")), 4);
	res = jget(doc, "runs.0.results.0");
	assert_string_equal(jstr(res, "ruleId"), "email");
	assert_int_equal(json_integer_value(jget(res, "ruleIndex")), 0);
	assert_string_equal(jstr(res, "level"), "error");
	assert_string_equal(jstr(res, "message.text"), "E-mail address: j*******@c********.com");
	assert_string_equal(jstr(res, "locations.0.physicalLocation.artifactLocation.uri"),
	                    "tests/fixtures/users.txt");
	assert_int_equal(json_integer_value(jget(res, "locations.0.physicalLocation.region.startLine")), 12);
	assert_int_equal(json_integer_value(jget(res, "locations.0.physicalLocation.region.startColumn")), 5);
	assert_int_equal(json_integer_value(jget(res, "locations.0.physicalLocation.region.endLine")), 12);
	assert_int_equal(json_integer_value(jget(res, "locations.0.physicalLocation.region.endColumn")), 27);
	assert_string_equal(jstr(res, "partialFingerprints.primaryLocationLineHash"),
	                    "0123456789abcdef0123456789abcdef");
	json_decref(doc);
	free(text);
}

static void report__sarif__records_and_uris(void **state)
{
	json_t *doc = sarif_doc(NULL), *res;

	(void)state;
	res = jget(doc, "runs.0.results.1");
	assert_string_equal(jstr(res, "locations.0.logicalLocations.0.fullyQualifiedName"),
	                    "/user/email");
	assert_int_equal(json_integer_value(jget(res, "properties.record")), 3);
	res = jget(doc, "runs.0.results.2");
	assert_string_equal(jstr(res, "ruleId"), "card");
	assert_int_equal(json_integer_value(jget(res, "ruleIndex")), 1);
	assert_string_equal(jstr(res, "locations.0.physicalLocation.artifactLocation.uri"),
	                    "my%20dir/cards.csv");
	assert_string_equal(jstr(res, "locations.0.logicalLocations.0.name"), "card number");
	assert_int_equal(json_integer_value(jget(res, "properties.row")), 4);
	assert_string_equal(jstr(doc, "runs.0.results.3.locations.0.physicalLocation."
	                              "artifactLocation.uri"), "stdin");
	json_decref(doc);
}

/* Where the reference schemas live: ../shared/schemas beside the source tree. */
static int sarif_schema_path(char *out, size_t outsz, char *srcdir, size_t srcsz)
{
	const char *env = getenv("DP_SRCDIR");
	const char *suffix = "/tests/unit/test_report.c";
	size_t n = strlen(__FILE__), k = strlen(suffix);

	if (env && *env)
		snprintf(srcdir, srcsz, "%s", env);
	else if (n > k && strcmp(__FILE__ + n - k, suffix) == 0 && __FILE__[0] == '/')
		snprintf(srcdir, srcsz, "%.*s", (int)(n - k), __FILE__);
	else
		return -1;
	if (snprintf(out, outsz, "%s/../shared/schemas/sarif-2.1.0/sarif-schema-2.1.0.json",
	             srcdir) >= (int)outsz)
		return -1;
	return access(out, R_OK);
}

static void report__sarif__validates_against_official_schema(void **state)
{
	char schema[PATH_MAX], srcdir[PATH_MAX], file[] = "/tmp/dp-sarif-XXXXXX";
	char cmd[PATH_MAX * 3];
	char *text = NULL;
	json_t *doc;
	FILE *fp;
	int fd;

	(void)state;
	if (sarif_schema_path(schema, sizeof schema, srcdir, sizeof srcdir) != 0 ||
	    system("/usr/bin/python3 -c 'import jsonschema' 2>/dev/null") != 0) {
		skip();
		return;
	}
	doc = sarif_doc(&text);
	json_decref(doc);
	fd = mkstemp(file);
	assert_true(fd >= 0);
	fp = fdopen(fd, "w");
	assert_non_null(fp);
	assert_true(fputs(text, fp) >= 0);
	assert_int_equal(fclose(fp), 0);
	free(text);
	snprintf(cmd, sizeof cmd, "/usr/bin/python3 '%s/tests/cli/validate_json.py' '%s' '%s'",
	         srcdir, schema, file);
	assert_int_equal(system(cmd), 0);
	unlink(file);
}

static void report__ioerror__finish_returns_ioerr(void **state)
{
	FILE *fp = fopen("/dev/full", "w");
	dp_report_opts o = {.format = DP_REPORT_SARIF, .tool_version = "0.1.0", .rules = rules,
	                    .nrules = 3};
	dp_report_item it = text_item();
	dp_report *r;
	dp_err err;

	(void)state;
	if (!fp) {
		skip();
		return;
	}
	r = dp_report_new(fp, &o, &err);
	assert_non_null(r);
	for (int i = 0; i < 200; i++)
		dp_report_add(r, &it, &err);
	assert_int_equal(dp_report_finish(r, &err), DP_IOERR);
	assert_int_equal(err.code, DP_IOERR);
	dp_report_free(r);
	fclose(fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(report__format_parse__known_names),
		cmocka_unit_test(report__text__grep_like_line),
		cmocka_unit_test(report__jsonl__one_object_per_line_keys_in_order),
		cmocka_unit_test(report__jsonl__invalid_utf8_value__replacement_char),
		cmocka_unit_test(report__json__document_parses_after_finish),
		cmocka_unit_test(report__json__no_findings__valid_document),
		cmocka_unit_test(report__sarif__driver_has_github_rule_members),
		cmocka_unit_test(report__sarif__results_have_region_fingerprints_no_raw_value),
		cmocka_unit_test(report__sarif__records_and_uris),
		cmocka_unit_test(report__sarif__validates_against_official_schema),
		cmocka_unit_test(report__ioerror__finish_returns_ioerr),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
