/* rules.c - the rules/configuration file of rules.h: jansson parses and the checks here
 * validate it; a small scanner over the raw text finds the line of the key an error is
 * about (jansson keeps no positions). A file is loaded into a fresh dp_rules and merged
 * into the caller's only when every check passed, so a failed load changes nothing. */
#include "config.h"
#include "rules.h"

#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif

#include <errno.h>
#include <fnmatch.h>
#include <jansson.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>
#include <sys/stat.h>

#include "dp_exit.h"
#include "types.h"

#define DP_RULES_MAX_FILE (16u << 20)  /* larger configuration files are refused */
#define DP_RULES_MAX_DEPTH 8           /* deepest key path the format has is 3 */
#define DP_RULES_ID_MAX 64

/* ---- private state ------------------------------------------------------------- */

typedef struct dp_rules_priv {
	pcre2_code **allow_re;   /* compiled allow patterns */
	size_t nallow_re;
	pcre2_match_context *mctx;  /* limits, so a pathological pattern cannot hang a scan */
} dp_rules_priv;

#define DP_RULES_MATCH_LIMIT 1000000u
#define DP_RULES_DEPTH_LIMIT 10000u

/* One step of the key path being checked: an object key, or an array index (key NULL). */
typedef struct dp_rules_pc {
	const char *key;
	size_t idx;
} dp_rules_pc;

typedef struct dp_rules_ctx {
	const char *name;          /* file name for messages */
	const char *buf;           /* raw text, for line numbers */
	size_t len;
	dp_err *err;
	dp_rules *out;             /* what this file adds */
	const dp_rules *base;      /* what was loaded before */
	dp_custom_type *cur_custom;/* object being filled by the custom key handlers */
	dp_deny_term *cur_deny;    /* object being filled by the deny key handlers */
	dp_rules_pc path[DP_RULES_MAX_DEPTH];
	int depth;
} dp_rules_ctx;

typedef int (*dp_rules_fn)(dp_rules_ctx *c, json_t *v);

typedef struct dp_rules_key {
	const char *key;
	dp_rules_fn fn;
} dp_rules_key;

static const char *const dp_rules_validators[] = {
	"luhn", "card", "iban", "swift_bic", "kz_iin", "kz_bin", "ru_inn", "ru_snils",
	"us_ssn", "ipv4", "ipv6", "mac", "jwt", NULL
};

/* ---- memory helpers ------------------------------------------------------------ */

/* Makes *arr hold n elements of elsz bytes. 0, or -1 (arr unchanged) out of memory. */
static int dp_rules_reserve(void *arrp, size_t n, size_t elsz)
{
	void **arr = arrp;
	void *p;

	if (n == 0)
		return 0;
	if (n > SIZE_MAX / elsz)
		return -1;
	p = realloc(*arr, n * elsz);
	if (!p)
		return -1;
	*arr = p;
	return 0;
}

static int dp_rules_push(char ***arr, size_t *n, char *s)
{
	if (dp_rules_reserve(arr, *n + 1, sizeof **arr) < 0)
		return -1;
	(*arr)[(*n)++] = s;
	return 0;
}

static void dp_rules_free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void dp_rules_free_custom(dp_custom_type *t)
{
	free(t->id);
	free(t->title);
	free(t->pattern);
	free(t->validator);
	if (t->context)
		for (char **w = t->context; *w; w++)
			free(*w);
	free(t->context);
	memset(t, 0, sizeof *t);
}

static dp_rules_priv *dp_rules_priv_get(dp_rules *r)
{
	dp_rules_priv *p;

	if (r->priv)
		return r->priv;
	if (!(p = calloc(1, sizeof *p)) || !(p->mctx = pcre2_match_context_create(NULL))) {
		free(p);
		return NULL;
	}
	pcre2_set_match_limit(p->mctx, DP_RULES_MATCH_LIMIT);
	pcre2_set_depth_limit(p->mctx, DP_RULES_DEPTH_LIMIT);
	return r->priv = p;
}

static void dp_rules_priv_free(dp_rules_priv *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nallow_re; i++)
		pcre2_code_free(p->allow_re[i]);
	free(p->allow_re);
	pcre2_match_context_free(p->mctx);
	free(p);
}

dp_rules *dp_rules_new(void)
{
	return calloc(1, sizeof(dp_rules));
}

void dp_rules_free(dp_rules *r)
{
	if (!r)
		return;
	free(r->path);
	for (size_t i = 0; i < r->ncustom; i++)
		dp_rules_free_custom(&r->custom[i]);
	free(r->custom);
	for (size_t i = 0; i < r->ndeny; i++) {
		free(r->deny[i].term);
		free(r->deny[i].type);
	}
	free(r->deny);
	dp_rules_free_strv(r->allow_values, r->nallow_values);
	dp_rules_free_strv(r->allow_patterns, r->nallow_patterns);
	dp_rules_free_strv(r->allow_paths, r->nallow_paths);
	dp_rules_free_strv(r->exclude, r->nexclude);
	dp_rules_free_strv(r->disable, r->ndisable);
	dp_rules_free_strv(r->threshold_type, r->nthreshold);
	free(r->threshold);
	dp_rules_free_strv(r->fail_on, r->nfail_on);
	dp_rules_priv_free(r->priv);
	free(r);
}

/* ---- line numbers: a scanner over the (already validated) raw JSON text --------- */

static size_t dp_rules_ws(const char *b, size_t n, size_t i)
{
	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r'))
		i++;
	return i;
}

/* b[i] is '"': returns the offset just past the closing quote. */
static size_t dp_rules_skip_str(const char *b, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (b[i] == '\\')
			i++;
		else if (b[i] == '"')
			return i + 1;
	}
	return n;
}

/* Returns the offset just past the value starting at b[i]. */
static size_t dp_rules_skip_val(const char *b, size_t n, size_t i)
{
	size_t depth = 0;

	while (i < n) {
		char ch = b[i];

		if (ch == '"') {
			i = dp_rules_skip_str(b, n, i);
			if (depth == 0)
				return i;
			continue;
		}
		if (ch == '{' || ch == '[') {
			depth++;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				return i;       /* the end of the enclosing container */
			if (--depth == 0)
				return i + 1;
		} else if (depth == 0 && (ch == ',' || ch == ' ' || ch == '\t' || ch == '\n'
		                          || ch == '\r')) {
			return i;
		}
		i++;
	}
	return n;
}

static unsigned dp_rules_hex4(const char *p)
{
	unsigned v = 0;

	for (int k = 0; k < 4; k++) {
		char ch = p[k];
		v <<= 4;
		if (ch >= '0' && ch <= '9')
			v |= (unsigned)(ch - '0');
		else if (ch >= 'a' && ch <= 'f')
			v |= (unsigned)(ch - 'a' + 10);
		else if (ch >= 'A' && ch <= 'F')
			v |= (unsigned)(ch - 'A' + 10);
	}
	return v;
}

static size_t dp_rules_utf8(unsigned cp, char *o)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Decodes a \u escape at s (s[0] == 'u'); advances *k past it. */
static unsigned dp_rules_unicode(const char *s, size_t n, size_t *k)
{
	unsigned cp, lo;

	if (*k + 5 > n)
		return '?';
	cp = dp_rules_hex4(s + *k + 1);
	*k += 4;
	if (cp >= 0xD800 && cp < 0xDC00 && *k + 7 <= n && s[*k + 1] == '\\'
	    && s[*k + 2] == 'u') {
		lo = dp_rules_hex4(s + *k + 3);
		if (lo >= 0xDC00 && lo < 0xE000) {
			*k += 6;
			return 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		}
	}
	return cp;
}

/* Decodes the JSON string body s[0..n) (no quotes) into o (at least n + 1 bytes). */
static void dp_rules_unescape(const char *s, size_t n, char *o)
{
	static const char from[] = "bfnrt", to[] = "\b\f\n\r\t";

	for (size_t k = 0; k < n; k++) {
		const char *e;

		if (s[k] != '\\' || k + 1 >= n) {
			*o++ = s[k];
			continue;
		}
		k++;
		if (s[k] == 'u')
			o += dp_rules_utf8(dp_rules_unicode(s, n, &k), o);
		else if ((e = strchr(from, s[k])) != NULL && *e)
			*o++ = to[e - from];
		else
			*o++ = s[k];
	}
	*o = '\0';
}

/* 1 when the raw string token b[start..end) (quotes included) decodes to key. */
static int dp_rules_key_is(const char *b, size_t start, size_t end, const char *key)
{
	char small[128], *o = small;
	int eq;

	if (end < start + 2)
		return 0;
	if (end - start > sizeof small && !(o = malloc(end - start)))
		return 0;
	dp_rules_unescape(b + start + 1, end - start - 2, o);
	eq = strcmp(o, key) == 0;
	if (o != small)
		free(o);
	return eq;
}

/* b[i] is '{': finds member key; sets *kpos (its quote) and *vpos (its value). */
static int dp_rules_find_member(const char *b, size_t n, size_t i, const char *key,
                                size_t *kpos, size_t *vpos)
{
	if (i >= n || b[i] != '{')
		return -1;
	for (i++;;) {
		size_t kend;

		i = dp_rules_ws(b, n, i);
		if (i >= n || b[i] != '"')
			return -1;
		*kpos = i;
		kend = dp_rules_skip_str(b, n, i);
		i = dp_rules_ws(b, n, kend);
		if (i >= n || b[i] != ':')
			return -1;
		*vpos = i = dp_rules_ws(b, n, i + 1);
		if (dp_rules_key_is(b, *kpos, kend, key))
			return 0;
		i = dp_rules_ws(b, n, dp_rules_skip_val(b, n, i));
		if (i >= n || b[i] != ',')
			return -1;
		i++;
	}
}

/* b[i] is '[': finds element idx; sets *vpos. */
static int dp_rules_find_elem(const char *b, size_t n, size_t i, size_t idx, size_t *vpos)
{
	if (i >= n || b[i] != '[')
		return -1;
	i++;
	for (size_t k = 0;; k++) {
		i = dp_rules_ws(b, n, i);
		if (i >= n || b[i] == ']')
			return -1;
		if (k == idx) {
			*vpos = i;
			return 0;
		}
		i = dp_rules_ws(b, n, dp_rules_skip_val(b, n, i));
		if (i >= n || b[i] != ',')
			return -1;
		i++;
	}
}

/* Offset of what the current path names: the key of a member, an array element itself.
 * When the path cannot be followed, the deepest position reached. */
static size_t dp_rules_seek(const dp_rules_ctx *c)
{
	size_t i = dp_rules_ws(c->buf, c->len, 0), kpos = i, vpos = i;

	for (int d = 0; d < c->depth; d++) {
		const dp_rules_pc *pc = &c->path[d];
		int rc;

		if (pc->key)
			rc = dp_rules_find_member(c->buf, c->len, i, pc->key, &kpos, &vpos);
		else
			rc = dp_rules_find_elem(c->buf, c->len, i, pc->idx, &vpos);
		if (rc < 0)
			return i;
		if (d == c->depth - 1)
			return pc->key ? kpos : vpos;
		i = vpos;
	}
	return i;
}

static long dp_rules_line(const dp_rules_ctx *c)
{
	size_t off = dp_rules_seek(c);
	long line = 1;

	for (size_t k = 0; k < off && k < c->len; k++)
		if (c->buf[k] == '\n')
			line++;
	return line;
}

/* ---- error reporting ------------------------------------------------------------ */

/* Writes the current path as "custom[2].pattern". */
static void dp_rules_pathstr(const dp_rules_ctx *c, char *o, size_t osz)
{
	size_t n = 0;

	o[0] = '\0';
	for (int d = 0; d < c->depth && n < osz; d++) {
		const dp_rules_pc *pc = &c->path[d];
		int w;

		if (pc->key)
			w = snprintf(o + n, osz - n, "%s%.64s", d ? "." : "", pc->key);
		else
			w = snprintf(o + n, osz - n, "[%zu]", pc->idx);
		if (w < 0)
			break;
		n += (size_t)w;
	}
}

__attribute__((format(printf, 3, 0)))
static int dp_rules_vfail(dp_rules_ctx *c, long line, const char *fmt, va_list ap)
{
	char what[320], where[192];

	vsnprintf(what, sizeof what, fmt, ap);
	dp_rules_pathstr(c, where, sizeof where);
	if (where[0])
		return dp_err_setf(c->err, DP_CONFIG, c->name, line, "%s: %s", where, what);
	return dp_err_setf(c->err, DP_CONFIG, c->name, line, "%s", what);
}

__attribute__((format(printf, 3, 4)))
static int dp_rules_fail_at(dp_rules_ctx *c, long line, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dp_rules_vfail(c, line, fmt, ap);
	va_end(ap);
	return rc;
}

/* DP_CONFIG about the current path, at the line of its key (or array element). */
__attribute__((format(printf, 2, 3)))
static int dp_rules_fail(dp_rules_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = dp_rules_vfail(c, dp_rules_line(c), fmt, ap);
	va_end(ap);
	return rc;
}

static int dp_rules_oom(dp_rules_ctx *c)
{
	return dp_err_setf(c->err, DP_SOFTWARE, c->name, 0, "out of memory");
}

static void dp_rules_enter_key(dp_rules_ctx *c, const char *key)
{
	c->path[c->depth].key = key;
	c->path[c->depth].idx = 0;
	c->depth++;
}

static void dp_rules_enter_idx(dp_rules_ctx *c, size_t idx)
{
	c->path[c->depth].key = NULL;
	c->path[c->depth].idx = idx;
	c->depth++;
}

/* An unknown key: the message names it, the line is where it appears. */
static int dp_rules_unknown(dp_rules_ctx *c, const char *key)
{
	long line;

	dp_rules_enter_key(c, key);
	line = dp_rules_line(c);
	c->depth--;
	return dp_rules_fail_at(c, line, "unknown key \"%.64s\"", key);
}

/* Runs the handler of every key of obj (which the caller checked is an object). */
static int dp_rules_dispatch(dp_rules_ctx *c, json_t *obj, const dp_rules_key *tab)
{
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		const dp_rules_key *k = tab;
		int rc;

		while (k->key && strcmp(k->key, key) != 0)
			k++;
		if (!k->key)
			return dp_rules_unknown(c, key);
		dp_rules_enter_key(c, key);
		rc = k->fn(c, v);
		c->depth--;
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- value checks ---------------------------------------------------------------- */

static int dp_rules_is_id(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > DP_RULES_ID_MAX || !(s[0] >= 'a' && s[0] <= 'z'))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
			return 0;
	return 1;
}

/* A non-empty string, duplicated into *out. */
static int dp_rules_want_str(dp_rules_ctx *c, json_t *v, char **out)
{
	if (!json_is_string(v))
		return dp_rules_fail(c, "expected a string");
	if (json_string_length(v) == 0)
		return dp_rules_fail(c, "must not be empty");
	if (!(*out = strdup(json_string_value(v))))
		return dp_rules_oom(c);
	return 0;
}

/* A type id string ([a-z][a-z0-9_]*, at most 64 bytes), duplicated into *out. */
static int dp_rules_want_id(dp_rules_ctx *c, json_t *v, char **out)
{
	int rc = dp_rules_want_str(c, v, out);

	if (rc)
		return rc;
	if (!dp_rules_is_id(*out)) {
		free(*out);
		*out = NULL;
		return dp_rules_fail(c, "type ids are lowercase: [a-z][a-z0-9_]*, at most %d bytes",
		                     DP_RULES_ID_MAX);
	}
	return 0;
}

static int dp_rules_want_score(dp_rules_ctx *c, json_t *v, double *out)
{
	if (!json_is_number(v))
		return dp_rules_fail(c, "expected a number between 0 and 1");
	*out = json_number_value(v);
	if (!(*out >= 0.0 && *out <= 1.0))
		return dp_rules_fail(c, "must be between 0 and 1");
	return 0;
}

/* Compiles a PCRE2 pattern as the detectors will (UTF, Unicode properties). */
static int dp_rules_compile(dp_rules_ctx *c, const char *pat, pcre2_code **out)
{
	int ecode;
	PCRE2_SIZE eoff;
	PCRE2_UCHAR msg[160];

	*out = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_UCP,
	                     &ecode, &eoff, NULL);
	if (*out)
		return 0;
	if (pcre2_get_error_message(ecode, msg, sizeof msg) < 0)
		snprintf((char *)msg, sizeof msg, "error %d", ecode);
	return dp_rules_fail(c, "bad pattern at offset %zu: %s", (size_t)eoff, (char *)msg);
}

/* 1 when re matches the empty string (a custom pattern must not). */
static int dp_rules_matches_empty(const pcre2_code *re)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	pcre2_match_context *mc = pcre2_match_context_create(NULL);
	int rc = -1;

	if (md && mc) {
		pcre2_set_match_limit(mc, DP_RULES_MATCH_LIMIT);
		pcre2_set_depth_limit(mc, DP_RULES_DEPTH_LIMIT);
		rc = pcre2_match(re, (PCRE2_SPTR)"", 0, 0, 0, md, mc);
	}
	pcre2_match_context_free(mc);
	pcre2_match_data_free(md);
	return rc >= 0;
}

typedef int (*dp_rules_item_fn)(dp_rules_ctx *c, json_t *v, char **out);

/* An array whose every element item() accepts; the strings are appended to arr. */
static int dp_rules_str_list(dp_rules_ctx *c, json_t *v, char ***arr, size_t *n,
                             dp_rules_item_fn item)
{
	size_t i;
	json_t *e;

	if (!json_is_array(v))
		return dp_rules_fail(c, "expected an array");
	json_array_foreach(v, i, e) {
		char *s = NULL;
		int rc;

		dp_rules_enter_idx(c, i);
		rc = item(c, e, &s);
		if (rc == 0 && dp_rules_push(arr, n, s) < 0) {
			free(s);
			rc = dp_rules_oom(c);
		}
		c->depth--;
		if (rc)
			return rc;
	}
	return 0;
}

/* A list of type ids without repeats (disable, failOn). */
static int dp_rules_id_set(dp_rules_ctx *c, json_t *v, char ***arr, size_t *n)
{
	size_t start = *n;
	int rc = dp_rules_str_list(c, v, arr, n, dp_rules_want_id);

	for (size_t i = start + 1; rc == 0 && i < *n; i++)
		for (size_t k = start; k < i; k++)
			if (strcmp((*arr)[i], (*arr)[k]) == 0) {
				dp_rules_enter_idx(c, i - start);
				rc = dp_rules_fail(c, "\"%s\" is listed twice", (*arr)[i]);
				c->depth--;
				break;
			}
	return rc;
}

/* ---- top-level keys ------------------------------------------------------------- */

static int dp_rules_k_schema(dp_rules_ctx *c, json_t *v)
{
	if (!json_is_string(v))
		return dp_rules_fail(c, "expected a string");
	return 0;
}

static int dp_rules_k_version(dp_rules_ctx *c, json_t *v)
{
	if (!json_is_number(v))
		return dp_rules_fail(c, "expected the number 1");
	if (json_number_value(v) != 1.0)
		return dp_rules_fail(c, "unsupported version %g (this doppel reads version 1)",
		                     json_number_value(v));
	return 0;
}

static int dp_rules_k_disable(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_id_set(c, v, &c->out->disable, &c->out->ndisable);
}

static int dp_rules_k_fail_on(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_id_set(c, v, &c->out->fail_on, &c->out->nfail_on);
}

static int dp_rules_add_threshold(dp_rules *r, char *id, double score)
{
	if (dp_rules_reserve(&r->threshold_type, r->nthreshold + 1, sizeof(char *)) < 0
	    || dp_rules_reserve(&r->threshold, r->nthreshold + 1, sizeof(double)) < 0)
		return -1;
	r->threshold_type[r->nthreshold] = id;
	r->threshold[r->nthreshold++] = score;
	return 0;
}

static int dp_rules_k_thresholds(dp_rules_ctx *c, json_t *v)
{
	const char *key;
	json_t *e;

	if (!json_is_object(v))
		return dp_rules_fail(c, "expected an object of type id: score");
	json_object_foreach(v, key, e) {
		double score = 0;
		char *id = NULL;
		int rc;

		dp_rules_enter_key(c, key);
		if (!dp_rules_is_id(key))
			rc = dp_rules_fail(c, "type ids are lowercase: [a-z][a-z0-9_]*");
		else if ((rc = dp_rules_want_score(c, e, &score)) == 0
		         && (!(id = strdup(key)) || dp_rules_add_threshold(c->out, id, score) < 0)) {
			free(id);
			rc = dp_rules_oom(c);
		}
		c->depth--;
		if (rc)
			return rc;
	}
	return 0;
}

static int dp_rules_want_glob(dp_rules_ctx *c, json_t *v, char **out)
{
	return dp_rules_want_str(c, v, out);
}

static int dp_rules_k_exclude(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_str_list(c, v, &c->out->exclude, &c->out->nexclude, dp_rules_want_glob);
}

/* ---- allow ------------------------------------------------------------------------ */

static int dp_rules_a_values(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_str_list(c, v, &c->out->allow_values, &c->out->nallow_values,
	                         dp_rules_want_str);
}

static int dp_rules_a_paths(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_str_list(c, v, &c->out->allow_paths, &c->out->nallow_paths,
	                         dp_rules_want_glob);
}

/* An allow pattern: compiled now and kept, parallel to allow_patterns. */
static int dp_rules_want_allow_re(dp_rules_ctx *c, json_t *v, char **out)
{
	dp_rules_priv *p = dp_rules_priv_get(c->out);
	pcre2_code *re;
	int rc;

	if (!p)
		return dp_rules_oom(c);
	if ((rc = dp_rules_want_str(c, v, out)) != 0)
		return rc;
	if ((rc = dp_rules_compile(c, *out, &re)) == 0
	    && dp_rules_reserve(&p->allow_re, p->nallow_re + 1, sizeof *p->allow_re) < 0) {
		pcre2_code_free(re);
		rc = dp_rules_oom(c);
	}
	if (rc) {
		free(*out);
		*out = NULL;
		return rc;
	}
	pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);   /* optional: the interpreter works too */
	p->allow_re[p->nallow_re++] = re;
	return 0;
}

static int dp_rules_a_patterns(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_str_list(c, v, &c->out->allow_patterns, &c->out->nallow_patterns,
	                         dp_rules_want_allow_re);
}

static const dp_rules_key dp_rules_allow_keys[] = {
	{"values", dp_rules_a_values},
	{"patterns", dp_rules_a_patterns},
	{"paths", dp_rules_a_paths},
	{NULL, NULL}
};

static int dp_rules_k_allow(dp_rules_ctx *c, json_t *v)
{
	if (!json_is_object(v))
		return dp_rules_fail(c, "expected an object with values, patterns, paths");
	return dp_rules_dispatch(c, v, dp_rules_allow_keys);
}

/* ---- deny ------------------------------------------------------------------------- */

static int dp_rules_d_term(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_want_str(c, v, &c->cur_deny->term);
}

static int dp_rules_d_type(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_want_id(c, v, &c->cur_deny->type);
}

static const dp_rules_key dp_rules_deny_keys[] = {
	{"term", dp_rules_d_term},
	{"type", dp_rules_d_type},
	{NULL, NULL}
};

/* One deny entry: "term" or {"term": ..., "type": ...}. */
static int dp_rules_deny_one(dp_rules_ctx *c, json_t *e, dp_deny_term *d)
{
	int rc;

	if (json_is_string(e))
		return dp_rules_want_str(c, e, &d->term);
	if (!json_is_object(e))
		return dp_rules_fail(c, "expected a string or an object with term and type");
	c->cur_deny = d;
	rc = dp_rules_dispatch(c, e, dp_rules_deny_keys);
	c->cur_deny = NULL;
	if (rc == 0 && !d->term)
		rc = dp_rules_fail(c, "missing required key \"term\"");
	return rc;
}

static int dp_rules_k_deny(dp_rules_ctx *c, json_t *v)
{
	dp_rules *o = c->out;
	size_t i;
	json_t *e;

	if (!json_is_array(v))
		return dp_rules_fail(c, "expected an array");
	json_array_foreach(v, i, e) {
		dp_deny_term d = {NULL, NULL};
		int rc;

		dp_rules_enter_idx(c, i);
		rc = dp_rules_deny_one(c, e, &d);
		if (rc == 0 && !d.type && !(d.type = strdup("deny_term")))
			rc = dp_rules_oom(c);
		if (rc == 0 && dp_rules_reserve(&o->deny, o->ndeny + 1, sizeof *o->deny) < 0)
			rc = dp_rules_oom(c);
		c->depth--;
		if (rc) {
			free(d.term);
			free(d.type);
			return rc;
		}
		o->deny[o->ndeny++] = d;
	}
	return 0;
}

/* ---- custom types ---------------------------------------------------------------- */

static int dp_rules_c_id(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_want_id(c, v, &c->cur_custom->id);
}

static int dp_rules_c_title(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_want_str(c, v, &c->cur_custom->title);
}

static int dp_rules_c_pattern(dp_rules_ctx *c, json_t *v)
{
	pcre2_code *re;
	int rc = dp_rules_want_str(c, v, &c->cur_custom->pattern);

	if (rc || (rc = dp_rules_compile(c, c->cur_custom->pattern, &re)) != 0)
		return rc;
	if (dp_rules_matches_empty(re))
		rc = dp_rules_fail(c, "pattern matches the empty string");
	pcre2_code_free(re);
	return rc;
}

static int dp_rules_c_validator(dp_rules_ctx *c, json_t *v)
{
	const char *const *n = dp_rules_validators;
	int rc = dp_rules_want_str(c, v, &c->cur_custom->validator);

	if (rc)
		return rc;
	while (*n && strcmp(*n, c->cur_custom->validator) != 0)
		n++;
	if (!*n)
		return dp_rules_fail(c, "unknown validator (known: luhn, card, iban, swift_bic, "
		                     "kz_iin, kz_bin, ru_inn, ru_snils, us_ssn, ipv4, ipv6, mac, jwt)");
	return 0;
}

static int dp_rules_c_context(dp_rules_ctx *c, json_t *v)
{
	char **words = NULL;
	size_t n = 0;
	int rc = dp_rules_str_list(c, v, &words, &n, dp_rules_want_str);

	if (rc == 0 && dp_rules_push(&words, &n, NULL) < 0)
		rc = dp_rules_oom(c);
	if (rc) {
		dp_rules_free_strv(words, n);
		return rc;
	}
	c->cur_custom->context = words;
	return 0;
}

static int dp_rules_c_score(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_want_score(c, v, &c->cur_custom->score);
}

static int dp_rules_c_boost(dp_rules_ctx *c, json_t *v)
{
	return dp_rules_want_score(c, v, &c->cur_custom->context_boost);
}

static int dp_rules_c_needs(dp_rules_ctx *c, json_t *v)
{
	if (!json_is_boolean(v))
		return dp_rules_fail(c, "expected true or false");
	c->cur_custom->needs_context = json_is_true(v);
	return 0;
}

static const dp_rules_key dp_rules_custom_keys[] = {
	{"id", dp_rules_c_id},
	{"title", dp_rules_c_title},
	{"pattern", dp_rules_c_pattern},
	{"validator", dp_rules_c_validator},
	{"context", dp_rules_c_context},
	{"score", dp_rules_c_score},
	{"contextBoost", dp_rules_c_boost},
	{"needsContext", dp_rules_c_needs},
	{NULL, NULL}
};

static int dp_rules_custom_in(const dp_rules *r, const char *id)
{
	for (size_t i = 0; r && i < r->ncustom; i++)
		if (strcmp(r->custom[i].id, id) == 0)
			return 1;
	return 0;
}

/* The custom id must be new: not built in, not reserved, not defined before. */
static int dp_rules_custom_id_ok(dp_rules_ctx *c, const char *id)
{
	int rc = 0;

	dp_rules_enter_key(c, "id");
	if (dp_type_lookup(id) >= 0)
		rc = dp_rules_fail(c, "\"%s\" is a built-in type id", id);
	else if (strcmp(id, "deny_term") == 0)
		rc = dp_rules_fail(c, "\"deny_term\" is reserved for deny-list findings");
	else if (dp_rules_custom_in(c->out, id) || dp_rules_custom_in(c->base, id))
		rc = dp_rules_fail(c, "custom type \"%s\" is defined twice", id);
	c->depth--;
	return rc;
}

/* Required keys, defaults, and the checks that need several keys. */
static int dp_rules_custom_finish(dp_rules_ctx *c, dp_custom_type *t)
{
	int rc;

	if (!t->id)
		return dp_rules_fail(c, "missing required key \"id\"");
	if (!t->pattern)
		return dp_rules_fail(c, "missing required key \"pattern\"");
	if ((rc = dp_rules_custom_id_ok(c, t->id)) != 0)
		return rc;
	if (t->needs_context && (!t->context || !t->context[0])) {
		dp_rules_enter_key(c, "needsContext");
		rc = dp_rules_fail(c, "needsContext is true but no context words are given");
		c->depth--;
		return rc;
	}
	if (!t->title && !(t->title = strdup(t->id)))
		return dp_rules_oom(c);
	return 0;
}

static int dp_rules_custom_one(dp_rules_ctx *c, json_t *e)
{
	dp_rules *o = c->out;
	dp_custom_type t = {0};
	int rc;

	if (!json_is_object(e))
		return dp_rules_fail(c, "expected an object");
	t.score = 0.8;
	t.context_boost = 0.15;
	c->cur_custom = &t;
	rc = dp_rules_dispatch(c, e, dp_rules_custom_keys);
	c->cur_custom = NULL;
	if (rc == 0)
		rc = dp_rules_custom_finish(c, &t);
	if (rc == 0 && dp_rules_reserve(&o->custom, o->ncustom + 1, sizeof *o->custom) < 0)
		rc = dp_rules_oom(c);
	if (rc) {
		dp_rules_free_custom(&t);
		return rc;
	}
	o->custom[o->ncustom++] = t;
	return 0;
}

static int dp_rules_k_custom(dp_rules_ctx *c, json_t *v)
{
	size_t i;
	json_t *e;

	if (!json_is_array(v))
		return dp_rules_fail(c, "expected an array of objects");
	json_array_foreach(v, i, e) {
		int rc;

		dp_rules_enter_idx(c, i);
		rc = dp_rules_custom_one(c, e);
		c->depth--;
		if (rc)
			return rc;
	}
	return 0;
}

static const dp_rules_key dp_rules_top_keys[] = {
	{"$schema", dp_rules_k_schema},
	{"version", dp_rules_k_version},
	{"disable", dp_rules_k_disable},
	{"thresholds", dp_rules_k_thresholds},
	{"failOn", dp_rules_k_fail_on},
	{"allow", dp_rules_k_allow},
	{"deny", dp_rules_k_deny},
	{"exclude", dp_rules_k_exclude},
	{"custom", dp_rules_k_custom},
	{NULL, NULL}
};

/* ---- references to type ids (after the whole file is read) ---------------------- */

static int dp_rules_deny_type_in(const dp_rules *r, const char *id)
{
	for (size_t i = 0; r && i < r->ndeny; i++)
		if (strcmp(r->deny[i].type, id) == 0)
			return 1;
	return 0;
}

static int dp_rules_known(const dp_rules_ctx *c, const char *id)
{
	return dp_type_lookup(id) >= 0 || strcmp(id, "deny_term") == 0
	       || dp_rules_custom_in(c->out, id) || dp_rules_custom_in(c->base, id)
	       || dp_rules_deny_type_in(c->out, id) || dp_rules_deny_type_in(c->base, id);
}

static int dp_rules_unknown_type(dp_rules_ctx *c, const char *id)
{
	return dp_rules_fail(c, "unknown type \"%s\" (not built in, not a custom or deny type)",
	                     id);
}

/* Every type named by disable, failOn and thresholds must exist. */
static int dp_rules_check_refs(dp_rules_ctx *c, json_t *root)
{
	static const char *const lists[] = {"disable", "failOn"};
	json_t *v, *e;
	const char *key;
	size_t i;
	int rc = 0;

	for (size_t l = 0; l < 2 && rc == 0; l++) {
		dp_rules_enter_key(c, lists[l]);
		json_array_foreach(json_object_get(root, lists[l]), i, e) {
			dp_rules_enter_idx(c, i);
			if (!dp_rules_known(c, json_string_value(e)))
				rc = dp_rules_unknown_type(c, json_string_value(e));
			c->depth--;
			if (rc)
				break;
		}
		c->depth--;
	}
	v = json_object_get(root, "thresholds");
	dp_rules_enter_key(c, "thresholds");
	json_object_foreach(v, key, e) {
		dp_rules_enter_key(c, key);
		if (rc == 0 && !dp_rules_known(c, key))
			rc = dp_rules_unknown_type(c, key);
		c->depth--;
	}
	c->depth--;
	return rc;
}

/* ---- merging a checked file into the rules --------------------------------------- */

static int dp_rules_find(char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (int)i;
	return -1;
}

/* Appends t's strings to r's, moving them; with uniq, repeats are dropped. */
static void dp_rules_move_strv(char **dst, size_t *nd, char **src, size_t *ns, int uniq)
{
	for (size_t i = 0; i < *ns; i++) {
		if (uniq && dp_rules_find(dst, *nd, src[i]) >= 0)
			free(src[i]);
		else
			dst[(*nd)++] = src[i];
	}
	*ns = 0;
}

/* Grows every array of r so the merge below cannot fail half-way. */
static int dp_rules_reserve_all(dp_rules *r, const dp_rules *t)
{
	dp_rules_priv *rp = r->priv, *tp = t->priv;
	size_t nre = tp ? tp->nallow_re : 0;

	if (nre && !(rp = dp_rules_priv_get(r)))
		return -1;
	return (dp_rules_reserve(&r->custom, r->ncustom + t->ncustom, sizeof *r->custom)
	        || dp_rules_reserve(&r->deny, r->ndeny + t->ndeny, sizeof *r->deny)
	        || dp_rules_reserve(&r->allow_values, r->nallow_values + t->nallow_values, sizeof(char *))
	        || dp_rules_reserve(&r->allow_patterns, r->nallow_patterns + t->nallow_patterns,
	                            sizeof(char *))
	        || dp_rules_reserve(&r->allow_paths, r->nallow_paths + t->nallow_paths, sizeof(char *))
	        || dp_rules_reserve(&r->exclude, r->nexclude + t->nexclude, sizeof(char *))
	        || dp_rules_reserve(&r->disable, r->ndisable + t->ndisable, sizeof(char *))
	        || dp_rules_reserve(&r->fail_on, r->nfail_on + t->nfail_on, sizeof(char *))
	        || dp_rules_reserve(&r->threshold_type, r->nthreshold + t->nthreshold, sizeof(char *))
	        || dp_rules_reserve(&r->threshold, r->nthreshold + t->nthreshold, sizeof(double))
	        || (nre && dp_rules_reserve(&rp->allow_re, rp->nallow_re + nre, sizeof(pcre2_code *))))
	       ? -1 : 0;
}

/* A later file's threshold for a type replaces an earlier one. */
static void dp_rules_move_thresholds(dp_rules *r, dp_rules *t)
{
	for (size_t i = 0; i < t->nthreshold; i++) {
		int k = dp_rules_find(r->threshold_type, r->nthreshold, t->threshold_type[i]);

		if (k >= 0) {
			r->threshold[k] = t->threshold[i];
			free(t->threshold_type[i]);
			continue;
		}
		r->threshold_type[r->nthreshold] = t->threshold_type[i];
		r->threshold[r->nthreshold++] = t->threshold[i];
	}
	t->nthreshold = 0;
}

static void dp_rules_move(dp_rules *r, dp_rules *t)
{
	dp_rules_priv *rp = r->priv, *tp = t->priv;

	for (size_t i = 0; i < t->ncustom; i++)
		r->custom[r->ncustom++] = t->custom[i];
	t->ncustom = 0;
	for (size_t i = 0; i < t->ndeny; i++)
		r->deny[r->ndeny++] = t->deny[i];
	t->ndeny = 0;
	dp_rules_move_strv(r->allow_values, &r->nallow_values, t->allow_values, &t->nallow_values, 0);
	dp_rules_move_strv(r->allow_patterns, &r->nallow_patterns, t->allow_patterns,
	                   &t->nallow_patterns, 0);
	dp_rules_move_strv(r->allow_paths, &r->nallow_paths, t->allow_paths, &t->nallow_paths, 0);
	dp_rules_move_strv(r->exclude, &r->nexclude, t->exclude, &t->nexclude, 0);
	dp_rules_move_strv(r->disable, &r->ndisable, t->disable, &t->ndisable, 1);
	dp_rules_move_strv(r->fail_on, &r->nfail_on, t->fail_on, &t->nfail_on, 1);
	dp_rules_move_thresholds(r, t);
	for (size_t i = 0; tp && i < tp->nallow_re; i++)
		rp->allow_re[rp->nallow_re++] = tp->allow_re[i];
	if (tp)
		tp->nallow_re = 0;
}

static int dp_rules_merge(dp_rules *r, dp_rules *t, const char *name, dp_err *err)
{
	char *path = strdup(name);

	if (!path || dp_rules_reserve_all(r, t) < 0) {
		free(path);
		return dp_err_setf(err, DP_SOFTWARE, name, 0, "out of memory");
	}
	free(r->path);
	r->path = path;
	dp_rules_move(r, t);
	return 0;
}

/* ---- loading ----------------------------------------------------------------------- */

static int dp_rules_check(dp_rules_ctx *c, json_t *root)
{
	int rc;

	if (!json_is_object(root))
		return dp_rules_fail(c, "the configuration must be a JSON object");
	if ((rc = dp_rules_dispatch(c, root, dp_rules_top_keys)) != 0)
		return rc;
	return dp_rules_check_refs(c, root);
}

int dp_rules_load_buffer(dp_rules *r, const char *name, const char *buf, size_t len,
                         dp_err *err)
{
	dp_rules_ctx c = {0};
	json_error_t jerr;
	json_t *root;
	int rc;

	if (!name)
		name = "(rules)";
	root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return dp_err_setf(err, DP_CONFIG, name, jerr.line > 0 ? jerr.line : 1,
		                   "invalid JSON: %s", jerr.text);
	c.name = name;
	c.buf = buf;
	c.len = len;
	c.err = err;
	c.base = r;
	if (!(c.out = dp_rules_new()))
		rc = dp_err_setf(err, DP_SOFTWARE, name, 0, "out of memory");
	else if ((rc = dp_rules_check(&c, root)) == 0)
		rc = dp_rules_merge(r, c.out, name, err);
	dp_rules_free(c.out);
	json_decref(root);
	return rc;
}

/* Reads a whole file into *buf (malloc'd). */
static int dp_rules_slurp(const char *path, char **buf, size_t *len, dp_err *err)
{
	FILE *f = fopen(path, "rb");
	size_t n = 0, cap = 0;
	char *b = NULL;

	if (!f)
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
	for (;;) {
		size_t got;

		if (n == cap) {
			char *nb = cap < DP_RULES_MAX_FILE ? realloc(b, cap = cap ? cap * 2 : 4096) : NULL;

			if (!nb) {
				free(b);
				fclose(f);
				return cap >= DP_RULES_MAX_FILE
				       ? dp_err_setf(err, DP_CONFIG, path, 0, "file is larger than 16 MiB")
				       : dp_err_setf(err, DP_SOFTWARE, path, 0, "out of memory");
			}
			b = nb;
		}
		got = fread(b + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;

		free(b);
		fclose(f);
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot read: %s", strerror(e));
	}
	fclose(f);
	*buf = b;
	*len = n;
	return 0;
}

int dp_rules_load(dp_rules *r, const char *path, dp_err *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = dp_rules_slurp(path, &buf, &len, err);

	if (rc == 0)
		rc = dp_rules_load_buffer(r, path, buf, len, err);
	free(buf);
	return rc;
}

/* ---- discovery ---------------------------------------------------------------------- */

static int dp_rules_exists(const char *dir, const char *name, int want_reg)
{
	struct stat st;
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	int ok;

	if (!p)
		return 0;
	snprintf(p, n, "%s%s%s", dir, strcmp(dir, "/") == 0 ? "" : "/", name);
	ok = stat(p, &st) == 0 && (!want_reg || S_ISREG(st.st_mode));
	free(p);
	return ok;
}

int dp_rules_discover(const char *dir, char *out, size_t outsz)
{
	char *cur = realpath(dir ? dir : ".", NULL);
	int found = 0;

	if (out && outsz)
		out[0] = '\0';
	if (!cur || !out)
		goto done;
	for (;;) {
		char *slash;

		if (dp_rules_exists(cur, ".doppel.json", 1)) {
			int w = snprintf(out, outsz, "%s%s.doppel.json", cur,
			                 strcmp(cur, "/") == 0 ? "" : "/");
			found = w >= 0 && (size_t)w < outsz;
			break;
		}
		if (dp_rules_exists(cur, ".git", 0) || strcmp(cur, "/") == 0)
			break;
		slash = strrchr(cur, '/');
		if (!slash)
			break;
		slash[slash == cur ? 1 : 0] = '\0';
	}
	if (!found && outsz)
		out[0] = '\0';
done:
	free(cur);
	return found;
}

/* ---- queries ------------------------------------------------------------------------ */

double dp_rules_threshold(const dp_rules *r, const char *type_id, double fallback)
{
	int k;

	if (!r || !type_id)
		return fallback;
	k = dp_rules_find(r->threshold_type, r->nthreshold, type_id);
	return k >= 0 ? r->threshold[k] : fallback;
}

int dp_rules_disabled(const dp_rules *r, const char *type_id)
{
	return r && type_id && dp_rules_find(r->disable, r->ndisable, type_id) >= 0;
}

int dp_rules_fails_on(const dp_rules *r, const char *type_id)
{
	if (!r || r->nfail_on == 0)
		return 1;
	return type_id && dp_rules_find(r->fail_on, r->nfail_on, type_id) >= 0;
}

const dp_custom_type *dp_rules_custom(const dp_rules *r, const char *id)
{
	for (size_t i = 0; r && id && i < r->ncustom; i++)
		if (strcmp(r->custom[i].id, id) == 0)
			return &r->custom[i];
	return NULL;
}

static int dp_rules_ascii_ieq(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

static int dp_rules_re_search(pcre2_code *re, pcre2_match_context *mc, const char *s,
                              size_t n)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc;

	if (!md)
		return 0;
	rc = pcre2_match(re, (PCRE2_SPTR)s, n, 0, 0, md, mc);
	pcre2_match_data_free(md);
	return rc >= 0;
}

int dp_rules_allowed_value(const dp_rules *r, const char *norm, size_t n)
{
	const dp_rules_priv *p;

	if (!r || !norm)
		return 0;
	for (size_t i = 0; i < r->nallow_values; i++)
		if (strlen(r->allow_values[i]) == n && dp_rules_ascii_ieq(r->allow_values[i], norm, n))
			return 1;
	p = r->priv;
	for (size_t i = 0; p && i < p->nallow_re; i++)
		if (dp_rules_re_search(p->allow_re[i], p->mctx, norm, n))
			return 1;
	return 0;
}

/* ---- globs ---------------------------------------------------------------------------- */

/* Splits s in place at '/', dropping empty and "." components. Returns the count. */
static size_t dp_rules_split(char *s, char **seg)
{
	size_t n = 0;

	char *save = NULL;

	for (char *tok = strtok_r(s, "/", &save); tok; tok = strtok_r(NULL, "/", &save))
		if (strcmp(tok, ".") != 0)
			seg[n++] = tok;
	return n;
}

/* ok[i][j]: glob components i.. match path components j..; the glob may end before the
 * path does (a matched directory covers what is below it), but must consume one. */
static int dp_rules_seg_match(char **g, size_t m, char **p, size_t n)
{
	unsigned char *ok = calloc((m + 1) * (n + 1), 1);
	int res;

	if (!ok)
		return 0;
#define DP_RULES_AT(i, j) ok[(i) * (n + 1) + (j)]
	for (size_t j = 1; j <= n; j++)
		DP_RULES_AT(m, j) = 1;
	for (size_t i = m; i-- > 0;)
		for (size_t j = n + 1; j-- > 0;) {
			if (strcmp(g[i], "**") == 0)
				DP_RULES_AT(i, j) = DP_RULES_AT(i + 1, j) || (j < n && DP_RULES_AT(i, j + 1));
			else
				DP_RULES_AT(i, j) = j < n && DP_RULES_AT(i + 1, j + 1)
				              && fnmatch(g[i], p[j], 0) == 0;
		}
	res = DP_RULES_AT(0, 0);
#undef DP_RULES_AT
	free(ok);
	return res;
}

int dp_rules_glob_match(const char *glob, const char *path)
{
	size_t gl, pl, m, n;
	char *gc, *pc, **gs, **ps;
	int anchored, res = 0;

	if (!glob || !path || !*glob || !*path)
		return 0;
	gl = strlen(glob);
	pl = strlen(path);
	while (gl > 1 && glob[gl - 1] == '/')
		gl--;
	anchored = memchr(glob, '/', gl) != NULL;
	gc = strndup(glob, gl);
	pc = strdup(path);
	gs = malloc((gl / 2 + 3) * sizeof *gs);
	ps = malloc((pl / 2 + 2) * sizeof *ps);
	if (gc && pc && gs && ps) {
		gs[0] = (char *)"**";
		m = dp_rules_split(gc, gs + !anchored) + !anchored;
		n = dp_rules_split(pc, ps);
		res = m > 0 && n > 0 && dp_rules_seg_match(gs, m, ps, n);
	}
	free(gc);
	free(pc);
	free(gs);
	free(ps);
	return res;
}

static int dp_rules_any_glob(char *const *globs, size_t n, const char *path)
{
	for (size_t i = 0; i < n; i++)
		if (dp_rules_glob_match(globs[i], path))
			return 1;
	return 0;
}

int dp_rules_excluded(const dp_rules *r, const char *path)
{
	return r && dp_rules_any_glob(r->exclude, r->nexclude, path);
}

int dp_rules_allowed_path(const dp_rules *r, const char *path)
{
	return r && dp_rules_any_glob(r->allow_paths, r->nallow_paths, path);
}

int dp_rules_add_exclude(dp_rules *r, const char *glob, dp_err *err)
{
	char *s = glob ? strdup(glob) : NULL;

	if (!s || dp_rules_push(&r->exclude, &r->nexclude, s) < 0) {
		free(s);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	return 0;
}

int dp_rules_open(dp_rules **out, const char *path, int discover, dp_err *err)
{
	char found[4096], cwd[4096];
	dp_rules *r = dp_rules_new();

	*out = NULL;
	if (!r)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (!path && discover && getcwd(cwd, sizeof cwd) && dp_rules_discover(cwd, found, sizeof found))
		path = found;
	if (path && dp_rules_load(r, path, err) != 0) {
		dp_rules_free(r);
		return err->code;
	}
	*out = r;
	return DP_OK;
}
