/* surrogate_internal.h - what the surrogate files share: the keyed random stream, the per-type
 * generators (the bounded output writer is strout.h). Ownership: everything lives on the caller's
 * stack; the stream points at the caller's seed and purpose string. */
#ifndef DP_SURROGATE_INTERNAL_H
#define DP_SURROGATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "strout.h"
#include "surrogate.h"

/* BLAKE2b(key = seed, "dp-sur/1" purpose 0 attempt round block), 64 bytes per block */
typedef struct sur_rng {
	const unsigned char *seed;
	const char *purpose;
	uint32_t attempt, round, block;
	unsigned char buf[64];
	unsigned pos;
} sur_rng;

struct dp_sur {
	const dp_dp_pack *pack[3];   /* en, ru, kk; not owned */
};

void dp_sur_rng_init(sur_rng *r, const unsigned char *seed, const char *purpose,
                     unsigned attempt, unsigned round);
uint64_t dp_sur_u64(sur_rng *r);
unsigned dp_sur_below(sur_rng *r, unsigned n);          /* 0..n-1; 0 when n == 0 */
char dp_sur_like(sur_rng *r, char c);                    /* random char of c's ASCII class */

/* Collects the digits of v into d (NUL-terminated, max + 1 bytes); their count, -1 past max */
int dp_sur_digits_of(const char *v, size_t n, char *d, int max);
/* copies v to o with its digits replaced, in order, by d */
void dp_sur_put_digits(dp_sout *o, const char *v, size_t n, const char *d);
void dp_sur_rand_digits(sur_rng *r, char *d, int k);

/* a random word of the built-in list (lower-case ASCII) */
const char *dp_sur_word(sur_rng *r);
/* "WORD-N.example" */
void dp_sur_put_domain(dp_sout *o, sur_rng *r);

/* a generator writes a surrogate of v[0..n) and returns 1, or 0 for none */
typedef int (*sur_gen)(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);

int dp_sur_gen_email(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_url(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_date(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_aws(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_github(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_slack(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_generic(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_jwt(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_privkey(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);
int dp_sur_gen_phone(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o);

/* an ASCII name token for e-mails: lower case, [a-z] only, from the en (else ru) pack */
size_t dp_sur_ascii_name(const dp_sur *s, enum dp_sur_part part, int female, sur_rng *r,
                         char *out, size_t cap);

#endif
