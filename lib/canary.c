/* canary.c - the canary registry and the literal search for its values (canary.h).
 * Values and origins live in one arena; entries are sorted by their first 8 bytes (the
 * key) and an open-addressing table maps a key to its group of entries. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "canary.h"
#include "dp_exit.h"
#include "dynbuf.h"
#include "rng.h"

#define ORIGIN_PART_MAX 128   /* bytes of one origin part (template, table, record) */

typedef struct cn_entry {
	uint64_t key;          /* the first DP_CANARY_MIN bytes */
	size_t off, len;       /* value in the arena */
	size_t origin;         /* NUL-terminated origin in the arena */
	long line;
} cn_entry;

struct dp_canary_set {
	dp_buf arena;
	cn_entry *e;
	size_t n, cap;
	uint32_t *slot;        /* index + 1 of a group's first entry; 0 empty */
	size_t mask;           /* slots - 1 */
	char prefix[DP_CANARY_MIN];   /* common prefix of every value */
	size_t plen;
	unsigned char pair[8192];     /* bit (b0 << 8 | b1): a value starts with b0 b1 */
};

static uint64_t key_of(const char *p)
{
	uint64_t k;

	memcpy(&k, p, sizeof k);
	return k;
}

/* ---- loading ------------------------------------------------------------------------ */

/* appends s (n bytes, control bytes as '?', at most ORIGIN_PART_MAX) and a separator */
static int add_part(dp_buf *b, const char *s, size_t n, int first)
{
	int rc = first ? 0 : dp_buf_addc(b, ' ');

	for (size_t i = 0; i < n && i < ORIGIN_PART_MAX && rc == 0; i++)
		rc = dp_buf_addc(b, (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i]);
	return rc;
}

/* "template table record N", or "registry line N" without any of them */
static int add_origin(dp_buf *b, json_t *o, long line)
{
	json_t *t = json_object_get(o, "template"), *tb = json_object_get(o, "table");
	json_t *rec = json_object_get(o, "record");
	char num[48];
	int rc = 0, first = 1;

	if (json_is_string(t) && json_string_length(t)) {
		rc |= add_part(b, json_string_value(t), json_string_length(t), first);
		first = 0;
	}
	if (json_is_string(tb) && json_string_length(tb)) {
		rc |= add_part(b, json_string_value(tb), json_string_length(tb), first);
		first = 0;
	}
	if (json_is_integer(rec) || (json_is_string(rec) && json_string_length(rec))) {
		rc |= add_part(b, "record", 6, first);
		if (json_is_integer(rec))
			rc |= add_part(b, num, (size_t)snprintf(num, sizeof num, "%lld",
			                                        (long long)json_integer_value(rec)), 0);
		else
			rc |= add_part(b, json_string_value(rec), json_string_length(rec), 0);
		first = 0;
	}
	if (first)
		rc |= add_part(b, num, (size_t)snprintf(num, sizeof num, "registry line %ld", line), 1);
	return rc | dp_buf_addc(b, '\0');
}

static int grow(dp_canary_set *s)
{
	size_t cap = s->cap ? s->cap * 2 : 1024;
	cn_entry *e = realloc(s->e, cap * sizeof *e);

	if (!e)
		return -1;
	s->e = e;
	s->cap = cap;
	return 0;
}

/* One registry line: 0, or a dp_exit code set in err. */
static int load_line(dp_canary_set *s, const char *path, long line, const char *p, size_t n,
                     dp_err *err)
{
	json_error_t jerr;
	json_t *o = json_loadb(p, n, JSON_REJECT_DUPLICATES, &jerr), *v;
	int rc = 0;

	if (!o)
		return dp_err_setf(err, DP_DATAERR, path, line, "invalid JSON at column %d", jerr.column);
	v = json_object_get(o, "canary");
	if (!json_is_object(o) || !json_is_string(v))
		rc = dp_err_setf(err, DP_DATAERR, path, line, "a registry line must be an object with a \"canary\" string");
	else if (json_string_length(v) < DP_CANARY_MIN || json_string_length(v) > DP_CANARY_MAX)
		rc = dp_err_setf(err, DP_DATAERR, path, line, "a canary of %zu bytes (%d..%d allowed)",
		                 json_string_length(v), DP_CANARY_MIN, DP_CANARY_MAX);
	else if (s->n >= DP_CANARY_ENTRIES_MAX)
		rc = dp_err_setf(err, DP_DATAERR, path, line, "more than %zu canaries", DP_CANARY_ENTRIES_MAX);
	else if ((s->n == s->cap && grow(s) != 0) || dp_buf_add(&s->arena, json_string_value(v), json_string_length(v)) != 0)
		rc = dp_err_setf(err, DP_SOFTWARE, path, line, "out of memory");
	if (rc == 0) {
		cn_entry *e = &s->e[s->n++];

		e->len = json_string_length(v);
		e->off = s->arena.len - e->len;
		e->origin = s->arena.len + 1;
		e->line = line;
		if (dp_buf_addc(&s->arena, '\0') != 0 || add_origin(&s->arena, o, line) != 0)
			rc = dp_err_setf(err, DP_SOFTWARE, path, line, "out of memory");
	}
	json_decref(o);
	return rc;
}

static int blank(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r' && p[i] != '\n')
			return 0;
	return 1;
}

static int load_file(dp_canary_set *s, const char *path, FILE *f, dp_err *err)
{
	char *line = NULL;
	size_t lcap = 0, total = 0;
	ssize_t got;
	long lineno = 0;
	int rc = 0;

	while (rc == 0 && (got = getline(&line, &lcap, f)) >= 0) {
		lineno++;
		if ((total += (size_t)got) > DP_CANARY_FILE_MAX)
			rc = dp_err_setf(err, DP_DATAERR, path, lineno, "the registry is larger than %zu MiB",
			                 DP_CANARY_FILE_MAX >> 20);
		else if (!blank(line, (size_t)got))
			rc = load_line(s, path, lineno, line, (size_t)got, err);
	}
	if (rc == 0 && ferror(f))
		rc = dp_err_setf(err, DP_NOINPUT, path, 0, "cannot read: %s", strerror(errno));
	free(line);
	return rc;
}

/* ---- the index ---------------------------------------------------------------------- */

static int cmp_entry(const void *a, const void *b, void *set)
{
	const cn_entry *x = a, *y = b;
	const dp_canary_set *sort_set = set;
	size_t n = x->len < y->len ? x->len : y->len;
	int c;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	if ((c = memcmp(sort_set->arena.data + x->off, sort_set->arena.data + y->off, n)) != 0)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

/* sorts by key and value, keeps the first line of each value */
static void sort_dedup(dp_canary_set *s)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		s->e[i].key = key_of(s->arena.data + s->e[i].off);
	if (s->n > 1)
		qsort_r(s->e, s->n, sizeof *s->e, cmp_entry, s);
	for (size_t i = 0; i < s->n; i++) {
		if (k > 0 && s->e[k - 1].len == s->e[i].len &&
		    memcmp(s->arena.data + s->e[k - 1].off, s->arena.data + s->e[i].off, s->e[i].len) == 0)
			continue;
		s->e[k++] = s->e[i];
	}
	s->n = k;
}

static size_t slot_of(const dp_canary_set *s, uint64_t key)
{
	return (size_t)dp_rng_fmix(key) & s->mask;
}

/* the table of groups, the common prefix and the first-pair bitmap */
static int build_index(dp_canary_set *s)
{
	size_t slots = 16;

	while (slots < 2 * s->n)
		slots *= 2;
	if (!(s->slot = calloc(slots, sizeof *s->slot)))
		return -1;
	s->mask = slots - 1;
	s->plen = s->n ? DP_CANARY_MIN : 0;
	for (size_t i = 0; i < s->n; i++) {
		const unsigned char *v = (const unsigned char *)s->arena.data + s->e[i].off;

		s->pair[(v[0] << 5) | (v[1] >> 3)] |= (unsigned char)(1u << (v[1] & 7));
		while (s->plen && memcmp(v, s->arena.data + s->e[0].off, s->plen) != 0)
			s->plen--;
		if (i > 0 && s->e[i - 1].key == s->e[i].key)
			continue;
		size_t h = slot_of(s, s->e[i].key);
		while (s->slot[h])
			h = (h + 1) & s->mask;
		s->slot[h] = (uint32_t)i + 1;
	}
	if (s->plen)
		memcpy(s->prefix, s->arena.data + s->e[0].off, s->plen);
	return 0;
}

int dp_canary_load(const char *path, dp_canary_set **out, dp_err *err)
{
	dp_canary_set *s;
	FILE *f;
	struct stat st;
	int rc;

	*out = NULL;
	if (!(f = fopen(path, "r")))
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open the canary registry: %s", strerror(errno));
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(f);
		return dp_err_setf(err, DP_NOINPUT, path, 0, "the canary registry is a directory");
	}
	if (!(s = calloc(1, sizeof *s))) {
		fclose(f);
		return dp_err_setf(err, DP_SOFTWARE, path, 0, "out of memory");
	}
	dp_buf_init(&s->arena, 2 * DP_CANARY_FILE_MAX);
	rc = load_file(s, path, f, err);
	fclose(f);
	if (rc == 0) {
		sort_dedup(s);
		if (build_index(s) != 0)
			rc = dp_err_setf(err, DP_SOFTWARE, path, 0, "out of memory");
	}
	if (rc != 0) {
		dp_canary_free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void dp_canary_free(dp_canary_set *s)
{
	if (!s)
		return;
	dp_buf_free(&s->arena);
	free(s->e);
	free(s->slot);
	free(s);
}

size_t dp_canary_count(const dp_canary_set *s)
{
	return s ? s->n : 0;
}

/* ---- search ------------------------------------------------------------------------- */

/* the longest value starting at p (n bytes left), or NULL */
static const cn_entry *match_at(const dp_canary_set *s, const char *p, size_t n)
{
	const cn_entry *best = NULL;
	uint64_t key;
	size_t h;

	if (n < DP_CANARY_MIN)
		return NULL;
	key = key_of(p);
	for (h = slot_of(s, key); s->slot[h] && s->e[s->slot[h] - 1].key != key; h = (h + 1) & s->mask)
		;
	if (!s->slot[h])
		return NULL;
	for (size_t i = s->slot[h] - 1; i < s->n && s->e[i].key == key; i++) {
		const cn_entry *e = &s->e[i];

		if (e->len <= n && (!best || e->len > best->len) &&
		    memcmp(p, s->arena.data + e->off, e->len) == 0)
			best = e;
	}
	return best;
}

/* the next position at or after i where a value may start, or n */
static size_t next_candidate(const dp_canary_set *s, const char *buf, size_t n, size_t i)
{
	if (s->plen >= 2) {
		const char *p = memmem(buf + i, n - i, s->prefix, s->plen);

		return p ? (size_t)(p - buf) : n;
	}
	for (; i + DP_CANARY_MIN <= n; i++) {
		unsigned b0 = (unsigned char)buf[i], b1 = (unsigned char)buf[i + 1];

		if (s->pair[(b0 << 5) | (b1 >> 3)] & (1u << (b1 & 7)))
			return i;
	}
	return n;
}

int dp_canary_find(const dp_canary_set *s, const char *buf, size_t n, dp_canary_cb cb,
                   void *ud)
{
	size_t i = 0;

	if (!s || !s->n || !buf)
		return 0;
	while (i + DP_CANARY_MIN <= n && (i = next_candidate(s, buf, n, i)) + DP_CANARY_MIN <= n) {
		const cn_entry *e = match_at(s, buf + i, n - i);
		dp_canary_hit h;
		int rc;

		if (!e) {
			i++;
			continue;
		}
		h.start = i;
		h.end = i + e->len;
		h.value = s->arena.data + e->off;
		h.value_len = e->len;
		h.origin = s->arena.data + e->origin;
		if ((rc = cb(&h, ud)) != 0)
			return rc;
		i = h.end;
	}
	return 0;
}
