/* anon_internal.h - what the style modules of doppel-anon share (anon_resolve.c,
 * anon_surrogate.c). Replacement text is appended to the record's rep buffer. */
#ifndef DP_ANON_INTERNAL_H
#define DP_ANON_INTERNAL_H

#include "anon.h"

/* the original bytes of finding f */
const char *anon_orig_of(const anon_rec *r, const anon_find *f);
/* sets f's replacement to s[0..n) */
int anon_put_rep(anon_ctx *c, anon_find *f, const char *s, size_t n, dp_err *err);
/* The separator of an e-mail local part made of two runs of letters joined by one '.',
 * '_' or '-' (ivan.petrov, i_petrov), or NULL: the shape a person's name can have. */
const char *anon_name_local_sep(const char *local, size_t n);
/* the marker style (also the fallback when no surrogate can be made) */
int anon_put_marker(anon_ctx *c, anon_find *f, dp_err *err);
/* the surrogate style by kind */
int anon_sur_value(anon_ctx *c, anon_find *f, dp_err *err);
int anon_sur_person(anon_ctx *c, anon_find *f, dp_err *err);
int anon_sur_email(anon_ctx *c, anon_find *f, dp_err *err);
/* a declared date moved by the row subject's (or the dataset's) offset (anon_schema.c) */
int anon_put_shift(anon_ctx *c, anon_find *f, dp_err *err);

#endif
