/* test_retention.c - ISO 8601 durations, calendar addition, RFC 3339 times, the build
 * clock (SOURCE_DATE_EPOCH) and retention policies. */
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

#include "dp_exit.h"
#include "retention.h"

static time_t at(const char *s)
{
	time_t t = 0;

	assert_int_equal(dp_mf_time_parse(s, &t), 0);
	return t;
}

/* t + duration, formatted */
static const char *plus(const char *t, const char *dur)
{
	static char out[DP_MF_TIME_LEN];
	dp_mf_duration d;
	time_t r;

	assert_int_equal(dp_mf_duration_parse(dur, &d), 0);
	assert_int_equal(dp_mf_time_add(at(t), &d, &r), 0);
	dp_mf_time_format(r, out);
	return out;
}

static void duration__parse__parts(void **s)
{
	dp_mf_duration d;

	(void)s;
	assert_int_equal(dp_mf_duration_parse("P30D", &d), 0);
	assert_int_equal(d.days, 30);
	assert_int_equal(dp_mf_duration_parse("P1Y2M", &d), 0);
	assert_int_equal(d.years, 1);
	assert_int_equal(d.months, 2);
	assert_int_equal(dp_mf_duration_parse("P2W", &d), 0);
	assert_int_equal(d.days, 14);
	assert_int_equal(dp_mf_duration_parse("PT12H30M5S", &d), 0);
	assert_int_equal(d.seconds, 12 * 3600 + 30 * 60 + 5);
	assert_int_equal(dp_mf_duration_parse("P1DT1M", &d), 0);
	assert_int_equal(d.days, 1);
	assert_int_equal(d.seconds, 60);
}

static void duration__parse__refuses(void **s)
{
	static const char *const bad[] = {"", "P", "PT", "P1DT", "30D", "P30", "PD", "P1D1Y",
	                                  "P1M1M", "PT1D", "P1H", "P-1D", "P1.5D", "p30d", "P30D ",
	                                  "P99999999D", NULL};
	dp_mf_duration d;

	(void)s;
	for (int i = 0; bad[i]; i++)
		if (dp_mf_duration_parse(bad[i], &d) == 0)
			fail_msg("accepted '%s'", bad[i]);
	assert_int_equal(dp_mf_duration_parse(NULL, &d), -1);
}

static void time_add__calendar(void **s)
{
	(void)s;
	assert_string_equal(plus("2026-01-01T00:00:00Z", "P30D"), "2026-01-31T00:00:00Z");
	assert_string_equal(plus("2026-01-01T00:00:00Z", "P365D"), "2027-01-01T00:00:00Z");
	assert_string_equal(plus("2026-01-31T10:00:00Z", "P1M"), "2026-02-28T10:00:00Z");   /* clamped */
	assert_string_equal(plus("2028-01-31T00:00:00Z", "P1M"), "2028-02-29T00:00:00Z");   /* leap */
	assert_string_equal(plus("2028-02-29T00:00:00Z", "P1Y"), "2029-02-28T00:00:00Z");
	assert_string_equal(plus("2026-01-01T00:00:00Z", "P1Y2M"), "2027-03-01T00:00:00Z");
	assert_string_equal(plus("2026-11-15T00:00:00Z", "P2M"), "2027-01-15T00:00:00Z");
	assert_string_equal(plus("2026-12-31T23:00:00Z", "PT2H"), "2027-01-01T01:00:00Z");
	assert_string_equal(plus("2026-01-01T00:00:00Z", "P1W"), "2026-01-08T00:00:00Z");
}

static void time__parse_and_format(void **s)
{
	char out[DP_MF_TIME_LEN];
	time_t t;

	(void)s;
	dp_mf_time_format(at("2026-03-01T12:34:56Z"), out);
	assert_string_equal(out, "2026-03-01T12:34:56Z");
	dp_mf_time_format(at("2026-03-01T12:34:56.789+02:00"), out);
	assert_string_equal(out, "2026-03-01T10:34:56Z");
	dp_mf_time_format(at("2026-03-01T00:30:00-01:00"), out);
	assert_string_equal(out, "2026-03-01T01:30:00Z");
	dp_mf_time_format(at("2026-03-01"), out);
	assert_string_equal(out, "2026-03-01T00:00:00Z");
	assert_int_equal(at("1970-01-01T00:00:00Z"), 0);
	assert_int_equal(dp_mf_time_parse("2026-02-30", &t), -1);
	assert_int_equal(dp_mf_time_parse("2026-13-01", &t), -1);
	assert_int_equal(dp_mf_time_parse("2026-03-01T25:00:00Z", &t), -1);
	assert_int_equal(dp_mf_time_parse("2026-03-01T10:00:00", &t), -1);   /* no zone */
	assert_int_equal(dp_mf_time_parse("2026-03-01T10:00:00Zjunk", &t), -1);
	assert_int_equal(dp_mf_time_parse("yesterday", &t), -1);
	assert_int_equal(dp_mf_time_parse(NULL, &t), -1);
}

static void build_time__source_date_epoch(void **s)
{
	dp_err err;
	time_t t;

	(void)s;
	setenv("SOURCE_DATE_EPOCH", "1767225600", 1);
	assert_int_equal(dp_mf_build_time(&t, &err), DP_OK);
	assert_int_equal(t, 1767225600);
	setenv("SOURCE_DATE_EPOCH", "12x", 1);
	assert_int_equal(dp_mf_build_time(&t, &err), DP_CONFIG);
	unsetenv("SOURCE_DATE_EPOCH");
	assert_int_equal(dp_mf_build_time(&t, &err), DP_OK);
	assert_true(t > 1700000000);
}

static const char *write_tmp(const char *text)
{
	static char path[64];
	FILE *f;

	snprintf(path, sizeof path, "/tmp/dp-policy-XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void policy__defaults_and_file(void **s)
{
	dp_mf_policy p;
	dp_err err;
	const char *path;

	(void)s;
	assert_int_equal(dp_mf_policy_load(&p, NULL, &err), DP_OK);
	assert_string_equal(dp_mf_policy_find(&p, "draft")->max_age, "P30D");
	assert_string_equal(dp_mf_policy_find(&p, "reference")->max_age, "P365D");
	assert_null(dp_mf_policy_find(&p, "pii"));
	path = write_tmp("{\"classes\": {\"pii\": {\"maxAge\": \"P90D\"}, \"draft\": {\"maxAge\": \"P7D\"}}}");
	assert_int_equal(dp_mf_policy_load(&p, path, &err), DP_OK);
	assert_string_equal(dp_mf_policy_find(&p, "draft")->max_age, "P7D");
	assert_string_equal(dp_mf_policy_find(&p, "pii")->max_age, "P90D");
	unlink(path);
	path = write_tmp("{\"classes\": {\"Bad Name\": {\"maxAge\": \"P1D\"}}}");
	assert_int_equal(dp_mf_policy_load(&p, path, &err), DP_CONFIG);
	unlink(path);
	path = write_tmp("{\"class\": {}}");
	assert_int_equal(dp_mf_policy_load(&p, path, &err), DP_CONFIG);
	unlink(path);
	assert_int_equal(dp_mf_policy_load(&p, "/nonexistent/policy.json", &err), DP_CONFIG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(duration__parse__parts),
		cmocka_unit_test(duration__parse__refuses),
		cmocka_unit_test(time_add__calendar),
		cmocka_unit_test(time__parse_and_format),
		cmocka_unit_test(build_time__source_date_epoch),
		cmocka_unit_test(policy__defaults_and_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
