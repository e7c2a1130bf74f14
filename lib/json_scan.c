/* json_scan.c - the validating one-value JSON tokenizer of json_scan.h: an iterative
 * RFC 8259 parser with an explicit container stack that reports every string with its
 * raw offsets, decoded text and RFC 6901 pointer. */
#include "config.h"
#include "json_scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "dynbuf.h"

/* extra pointer room beyond twice the longest key (array indices, separators) */
#define PTR_SLACK ((size_t)1 << 20)

struct frame {
	int is_obj;
	size_t ptr_base;   /* pointer length of the container itself */
	size_t index;      /* current element index (arrays) */
};

/* one escape sequence of the current string: decoded bytes [dec, dec+dlen) came from
 * raw bytes [raw, raw+rlen) */
struct esc {
	size_t dec, raw;
	unsigned char dlen, rlen;
};

struct dp_json_scanner {
	size_t max_string;
	dp_buf str;            /* decoded current string */
	dp_buf ptr;            /* pointer of the current value */
	struct esc *esc;       /* escapes of the current string, by decoded offset */
	size_t nesc, esc_alloc;
	size_t raw_start;      /* opening quote of the current string */
	size_t raw_end;
	size_t depth;
	int numbers;           /* report numbers too */
	struct frame frames[DP_JSON_MAX_DEPTH];
};

/* per-call state */
typedef struct scan_ctx {
	dp_json_scanner *js;
	const unsigned char *p;
	size_t len, pos;
	dp_json_cb cb;
	void *ud;
	dp_err *err;
} scan_ctx;

enum { ST_VALUE, ST_AFTER, ST_DONE };

/* bytes that end a plain run inside a string: '"', '\\' and controls < 0x20 */
static const unsigned char str_special[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	['"'] = 1, ['\\'] = 1,
};

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* Length of the leading run of s[0..n) holding no '"', '\\' or control byte. Eight bytes
 * at a time (SWAR); the exact stop is found by the byte loop. */
static size_t plain_run(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (n - i >= 8) {
		uint64_t x, q, b, t;

		memcpy(&x, s + i, 8);
		q = x ^ (ONES * '"');
		b = x ^ (ONES * '\\');
		t = ((q - ONES) & ~q) | ((b - ONES) & ~b) | ((x - ONES * 0x20) & ~x);
		if (t & HIGHS)
			break;
		i += 8;
	}
	while (i < n && !str_special[s[i]])
		i++;
	return i;
}

static void skip_ws(scan_ctx *c)
{
	const unsigned char *p = c->p;
	size_t i = c->pos, n = c->len;

	while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	c->pos = i;
}

/* "expected WHAT" at byte pos, saying so when the line ended there */
static int expected(scan_ctx *c, size_t pos, const char *what)
{
	if (pos >= c->len)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: unexpected end of line, expected %s",
		                  pos + 1, what);
	return dp_err_set(c->err, DP_DATAERR, "column %zu: expected %s", pos + 1, what);
}

static int oom(scan_ctx *c)
{
	return dp_err_set(c->err, DP_SOFTWARE, "out of memory while scanning JSON");
}

/* Appends without terminating (callers add the NUL once); the common case stays inline.
 * Returns -1 past the buffer's cap or when memory runs out. */
static inline int buf_put(dp_buf *b, const void *p, size_t n)
{
	if (n > b->cap - b->len)
		return -1;
	if (b->alloc - b->len <= n && dp_buf_reserve(b, n) < 0)
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

/* ---- strings ------------------------------------------------------------------ */

static int str_add(scan_ctx *c, const void *b, size_t n)
{
	dp_json_scanner *js = c->js;

	if (n > js->max_string - js->str.len)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: string longer than %zu bytes",
		                  js->raw_start + 1, js->max_string);
	if (buf_put(&js->str, b, n) < 0)
		return oom(c);
	return 0;
}

static int esc_record(scan_ctx *c, size_t dec, size_t raw, size_t dlen, size_t rlen)
{
	dp_json_scanner *js = c->js;

	if (js->nesc == js->esc_alloc) {
		size_t na = js->esc_alloc ? js->esc_alloc * 2 : 16;
		struct esc *e = realloc(js->esc, na * sizeof *e);

		if (!e)
			return oom(c);
		js->esc = e;
		js->esc_alloc = na;
	}
	js->esc[js->nesc++] = (struct esc){dec, raw, (unsigned char)dlen, (unsigned char)rlen};
	return 0;
}

static int hex4(const unsigned char *s)
{
	int v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned char h = s[i];

		v <<= 4;
		if (h >= '0' && h <= '9')
			v |= h - '0';
		else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
			v |= (h | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

static size_t put_utf8(unsigned long cp, unsigned char *o)
{
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (unsigned char)(0xF0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (unsigned char)(0x80 | (cp & 0x3F));
	return 4;
}

/* \uXXXX at p[at] (the backslash), joining a surrogate pair; lone surrogates give U+FFFD */
static int decode_u(scan_ctx *c, size_t at, unsigned long *cp, size_t *rlen)
{
	const unsigned char *p = c->p;
	int v = c->len - at >= 6 ? hex4(p + at + 2) : -1;

	if (v < 0)
		return dp_err_set(c->err, DP_DATAERR,
		                  "column %zu: invalid \\u escape, expected 4 hex digits", at + 1);
	*rlen = 6;
	*cp = (unsigned long)v;
	if (v >= 0xD800 && v <= 0xDBFF && c->len - at >= 12 && p[at + 6] == '\\' &&
	    p[at + 7] == 'u') {
		int lo = hex4(p + at + 8);

		if (lo >= 0xDC00 && lo <= 0xDFFF) {
			*cp = 0x10000 + (((unsigned long)v - 0xD800) << 10) + ((unsigned long)lo - 0xDC00);
			*rlen = 12;
			return 0;
		}
	}
	if (v >= 0xD800 && v <= 0xDFFF)
		*cp = 0xFFFD;
	return 0;
}

/* one escape at c->pos (the backslash): decode, append, record in the escape table */
static int decode_escape(scan_ctx *c, size_t open)
{
	size_t at = c->pos, rlen = 2, dlen, dec = c->js->str.len;
	unsigned long cp = 0;
	unsigned char out[4];
	int rc;

	if (c->len - at < 2)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: unterminated string", open + 1);
	switch (c->p[at + 1]) {
	case '"': cp = '"'; break;
	case '\\': cp = '\\'; break;
	case '/': cp = '/'; break;
	case 'b': cp = '\b'; break;
	case 'f': cp = '\f'; break;
	case 'n': cp = '\n'; break;
	case 'r': cp = '\r'; break;
	case 't': cp = '\t'; break;
	case 'u':
		if ((rc = decode_u(c, at, &cp, &rlen)) != 0)
			return rc;
		break;
	default:
		return dp_err_set(c->err, DP_DATAERR, "column %zu: invalid escape sequence in string",
		                  at + 1);
	}
	dlen = put_utf8(cp, out);
	if ((rc = str_add(c, out, dlen)) != 0 || (rc = esc_record(c, dec, at, dlen, rlen)) != 0)
		return rc;
	c->pos = at + rlen;
	return 0;
}

/* a raw control byte in a string; the line's own end is reported as an unterminated string */
static int bad_control(scan_ctx *c, size_t open)
{
	size_t i = c->pos;

	while (i < c->len && (c->p[i] == '\r' || c->p[i] == '\n'))
		i++;
	if (i == c->len)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: unterminated string", open + 1);
	return dp_err_set(c->err, DP_DATAERR, "column %zu: unescaped control character in string",
	                  c->pos + 1);
}

/* Decodes the string whose opening quote is at c->pos into js->str; c->pos ends past the
 * closing quote. */
static int scan_string(scan_ctx *c)
{
	dp_json_scanner *js = c->js;
	size_t open = c->pos;
	int rc;

	js->str.len = 0;
	js->nesc = 0;
	js->raw_start = open;
	c->pos++;
	for (;;) {
		size_t run = plain_run(c->p + c->pos, c->len - c->pos);

		if (run && (rc = str_add(c, c->p + c->pos, run)) != 0)
			return rc;
		c->pos += run;
		if (c->pos >= c->len)
			return dp_err_set(c->err, DP_DATAERR, "column %zu: unterminated string", open + 1);
		if (c->p[c->pos] == '"')
			break;
		if (c->p[c->pos] != '\\')
			return bad_control(c, open);
		if ((rc = decode_escape(c, open)) != 0)
			return rc;
	}
	c->pos++;
	js->raw_end = c->pos;
	js->str.data[js->str.len] = '\0';   /* buf_put always leaves room for it */
	return 0;
}

static int report(scan_ctx *c, int is_key)
{
	dp_json_scanner *js = c->js;
	dp_json_string s = {
		.is_key = is_key == 1, .is_number = is_key == 2,
		.raw_start = js->raw_start, .raw_end = js->raw_end,
		.str = js->str.data, .len = js->str.len, .pointer = js->ptr.data,
	};

	return c->cb ? c->cb(&s, c->ud) : 0;
}

/* ---- pointers ------------------------------------------------------------------ */

/* pointer = the container's pointer + "/" + the decoded key with '~' and '/' escaped */
static int ptr_set_key(scan_ctx *c, const struct frame *f)
{
	dp_json_scanner *js = c->js;
	const char *k = js->str.data, *end = k + js->str.len;
	int rc;

	js->ptr.len = f->ptr_base;
	rc = buf_put(&js->ptr, "/", 1);
	while (!rc && k < end) {
		const char *t = k;

		while (t < end && *t != '~' && *t != '/')
			t++;
		rc = buf_put(&js->ptr, k, (size_t)(t - k));
		if (!rc && t < end)
			rc = buf_put(&js->ptr, *t++ == '~' ? "~0" : "~1", 2);
		k = t;
	}
	if (rc)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: JSON pointer longer than %zu bytes",
		                  js->raw_start + 1, js->ptr.cap);
	js->ptr.data[js->ptr.len] = '\0';
	return 0;
}

static int ptr_set_index(scan_ctx *c, const struct frame *f)
{
	dp_json_scanner *js = c->js;
	char digits[24];
	size_t i = sizeof digits, v = f->index;

	do {
		digits[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	digits[--i] = '/';
	js->ptr.len = f->ptr_base;
	if (buf_put(&js->ptr, digits + i, sizeof digits - i) < 0)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: JSON pointer longer than %zu bytes",
		                  c->pos + 1, js->ptr.cap);
	js->ptr.data[js->ptr.len] = '\0';
	return 0;
}

/* ---- values ---------------------------------------------------------------------- */

/* at c->pos (after skipping whitespace) an object key, then ':' */
static int scan_key(scan_ctx *c, const char *what)
{
	struct frame *f = &c->js->frames[c->js->depth - 1];
	int rc;

	if (c->pos >= c->len || c->p[c->pos] != '"')
		return expected(c, c->pos, what);
	if ((rc = scan_string(c)) != 0 || (rc = ptr_set_key(c, f)) != 0 ||
	    (rc = report(c, 1)) != 0)
		return rc;
	skip_ws(c);
	if (c->pos >= c->len || c->p[c->pos] != ':')
		return expected(c, c->pos, "':' after object key");
	c->pos++;
	return 0;
}

static int digits(scan_ctx *c, size_t *i, const char *what)
{
	size_t j = *i;

	while (j < c->len && c->p[j] >= '0' && c->p[j] <= '9')
		j++;
	if (j == *i)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: invalid number, expected a digit %s",
		                  j + 1, what);
	*i = j;
	return 0;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
/* Passes the number at [pos, end) to the callback (dp_json_report_numbers). */
static int report_number(scan_ctx *c, size_t end)
{
	dp_json_scanner *js = c->js;

	dp_buf_reset(&js->str);
	if (dp_buf_add(&js->str, c->p + c->pos, end - c->pos) < 0)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: number too long", c->pos + 1);
	js->raw_start = c->pos;
	js->raw_end = end;
	c->pos = end;
	return report(c, 2);
}

void dp_json_report_numbers(dp_json_scanner *js, int on)
{
	js->numbers = on;
}

static int scan_number(scan_ctx *c)
{
	const unsigned char *p = c->p;
	size_t i = c->pos, n = c->len;
	int rc;

	if (p[i] == '-')
		i++;
	if (i < n && p[i] == '0') {
		if (++i < n && p[i] >= '0' && p[i] <= '9')
			return dp_err_set(c->err, DP_DATAERR,
			                  "column %zu: invalid number, leading zeros are not allowed", i + 1);
	} else if ((rc = digits(c, &i, "after '-'")) != 0)
		return rc;
	if (i < n && p[i] == '.') {
		i++;
		if ((rc = digits(c, &i, "after '.'")) != 0)
			return rc;
	}
	if (i < n && (p[i] == 'e' || p[i] == 'E')) {
		i++;
		if (i < n && (p[i] == '+' || p[i] == '-'))
			i++;
		if ((rc = digits(c, &i, "in the exponent")) != 0)
			return rc;
	}
	return c->js->numbers ? report_number(c, i) : (c->pos = i, 0);
}

static int scan_literal(scan_ctx *c, const char *word)
{
	size_t n = strlen(word);

	if (c->len - c->pos < n || memcmp(c->p + c->pos, word, n) != 0)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: invalid literal, expected '%s'",
		                  c->pos + 1, word);
	c->pos += n;
	return 0;
}

/* '{' or '[' at c->pos */
static int open_container(scan_ctx *c, int *st)
{
	dp_json_scanner *js = c->js;
	int is_obj = c->p[c->pos] == '{';
	struct frame *f;

	if (js->depth == DP_JSON_MAX_DEPTH)
		return dp_err_set(c->err, DP_DATAERR, "column %zu: nesting deeper than %d levels",
		                  c->pos + 1, DP_JSON_MAX_DEPTH);
	f = &js->frames[js->depth++];
	*f = (struct frame){is_obj, js->ptr.len, 0};
	c->pos++;
	skip_ws(c);
	if (c->pos < c->len && c->p[c->pos] == (is_obj ? '}' : ']')) {
		c->pos++;
		js->depth--;
		*st = ST_AFTER;
		return 0;
	}
	*st = ST_VALUE;
	return is_obj ? scan_key(c, "'\"' to start an object key or '}'") : ptr_set_index(c, f);
}

static int scan_value(scan_ctx *c, int *st)
{
	int rc;

	skip_ws(c);
	if (c->pos >= c->len)
		return expected(c, c->pos, "a value");
	*st = ST_AFTER;
	switch (c->p[c->pos]) {
	case '{':
	case '[':
		return open_container(c, st);
	case '"':
		return (rc = scan_string(c)) != 0 ? rc : report(c, 0);
	case 't':
		return scan_literal(c, "true");
	case 'f':
		return scan_literal(c, "false");
	case 'n':
		return scan_literal(c, "null");
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return scan_number(c);
	default:
		return expected(c, c->pos, "a value");
	}
}

/* after a complete value: ',' or the container's end, or the end of the input */
static int scan_after(scan_ctx *c, int *st)
{
	dp_json_scanner *js = c->js;
	struct frame *f;
	unsigned char ch;

	skip_ws(c);
	if (js->depth == 0) {
		*st = ST_DONE;
		return c->pos == c->len ? 0 : dp_err_set(c->err, DP_DATAERR,
		       "column %zu: unexpected data after the JSON value", c->pos + 1);
	}
	f = &js->frames[js->depth - 1];
	ch = c->pos < c->len ? c->p[c->pos] : 0;
	if (ch == (f->is_obj ? '}' : ']')) {
		c->pos++;
		js->depth--;
		return 0;
	}
	if (ch != ',')
		return expected(c, c->pos, f->is_obj ? "',' or '}' after object member" :
		                "',' or ']' after array element");
	c->pos++;
	*st = ST_VALUE;
	if (!f->is_obj) {
		f->index++;
		return ptr_set_index(c, f);
	}
	skip_ws(c);
	return scan_key(c, "'\"' to start an object key");
}

/* ---- public ----------------------------------------------------------------------- */

dp_json_scanner *dp_json_new(size_t max_string)
{
	dp_json_scanner *js = calloc(1, sizeof *js);
	size_t pcap = max_string > (SIZE_MAX - PTR_SLACK) / 2 ? SIZE_MAX / 2 : max_string * 2 +
	              PTR_SLACK;

	if (!js)
		return NULL;
	js->max_string = max_string;
	dp_buf_init(&js->str, max_string);
	dp_buf_init(&js->ptr, pcap);
	/* both buffers always hold a NUL-terminated string, even when empty */
	if (dp_buf_reserve(&js->str, 0) < 0 || dp_buf_reserve(&js->ptr, 0) < 0) {
		dp_json_free(js);
		return NULL;
	}
	js->str.data[0] = js->ptr.data[0] = '\0';
	return js;
}

void dp_json_free(dp_json_scanner *js)
{
	if (!js)
		return;
	dp_buf_free(&js->str);
	dp_buf_free(&js->ptr);
	free(js->esc);
	free(js);
}

int dp_json_scan(dp_json_scanner *js, const char *buf, size_t len, dp_json_cb cb, void *ud,
                 dp_err *err)
{
	scan_ctx c = {js, (const unsigned char *)buf, len, 0, cb, ud, err};
	int st = ST_VALUE, rc = 0;

	js->depth = 0;
	dp_buf_reset(&js->ptr);
	dp_buf_reset(&js->str);
	js->nesc = 0;
	js->raw_start = js->raw_end = 0;
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		c.pos = 3;   /* a UTF-8 byte order mark (RFC 8259 8.1 lets parsers ignore it) */
	skip_ws(&c);
	if (c.pos == len)
		return dp_err_set(err, DP_DATAERR, "empty line");
	while (st != ST_DONE && rc == 0)
		rc = st == ST_VALUE ? scan_value(&c, &st) : scan_after(&c, &st);
	return rc;
}

size_t dp_json_raw_offset(const dp_json_scanner *js, size_t off)
{
	size_t lo = 0, hi = js->nesc;
	const struct esc *e;

	if (off > js->str.len)
		off = js->str.len;
	/* find the last escape starting at or before off */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (js->esc[mid].dec <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return js->raw_start + 1 + off;
	e = &js->esc[lo - 1];
	if (off < e->dec + e->dlen)
		return e->raw;
	return e->raw + e->rlen + (off - e->dec - e->dlen);
}

int dp_json_pointer_selected(char *const *prefixes, size_t n, const char *ptr)
{
	if (!n)
		return 1;
	for (size_t i = 0; i < n; i++) {
		size_t k = strlen(prefixes[i]);

		if (strncmp(ptr, prefixes[i], k) == 0 && (ptr[k] == '\0' || ptr[k] == '/'))
			return 1;
	}
	return 0;
}

int dp_json_blank(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return 0;
	return 1;
}
