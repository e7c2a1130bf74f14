/* mutate_letters.c - letter-level edits: swap, drop, double, Kazakh letters typed
 * without the Kazakh layout, case noise and Latin/Cyrillic homoglyphs. */
#include "config.h"
#include "mutate_internal.h"

#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>

/* marks every letter (with a different letter after it, for swaps) as a candidate */
static size_t mark_letters(struct mut_ctx *c, int pairs)
{
	for (size_t i = 0; i < c->ncp; i++) {
		long a = c->cp[i].cp, b = mut_cp_at(c, i + 1);

		if (mut_is_letter(a) && (!pairs || (mut_is_letter(b) && a != b)))
			c->mark[i] = MUT_CAND;
	}
	return mut_count_marks(c);
}

int mut_swap(struct mut_ctx *c)
{
	mut_pick(c, mut_edit_count(c, mark_letters(c, 1), 40, 4), 1);
	for (size_t i = 0; i < c->ncp; i++) {
		if (c->mark[i] & MUT_PICK) {
			mut_edit(c);
			mut_copy(c, i + 1);
			mut_copy(c, i++);
		} else {
			mut_copy(c, i);
		}
	}
	return 0;
}

static void drop_edit(struct mut_ctx *c, size_t i)
{
	(void)i;
	mut_edit(c);
}

int mut_drop(struct mut_ctx *c)
{
	mut_pick(c, mut_edit_count(c, mark_letters(c, 0), 40, 4), 1);
	return mut_emit_picked(c, drop_edit);
}

static void double_edit(struct mut_ctx *c, size_t i)
{
	mut_copy(c, i);
	mut_edit(c);
	mut_copy(c, i);
}

int mut_double(struct mut_ctx *c)
{
	mut_pick(c, mut_edit_count(c, mark_letters(c, 0), 40, 4), 0);
	return mut_emit_picked(c, double_edit);
}

/* Kazakh letter -> the Russian letter typed instead (both cases) */
static const uint16_t kk_ru[][2] = {
	{0x4D9, 0x430}, {0x493, 0x433}, {0x49B, 0x43A}, {0x4A3, 0x43D}, {0x4E9, 0x43E},
	{0x4B1, 0x443}, {0x4AF, 0x443}, {0x4BB, 0x445}, {0x456, 0x438},
	{0x4D8, 0x410}, {0x492, 0x413}, {0x49A, 0x41A}, {0x4A2, 0x41D}, {0x4E8, 0x41E},
	{0x4B0, 0x423}, {0x4AE, 0x423}, {0x4BA, 0x425}, {0x406, 0x418},
};

static long kk_plain(long cp)
{
	for (size_t k = 0; k < sizeof kk_ru / sizeof kk_ru[0]; k++)
		if (kk_ru[k][0] == cp)
			return kk_ru[k][1];
	return -1;
}

static void no_kk_edit(struct mut_ctx *c, size_t i)
{
	mut_edit(c);
	mut_add_cp(c, kk_plain(c->cp[i].cp));
}

/* every Kazakh letter goes; text without any is unchanged */
int mut_no_kk(struct mut_ctx *c)
{
	for (size_t i = 0; i < c->ncp; i++)
		if (kk_plain(c->cp[i].cp) >= 0)
			c->mark[i] = MUT_PICK;
	return mut_emit_picked(c, no_kk_edit);
}

/* one pass of case noise; mode 0 random case, 1 ALL CAPS, 2 no caps */
static void case_pass(struct mut_ctx *c, int mode)
{
	for (size_t i = 0; i < c->ncp; i++) {
		long cp = c->cp[i].cp, to;
		int up;

		if (!mut_is_letter(cp)) {
			mut_copy(c, i);
			continue;
		}
		up = mode == 1 || (mode == 0 && (mut_rand(c) & 1));
		to = up ? u_toupper((UChar32)cp) : u_tolower((UChar32)cp);
		if (to != cp)
			mut_edit(c);
		mut_add_cp(c, to);
	}
}

/* the first mode (from the seed's) that changes the text; unchanged without cased letters */
int mut_case_noise(struct mut_ctx *c)
{
	int mode = (int)mut_below(c, 3);

	for (int t = 0; t < 3; t++) {
		case_pass(c, (mode + t) % 3);
		if (c->err || c->info->edits)
			return 0;
		c->out->len = c->base;
	}
	mut_copy_range(c, 0, c->ncp);
	return 0;
}

/* Latin letter and its Cyrillic look-alike (UTS #39 confusables) */
static const uint16_t glyphs[][2] = {
	{'a', 0x430}, {'c', 0x441}, {'e', 0x435}, {'o', 0x43E}, {'p', 0x440}, {'x', 0x445},
	{'y', 0x443}, {'i', 0x456}, {'j', 0x458}, {'s', 0x455}, {'h', 0x4BB}, {'A', 0x410},
	{'B', 0x412}, {'C', 0x421}, {'E', 0x415}, {'H', 0x41D}, {'I', 0x406}, {'J', 0x408},
	{'K', 0x41A}, {'M', 0x41C}, {'O', 0x41E}, {'P', 0x420}, {'S', 0x405}, {'T', 0x422},
	{'X', 0x425}, {'Y', 0x4AE},
};

long dp_mut_homoglyph_twin(long cp)
{
	for (size_t k = 0; k < sizeof glyphs / sizeof glyphs[0]; k++) {
		if (glyphs[k][0] == cp)
			return glyphs[k][1];
		if (glyphs[k][1] == cp)
			return glyphs[k][0];
	}
	return -1;
}

/* candidates: letters with a twin, in the majority script of their word */
static void mark_word(struct mut_ctx *c, size_t from, size_t to)
{
	size_t lat = 0, cyr = 0;

	for (size_t i = from; i < to; i++)
		lat += mut_is_latin(c->cp[i].cp), cyr += mut_is_cyrillic(c->cp[i].cp);
	for (size_t i = from; i < to; i++) {
		long cp = c->cp[i].cp;

		if (dp_mut_homoglyph_twin(cp) >= 0 &&
		    (mut_is_latin(cp) ? lat >= cyr : cyr >= lat))
			c->mark[i] = MUT_CAND;
	}
}

static void glyph_edit(struct mut_ctx *c, size_t i)
{
	mut_edit(c);
	mut_add_cp(c, dp_mut_homoglyph_twin(c->cp[i].cp));
}

int mut_homoglyph(struct mut_ctx *c)
{
	size_t i = 0;

	while (i < c->ncp) {
		size_t j = i;

		while (j < c->ncp && mut_is_letter(c->cp[j].cp))
			j++;
		mark_word(c, i, j);
		i = j > i ? j : i + 1;
	}
	mut_pick(c, mut_edit_count(c, mut_count_marks(c), 10, 8), 0);
	return mut_emit_picked(c, glyph_edit);
}
