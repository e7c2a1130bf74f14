/* mutate.c - dispatch, names, the seeded generator and the shared helpers of the
 * mutators (mutate.h). The input is decoded once into code points; every mutator then
 * marks the code points it edits and writes the text out in one pass. */
#include "config.h"
#include "mutate.h"
#include "mutate_internal.h"
#include "utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>

static const char *const names[DP_MUT_COUNT] = {
	"empty", "one_char", "long", "typo", "swap", "drop", "double", "wrong_layout",
	"no_kk_letters", "case_noise", "spacing_noise", "zero_width", "bidi", "homoglyph",
	"nfd", "encoded", "code_switch",
};

static const mut_fn fns[DP_MUT_COUNT] = {
	mut_empty, mut_one_char, mut_long, mut_typo, mut_swap, mut_drop, mut_double,
	mut_wrong_layout, mut_no_kk, mut_case_noise, mut_spacing, mut_zero_width, mut_bidi,
	mut_homoglyph, mut_nfd, mut_encoded, mut_code_switch,
};

const char *dp_mut_name(enum dp_mut_kind kind)
{
	return (unsigned)kind < DP_MUT_COUNT ? names[kind] : NULL;
}

int dp_mut_by_name(const char *name)
{
	for (int k = 0; name && k < DP_MUT_COUNT; k++)
		if (strcmp(names[k], name) == 0)
			return k;
	return -1;
}

/* splitmix64 (Steele, Lea, Flood 2014) */
uint64_t mut_rand(struct mut_ctx *c)
{
	uint64_t z = (c->rng += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

size_t mut_below(struct mut_ctx *c, size_t k)
{
	return k ? (size_t)(mut_rand(c) % (uint64_t)k) : 0;
}

void mut_add(struct mut_ctx *c, const void *p, size_t n)
{
	if (!c->err && n && dp_buf_add(c->out, p, n) != 0)
		c->err = 1;
}

void mut_adds(struct mut_ctx *c, const char *s)
{
	mut_add(c, s, strlen(s));
}

/* UTF-8 encoding of a scalar value */
void mut_add_cp(struct mut_ctx *c, long cp)
{
	unsigned char b[4];
	size_t n;

	if (cp < 0x80) {
		b[0] = (unsigned char)cp, n = 1;
	} else if (cp < 0x800) {
		b[0] = (unsigned char)(0xC0 | (cp >> 6)), b[1] = (unsigned char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		b[0] = (unsigned char)(0xE0 | (cp >> 12)), n = 3;
		b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)), b[2] = (unsigned char)(0x80 | (cp & 0x3F));
	} else {
		b[0] = (unsigned char)(0xF0 | (cp >> 18)), b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)), b[3] = (unsigned char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	mut_add(c, b, n);
}

void mut_copy(struct mut_ctx *c, size_t i)
{
	mut_add(c, c->s + c->cp[i].off, c->cp[i].len);
}

void mut_copy_range(struct mut_ctx *c, size_t from, size_t to)
{
	if (from < to)
		mut_add(c, c->s + c->cp[from].off, c->cp[to - 1].off + c->cp[to - 1].len - c->cp[from].off);
}

void mut_edit(struct mut_ctx *c)
{
	if (c->info->edits++ == 0)
		c->info->at = c->out->len - c->base;
}

int mut_is_letter(long cp)
{
	return cp >= 0 && u_isalpha((UChar32)cp);
}

int mut_is_latin(long cp)
{
	return mut_is_letter(cp) && cp < 0x250;
}

int mut_is_cyrillic(long cp)
{
	return mut_is_letter(cp) && cp >= 0x400 && cp < 0x530;
}

int mut_is_space(long cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0;
}

long mut_cp_at(const struct mut_ctx *c, size_t i)
{
	return i < c->ncp ? c->cp[i].cp : -1;
}

size_t mut_count_marks(struct mut_ctx *c)
{
	size_t k = 0;

	for (size_t i = 0; i <= c->ncp; i++)
		k += (c->mark[i] & MUT_CAND) != 0;
	return k;
}

/* whether candidate i may be picked (apart: no picked neighbour) */
static int pickable(const struct mut_ctx *c, size_t i, int apart)
{
	if (!(c->mark[i] & MUT_CAND) || (c->mark[i] & MUT_PICK))
		return 0;
	if (!apart)
		return 1;
	return !(i > 0 && (c->mark[i - 1] & MUT_PICK)) && !(i < c->ncp && (c->mark[i + 1] & MUT_PICK));
}

/* the r-th candidate's index (r < count) */
static size_t nth_cand(const struct mut_ctx *c, size_t r)
{
	size_t i = 0;

	for (;; i++)
		if ((c->mark[i] & MUT_CAND) && r-- == 0)
			return i;
}

size_t mut_pick(struct mut_ctx *c, size_t k, int apart)
{
	size_t ncand = mut_count_marks(c), done = 0;

	for (size_t t = 0; t < k && ncand; t++) {
		size_t r = mut_below(c, ncand), tries = 0;

		while (tries < ncand && !pickable(c, nth_cand(c, r), apart))
			r = (r + 1) % ncand, tries++;
		if (tries == ncand)
			break;
		c->mark[nth_cand(c, r)] |= MUT_PICK;
		done++;
	}
	return done;
}

size_t mut_edit_count(struct mut_ctx *c, size_t ncand, size_t per, size_t max)
{
	size_t k;

	if (ncand == 0)
		return 0;
	k = 1 + mut_below(c, 1 + ncand / per);
	return k < max ? k : max;
}

int mut_emit_picked(struct mut_ctx *c, void (*edit)(struct mut_ctx *, size_t))
{
	for (size_t i = 0; i <= c->ncp; i++) {
		if (c->mark[i] & MUT_PICK)
			edit(c, i);
		else if (i < c->ncp)
			mut_copy(c, i);
	}
	return 0;
}

/* decodes the input into c->cp and allocates the marks; -1 when out of memory */
static int decode(struct mut_ctx *c)
{
	size_t i = 0;

	c->cp = malloc((c->n ? c->n : 1) * sizeof *c->cp);
	c->mark = calloc(c->n + 1, 1);
	if (!c->cp || !c->mark)
		return -1;
	while (i < c->n) {
		long cp;
		size_t len = dp_utf8_next((const unsigned char *)c->s + i, c->n - i, &cp);

		c->cp[c->ncp].off = i;
		c->cp[c->ncp].len = (uint32_t)len;
		c->cp[c->ncp++].cp = (int32_t)cp;
		i += len;
	}
	return 0;
}

static int lang_of(const char *locale)
{
	if (locale && strcmp(locale, "ru") == 0)
		return MUT_RU;
	if (locale && strcmp(locale, "kk") == 0)
		return MUT_KK;
	return MUT_EN;
}

/* undoes a failed call: out->len back where it was */
static int fail(struct mut_ctx *c)
{
	c->out->len = c->base;
	if (c->out->data)
		c->out->data[c->base] = '\0';
	c->info->edits = 0;
	c->info->at = SIZE_MAX;
	return -1;
}

int dp_mut_apply_info(enum dp_mut_kind kind, const char *locale, const char *in, size_t n,
		      uint64_t seed, dp_buf *out, dp_mut_info *info)
{
	dp_mut_info dummy;
	struct mut_ctx c = {0};
	int rc;

	c.info = info ? info : &dummy;
	c.info->name = dp_mut_name(kind);
	c.info->edits = 0;
	c.info->at = SIZE_MAX;
	if ((unsigned)kind >= DP_MUT_COUNT || (!in && n))
		return -1;
	c.s = in ? in : "", c.n = n, c.out = out, c.base = out->len;
	c.lang = lang_of(locale);
	c.rng = seed ^ (0xD1B54A32D192ED03ull * (uint64_t)(kind + 1));
	rc = decode(&c);
	if (rc == 0)
		rc = fns[kind](&c);
	free(c.cp);
	free(c.mark);
	return rc != 0 || c.err ? fail(&c) : 0;
}

int dp_mut_apply(enum dp_mut_kind kind, const char *locale, const char *in, size_t n,
		 uint64_t seed, dp_buf *out)
{
	return dp_mut_apply_info(kind, locale, in, n, seed, out, NULL);
}
