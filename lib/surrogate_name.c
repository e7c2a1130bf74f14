/* surrogate_name.c - surrogate names from the locale data packs (surrogate.h) and the
 * transfer of a Russian or Kazakh case ending from an original name to its surrogate. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "surrogate_internal.h"
#include "translit.h"
#include "utf8.h"

#define SUFFIX_MAX 24   /* bytes of a case ending we understand */

/* ---- names ------------------------------------------------------------------------------------ */

static int locale_index(const char *locale)
{
	static const char *const names[3] = {"en", "ru", "kk"};

	for (int i = 0; locale != NULL && i < 3; i++) {
		if (strcmp(locale, names[i]) == 0)
			return i;
	}
	return -1;
}

static const dp_dp_entry *pick_entry(const dp_dp_pack *p, enum dp_sur_part part, int female,
                                     sur_rng *r)
{
	enum dp_dp_list list = DP_DP_PATRONYMIC;

	if (part == DP_SUR_FIRST)
		list = female ? DP_DP_FIRST_FEMALE : DP_DP_FIRST_MALE;
	else if (part == DP_SUR_SURNAME)
		list = DP_DP_SURNAME;
	return dp_dp_pick(p, list, dp_sur_u64(r));
}

size_t dp_sur_name(const dp_sur *s, enum dp_sur_part part, int female, const char *locale,
                   enum dp_sur_script script, const unsigned char seed[DP_SUR_SEED_LEN],
                   unsigned attempt, char *out, size_t cap)
{
	int li = locale_index(locale), g = female ? 1 : 0;
	char purpose[32];
	sur_rng r;

	if (out == NULL || cap == 0)
		return 0;
	out[0] = '\0';
	if (s == NULL || seed == NULL || li < 0 || s->pack[li] == NULL ||
	    (script == DP_SUR_CYRILLIC && li == 0))
		return 0;
	/* a surname or patronymic row does not depend on gender, only its form does, so the
	 * same seed gives Смирнов and Смирнова */
	snprintf(purpose, sizeof purpose, "name/%s/%d/%d", locale, (int)part,
	         part == DP_SUR_FIRST ? g : 0);
	dp_sur_rng_init(&r, seed, purpose, attempt, 0);
	const dp_dp_entry *e = pick_entry(s->pack[li], part, g, &r);
	const char *name = e == NULL ? NULL : script == DP_SUR_LATIN ? e->latin[g] : e->form[g];
	size_t len = name ? strlen(name) : 0;
	if (len == 0 || len >= cap)
		return 0;
	memcpy(out, name, len + 1);
	return len;
}

size_t dp_sur_ascii_name(const dp_sur *s, enum dp_sur_part part, int female, sur_rng *r,
                         char *out, size_t cap)
{
	const dp_dp_pack *p = s == NULL ? NULL : s->pack[0] ? s->pack[0] : s->pack[1];
	const dp_dp_entry *e = p ? pick_entry(p, part, female ? 1 : 0, r) : NULL;
	size_t k = 0;

	if (cap == 0)
		return 0;
	for (const char *c = e ? e->latin[female ? 1 : 0] : ""; *c && k + 1 < cap; c++) {
		if (*c >= 'A' && *c <= 'Z')
			out[k++] = (char)(*c - 'A' + 'a');
		else if (*c >= 'a' && *c <= 'z')
			out[k++] = *c;
	}
	out[k] = '\0';
	return k;
}

/* ---- letters ------------------------------------------------------------------------------------ */

/* lower case for the Cyrillic (Russian, Kazakh) and Latin letters of names */
static long lower_cp(long c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= 0xC0 && c <= 0xDE && c != 0xD7) || (c >= 0x410 && c <= 0x42F))
		return c + 0x20;
	if (c >= 0x400 && c <= 0x40F)
		return c + 0x50;
	if ((c >= 0x490 && c <= 0x4FF && c % 2 == 0) || c == 0x16A)
		return c + 1;
	return c;
}

/* the code point ending s[0..*n), *n moved to its first byte; -1 when none */
static long prev_cp(const char *s, size_t *n)
{
	long cp;

	if (*n == 0)
		return -1;
	size_t i = *n - 1;
	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	dp_utf8_next((const unsigned char *)s + i, *n - i, &cp);
	*n = i;
	return lower_cp(cp);
}

static int cp_in(long c, const long *set)
{
	for (; *set; set++) {
		if (*set == c)
			return 1;
	}
	return 0;
}

/* Kazakh vowels by harmony (Cyrillic and 2021 Latin); и у ю i u are neither */
static const long kk_back[] = {0x430, 0x43E, 0x4B1, 0x44B, 0x44F, 0x451, 'a', 'o', 'y', 0x16B, 0};
static const long kk_front[] = {0x4D9, 0x4E9, 0x4AF, 0x456, 0x435, 0x44D, 0xE4, 0xF6, 0xFC,
                                0x131, 'e', 0};

/* 1 for a front-vowel word (the last vowel that decides), 0 for back */
static int kk_front_word(const char *s, size_t n)
{
	while (n > 0) {
		long c = prev_cp(s, &n);

		if (cp_in(c, kk_front))
			return 1;
		if (cp_in(c, kk_back))
			return 0;
	}
	return 0;
}

enum { KV, KL, KZ, KN, KK, KCLASSES };   /* vowel, л р й и у, ж з, м н ң, voiceless and б в г д */

/* the class of the final sound of s[0..n) (ь and ъ skipped) */
static int kk_final(const char *s, size_t n)
{
	static const long l[] = {0x43B, 0x440, 0x439, 0x438, 0x443, 'l', 'r', 'i', 'u', 0};
	static const long z[] = {0x436, 0x437, 'j', 'z', 0};
	static const long m[] = {0x43C, 0x43D, 0x4A3, 'm', 'n', 0xF1, 0};
	long c = prev_cp(s, &n);

	while (c == 0x44C || c == 0x44A)
		c = prev_cp(s, &n);
	if (cp_in(c, l))
		return KL;
	if (cp_in(c, z))
		return KZ;
	if (cp_in(c, m))
		return KN;
	if (cp_in(c, kk_back) || cp_in(c, kk_front) || c == 0x44E || c == 0x4D9)
		return KV;
	return KK;
}

/* ---- Kazakh case endings ----------------------------------------------------------------------- */

/* per case: [back/front][final sound] */
static const char *const kk_cases[][2][KCLASSES] = {
	{{"ға", "ға", "ға", "ға", "қа"}, {"ге", "ге", "ге", "ге", "ке"}},             /* dative */
	{{"ның", "дың", "дың", "ның", "тың"}, {"нің", "дің", "дің", "нің", "тің"}},   /* genitive */
	{{"ны", "ды", "ды", "ды", "ты"}, {"ні", "ді", "ді", "ді", "ті"}},             /* accusative */
	{{"да", "да", "да", "да", "та"}, {"де", "де", "де", "де", "те"}},             /* locative */
	{{"дан", "дан", "дан", "нан", "тан"}, {"ден", "ден", "ден", "нен", "тен"}},   /* ablative */
	{{"мен", "мен", "бен", "бен", "пен"}, {"мен", "мен", "бен", "бен", "пен"}},   /* instrumental */
};

#define KK_NCASES (sizeof kk_cases / sizeof kk_cases[0])

/* the suffix in Cyrillic, or in the 2021 Latin alphabet */
static void kk_suffix(const char *cyr, int latin, char *out, size_t cap)
{
	if (latin)
		dp_translit(DP_TRANSLIT_KK_2021, cyr, strlen(cyr), out, cap);
	else
		snprintf(out, cap, "%s", cyr);
}

/* the case whose suffix tail[0..n) is (in either script), -1 when none */
static int kk_case_of(const char *tail, size_t n)
{
	char b[SUFFIX_MAX];

	for (size_t c = 0; c < KK_NCASES; c++) {
		for (int k = 0; k < 2 * 2 * KCLASSES; k++) {
			kk_suffix(kk_cases[c][(k / KCLASSES) % 2][k % KCLASSES], k >= 2 * KCLASSES, b, sizeof b);
			if (strlen(b) == n && memcmp(b, tail, n) == 0)
				return (int)c;
		}
	}
	return -1;
}

/* 1 when the last letter of s is Latin (ASCII or Latin-1/Extended) */
static int latin_word(const char *s, size_t n)
{
	long c = prev_cp(s, &n);

	return c >= 0 && c < 0x400;
}

static int kk_inflect(dp_sout *o, const char *sl, size_t sll, const char *tail, size_t tl)
{
	char b[SUFFIX_MAX];
	int c = tl < SUFFIX_MAX ? kk_case_of(tail, tl) : -1;

	if (c < 0)
		return 0;
	kk_suffix(kk_cases[c][kk_front_word(sl, sll)][kk_final(sl, sll)], latin_word(sl, sll), b,
	          sizeof b);
	dp_sout_put(o, sl, sll);
	dp_sout_puts(o, b);
	return 1;
}

/* ---- Russian case endings ----------------------------------------------------------------------- */

/* the same ending after a hard stem and after a soft one (й, ь, я) */
static const char *const ru_pairs[][2] = {
	{"ами", "ями"}, {"ам", "ям"}, {"ах", "ях"}, {"ом", "ем"}, {"ой", "ей"}, {"ою", "ею"},
	{"ов", "ев"}, {"а", "я"}, {"у", "ю"}, {"ы", "и"}, {"е", "е"},
};

/* ending e[0..n) from one column of ru_pairs to the other (to soft: from 0 to 1) */
static const char *ru_swap(const char *e, size_t n, int to_soft)
{
	for (size_t i = 0; i < sizeof ru_pairs / sizeof ru_pairs[0]; i++) {
		const char *from = ru_pairs[i][!to_soft];

		if (strlen(from) == n && memcmp(from, e, n) == 0)
			return ru_pairs[i][to_soft];
	}
	return NULL;
}

static int ends(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && memcmp(s + n - k, lit, k) == 0;
}

/* The stem of the surrogate and whether it is soft; 0 when its nominative does not end like
 * the (hard) original's lemma tail lt. */
static int ru_stem(const char *sl, size_t sll, const char *lt, size_t *stem, int *soft)
{
	static const long vowels[] = {0x430, 0x435, 0x451, 0x438, 0x43E, 0x443, 0x44B, 0x44D, 0x44E,
	                              0x44F, 0};
	size_t n = sll;
	long last = prev_cp(sl, &n);

	*soft = 0;
	*stem = sll;
	if (*lt == '\0' && (last == 0x439 || last == 0x44C)) {
		*stem = n;
		*soft = 1;
		return 1;
	}
	if (*lt == '\0')
		return last > 0x400 && !cp_in(last, vowels);
	if (ends(sl, sll, lt)) {
		*stem = sll - strlen(lt);
		return 1;
	}
	if (strcmp(lt, "а") == 0 && ends(sl, sll, "я")) {
		*stem = n;
		*soft = 1;
		return 1;
	}
	return 0;
}

/* Writes stem + ending with the spelling rules: ы -> и after г к х ж ч ш щ, е -> и after и. */
static void ru_put(dp_sout *o, const char *sl, size_t stem, const char *end, int soft)
{
	static const long hush[] = {0x433, 0x43A, 0x445, 0x436, 0x447, 0x448, 0x449, 0};
	size_t n = stem;
	long last = prev_cp(sl, &n);

	dp_sout_put(o, sl, stem);
	if (cp_in(last, hush) && strncmp(end, "ы", strlen("ы")) == 0) {
		dp_sout_puts(o, "и");
		end += strlen("ы");
	} else if (soft && last == 0x438 && strcmp(end, "е") == 0) {
		end = "и";
	}
	dp_sout_puts(o, end);
}

static int ru_inflect(dp_sout *o, const char *sl, size_t sll, const char *lt, size_t ltl,
                      const char *ft, size_t ftl)
{
	char lemma_tail[SUFFIX_MAX], end[SUFFIX_MAX];
	int soft;
	size_t stem;

	if (ltl >= SUFFIX_MAX || ftl >= SUFFIX_MAX)
		return 0;
	snprintf(lemma_tail, sizeof lemma_tail, "%.*s", (int)ltl, lt);
	snprintf(end, sizeof end, "%.*s", (int)ftl, ft);
	if (strcmp(lemma_tail, "я") == 0 || strcmp(lemma_tail, "й") == 0 || strcmp(lemma_tail, "ь") == 0) {
		const char *hard = ru_swap(ft, ftl, 0);

		snprintf(end, sizeof end, "%s", hard ? hard : "");
		snprintf(lemma_tail, sizeof lemma_tail, "%s", strcmp(lemma_tail, "я") == 0 ? "а" : "");
		if (hard == NULL)
			return 0;
	}
	if (!ru_stem(sl, sll, lemma_tail, &stem, &soft))
		return 0;
	const char *e = soft ? ru_swap(end, strlen(end), 1) : end;
	if (e == NULL)
		e = end;
	ru_put(o, sl, stem, e, soft);
	return 1;
}

/* ---- the entry point ------------------------------------------------------------------------------ */

/* bytes the two strings share at the start, ending on a character boundary */
static size_t common_prefix(const char *a, size_t an, const char *b, size_t bn)
{
	size_t p = 0;

	while (p < an && p < bn && a[p] == b[p])
		p++;
	while (p > 0 && p < an && ((unsigned char)a[p] & 0xC0) == 0x80)
		p--;
	while (p > 0 && p < bn && ((unsigned char)b[p] & 0xC0) == 0x80)
		p--;
	return p;
}

size_t dp_sur_inflect_like(const char *orig_form, size_t of_len, const char *orig_lemma,
                           size_t ol_len, const char *sur_lemma, size_t sl_len,
                           char *out, size_t cap)
{
	dp_sout o = {out, cap, 0, 0};
	size_t p = 0;
	int done = 0;

	if (out == NULL || cap == 0)
		return 0;
	out[0] = '\0';
	if (sur_lemma == NULL || sl_len == 0)
		return 0;
	if (orig_form != NULL && orig_lemma != NULL && of_len > 0 && ol_len > 0)
		p = common_prefix(orig_form, of_len, orig_lemma, ol_len);
	if (p > 0 && p < of_len && p == ol_len)
		done = kk_inflect(&o, sur_lemma, sl_len, orig_form + p, of_len - p);
	if (p > 0 && p < of_len && !done && !o.full)
		done = ru_inflect(&o, sur_lemma, sl_len, orig_lemma + p, ol_len - p, orig_form + p,
		                  of_len - p);
	if (!done && !o.full) {
		o.len = 0;
		dp_sout_put(&o, sur_lemma, sl_len);
	}
	if (o.full) {
		out[0] = '\0';
		return 0;
	}
	return o.len;
}
