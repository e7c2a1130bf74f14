/* mutate_unicode.c - spacing noise and the Unicode tricks: zero-width characters,
 * bidi controls and canonical decomposition (NFD, with ICU). */
#include "config.h"
#include "mutate_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#define INSERT 4u   /* mark: an insertion before this position, not an edit of it */

static int is_punct(long cp)
{
	return cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?';
}

static void spacing_edit(struct mut_ctx *c, size_t i)
{
	static const long sp[3] = {' ', '\t', 0xA0};
	size_t op = mut_below(c, 4);

	mut_edit(c);
	if (c->mark[i] & INSERT) {
		mut_add_cp(c, sp[mut_below(c, 3)]);
		if (i < c->ncp)
			mut_copy(c, i);
	} else if (op == 3 && is_punct(mut_cp_at(c, i - 1))) {
		return;   /* the space after punctuation goes missing */
	} else {
		mut_adds(c, op == 0 || op == 3 ? "  " : op == 1 ? "\t" : "\xC2\xA0");
	}
}

/* at spaces: double, tab, NBSP, dropped after punctuation; without spaces one is inserted */
int mut_spacing(struct mut_ctx *c)
{
	for (size_t i = 0; i < c->ncp; i++)
		if (c->cp[i].cp == ' ')
			c->mark[i] = MUT_CAND;
	if (mut_count_marks(c) == 0) {
		for (size_t i = 1; i < c->ncp; i++)
			if (mut_is_letter(c->cp[i - 1].cp) && mut_is_letter(c->cp[i].cp))
				c->mark[i] = MUT_CAND | INSERT;
		if (mut_count_marks(c) == 0 && c->ncp > 0)
			c->mark[c->ncp] = MUT_CAND | INSERT;
	}
	mut_pick(c, mut_edit_count(c, mut_count_marks(c), 8, 8), 0);
	return mut_emit_picked(c, spacing_edit);
}

/* insertion points inside words, else between characters, else at the end */
static size_t mark_inside(struct mut_ctx *c)
{
	for (size_t i = 1; i < c->ncp; i++)
		if (mut_is_letter(c->cp[i - 1].cp) && mut_is_letter(c->cp[i].cp))
			c->mark[i] = MUT_CAND;
	for (size_t i = 1; i < c->ncp && mut_count_marks(c) == 0; i++)
		if (c->cp[i - 1].cp >= 0 && c->cp[i].cp >= 0)
			c->mark[i] = MUT_CAND;
	if (mut_count_marks(c) == 0)
		c->mark[c->ncp] = MUT_CAND;
	return mut_count_marks(c);
}

static void zw_edit(struct mut_ctx *c, size_t i)
{
	static const long zw[5] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF};

	mut_edit(c);
	mut_add_cp(c, zw[mut_below(c, 5)]);
	if (i < c->ncp)
		mut_copy(c, i);
}

int mut_zero_width(struct mut_ctx *c)
{
	mut_pick(c, mut_edit_count(c, mark_inside(c), 8, 8), 0);
	return mut_emit_picked(c, zw_edit);
}

/* text with `open` before input position mid and `close` at we (0: none) */
static void bidi_wrap(struct mut_ctx *c, size_t mid, size_t we, long open, long close)
{
	mut_copy_range(c, 0, mid);
	mut_edit(c);
	if (open)
		mut_add_cp(c, open);
	mut_copy_range(c, mid, we);
	if (close)
		mut_add_cp(c, close);
	mut_copy_range(c, we, c->ncp);
}

/* one word (or the whole text): RLO..PDF, an isolate LRI/RLI/FSI..PDI, RLO inside, RLM after */
int mut_bidi(struct mut_ctx *c)
{
	size_t ws = 0, we = c->ncp, mode = mut_below(c, 4);

	for (size_t i = 0; i < c->ncp; i++)
		if (mut_is_letter(c->cp[i].cp) && !mut_is_letter(mut_cp_at(c, i - 1)))
			c->mark[i] = MUT_CAND;
	if (mut_pick(c, 1, 0) == 1) {
		for (ws = 0; !(c->mark[ws] & MUT_PICK); ws++)
			;
		for (we = ws; we < c->ncp && mut_is_letter(c->cp[we].cp); we++)
			;
	}
	if (mode == 2 && we - ws < 2)
		mode = 0;
	if (mode == 0)
		bidi_wrap(c, ws, we, 0x202E, 0x202C);
	else if (mode == 1)
		bidi_wrap(c, ws, we, 0x2066 + (long)mut_below(c, 3), 0x2069);
	else if (mode == 2)
		bidi_wrap(c, ws + 1 + mut_below(c, we - ws - 1), we, 0x202E, 0x202C);
	else
		bidi_wrap(c, we, we, 0, 0x200F);
	return 0;
}

/* UTF-8 -> UTF-16 (*u, *ulen), malloc'ed; -1 on failure */
static int to_utf16(const char *s, int32_t n, UChar **u, int32_t *ulen)
{
	UErrorCode st = U_ZERO_ERROR;

	u_strFromUTF8(NULL, 0, ulen, s, n, &st);
	st = U_ZERO_ERROR;
	*u = malloc(((size_t)*ulen + 1) * sizeof **u);
	if (!*u)
		return -1;
	u_strFromUTF8(*u, *ulen + 1, ulen, s, n, &st);
	return U_FAILURE(st) ? -1 : 0;
}

/* NFD of u into a new malloc'ed string */
static int nfd16(const UNormalizer2 *nfd, const UChar *u, int32_t n, UChar **d, int32_t *dlen)
{
	UErrorCode st = U_ZERO_ERROR;

	*dlen = unorm2_normalize(nfd, u, n, NULL, 0, &st);
	st = U_ZERO_ERROR;
	*d = malloc(((size_t)*dlen + 1) * sizeof **d);
	if (!*d)
		return -1;
	unorm2_normalize(nfd, u, n, *d, *dlen + 1, &st);
	return U_FAILURE(st) ? -1 : 0;
}

/* appends UTF-16 d as UTF-8 */
static int add_utf16(struct mut_ctx *c, const UChar *d, int32_t dlen)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t olen;
	char *o;

	u_strToUTF8(NULL, 0, &olen, d, dlen, &st);
	st = U_ZERO_ERROR;
	o = malloc((size_t)olen + 1);
	if (!o)
		return -1;
	u_strToUTF8(o, olen + 1, &olen, d, dlen, &st);
	if (U_SUCCESS(st))
		mut_add(c, o, (size_t)olen);
	free(o);
	return U_FAILURE(st) ? -1 : 0;
}

/* the NFD of the valid run [from, to), with one edit per decomposing code point */
static int nfd_run(struct mut_ctx *c, const UNormalizer2 *nfd, size_t from, size_t to)
{
	size_t off = c->cp[from].off, len = c->cp[to - 1].off + c->cp[to - 1].len - off;
	UChar *u = NULL, *d = NULL;
	int32_t ulen, dlen;
	int rc;

	if (len > INT32_MAX / 4) {
		mut_copy_range(c, from, to);
		return 0;
	}
	for (size_t i = from; i < to; i++) {
		UErrorCode st = U_ZERO_ERROR;
		UChar tmp[32];

		if (unorm2_getDecomposition(nfd, c->cp[i].cp, tmp, 32, &st) >= 0)
			mut_edit(c);
	}
	rc = to_utf16(c->s + off, (int32_t)len, &u, &ulen);
	rc = rc ? rc : nfd16(nfd, u, ulen, &d, &dlen);
	rc = rc ? rc : add_utf16(c, d, dlen);
	free(u);
	free(d);
	return rc;
}

/* valid runs decomposed, ill-formed bytes copied */
int mut_nfd(struct mut_ctx *c)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&st);
	size_t i = 0;

	if (U_FAILURE(st))
		return -1;
	while (i < c->ncp) {
		size_t j = i;

		while (j < c->ncp && c->cp[j].cp >= 0)
			j++;
		if (j > i && nfd_run(c, nfd, i, j) != 0)
			return -1;
		if (j < c->ncp)
			mut_copy(c, j);
		i = j + 1;
	}
	return 0;
}
