/* mask.h - masked display of a detected value ("j***@e*****.com", "****1111"), so
 * reports show the shape of a finding without the value. Writes a NUL-terminated string
 * into the caller's buffer (truncated to outsz) and returns its length. */
#ifndef DP_MASK_H
#define DP_MASK_H

#include <stddef.h>

size_t dp_mask(int type, const char *value, size_t n, char *out, size_t outsz);

#endif
