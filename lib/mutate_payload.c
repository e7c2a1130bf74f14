/* mutate_payload.c - length edge cases (empty, one character, 64 KiB and more),
 * encoded payloads and switches into another language. */
#include "config.h"
#include "mutate_internal.h"

#include <stdint.h>
#include <string.h>

int mut_empty(struct mut_ctx *c)
{
	if (c->n)
		mut_edit(c);
	return 0;
}

/* the Kazakh letters outside а..я, after ё */
static const uint16_t kk_extra[9] = {0x4D9, 0x493, 0x49B, 0x4A3, 0x4E9, 0x4B1, 0x4AF, 0x4BB, 0x456};

/* a random letter of the locale's alphabet */
static long locale_letter(struct mut_ctx *c)
{
	size_t r;

	if (c->lang == MUT_EN)
		return 'a' + (long)mut_below(c, 26);
	r = mut_below(c, c->lang == MUT_RU ? 33 : 42);
	if (r < 32)
		return 0x430 + (long)r;
	return r == 32 ? 0x451 : kk_extra[r - 33];
}

/* one well-formed code point of the input, or a letter of the locale */
int mut_one_char(struct mut_ctx *c)
{
	size_t valid = 0, r;

	for (size_t i = 0; i < c->ncp; i++)
		valid += c->cp[i].cp >= 0;
	mut_edit(c);
	if (valid == 0) {
		mut_add_cp(c, locale_letter(c));
		return 0;
	}
	r = mut_below(c, valid);
	for (size_t i = 0; i < c->ncp; i++)
		if (c->cp[i].cp >= 0 && r-- == 0)
			mut_copy(c, i);
	return 0;
}

/* copies of the input, space-separated, until DP_MUT_LONG_MIN bytes (whole copies only) */
int mut_long(struct mut_ctx *c)
{
	static const char *const filler[3] = {"test ", "\xD1\x82\xD0\xB5\xD1\x81\xD1\x82 ",
		"\xD1\x81\xD1\x8B\xD0\xBD\xD0\xB0\xD2\x9B "};   /* test, тест, сынақ */
	const char *s = c->n ? c->s : filler[c->lang];
	size_t n = c->n ? c->n : strlen(s);
	int sep = c->n && !mut_is_space(c->cp[c->ncp - 1].cp);

	mut_add(c, s, n);
	mut_edit(c);
	while (!c->err && c->out->len - c->base < DP_MUT_LONG_MIN) {
		if (sep)
			mut_add(c, " ", 1);
		mut_add(c, s, n);
	}
	return 0;
}

static void add_base64(struct mut_ctx *c, const unsigned char *p, size_t n)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16;
		char q[4];

		v |= i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0;
		v |= i + 2 < n ? p[i + 2] : 0;
		q[0] = al[v >> 18], q[1] = al[(v >> 12) & 63];
		q[2] = i + 1 < n ? al[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? al[v & 63] : '=';
		mut_add(c, q, 4);
	}
}

/* every byte as %XX (percent) or as two lower-case hex digits */
static void add_hex(struct mut_ctx *c, const unsigned char *p, size_t n, int percent)
{
	static const char up[] = "0123456789ABCDEF", lo[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		char q[3] = {'%', (percent ? up : lo)[p[i] >> 4], (percent ? up : lo)[p[i] & 15]};

		mut_add(c, percent ? q : q + 1, percent ? 3 : 2);
	}
}

/* a random word start: the first non-space after a space (or the text's start) */
static size_t word_start(struct mut_ctx *c)
{
	for (size_t i = 0; i < c->ncp; i++)
		if (!mut_is_space(c->cp[i].cp) && (i == 0 || mut_is_space(c->cp[i - 1].cp)))
			c->mark[i] = MUT_CAND;
	if (mut_pick(c, 1, 0) == 0)
		return 0;
	for (size_t i = 0;; i++)
		if (c->mark[i] & MUT_PICK)
			return i;
}

/* one word, a word to the end, or everything: base64, percent or hex */
int mut_encoded(struct mut_ctx *c)
{
	size_t mode = mut_below(c, 3), enc = mut_below(c, 3), ws, we, off, len;

	if (c->ncp == 0)
		return 0;
	ws = mode == 2 ? 0 : word_start(c);
	we = ws;
	while (mode == 0 && we < c->ncp && !mut_is_space(c->cp[we].cp))
		we++;
	we = mode == 0 && we > ws ? we : c->ncp;
	off = c->cp[ws].off, len = c->cp[we - 1].off + c->cp[we - 1].len - off;
	mut_copy_range(c, 0, ws);
	mut_edit(c);
	if (enc == 0)
		add_base64(c, (const unsigned char *)c->s + off, len);
	else
		add_hex(c, (const unsigned char *)c->s + off, len, enc == 1);
	mut_copy_range(c, we, c->ncp);
	return 0;
}

/* short everyday phrases per language (written for doppel; no names) */
static const char *const phrases[3][5] = {
	{"by the way", "just in case", "no worries", "see you tomorrow", "thanks a lot"},
	{"кстати", "короче говоря", "на всякий случай", "спасибо большое", "ну ладно"},
	{"айтпақшы", "рахмет", "жақсы, келістік", "кешіріңіз", "сау болыңыз"},
};

static void switch_edit(struct mut_ctx *c, size_t i)
{
	int other = (c->lang + 1 + (int)mut_below(c, 2)) % 3;
	const char *p = phrases[other][mut_below(c, 5)];

	if (i == c->ncp && i > 0 && !mut_is_space(c->cp[i - 1].cp))
		mut_add(c, " ", 1);
	mut_edit(c);
	mut_adds(c, p);
	if (i < c->ncp) {
		mut_add(c, " ", 1);
		mut_copy(c, i);
	}
}

/* a phrase of another of en/ru/kk at a word start or at the end */
int mut_code_switch(struct mut_ctx *c)
{
	for (size_t i = 0; i < c->ncp; i++)
		if (!mut_is_space(c->cp[i].cp) && (i == 0 || mut_is_space(c->cp[i - 1].cp)))
			c->mark[i] = MUT_CAND;
	c->mark[c->ncp] = MUT_CAND;
	mut_pick(c, 1, 0);
	return mut_emit_picked(c, switch_edit);
}
