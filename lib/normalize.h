/* normalize.h - NFKC normalisation with a map back to the original bytes (ICU), plus
 * one fold NFKC does not do: Unicode dashes (U+2010..2015, U+2212, ...) become '-'.
 * Text that NFKC leaves unchanged (all ASCII, or only NFKC-stable characters) is not
 * copied: the input pointer itself is returned. Otherwise the normalised text and a
 * per-byte offset map live in the dp_norm's scratch buffers.
 * Ownership: the caller owns the dp_norm; the returned text is valid until the next
 * dp_norm_nfkc call on it or dp_norm_free. Invalid UTF-8 bytes are copied through
 * unchanged (each maps to itself). */
#ifndef DP_NORMALIZE_H
#define DP_NORMALIZE_H

#include <stddef.h>

typedef struct dp_norm dp_norm;

dp_norm *dp_norm_new(void);
void dp_norm_free(dp_norm *n);
/* Returns the NFKC form of buf[0..len) and its length in *out_len (NULL on out of memory). */
const char *dp_norm_nfkc(dp_norm *n, const char *buf, size_t len, size_t *out_len);
/* Whether the last call copied (1) or returned the input (0). */
int dp_norm_changed(const dp_norm *n);
/* Original offsets of a span [s, e) of the normalised text of the last call. */
size_t dp_norm_orig_start(const dp_norm *n, size_t s);
size_t dp_norm_orig_end(const dp_norm *n, size_t e);

#endif
