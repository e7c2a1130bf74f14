/* transcode.h - legacy encodings: streaming conversion of any ICU converter's encoding
 * (windows-1251, KOI8-R, UTF-16, ...) to UTF-8, and the guess of a sample's encoding
 * (a UTF-16 BOM, else ICU's charset detector when the sample is not UTF-8).
 * Ownership: dp_tc_open allocates a converter pair; dp_tc_close frees it. */
#ifndef DP_TRANSCODE_H
#define DP_TRANSCODE_H

#include <stddef.h>
#include <sys/types.h>

#include "error.h"

/* A guess converts an input only when ICU's detector gives its best match at least
 * this confidence (0..100) and at least DP_TC_MIN_MARGIN more than the runner-up. */
#define DP_TC_MIN_CONFIDENCE 30
#define DP_TC_MIN_MARGIN 15

typedef struct dp_tc dp_tc;

/* 1 when name is an alias of UTF-8 (no conversion needed). */
int dp_tc_is_utf8(const char *name);
/* 0 when ICU knows the encoding, else DP_USAGE with a message. */
int dp_tc_check(const char *name, dp_err *err);
int dp_tc_open(dp_tc **tc, const char *name, dp_err *err);
/* Converts src[0..n) to UTF-8 into dst[0..cap): *used is set to the bytes consumed,
 * *full to 1 when dst filled up before the input did. flush: src holds the last bytes
 * of the input. Bytes invalid in the encoding become ICU's substitution character.
 * Returns the bytes written, or -1 (DP_DATAERR). */
ssize_t dp_tc_convert(dp_tc *tc, const char *src, size_t n, size_t *used,
                      char *dst, size_t cap, int flush, int *full, dp_err *err);
const char *dp_tc_name(const dp_tc *tc);
void dp_tc_close(dp_tc *tc);

/* 1 when p[0..n) is well-formed UTF-8; complete = 0 allows a sequence cut at the end. */
int dp_tc_valid_utf8(const char *p, size_t n, int complete);
/* The encoding a sample is in, when it must be converted: "UTF-16" for a UTF-16 BOM
 * followed by at least one character below U+0100 (that converter drops the BOM), else, for a sample that is not UTF-8 and holds no
 * well-formed multi-byte UTF-8 sequence at all, the detector's guess when it is
 * confident (DP_TC_MIN_CONFIDENCE, DP_TC_MIN_MARGIN).
 * Writes the name into name[0..cap) and returns 1, or returns 0 (use the bytes as
 * they are: valid UTF-8, or no confident guess). */
int dp_tc_guess(const char *p, size_t n, int complete, char *name, size_t cap);

#endif
