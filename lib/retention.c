/* retention.c - durations, times and the retention policy (retention.h). */
#include "config.h"
#include "retention.h"

#include <ctype.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"

/* one "<digits><unit>" part; returns the unit or 0 */
static int duration_part(const char **s, long *v)
{
	char *end;

	if (!isdigit((unsigned char)**s))
		return 0;
	errno = 0;
	*v = strtol(*s, &end, 10);
	if (errno || *v > 1000000 || !*end)
		return 0;
	*s = end + 1;
	return (unsigned char)*end;
}

static int add_part(dp_mf_duration *d, int unit, long v, int in_time)
{
	if (!in_time && unit == 'Y') d->years += v;
	else if (!in_time && unit == 'M') d->months += v;
	else if (!in_time && unit == 'W') d->days += 7 * v;
	else if (!in_time && unit == 'D') d->days += v;
	else if (in_time && unit == 'H') d->seconds += 3600LL * v;
	else if (in_time && unit == 'M') d->seconds += 60LL * v;
	else if (in_time && unit == 'S') d->seconds += v;
	else return -1;
	return 0;
}

int dp_mf_duration_parse(const char *s, dp_mf_duration *d)
{
	static const char order[] = "YMWDTHMS";
	int in_time = 0, parts = 0;
	size_t last = 0;

	memset(d, 0, sizeof *d);
	if (!s || *s++ != 'P' || !*s)
		return -1;
	while (*s) {
		long v;
		int unit;
		const char *pos;

		if (*s == 'T' && !in_time) {
			in_time = 1, s++, last = 4;
			if (!*s)
				return -1;
			continue;
		}
		unit = duration_part(&s, &v);
		pos = unit ? strchr(order + last, unit) : NULL;
		if (!unit || !pos || (in_time ? pos < order + 5 : pos > order + 3)
		    || add_part(d, unit, v, in_time))
			return -1;
		last = (size_t)(pos - order) + 1;   /* units must come in order, once each */
		parts++;
	}
	return parts ? 0 : -1;
}

static int days_in_month(long y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 1 && leap ? 29 : dm[m];
}

int dp_mf_time_add(time_t t, const dp_mf_duration *d, time_t *out)
{
	struct tm tm;
	long long months;
	time_t r;

	if (!gmtime_r(&t, &tm))
		return -1;
	months = (long long)tm.tm_year * 12 + tm.tm_mon + (long long)d->years * 12 + d->months;
	if (months < 0 || months / 12 > 100000)
		return -1;
	tm.tm_year = (int)(months / 12);
	tm.tm_mon = (int)(months % 12);
	if (tm.tm_mday > days_in_month(tm.tm_year + 1900L, tm.tm_mon))
		tm.tm_mday = days_in_month(tm.tm_year + 1900L, tm.tm_mon);
	r = timegm(&tm);
	if (r == (time_t)-1)
		return -1;
	*out = r + (time_t)d->days * 86400 + (time_t)d->seconds;
	return 0;
}

static int num(const char *s, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

/* the zone after the seconds: Z, or +hh:mm / -hh:mm; its offset in seconds */
static int zone(const char *s, long *off)
{
	int h, m;

	if (*s == '.') {
		for (s++; isdigit((unsigned char)*s); s++)
			;
	}
	if ((*s == 'Z' || *s == 'z') && !s[1])
		return *off = 0, 0;
	if ((*s != '+' && *s != '-') || num(s + 1, 2, &h) || s[3] != ':' || num(s + 4, 2, &m) || s[6]
	    || h > 23 || m > 59)
		return -1;
	*off = (h * 3600L + m * 60L) * (*s == '-' ? -1 : 1);
	return 0;
}

int dp_mf_time_parse(const char *s, time_t *t)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, se = 0;
	long off = 0;

	memset(&tm, 0, sizeof tm);
	if (!s || strlen(s) < 10 || num(s, 4, &y) || s[4] != '-' || num(s + 5, 2, &mo) || s[7] != '-'
	    || num(s + 8, 2, &d) || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo - 1))
		return -1;
	if (s[10]) {
		if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || strlen(s) < 20 || num(s + 11, 2, &h)
		    || s[13] != ':' || num(s + 14, 2, &mi) || s[16] != ':' || num(s + 17, 2, &se)
		    || h > 23 || mi > 59 || se > 60 || zone(s + 19, &off))
			return -1;
	}
	tm.tm_year = y - 1900, tm.tm_mon = mo - 1, tm.tm_mday = d;
	tm.tm_hour = h, tm.tm_min = mi, tm.tm_sec = se > 59 ? 59 : se;
	*t = timegm(&tm) - off;
	return 0;
}

void dp_mf_time_format(time_t t, char out[DP_MF_TIME_LEN])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || tm.tm_year + 1900 > 9999 || tm.tm_year + 1900 < 0) {
		snprintf(out, DP_MF_TIME_LEN, "9999-12-31T23:59:59Z");
		return;
	}
	strftime(out, DP_MF_TIME_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int dp_mf_build_time(time_t *t, dp_err *err)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!sde || !*sde) {
		*t = time(NULL);
		return DP_OK;
	}
	errno = 0;
	v = strtoll(sde, &end, 10);
	if (errno || *end || v < 0 || v > 253402300799LL)
		return dp_err_set(err, DP_CONFIG, "SOURCE_DATE_EPOCH is not a time in seconds: '%s'", sde);
	*t = (time_t)v;
	return DP_OK;
}

static int set_class(dp_mf_policy *p, const char *name, const char *max_age)
{
	dp_mf_class *c = (dp_mf_class *)dp_mf_policy_find(p, name);

	if (!c) {
		if (p->n == DP_MF_POLICY_MAX)
			return -1;
		c = &p->cls[p->n++];
	}
	snprintf(c->name, sizeof c->name, "%s", name);
	snprintf(c->max_age, sizeof c->max_age, "%s", max_age);
	return 0;
}

static int class_name_ok(const char *s)
{
	if (!*s || strlen(s) >= DP_MF_CLASS_LEN)
		return 0;
	for (; *s; s++)
		if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '-' && *s != '_')
			return 0;
	return 1;
}

static int load_class(dp_mf_policy *p, const char *path, const char *name, json_t *v, dp_err *err)
{
	json_t *ma = json_object_get(v, "maxAge");
	dp_mf_duration d;

	if (!class_name_ok(name))
		return dp_err_setf(err, DP_CONFIG, path, 0, "class '%.60s': names are a-z, 0-9, '-', '_'", name);
	if (!json_is_object(v) || json_object_size(v) != 1 || !json_is_string(ma)
	    || dp_mf_duration_parse(json_string_value(ma), &d) != 0
	    || strlen(json_string_value(ma)) >= DP_MF_CLASS_LEN)
		return dp_err_setf(err, DP_CONFIG, path, 0, "class '%s' wants {\"maxAge\": "
		                   "\"<ISO 8601 duration>\"} and nothing else", name);
	if (set_class(p, name, json_string_value(ma)) != 0)
		return dp_err_setf(err, DP_CONFIG, path, 0, "more than %d classes", DP_MF_POLICY_MAX);
	return DP_OK;
}

int dp_mf_policy_load(dp_mf_policy *p, const char *path, dp_err *err)
{
	json_error_t je;
	json_t *root, *classes, *v;
	const char *name;
	int rc = DP_OK;

	memset(p, 0, sizeof *p);
	set_class(p, "draft", "P30D");
	set_class(p, "reference", "P365D");
	if (!path)
		return DP_OK;
	if (!(root = json_load_file(path, JSON_REJECT_DUPLICATES, &je)))
		return dp_err_setf(err, DP_CONFIG, path, je.line > 0 ? je.line : 0,
		                   "bad retention policy: %s", je.text);
	classes = json_object_get(root, "classes");
	if (!json_is_object(root) || json_object_size(root) != 1 || !json_is_object(classes))
		rc = dp_err_setf(err, DP_CONFIG, path, 0, "a retention policy is {\"classes\": {...}}");
	json_object_foreach(classes, name, v)
		if (rc == DP_OK)
			rc = load_class(p, path, name, v, err);
	json_decref(root);
	return rc;
}

const dp_mf_class *dp_mf_policy_find(const dp_mf_policy *p, const char *name)
{
	for (int i = 0; name && i < p->n; i++)
		if (strcmp(p->cls[i].name, name) == 0)
			return &p->cls[i];
	return NULL;
}
