/* retention.h - retention arithmetic: ISO 8601 durations (P30D, P1Y2M, PT12H, P2W),
 * calendar addition in UTC (a month from 31 January is the last day of February),
 * RFC 3339 times, the build clock (SOURCE_DATE_EPOCH) and the retention policy file.
 * Ownership: all plain structs owned by the caller; nothing to free. */
#ifndef DP_RETENTION_H
#define DP_RETENTION_H

#include <time.h>

#include "error.h"

#define DP_MF_TIME_LEN 21        /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
#define DP_MF_POLICY_MAX 32      /* classes in a policy */
#define DP_MF_CLASS_LEN 64

typedef struct dp_mf_duration {
	long years, months, days;    /* weeks are counted as 7 days */
	long long seconds;           /* hours, minutes and seconds */
} dp_mf_duration;

/* Parses an ISO 8601 duration (PnYnMnWnDTnHnMnS, whole numbers, at least one part).
 * 0, or -1 when s is not one. */
int dp_mf_duration_parse(const char *s, dp_mf_duration *d);
/* t + d: years and months first (the day clamped to the month's length), then days,
 * then seconds. 0, or -1 on overflow. */
int dp_mf_time_add(time_t t, const dp_mf_duration *d, time_t *out);
/* RFC 3339 date-time (Z or +hh:mm offset, optional fraction, which is dropped) or a
 * plain date YYYY-MM-DD (midnight UTC). 0, or -1. */
int dp_mf_time_parse(const char *s, time_t *t);
void dp_mf_time_format(time_t t, char out[DP_MF_TIME_LEN]);
/* The build clock: SOURCE_DATE_EPOCH when set (so rebuilds are byte-identical), else
 * the current time. DP_CONFIG when SOURCE_DATE_EPOCH is not a whole number. */
int dp_mf_build_time(time_t *t, dp_err *err);

typedef struct dp_mf_class {
	char name[DP_MF_CLASS_LEN];
	char max_age[DP_MF_CLASS_LEN];   /* ISO 8601 duration */
} dp_mf_class;

typedef struct dp_mf_policy {
	dp_mf_class cls[DP_MF_POLICY_MAX];
	int n;
} dp_mf_policy;

/* The built-in classes (draft P30D, reference P365D), then those of the policy file at
 * path when path is not NULL: {"classes": {"NAME": {"maxAge": "P90D"}, ...}}, which
 * add classes or replace built-in ones. DP_CONFIG for a bad or unreadable file. */
int dp_mf_policy_load(dp_mf_policy *p, const char *path, dp_err *err);
/* The class called name, or NULL. */
const dp_mf_class *dp_mf_policy_find(const dp_mf_policy *p, const char *name);

#endif
