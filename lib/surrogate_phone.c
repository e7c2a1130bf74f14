/* surrogate_phone.c - phone surrogates (surrogate.h): the digits of the original are
 * replaced in place, so separators, parentheses, '+', "00" and trunk prefixes stay where they
 * were; the national significant number (NSN) gets a fictional range (NANP 555-01xx, Ofcom
 * drama numbers) or keeps its first digits with a random subscriber part. Every result is
 * classified again and must give the original's country. */
#include "config.h"

#include <string.h>

#include "fakedata.h"
#include "surrogate_internal.h"
#include "validate.h"

#define PH_DIG 24     /* digits in a phone candidate */
#define PH_TEXT 96    /* bytes of a phone candidate */
#define PH_TRIES 32


/* Digits of the country code for a classified number ("" other: 3 taken as the prefix). */
static int cc_len(const char *iso)
{
	if (strcmp(iso, "KZ") == 0 || strcmp(iso, "RU") == 0 || strcmp(iso, "US") == 0)
		return 1;
	return *iso ? 2 : 3;
}

/* How many leading NSN digits the generic strategy keeps. */
static int nsn_keep(const char *iso)
{
	if (strcmp(iso, "FR") == 0)
		return 2;
	return 3;
}

/* NANP: area code NXX (X not 9 in the middle, no N11) and 555-0100..0199 */
static void fill_nanp(sur_rng *r, char *nsn)
{
	nsn[0] = (char)('2' + dp_sur_below(r, 8));
	nsn[1] = (char)('0' + dp_sur_below(r, 9));
	nsn[2] = (char)('0' + dp_sur_below(r, 10));
	if (nsn[1] == '1' && nsn[2] == '1')
		nsn[2] = '2';
	memcpy(nsn + 3, "55501", 5);
	dp_sur_rand_digits(r, nsn + 8, 2);
}

/* GB: the drama range whose prefix the NSN has (or any "1..." range); 0 when none fits */
static int fill_gb(sur_rng *r, char *nsn, int k, int any1)
{
	const dp_fk_gb_range *g = NULL;

	if (k != 10)
		return 0;
	for (size_t i = 0; i < dp_fk_ngb_ranges && g == NULL; i++) {
		if (strncmp(nsn, dp_fk_gb_ranges[i].from, strlen(dp_fk_gb_ranges[i].from)) == 0)
			g = &dp_fk_gb_ranges[i];
	}
	if ((g == NULL || any1) && nsn[0] == '1')
		g = &dp_fk_gb_ranges[DP_FK_GB_FIRST_1 + dp_sur_below(r, DP_FK_GB_COUNT_1)];
	if (g == NULL)
		return 0;
	memcpy(nsn, g->to, 7);
	dp_sur_rand_digits(r, nsn + 7, 3);
	return 1;
}

/* The NSN for try t: the reserved range first, then with the first digits kept. */
static void fill_nsn(sur_rng *r, const char *iso, char *nsn, int k, int t)
{
	int keep = nsn_keep(iso);

	if (t < PH_TRIES / 2 && strcmp(iso, "US") == 0 && k == 10) {
		fill_nanp(r, nsn);
		return;
	}
	if (t < PH_TRIES / 2 && strcmp(iso, "GB") == 0 && fill_gb(r, nsn, k, t > 0))
		return;
	if (keep > k - 2)
		keep = k - 2;
	dp_sur_rand_digits(r, nsn + keep, k - keep);
}

/* 1 when text[0..n) is a phone number of country iso */
static int same_country(const char *text, size_t n, const char *iso)
{
	char e164[32];
	const char *got = dp_phone_classify(text, n, e164);

	return got != NULL && strcmp(got, iso) == 0;
}

int dp_sur_gen_phone(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char e164[32], d[PH_DIG + 1], w[PH_DIG + 1], text[PH_TEXT];
	const char *iso = n < PH_TEXT ? dp_phone_classify(v, n, e164) : NULL;
	int nd = iso ? dp_sur_digits_of(v, n, d, PH_DIG) : -1;
	int k = iso ? (int)strlen(e164) - 1 - cc_len(iso) : 0;

	(void)s;
	if (iso == NULL || nd < 7 || k < 4 || k > nd)
		return 0;
	for (int t = 0; t < PH_TRIES; t++) {
		dp_sout tmp = {text, sizeof text, 0, 0};

		memcpy(w, d, (size_t)nd + 1);
		fill_nsn(r, iso, w + nd - k, k, t);
		dp_sur_put_digits(&tmp, v, n, w);
		if (!tmp.full && strcmp(w, d) != 0 && same_country(text, tmp.len, iso)) {
			dp_sout_put(o, text, tmp.len);
			return 1;
		}
	}
	return 0;
}
