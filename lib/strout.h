/* strout.h - a bounded writer into a caller's buffer, for code that builds one short value
 * (surrogates, generated values). Ownership: a dp_sout only points at the caller's buffer;
 * it allocates nothing. Once something does not fit, `full` is set and later writes are
 * dropped; the buffer stays NUL-terminated at `len` (when cap > 0). */
#ifndef DP_STROUT_H
#define DP_STROUT_H

#include <stddef.h>

typedef struct dp_sout {
	char *p;
	size_t cap, len;
	int full;
} dp_sout;

/* A writer over out[0..cap) with out[0] = '\0' (when cap > 0). */
dp_sout dp_sout_at(char *out, size_t cap);
void dp_sout_put(dp_sout *o, const char *s, size_t n);
void dp_sout_puts(dp_sout *o, const char *s);
void dp_sout_putc(dp_sout *o, char c);
/* v in decimal, zero-padded to width (at most 10 digits) */
void dp_sout_putu(dp_sout *o, unsigned v, int width);
/* The value's length, or 0 (and an empty buffer) when something did not fit. */
size_t dp_sout_end(dp_sout *o);

#endif
