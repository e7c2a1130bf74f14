/* detect_numeric.c - digit runs: a run starts at a digit (or '+'/'(' before one) and
 * spans digit groups joined by single separators. Its digit count and group shape
 * pick the validators to try (card, kz_iin, kz_bin, ru_inn, ru_snils, us_ssn, phone,
 * ipv4, dates of birth, passports, house numbers of addresses); overlap resolution in
 * detect.c keeps the best-scoring reading. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "detect_internal.h"
#include "validate.h"

#define MAX_GROUPS 12
#define MAX_DIGITS 24

typedef struct run {
	size_t s, e;                 /* span in the text */
	char dig[MAX_DIGITS + 1];    /* the digits */
	int ndig, ngroups;
	int glen[MAX_GROUPS];        /* digits per group */
	char sep[MAX_GROUPS];        /* separator after each group (0 for the last) */
	int plus, paren;
} run;

static int is_sep(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' || c == '/';
}

/* Extends a run from i; returns 0 when it is not a usable run (too long, glued to letters). */
static int read_run(const dp_scanner *s, size_t i, run *r)
{
	const char *t = s->t;
	size_t j = i, n = s->n;

	memset(r, 0, sizeof *r);
	r->s = i;
	r->plus = t[j] == '+';
	r->paren = t[j] == '(';
	if (!isdigit((unsigned char)t[j]))
		j++;
	while (j < n) {
		int g = 0;
		size_t k;

		while (j < n && isdigit((unsigned char)t[j])) {
			if (r->ndig >= MAX_DIGITS)
				return 0;
			r->dig[r->ndig++] = t[j++];
			g++;
		}
		r->glen[r->ngroups++] = g;
		r->e = j;
		for (k = j; k < n && k - j < 3 && is_sep(t[k]); k++)
			;
		if (k == j || k >= n || !isdigit((unsigned char)t[k]) || r->ngroups >= MAX_GROUPS || k - j == 3)
			break;
		r->sep[r->ngroups - 1] = memchr(t + j, '(', k - j) ? '(' :
		                         t[j] == ')' && k - j > 1 ? t[j + 1] : t[j];
		if (t[j] == '.' && k - j > 1)
			break;
		j = k;
	}
	return r->e >= n || !isalpha((unsigned char)t[r->e]);
}

/* Cheap test before the month-name date and English street patterns: after the number
 * (an optional letter or comma for house numbers) a space and then a letter, an
 * upper-case ASCII one when upper is set, any letter (ASCII or Cyrillic) otherwise. */
static int word_follows(const dp_scanner *s, size_t e, int upper)
{
	if (upper) {
		if (e < s->n && isalpha((unsigned char)s->t[e]))
			e++;
		if (e < s->n && s->t[e] == ',')
			e++;
	}
	if (e + 1 >= s->n || s->t[e] != ' ')
		return 0;
	e++;
	if (upper)
		return isupper((unsigned char)s->t[e]);
	return isalpha((unsigned char)s->t[e]) || ((unsigned char)s->t[e] >= 0xD0 && (unsigned char)s->t[e] <= 0xD3);
}

static int groups_are(const run *r, int n, const int *lens)
{
	if (r->ngroups != n)
		return 0;
	for (int i = 0; i < n; i++)
		if (r->glen[i] != lens[i])
			return 0;
	return 1;
}

static int same_seps(const run *r, const char *allowed)
{
	for (int i = 0; i + 1 < r->ngroups; i++)
		if (!strchr(allowed, r->sep[i]) || r->sep[i] != r->sep[0])
			return 0;
	return 1;
}

static void add(dp_scanner *s, const run *r, int type, double score, const char *det, unsigned fl)
{
	dp_detect_add(s, type, r->s, r->e, score, det, fl);
}

/* Dotted numbers after "section", "version", "rfc", "chapter", "§": not addresses. */
static int after_section_word(const dp_scanner *s, size_t pos)
{
	static const char *const words[] = {"section", "version", "ver", "rfc", "chapter", "release", "\xc2\xa7", NULL};
	size_t e = pos;

	while (e > 0 && (s->t[e - 1] == ' ' || s->t[e - 1] == '.'))
		e--;
	for (int i = 0; words[i]; i++) {
		size_t k = strlen(words[i]);

		if (e >= k && strncasecmp(s->t + e - k, words[i], k) == 0 &&
		    (e == k || !isalpha((unsigned char)s->t[e - k - 1])))
			return 1;
	}
	return e > 0 && (s->t[e - 1] == 'v' || s->t[e - 1] == 'V') && (e == 1 || !isalpha((unsigned char)s->t[e - 2]));
}

static int try_ipv4(dp_scanner *s, const run *r)
{
	static const char *const doc[] = {"192.0.2.", "198.51.100.", "203.0.113.", NULL};
	const char *v = s->t + r->s;
	double sc = 0.7;

	if (r->ngroups != 4 || !same_seps(r, ".") || !dp_valid_ipv4(v, r->e - r->s))
		return 0;
	for (int i = 0; doc[i]; i++)
		if (strncmp(v, doc[i], strlen(doc[i])) == 0)
			sc = 0.1;
	if (strncmp(v, "127.", 4) == 0 || strncmp(v, "0.", 2) == 0 || atoi(v) >= 224 || after_section_word(s, r->s))
		sc = 0.2;   /* loopback, multicast and reserved ranges, "section 8.4.26.1", "version 1.2.3.4" */
	else if (sc > 0.5 && (strncmp(v, "10.", 3) == 0 || strncmp(v, "192.168.", 8) == 0))
		sc = 0.5;
	add(s, r, DP_T_IPV4, sc, "pattern+validator", DP_F_VALIDATED | (sc <= 0.1 ? DP_F_KNOWNFAKE : 0));
	return 1;
}

static int date_parts(const run *r, int *y, int *m, int *d)
{
	const char *p = r->dig;

	if (r->ngroups != 3 || !same_seps(r, "./-"))
		return 0;
	if (r->glen[0] == 4 && r->glen[1] <= 2 && r->glen[2] <= 2) {
		*y = (p[0] - '0') * 1000 + (p[1] - '0') * 100 + (p[2] - '0') * 10 + (p[3] - '0');
		*m = r->glen[1] == 2 ? (p[4] - '0') * 10 + p[5] - '0' : p[4] - '0';
		*d = atoi(p + 4 + r->glen[1]);
		return 1;
	}
	if (r->glen[0] <= 2 && r->glen[1] <= 2 && r->glen[2] == 4) {
		int a = r->glen[0] == 2 ? (p[0] - '0') * 10 + p[1] - '0' : p[0] - '0';
		int b = atoi((char[3]){p[r->glen[0]], r->glen[1] == 2 ? p[r->glen[0] + 1] : 0, 0});

		*y = atoi(p + r->glen[0] + r->glen[1]);
		*d = a;
		*m = b;
		if (*m > 12 && a <= 12) {   /* US month/day/year */
			*d = b;
			*m = a;
		}
		return 1;
	}
	return 0;
}

static int try_date(dp_scanner *s, const run *r)
{
	int y, m, d;

	if (!date_parts(r, &y, &m, &d))
		return 0;
	if (dp_valid_date(y, m, d) && dp_ctx_near(s, CTX_DOB, r->s, r->e))
		add(s, r, DP_T_DATE_OF_BIRTH, 0.85, "date+context", DP_F_CONTEXT | DP_F_VALIDATED);
	return 1;   /* a date is never another number type */
}

static double ctx_score(dp_scanner *s, const run *r, int g, double base, double boost, unsigned *fl)
{
	if (!dp_ctx_near(s, g, r->s, r->e))
		return base;
	*fl |= DP_F_CONTEXT;
	return base + boost;
}

static void try_ids(dp_scanner *s, const run *r)
{
	const char *v = s->t + r->s;
	size_t n = r->e - r->s;
	unsigned fl = DP_F_VALIDATED;
	int plain = r->ngroups == 1;

	if (plain && r->ndig == 12 && dp_valid_kz_iin(v, n))
		add(s, r, DP_T_KZ_IIN, ctx_score(s, r, CTX_IIN, 0.85, 0.15, &fl), "pattern+checksum", fl);
	fl = DP_F_VALIDATED;
	if (plain && r->ndig == 12 && dp_valid_kz_bin(v, n))
		add(s, r, DP_T_KZ_BIN, ctx_score(s, r, CTX_BIN, 0.8, 0.2, &fl), "pattern+checksum", fl);
	fl = DP_F_VALIDATED;
	if (plain && (r->ndig == 10 || r->ndig == 12) && dp_valid_ru_inn(v, n))
		add(s, r, DP_T_RU_INN, ctx_score(s, r, CTX_INN, r->ndig == 12 ? 0.55 : 0.4, 0.45, &fl),
		    "pattern+checksum", fl);
	fl = DP_F_VALIDATED;
	if (r->ndig == 11 && (plain || groups_are(r, 4, (const int[]){3, 3, 3, 2})) && dp_valid_ru_snils(v, n))
		add(s, r, DP_T_RU_SNILS, ctx_score(s, r, CTX_SNILS, plain ? 0.45 : 0.9, plain ? 0.5 : 0.1, &fl),
		    "pattern+checksum", fl);
}

static void try_ssn(dp_scanner *s, const run *r)
{
	const char *v = s->t + r->s;
	size_t n = r->e - r->s;
	unsigned fl = DP_F_VALIDATED;
	double base;

	if (r->ndig != 9 || !(r->ngroups == 1 || (groups_are(r, 3, (const int[]){3, 2, 4}) && same_seps(r, "- "))))
		return;
	if (!dp_valid_us_ssn(v, n))
		return;
	base = r->ngroups == 1 ? 0.35 : r->sep[0] == '-' ? 0.85 : 0.6;
	if (dp_known_fake_us_ssn(v, n)) {
		add(s, r, DP_T_US_SSN, 0.1, "pattern+validator", fl | DP_F_KNOWNFAKE);
		return;
	}
	add(s, r, DP_T_US_SSN, ctx_score(s, r, CTX_SSN, base, 0.5, &fl), "pattern+validator", fl);
}

static void try_card(dp_scanner *s, const run *r)
{
	const char *v = s->t + r->s;
	size_t n = r->e - r->s;
	unsigned fl = DP_F_VALIDATED;

	if (r->ndig < 12 || r->ndig > 19 || !same_seps(r, " -") || r->plus || r->paren)
		return;
	if (!dp_valid_card(v, n))
		return;
	if (dp_known_fake_card(v, n)) {
		add(s, r, DP_T_CARD, 0.1, "pattern+luhn", fl | DP_F_KNOWNFAKE);
		return;
	}
	add(s, r, DP_T_CARD, ctx_score(s, r, CTX_CARD, r->ngroups > 1 ? 0.95 : 0.85, 0.05, &fl), "pattern+luhn", fl);
}

/* "INV-2023-669354", "ID_123456789": the digits continue an identifier. */
static int glued_to_word(const dp_scanner *s, size_t st)
{
	return st >= 2 && (s->t[st - 1] == '-' || s->t[st - 1] == '_' || s->t[st - 1] == '#' ||
	                   s->t[st - 1] == '/') && isalnum((unsigned char)s->t[st - 2]);
}

/* "02:21:44" continues after the run, or "9.3.2245.3716": not a phone number. */
static int looks_like_time_or_version(const dp_scanner *s, const run *r)
{
	size_t e = r->e;
	int short_group = 0;

	if (e + 1 < s->n && (s->t[e] == ':' || s->t[e] == '.') && isdigit((unsigned char)s->t[e + 1]))
		return 1;
	if (r->s > 1 && (s->t[r->s - 1] == '.' || s->t[r->s - 1] == ':') && isdigit((unsigned char)s->t[r->s - 2]))
		return 1;
	for (int g = 0; g < r->ngroups; g++)
		short_group |= r->glen[g] == 1;
	return short_group && same_seps(r, ".");
}

static void try_phone(dp_scanner *s, const run *r)
{
	char e164[24];
	const char *cc;
	double base;
	unsigned fl = DP_F_VALIDATED;

	if (r->ndig < 7 || r->ndig > 15 || looks_like_time_or_version(s, r) || glued_to_word(s, r->s))
		return;
	cc = dp_phone_classify(s->t + r->s, r->e - r->s, e164);
	if (!cc)
		return;
	if (dp_known_fake_phone(e164)) {
		add(s, r, DP_T_PHONE, 0.1, "pattern+validator", fl | DP_F_KNOWNFAKE);
		return;
	}
	base = r->plus ? 0.85 : (r->ngroups > 1 || r->paren) ? 0.65 : 0.4;
	add(s, r, DP_T_PHONE, ctx_score(s, r, CTX_PHONE, base, 0.3, &fl), "pattern+validator", fl);
}

static void try_passport(dp_scanner *s, const run *r)
{
	size_t en;

	/* shapes first (9 digits, or RU "45 06 123456"), the context regex only then */
	if (!((r->ndig == 9 && r->ngroups == 1) ||
	      (r->ndig == 10 && (r->ngroups == 1 || groups_are(r, 3, (const int[]){2, 2, 6}) ||
	                         groups_are(r, 2, (const int[]){4, 6})))))
		return;
	if (!dp_ctx_near(s, CTX_PASSPORT, r->s, r->e))
		return;
	en = dp_detect_match_at(s, PAT_PASSPORT, r->s);
	if (en)
		dp_detect_add(s, DP_T_PASSPORT, r->s, en, 0.9, "pattern+context", DP_F_CONTEXT);
}

/* A Russian street word ("ул.", "улица", "проспект", "пр-т", "пер.", "переулок") within
 * 48 bytes before pos, on the same line. */
static int street_word_before(const dp_scanner *s, size_t pos)
{
	static const char *const words[] = {"ул.", "улица", "проспект", "пр-т", "пер.", "переулок", NULL};
	size_t a = pos > 48 ? pos - 48 : 0;
	const char *nl = memrchr(s->t + a, '\n', pos - a);

	if (nl)
		a = (size_t)(nl - s->t) + 1;
	for (int i = 0; words[i]; i++)
		if (memmem(s->t + a, pos - a, words[i], strlen(words[i])))
			return 1;
	return 0;
}

/* Whether the text before pos (spaces and commas skipped) ends with a house word of
 * the Russian ("д.", "дом") or Kazakh ("көшесі", "даңғылы", "к-сі", "даң.") patterns. */
static int after_house_word(const dp_scanner *s, size_t pos)
{
	static const char *const words[] = {"д.", "дом", "Дом", "көшесі", "даңғылы", "к-сі", "даң.", NULL};
	unsigned char last;
	int comma = 0;

	while (pos > 0 && (s->t[pos - 1] == ' ' || s->t[pos - 1] == ',' || s->t[pos - 1] == '\t'))
		comma |= s->t[--pos] == ',';
	last = pos ? (unsigned char)s->t[pos - 1] : 0;
	if (comma && last >= 0x80 && street_word_before(s, pos))   /* "ул. Пушкина, 227" */
		return 1;
	if (last != '.' && last != 0xBC && last != 0x96 && last != 0x8B)   /* '.', м, і, ы */
		return 0;
	for (int i = 0; words[i]; i++) {
		size_t k = strlen(words[i]);

		if (pos >= k && memcmp(s->t + pos - k, words[i], k) == 0)
			return 1;
	}
	return 0;
}

/* A small number may be a house number: look for a street pattern around it. */
static void try_address(dp_scanner *s, const run *r)
{
	size_t a, en;
	int ctx;

	if (!(r->ngroups == 1 && r->ndig <= 5) &&
	    !(r->ngroups == 2 && r->glen[0] <= 5 && r->glen[1] <= 4 && same_seps(r, "-/")))
		return;   /* a house number, or house-flat ("227-45") */
	en = word_follows(s, r->e, 1) ? dp_detect_match_at(s, PAT_ADDR_EN, r->s) : 0;
	a = r->s;
	if (!en && after_house_word(s, r->s)) {
		size_t from = r->s > 120 ? r->s - 120 : 0;
		const char *nl = memrchr(s->t + from, '\n', r->s - from);
		int rc;

		from = nl ? (size_t)(nl - s->t) + 1 : from;
		for (int p = PAT_ADDR_RU; p <= PAT_ADDR_KK && !en; p++) {
			rc = pcre2_jit_match(s->d->pat[p], (PCRE2_SPTR)s->t, r->e + 48 < s->n ? r->e + 48 : s->n,
			                     from, 0, s->md, NULL);
			if (rc > 0) {
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(s->md);

				if (ov[0] <= r->s && ov[1] >= r->e) {
					a = ov[0];
					en = ov[1];
				}
			}
		}
	}
	if (!en)
		return;
	ctx = dp_ctx_near(s, CTX_ADDRESS, a, en);
	dp_detect_add(s, DP_T_ADDRESS, a, en, ctx ? 0.9 : 0.7, ctx ? "pattern+context" : "pattern",
	              ctx ? DP_F_CONTEXT : 0);
}

/* A run that starts with a date (2022-03-05, 05.03.2022) is cut after it: what
 * follows is a time or another number, never part of a phone or an id. */
static void cut_date_prefix(const dp_scanner *s, run *r)
{
	int y, m, d, nd;
	run t = *r;

	if (r->ngroups <= 3 || r->sep[2] == r->sep[0])
		return;
	t.ngroups = 3;
	if (!date_parts(&t, &y, &m, &d) || !dp_valid_date(y, m, d))
		return;
	nd = r->glen[0] + r->glen[1] + r->glen[2];
	t.ndig = nd;
	t.dig[nd] = '\0';
	t.sep[2] = 0;
	for (t.e = r->s; nd > 0; t.e++)
		nd -= isdigit((unsigned char)s->t[t.e]) != 0;
	*r = t;
}

static void classify(dp_scanner *s, const run *r)
{
	try_ids(s, r);
	try_ssn(s, r);
	try_card(s, r);
	try_phone(s, r);
	try_passport(s, r);
	try_address(s, r);
}

/* Cuts a run that nothing accepted before a parenthesised tail ("512-48-3921 (34",
 * "759-132-995 43 (34"), or after a long first group ("500100732259 34"): the part
 * before may stand alone.
 * Returns 1 when r was shortened. */
static int shorter_prefix(const dp_scanner *s, run *r)
{
	int k, nd = 0;

	if (r->ngroups < 2)
		return 0;
	for (k = 1; k < r->ngroups && r->sep[k - 1] != '('; k++)
		;
	if (k >= r->ngroups && r->glen[0] >= 9)
		k = 1;
	if (k >= r->ngroups)
		return 0;
	for (int g = 0; g < k; g++)
		nd += r->glen[g];
	r->ngroups = k;
	r->ndig = nd;
	r->dig[nd] = '\0';
	r->sep[k - 1] = 0;
	for (r->e = r->s; nd > 0; r->e++)
		nd -= isdigit((unsigned char)s->t[r->e]) != 0;
	return 1;
}

/* "March 13, 1950": the day number follows an English month name; the date is
 * matched from the month. Returns the end consumed, or 0. */
static size_t month_first_date(dp_scanner *s, size_t day)
{
	size_t ws = day, en;

	if (ws < 2 || s->t[ws - 1] != ' ' || !isalpha((unsigned char)s->t[ws - 2]))
		return 0;
	ws--;
	while (ws > 0 && isalpha((unsigned char)s->t[ws - 1]))
		ws--;
	en = dp_detect_match_at(s, PAT_DATE_MDY, ws);
	if (!en)
		return 0;
	if (dp_ctx_near(s, CTX_DOB, ws, en))
		dp_detect_add(s, DP_T_DATE_OF_BIRTH, ws, en, 0.85, "date+context", DP_F_CONTEXT);
	return en;
}

static int same_lengths(const run *r)
{
	for (int g = 1; g < r->ngroups; g++)
		if (r->glen[g] != r->glen[0])
			return 0;
	return 1;
}

/* A run joined across spaces that nothing accepted may hold several numbers: the
 * trigger loop resumes after its first space, so the rest is read on its own; not when
 * its groups are alike (one long number such as a card that failed its checks). */
static size_t first_piece_end(const dp_scanner *s, const run *r)
{
	if (r->ngroups > 1 && same_seps(r, " ") && same_lengths(r))
		return r->e;
	for (size_t k = r->s; k < r->e; k++)
		if (s->t[k] == ' ')
			return k;
	return r->e;
}

/* Entry from the trigger loop: returns the end of the run (or i when nothing was read). */
size_t dp_detect_numeric(dp_scanner *s, size_t i)
{
	run r, whole;
	size_t en, before;

	if (!read_run(s, i, &r) || r.ndig == 0)   /* too long: resume after its first piece */
		return r.e > i ? first_piece_end(s, &r) : i;
	cut_date_prefix(s, &r);
	if (r.ndig <= 2 && r.ngroups == 1 && !r.plus && (en = month_first_date(s, i)))
		return en;
	if (r.ndig <= 2 && r.ngroups == 1 && !r.plus && word_follows(s, r.e, 0) &&
	    (en = dp_detect_match_at(s, PAT_DATE_TEXT, i))) {
		if (dp_ctx_near(s, CTX_DOB, i, en))
			dp_detect_add(s, DP_T_DATE_OF_BIRTH, i, en, 0.85, "date+context", DP_F_CONTEXT);
		return en;
	}
	if (try_ipv4(s, &r) || try_date(s, &r))
		return r.e;
	before = s->ncand;
	classify(s, &r);
	whole = r;
	if (s->ncand == before && shorter_prefix(s, &r)) {
		classify(s, &r);
		if (s->ncand != before)
			return r.e;
	}
	return s->ncand == before ? first_piece_end(s, &whole) : r.e;
}
