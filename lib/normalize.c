/* normalize.c - NFKC with an offset map back to the original bytes (normalize.h).
 * Fast path: text that is ASCII, or whose non-ASCII characters are all NFKC-stable
 * (checked per code point with a cached ICU quick check), is returned as is. Otherwise
 * stable runs are copied in bulk and each changed cluster (a starter and the combining
 * marks after it) is normalised on its own; a sparse, sorted list of segments (one per
 * changed cluster and one per stable run between them) maps output offsets back. */
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

/* cached per BMP code point: KNOWN once looked up, then STABLE and/or MARK */
enum { CP_KNOWN = 1, CP_STABLE = 2, CP_MARK = 4 };

/* A stretch of output: identity runs map byte for byte, clusters map as a whole. */
typedef struct seg {
	size_t out, orig;      /* where it starts in the output and in the original */
	size_t orig_len;       /* original bytes it covers */
	int cluster;           /* 1: a normalised cluster, 0: copied bytes */
} seg;

struct dp_norm {
	const UNormalizer2 *nfkc;
	dp_buf out;
	seg *segs;
	size_t nsegs, asegs;
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
	free(n->segs);
	free(n);
}

/* Dashes NFKC keeps as they are (U+2010..2015, minus, small and full-width
 * hyphen-minus forms map to U+2010 or stay): folded to '-' so numbers written with
 * them still match. */
static int is_dash(UChar32 c)
{
	return (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 || c == 0xFF0D;
}

/* Looks a code point up in ICU: CP_STABLE when our folding leaves it unchanged on its
 * own and it is a starter, CP_MARK when its combining class is not 0. */
static uint8_t cp_info(dp_norm *n, UChar32 c)
{
	UChar u[2];
	int32_t len = 0;
	UErrorCode st = U_ZERO_ERROR;
	uint8_t v = CP_KNOWN;

	if (c < 0x10000 && n->bmp[c])
		return n->bmp[c];
	U16_APPEND_UNSAFE(u, len, c);
	if (unorm2_getCombiningClass(n->nfkc, c) != 0)
		v |= CP_MARK;
	else if (!is_dash(c) && unorm2_quickCheck(n->nfkc, u, len, &st) == UNORM_YES && U_SUCCESS(st))
		v |= CP_STABLE;
	if (c < 0x10000)
		n->bmp[c] = v;
	return v;
}

/* The cached lookup, inlined into the loops; ICU only on a code point's first sight. */
static inline uint8_t info(dp_norm *n, UChar32 c)
{
	return c < 0x10000 && n->bmp[c] ? n->bmp[c] : cp_info(n, c);
}

/* U+0400..U+047F (lead bytes D0, D1): Cyrillic letters, all NFKC-stable starters. */
static inline int basic_cyrillic(const uint8_t *s, int32_t i, int32_t len)
{
	return (s[i] == 0xD0 || s[i] == 0xD1) && i + 1 < len && (s[i + 1] & 0xC0) == 0x80;
}

/* 1 when NFKC leaves buf unchanged (as far as per-code-point checks can tell):
 * ASCII is skipped eight bytes at a time, other code points are decoded once. */
static int all_stable(dp_norm *n, const char *buf, size_t len)
{
	int32_t i = 0, ilen = (int32_t)len;
	const uint8_t *s = (const uint8_t *)buf;

	while (i < ilen) {
		UChar32 c;
		uint64_t w;

		if (i + 8 <= ilen) {
			memcpy(&w, s + i, 8);
			if (!(w & 0x8080808080808080ULL)) {
				i += 8;
				continue;
			}
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if (basic_cyrillic(s, i, ilen)) {
			i += 2;
			continue;
		}
		U8_NEXT(s, i, ilen, c);
		if (c >= 0 && (info(n, c) & (CP_STABLE | CP_MARK)) != CP_STABLE)
			return 0;
	}
	return 1;
}

static int add_seg(dp_norm *n, size_t orig, size_t orig_len, int cluster)
{
	seg *g;

	if (n->nsegs == n->asegs) {
		size_t na = n->asegs ? n->asegs * 2 : 256;
		seg *p = realloc(n->segs, na * sizeof *p);

		if (!p)
			return -1;
		n->segs = p;
		n->asegs = na;
	}
	g = &n->segs[n->nsegs++];
	g->out = n->out.len;
	g->orig = orig;
	g->orig_len = orig_len;
	g->cluster = cluster;
	return 0;
}

/* Appends bytes of the original that stay as they are. */
static int copy_run(dp_norm *n, const char *buf, size_t from, size_t to)
{
	if (to <= from)
		return 0;
	if (add_seg(n, from, to - from, 0) < 0)
		return -1;
	return dp_buf_add(&n->out, buf + from, to - from);
}

/* Appends the replacement of original bytes [orig, orig + olen). */
static int emit(dp_norm *n, const char *p, size_t len, size_t orig, size_t olen)
{
	if (add_seg(n, orig, olen, 1) < 0)
		return -1;
	return dp_buf_add(&n->out, p, len);
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
		return copy_run(n, (const char *)s, (size_t)b, (size_t)e);
	u_strToUTF8(utf8, (int32_t)sizeof utf8, &u8len, outu, olen, &st);
	if (U_FAILURE(st))
		return copy_run(n, (const char *)s, (size_t)b, (size_t)e);
	return emit(n, utf8, (size_t)u8len, (size_t)b, (size_t)(e - b));
}

/* End of the cluster starting at i: following code points with a combining class. */
static int32_t cluster_end(dp_norm *n, const uint8_t *s, int32_t i, int32_t len)
{
	int32_t count = 0;

	while (i < len && s[i] >= 0x80 && count < CLUSTER_MAX - 2) {
		int32_t j = i;
		UChar32 c;

		U8_NEXT(s, j, len, c);
		if (c < 0 || !(info(n, c) & CP_MARK))
			break;
		i = j;
		count++;
	}
	return i;
}

/* End of the run from i that is copied unchanged: ASCII, stable code points and
 * invalid bytes, up to the next code point that changes or the start of a cluster
 * (a code point followed by a combining mark). One decode per code point. */
static int32_t stable_run(dp_norm *n, const uint8_t *s, int32_t i, int32_t len)
{
	int32_t prev = i;   /* start of the previous code point: a mark's cluster starts there */

	while (i < len) {
		int32_t j = i;
		UChar32 c;
		uint8_t v;

		if (s[i] < 0x80) {
			prev = i++;
			continue;
		}
		if (basic_cyrillic(s, i, len)) {
			prev = i;
			i += 2;
			continue;
		}
		U8_NEXT(s, j, len, c);
		if (c < 0) {
			prev = i = j;
			continue;
		}
		v = info(n, c);
		if (v & CP_MARK)
			return prev;
		if (!(v & CP_STABLE))
			return i;
		prev = i;
		i = j;
	}
	return i;
}

static const char *normalize_copy(dp_norm *n, const char *buf, size_t len, size_t *out_len)
{
	const uint8_t *s = (const uint8_t *)buf;
	int32_t i = 0, ilen = (int32_t)len;

	dp_buf_reset(&n->out);
	n->nsegs = 0;
	if (dp_buf_reserve(&n->out, len + len / 8 + 64) < 0)
		return NULL;
	while (i < ilen) {
		int32_t b, e, r = stable_run(n, s, i, ilen);
		UChar32 c;

		if (copy_run(n, buf, (size_t)i, (size_t)r) < 0)
			return NULL;
		if (r >= ilen)
			break;
		b = i = r;
		U8_NEXT(s, i, ilen, c);
		e = cluster_end(n, s, i, ilen);
		if (e == i && is_dash(c)) {
			if (emit(n, "-", 1, (size_t)b, (size_t)(i - b)) < 0)
				return NULL;
			continue;
		}
		if (emit_cluster(n, s, b, e) < 0)
			return NULL;
		i = e;
	}
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

/* The segment containing output offset off (the last one starting at or before it). */
static const seg *find_seg(const dp_norm *n, size_t off)
{
	size_t lo = 0, hi = n->nsegs;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (n->segs[mid].out <= off)
			lo = mid;
		else
			hi = mid;
	}
	return &n->segs[lo];
}

size_t dp_norm_orig_start(const dp_norm *n, size_t s)
{
	const seg *g;

	if (!n->changed)
		return s;
	if (s >= n->out.len || n->nsegs == 0)
		return n->orig_len;
	g = find_seg(n, s);
	return g->cluster ? g->orig : g->orig + (s - g->out);
}

size_t dp_norm_orig_end(const dp_norm *n, size_t e)
{
	const seg *g;

	if (!n->changed)
		return e;
	if (e == 0 || n->nsegs == 0)
		return 0;
	if (e >= n->out.len)
		return n->orig_len;
	g = find_seg(n, e - 1);
	return g->cluster ? g->orig + g->orig_len : g->orig + (e - g->out);
}
