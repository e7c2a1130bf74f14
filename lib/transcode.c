/* transcode.c - ICU conversion to UTF-8 and the encoding guess (transcode.h). The
 * conversion pivots through UTF-16 with ucnv_convertEx, whose pivot buffer lives in
 * the converter so that a character cut between two calls is completed by the next. */
#include "config.h"
#include "transcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>

#include "dp_exit.h"
#include "utf8.h"

#define PIVOT 1024

struct dp_tc {
	UConverter *src, *utf8;
	UChar pivot[PIVOT];
	UChar *psrc, *ptgt;
	int started;
	char name[64];
};

int dp_tc_is_utf8(const char *name)
{
	UErrorCode st = U_ZERO_ERROR;
	const char *canon = ucnv_getCanonicalName(name, "", &st);

	if (U_FAILURE(st) || !canon)
		canon = name;
	return strcasecmp(canon, "UTF-8") == 0 || strcasecmp(name, "UTF-8") == 0 ||
	       strcasecmp(name, "utf8") == 0;
}

int dp_tc_check(const char *name, dp_err *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UConverter *cv = ucnv_open(name, &st);

	if (U_FAILURE(st) || st == U_AMBIGUOUS_ALIAS_WARNING || !cv) {
		if (cv)
			ucnv_close(cv);
		if (st == U_AMBIGUOUS_ALIAS_WARNING)
			return 0;
		return dp_err_set(err, DP_USAGE, "unknown encoding '%s' (an ICU converter name, "
		                  "e.g. windows-1251, KOI8-R, UTF-16)", name);
	}
	ucnv_close(cv);
	return 0;
}

int dp_tc_open(dp_tc **out, const char *name, dp_err *err)
{
	UErrorCode st = U_ZERO_ERROR;
	dp_tc *tc;

	*out = NULL;
	if (dp_tc_check(name, err) != 0)
		return err->code;
	if (!(tc = calloc(1, sizeof *tc)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	tc->src = ucnv_open(name, &st);
	if (U_SUCCESS(st))
		tc->utf8 = ucnv_open("UTF-8", &st);
	if (U_FAILURE(st)) {
		dp_tc_close(tc);
		return dp_err_set(err, DP_SOFTWARE, "cannot open the converter for '%s': %s",
		                  name, u_errorName(st));
	}
	snprintf(tc->name, sizeof tc->name, "%s", name);
	tc->psrc = tc->ptgt = tc->pivot;
	*out = tc;
	return 0;
}

ssize_t dp_tc_convert(dp_tc *tc, const char *src, size_t n, size_t *used,
                      char *dst, size_t cap, int flush, int *full, dp_err *err)
{
	UErrorCode st = U_ZERO_ERROR;
	const char *s = src;
	char *d = dst;

	*full = 0;
	ucnv_convertEx(tc->utf8, tc->src, &d, dst + cap, &s, src + n, tc->pivot, &tc->psrc,
	               &tc->ptgt, tc->pivot + PIVOT, !tc->started, flush, &st);
	tc->started = 1;
	*used = (size_t)(s - src);
	if (st == U_BUFFER_OVERFLOW_ERROR) {
		*full = 1;
	} else if (U_FAILURE(st)) {
		dp_err_set(err, DP_DATAERR, "cannot convert from %s: %s", tc->name, u_errorName(st));
		return -1;
	}
	return (ssize_t)(d - dst);
}

const char *dp_tc_name(const dp_tc *tc)
{
	return tc->name;
}

void dp_tc_close(dp_tc *tc)
{
	if (!tc)
		return;
	if (tc->src)
		ucnv_close(tc->src);
	if (tc->utf8)
		ucnv_close(tc->utf8);
	free(tc);
}

/* Counts well-formed multi-byte sequences and ill-formed ones (a sequence cut at the
 * end of an incomplete sample is neither). */
static void utf8_census(const char *p, size_t n, int complete, size_t *multi, size_t *bad)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0;

	*multi = *bad = 0;
	while (i < n) {
		long cp;
		size_t k;

		if (u[i] < 0x80) {
			i++;
			continue;
		}
		k = dp_utf8_next(u + i, n - i, &cp);
		if (cp >= 0)
			(*multi)++;
		else if (complete || i + k < n || k >= 4)
			(*bad)++;
		i += k;
	}
}

int dp_tc_valid_utf8(const char *p, size_t n, int complete)
{
	size_t multi, bad;

	utf8_census(p, n, complete, &multi, &bad);
	return bad == 0;
}

/* ICU's detector over the sample: the best match's name when it is confident enough
 * and clearly ahead of the runner-up. */
static int detect(const char *p, size_t n, char *name, size_t cap)
{
	UErrorCode st = U_ZERO_ERROR;
	UCharsetDetector *cd = ucsdet_open(&st);
	const UCharsetMatch **m = NULL;
	int32_t k = 0, c0 = 0, c1 = 0;
	const char *nm;
	int ok = 0;

	if (U_FAILURE(st))
		return 0;
	ucsdet_setText(cd, p, (int32_t)(n > (1u << 20) ? 1u << 20 : n), &st);
	if (U_SUCCESS(st))
		m = ucsdet_detectAll(cd, &k, &st);
	if (m && k > 0 && U_SUCCESS(st)) {
		c0 = ucsdet_getConfidence(m[0], &st);
		c1 = k > 1 ? ucsdet_getConfidence(m[1], &st) : 0;
		nm = ucsdet_getName(m[0], &st);
		if (U_SUCCESS(st) && nm && c0 >= DP_TC_MIN_CONFIDENCE &&
		    c0 - c1 >= DP_TC_MIN_MARGIN && !dp_tc_is_utf8(nm) &&
		    strncasecmp(nm, "UTF-", 4) != 0) {   /* BOMs are judged by dp_tc_guess */
			snprintf(name, cap, "%s", nm);
			ok = 1;
		}
	}
	ucsdet_close(cd);
	return ok;
}

/* Text in UTF-16 has an ASCII character (a newline, a space) somewhere, whose high
 * byte is 0: a BOM followed by no such byte is taken for the bytes it is. */
static int utf16_plausible(const unsigned char *u, size_t n, int le)
{
	for (size_t i = 2 + (le ? 1 : 0); i < n; i += 2)
		if (u[i] == 0)
			return 1;
	return 0;
}

int dp_tc_guess(const char *p, size_t n, int complete, char *name, size_t cap)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t multi, bad;

	if (n >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)) &&
	    utf16_plausible(u, n, u[0] == 0xff)) {
		snprintf(name, cap, "UTF-16");
		return 1;
	}
	utf8_census(p, n, complete, &multi, &bad);
	if (bad == 0 || multi > 0)
		return 0;   /* UTF-8, or mostly UTF-8 with stray bytes: never guessed */
	return detect(p, n, name, cap);
}
