/* utf8.h - one UTF-8 decoding step for the modules that walk bytes themselves
 * (masking, reports). Pure function over the caller's bytes; nothing is allocated. */
#ifndef DP_UTF8_H
#define DP_UTF8_H

#include <stddef.h>

/* Decodes the character at p (n > 0 bytes available). Returns the bytes it spans
 * (at least 1) and sets *cp to its code point, or to -1 for an ill-formed sequence
 * (which then spans its maximal ill-formed part, as ICU defines it). */
size_t dp_utf8_next(const unsigned char *p, size_t n, long *cp);

#endif
