/* normalize.c - NFKC with an offset map back to the original bytes (normalize.h).
 * Fast path: text that is ASCII, or whose non-ASCII characters are all NFKC-stable
 * (checked per code point with a cached ICU quick check), is returned as is. Otherwise
 * each cluster (a starter and the combining marks after it) is normalised separately
 * and every output byte records the original offset of its cluster. */
#include "config.h"
#include "normalize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf8.h>
#include <unicode/ustring.h>

#include "dynbuf.h"

#define NORM_CAP ((size_t)1 << 31)
#define CLUSTER_MAX 32      /* UTF-16 units normalised at once; longer runs are split */

enum { CP_UNKNOWN = 0, CP_STABLE = 1, CP_UNSTABLE = 2 };

struct dp_norm {
	const UNormalizer2 *nfkc;
	dp_buf out;
	size_t *map;           /* original offset per output byte */
	size_t map_alloc;
	size_t orig_len;
	int changed;
	uint8_t bmp[0x10000];  /* cached stability of BMP code points */
};

dp_norm *dp_norm_new(void)
{
	UErrorCode st = U_ZERO_ERROR;
	dp_norm *n = calloc(1, sizeof *n);

	if (!n)
		return NULL;
	n->nfkc = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st)) {
		free(n);
		return NULL;
	}
	dp_buf_init(&n->out, NORM_CAP);
	return n;
}

void dp_norm_free(dp_norm *n)
{
	if (!n)
		return;
	dp_buf_free(&n->out);
	free(n->map);
	free(n);
}

/* Dashes NFKC keeps as they are (U+2010..2015, minus, small and full-width
 * hyphen-minus forms map to U+2010 or stay): folded to '-' so numbers written with
 * them still match. */
static int is_dash(UChar32 c)
{
	return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D;
}

/* Whether a code point is unchanged by our folding on its own and is a starter. */
static int cp_stable(dp_norm *n, UChar32 c)
{
	UChar u[2];
	int32_t len = 0;
	UErrorCode st = U_ZERO_ERROR;
	int r;

	if (c < 0x10000 && n->bmp[c] != CP_UNKNOWN)
		return n->bmp[c] == CP_STABLE;
	U16_APPEND_UNSAFE(u, len, c);
	r = !is_dash(c) && unorm2_getCombiningClass(n->nfkc, c) == 0 &&
	    unorm2_quickCheck(n->nfkc, u, len, &st) == UNORM_YES && U_SUCCESS(st);
	if (c < 0x10000)
		n->bmp[c] = r ? CP_STABLE : CP_UNSTABLE;
	return r;
}

/* 1 when NFKC leaves buf unchanged (as far as per-code-point checks can tell). */
static int all_stable(dp_norm *n, const char *buf, size_t len)
{
	int32_t i = 0;
	const uint8_t *s = (const uint8_t *)buf;

	while ((size_t)i < len) {
		UChar32 c;

		if (s[i] < 0x80) {
			i++;
			continue;
		}
		U8_NEXT(s, i, (int32_t)len, c);
		if (c >= 0 && !cp_stable(n, c))
			return 0;
	}
	return 1;
}

static int map_reserve(dp_norm *n, size_t need)
{
	size_t na;
	size_t *p;

	if (need <= n->map_alloc)
		return 0;
	na = n->map_alloc ? n->map_alloc : 1024;
	while (na < need)
		na *= 2;
	p = realloc(n->map, na * sizeof *p);
	if (!p)
		return -1;
	n->map = p;
	n->map_alloc = na;
	return 0;
}

/* Appends bytes that all map to original offset `orig` (or to themselves when self). */
static int emit(dp_norm *n, const char *p, size_t len, size_t orig, int self)
{
	size_t at = n->out.len;

	if (dp_buf_add(&n->out, p, len) < 0 || map_reserve(n, at + len + 1) < 0)
		return -1;
	for (size_t k = 0; k < len; k++)
		n->map[at + k] = self ? orig + k : orig;
	return 0;
}

/* Normalises one cluster s[b..e) and appends it; all its bytes map to b. */
static int emit_cluster(dp_norm *n, const uint8_t *s, int32_t b, int32_t e)
{
	UChar in[CLUSTER_MAX + 2], outu[CLUSTER_MAX * 18];
	char utf8[sizeof outu * 2];
	int32_t ilen = 0, olen, u8len, i = b;
	UErrorCode st = U_ZERO_ERROR;

	while (i < e && ilen < CLUSTER_MAX) {
		UChar32 c;

		U8_NEXT(s, i, e, c);
		if (c < 0)
			c = 0xFFFD;
		U16_APPEND_UNSAFE(in, ilen, c);
	}
	olen = unorm2_normalize(n->nfkc, in, ilen, outu, (int32_t)(sizeof outu / sizeof *outu), &st);
	if (U_FAILURE(st))
		return emit(n, (const char *)s + b, (size_t)(e - b), (size_t)b, 1);
	u_strToUTF8(utf8, (int32_t)sizeof utf8, &u8len, outu, olen, &st);
	if (U_FAILURE(st))
		return emit(n, (const char *)s + b, (size_t)(e - b), (size_t)b, 1);
	return emit(n, utf8, (size_t)u8len, (size_t)b, 0);
}

/* End of the cluster starting at i: following code points with a combining class. */
static int32_t cluster_end(dp_norm *n, const uint8_t *s, int32_t i, int32_t len)
{
	int32_t count = 0;

	while (i < len && s[i] >= 0x80 && count < CLUSTER_MAX - 2) {
		int32_t j = i;
		UChar32 c;

		U8_NEXT(s, j, len, c);
		if (c < 0 || unorm2_getCombiningClass(n->nfkc, c) == 0)
			break;
		i = j;
		count++;
	}
	return i;
}

static const char *normalize_copy(dp_norm *n, const char *buf, size_t len, size_t *out_len)
{
	const uint8_t *s = (const uint8_t *)buf;
	int32_t i = 0, ilen = (int32_t)len;

	dp_buf_reset(&n->out);
	while (i < ilen) {
		int32_t b = i, e;
		UChar32 c;

		if (s[i] < 0x80 && (i + 1 >= ilen || s[i + 1] < 0x80)) {
			if (emit(n, buf + i, 1, (size_t)i, 1) < 0)
				return NULL;
			i++;
			continue;
		}
		U8_NEXT(s, i, ilen, c);
		if (c < 0) {   /* invalid UTF-8: copy the bytes through */
			if (emit(n, buf + b, (size_t)(i - b), (size_t)b, 1) < 0)
				return NULL;
			continue;
		}
		e = cluster_end(n, s, i, ilen);
		if (e == i && is_dash(c)) {
			if (emit(n, "-", 1, (size_t)b, 0) < 0)
				return NULL;
			continue;
		}
		if (e == i && cp_stable(n, c)) {
			if (emit(n, buf + b, (size_t)(i - b), (size_t)b, 1) < 0)
				return NULL;
			continue;
		}
		if (emit_cluster(n, s, b, e) < 0)
			return NULL;
		i = e;
	}
	if (map_reserve(n, n->out.len + 1) < 0)
		return NULL;
	n->map[n->out.len] = len;
	n->changed = 1;
	*out_len = n->out.len;
	return n->out.data ? n->out.data : "";
}

const char *dp_norm_nfkc(dp_norm *n, const char *buf, size_t len, size_t *out_len)
{
	n->orig_len = len;
	n->changed = 0;
	if (len > (size_t)INT32_MAX / 2 || all_stable(n, buf, len)) {
		*out_len = len;
		return buf;
	}
	return normalize_copy(n, buf, len, out_len);
}

int dp_norm_changed(const dp_norm *n)
{
	return n->changed;
}

size_t dp_norm_orig_start(const dp_norm *n, size_t s)
{
	if (!n->changed)
		return s;
	return s >= n->out.len ? n->orig_len : n->map[s];
}

size_t dp_norm_orig_end(const dp_norm *n, size_t e)
{
	size_t j;

	if (!n->changed)
		return e;
	if (e == 0)
		return n->map[0];
	if (e >= n->out.len)
		return n->orig_len;
	/* inside a cluster's output: extend to the cluster's end */
	for (j = e; j < n->out.len && n->map[j] == n->map[e - 1]; j++)
		;
	return j >= n->out.len ? n->orig_len : n->map[j];
}
