/* mutate.h - deterministic edge-case text mutators for doppel-gen (SPEC 6, `_mut`).
 * Ownership: the caller owns `in` and `out`; a call only appends to `out` (or leaves
 * out->len as it was on failure). No global state, no clock, integer arithmetic only:
 * the same (kind, locale, input, seed) gives the same bytes on every machine.
 * Valid UTF-8 in gives valid UTF-8 out; invalid bytes are copied through unchanged.
 * Letter and case data come from ICU: only characters a newer Unicode assigns may differ. */
#ifndef DP_MUTATE_H
#define DP_MUTATE_H

#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"

enum dp_mut_kind {
	DP_MUT_EMPTY,          /* no text at all */
	DP_MUT_ONE_CHAR,       /* one code point of the input, or a letter of the locale */
	DP_MUT_LONG,           /* the input repeated to at least DP_MUT_LONG_MIN bytes */
	DP_MUT_TYPO,           /* letters replaced by keyboard neighbours (QWERTY, ЙЦУКЕН, Kazakh) */
	DP_MUT_SWAP,           /* two adjacent letters swapped */
	DP_MUT_DROP,           /* a letter deleted */
	DP_MUT_DOUBLE,         /* a letter repeated */
	DP_MUT_WRONG_LAYOUT,   /* typed with the other layout active: ghbdtn <-> привет */
	DP_MUT_NO_KK_LETTERS,  /* Kazakh letters replaced by Russian look-alikes (қ -> к) */
	DP_MUT_CASE_NOISE,     /* random case, ALL CAPS or no caps */
	DP_MUT_SPACING_NOISE,  /* double spaces, tabs, NBSP, missing space after punctuation */
	DP_MUT_ZERO_WIDTH,     /* U+200B/200C/200D/2060/FEFF inside words */
	DP_MUT_BIDI,           /* U+202E/202C, U+2066..2069, U+200F around or inside words */
	DP_MUT_HOMOGLYPH,      /* Latin <-> Cyrillic look-alikes inside words of one script */
	DP_MUT_NFD,            /* canonical decomposition (ICU); unchanged if nothing decomposes */
	DP_MUT_ENCODED,        /* part of the text base64-, percent- or hex-encoded */
	DP_MUT_CODE_SWITCH,    /* a short phrase of another locale at a word boundary */
	DP_MUT_COUNT
};

#define DP_MUT_LONG_MIN 65536

/* What one call did, for the record's `_mut` field. */
typedef struct dp_mut_info {
	const char *name;  /* dp_mut_name(kind), static */
	unsigned edits;    /* edits made; 0 when the text had nothing to mutate */
	size_t at;         /* offset of the first edit in the appended bytes; SIZE_MAX if none */
} dp_mut_info;

/* Name of a kind ("typo", "zero_width", ...), or NULL when out of range. */
const char *dp_mut_name(enum dp_mut_kind kind);
/* Kind for a name, or -1 when unknown. */
int dp_mut_by_name(const char *name);
/* Appends the mutated text to out. locale: "en", "ru" or "kk" (NULL or other: "en").
 * Returns 0, or -1 when memory ran out or out's cap would be exceeded (out->len kept). */
int dp_mut_apply(enum dp_mut_kind kind, const char *locale, const char *in, size_t n,
		 uint64_t seed, dp_buf *out);
/* Same, also describing the edits in *info (info may be NULL). */
int dp_mut_apply_info(enum dp_mut_kind kind, const char *locale, const char *in, size_t n,
		      uint64_t seed, dp_buf *out, dp_mut_info *info);
/* The other-script look-alike of cp in the homoglyph table (a <-> а), or -1. */
long dp_mut_homoglyph_twin(long cp);

#endif
