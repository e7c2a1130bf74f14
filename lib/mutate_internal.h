/* mutate_internal.h - shared state of the mutators (mutate*.c), private to the library.
 * Ownership: dp_mut_apply_info owns the context and its arrays for one call. */
#ifndef DP_MUTATE_INTERNAL_H
#define DP_MUTATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"
#include "mutate.h"

enum { MUT_EN, MUT_RU, MUT_KK };

/* marks per code point: candidate for an edit, chosen for an edit */
#define MUT_CAND 1u
#define MUT_PICK 2u

struct mut_cp {
	size_t off;    /* byte offset in the input */
	uint32_t len;  /* bytes spanned */
	int32_t cp;    /* code point, -1 for an ill-formed sequence */
};

struct mut_ctx {
	const char *s;
	size_t n;
	struct mut_cp *cp;     /* decoded input, ncp entries */
	size_t ncp;
	unsigned char *mark;   /* ncp + 1 entries (the last: after the text) */
	uint64_t rng;          /* splitmix64 state */
	int lang;              /* MUT_EN, MUT_RU, MUT_KK */
	int err;               /* sticky: an append failed */
	dp_buf *out;
	size_t base;           /* out->len when the call started */
	dp_mut_info *info;
};

typedef int (*mut_fn)(struct mut_ctx *c);

/* mutate.c: helpers */
uint64_t mut_rand(struct mut_ctx *c);
size_t mut_below(struct mut_ctx *c, size_t k);   /* 0..k-1, 0 when k == 0 */
void mut_add(struct mut_ctx *c, const void *p, size_t n);
void mut_adds(struct mut_ctx *c, const char *s);
void mut_add_cp(struct mut_ctx *c, long cp);
void mut_copy(struct mut_ctx *c, size_t i);        /* input code point i, as it was */
void mut_copy_range(struct mut_ctx *c, size_t from, size_t to);
void mut_edit(struct mut_ctx *c);                  /* count an edit starting here */
int mut_is_letter(long cp);
int mut_is_latin(long cp);
int mut_is_cyrillic(long cp);
int mut_is_space(long cp);
long mut_cp_at(const struct mut_ctx *c, size_t i); /* -1 outside or ill-formed */
size_t mut_count_marks(struct mut_ctx *c);
size_t mut_pick(struct mut_ctx *c, size_t k, int apart);  /* marks k candidates */
size_t mut_edit_count(struct mut_ctx *c, size_t ncand, size_t per, size_t max);
int mut_emit_picked(struct mut_ctx *c, void (*edit)(struct mut_ctx *, size_t));

/* mutate_keyboard.c */
int mut_typo(struct mut_ctx *c);
int mut_wrong_layout(struct mut_ctx *c);
/* mutate_letters.c */
int mut_swap(struct mut_ctx *c);
int mut_drop(struct mut_ctx *c);
int mut_double(struct mut_ctx *c);
int mut_no_kk(struct mut_ctx *c);
int mut_case_noise(struct mut_ctx *c);
int mut_homoglyph(struct mut_ctx *c);
/* mutate_unicode.c */
int mut_spacing(struct mut_ctx *c);
int mut_zero_width(struct mut_ctx *c);
int mut_bidi(struct mut_ctx *c);
int mut_nfd(struct mut_ctx *c);
/* mutate_payload.c */
int mut_empty(struct mut_ctx *c);
int mut_one_char(struct mut_ctx *c);
int mut_long(struct mut_ctx *c);
int mut_encoded(struct mut_ctx *c);
int mut_code_switch(struct mut_ctx *c);

#endif
