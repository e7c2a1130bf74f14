/* genvalue_internal.h - what the value generator files (genvalue*.c) share: small draws
 * from the caller's dp_rng. Ownership: nothing here keeps state. */
#ifndef DP_GENVALUE_INTERNAL_H
#define DP_GENVALUE_INTERNAL_H

#include <stddef.h>

#include "rng.h"

/* k random ASCII digits at d */
static inline void gv_digits(dp_rng *r, char *d, int k)
{
	for (int i = 0; i < k; i++)
		d[i] = (char)('0' + dp_rng_below(r, 10));
}

/* a uniform index in [0, n) */
static inline unsigned gv_below(dp_rng *r, unsigned n)
{
	return (unsigned)dp_rng_below(r, n);
}

/* writes v zero-padded to width digits at d */
static inline void gv_setnum(char *d, int width, unsigned v)
{
	for (int i = width; i-- > 0; v /= 10)
		d[i] = (char)('0' + v % 10);
}

#endif
