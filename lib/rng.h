/* rng.h - the frozen deterministic random streams of doppel-gen (SPEC 6, reproducibility).
 * A stream is a SplitMix64 counter: the same starting state gives the same numbers on every
 * machine and compiler (64-bit integer arithmetic only, no floating point in any draw).
 * Streams are derived, never shared: record state = dp_rng_mix(seed, template, table, index),
 * field state = dp_rng_mix2(record state, hash of the field's name), so adding a field or
 * sharding by index changes nothing else. Ownership: a dp_rng is a plain value the caller
 * owns; nothing here allocates or keeps global state. FROZEN: changing any function here
 * changes every generated dataset; bump the generator's major version if you must. */
#ifndef DP_RNG_H
#define DP_RNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct dp_rng {
	uint64_t s;
} dp_rng;

/* The SplitMix64 finaliser: a bijective 64-bit mix. */
static inline uint64_t dp_rng_fmix(uint64_t z)
{
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The next 64 random bits of the stream. */
static inline uint64_t dp_rng_next(dp_rng *r)
{
	r->s += 0x9e3779b97f4a7c15ULL;
	return dp_rng_fmix(r->s);
}

/* A uniform integer in [0, n) (n > 0; 0 when n == 0), by Lemire's multiply-shift. The bias
 * is below n / 2^64 and the result is the same everywhere. */
static inline uint64_t dp_rng_below(dp_rng *r, uint64_t n)
{
	return (uint64_t)(((unsigned __int128)dp_rng_next(r) * n) >> 64);
}

/* A uniform integer in [lo, hi] (lo <= hi). */
static inline int64_t dp_rng_range(dp_rng *r, int64_t lo, int64_t hi)
{
	uint64_t span = (uint64_t)hi - (uint64_t)lo;
	if (span == UINT64_MAX)
		return (int64_t)dp_rng_next(r);
	return (int64_t)((uint64_t)lo + dp_rng_below(r, span + 1));
}

/* True with probability ppm / 1,000,000. */
static inline int dp_rng_chance(dp_rng *r, uint32_t ppm)
{
	return dp_rng_below(r, 1000000) < ppm;
}

/* The first i in [lo, hi] with cum[i] > target, for cumulative weights cum (ascending) and
 * a target below cum[hi]: how a weighted choice finds the row a draw falls in. */
static inline size_t dp_rng_cum_find(const uint64_t *cum, size_t lo, size_t hi, uint64_t target)
{
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cum[mid] > target)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* A stream state derived from a parent state and one 64-bit label. */
static inline uint64_t dp_rng_mix2(uint64_t parent, uint64_t label)
{
	return dp_rng_fmix(dp_rng_fmix(parent ^ 0x243f6a8885a308d3ULL) + label);
}

/* FNV-1a 64 of bytes: how names (templates, tables, fields, rules) become stream labels. */
static inline uint64_t dp_rng_hash(const void *p, size_t n)
{
	const unsigned char *b = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* A stream starting from state s. */
static inline dp_rng dp_rng_at(uint64_t s)
{
	dp_rng r = { s };
	return r;
}

#endif
