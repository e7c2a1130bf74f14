/* csv_read.c - the RFC 4180 row reader of csv_read.h over libcsv (strict mode).
 * libcsv's callbacks do not say where in the input a field started or whether it was
 * quoted, so input is fed to csv_parse in pieces that end after each ',', CR or LF:
 * a piece then holds at most one field end (its last byte) and one line break, and the
 * byte that follows a completed field is the first byte of a piece. */
#include "config.h"
#include "csv_read.h"

#include <csv.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "dynbuf.h"

#define PIECE_MAX 65536      /* libcsv buffers at most this much past the field cap */
#define CSV_BLK_MIN 4096
#define ROW_FIELDS_FACTOR 64 /* a row holds at most this many fields of field_cap bytes */
#define DP_CSV_MAX_FIELDS 65536

static const char utf8_bom[3] = {'\xEF', '\xBB', '\xBF'};

struct dp_csv {
	struct csv_parser p;
	int has_header, header_done;
	size_t field_cap, row_cap;
	long line;          /* physical line of the next piece's first byte, before adjusting */
	int last;           /* '\r' or '\n' when the previous piece ended with it, else 0 */
	int at_start;       /* the next byte fed starts a field */
	int quoted;         /* the current field began with a quote */
	long field_line;    /* line where the current field began */
	long row_line;      /* line where the current row began */
	long nrows;
	unsigned bom_pos;   /* UTF-8 BOM bytes matched at the start of the input */
	int bom_done;
	dp_buf data;        /* the current row's fields, each NUL-terminated */
	dp_csv_field *fields;
	size_t *offs;       /* offset of each field in data */
	size_t nfields, falloc;
	dp_buf hdata;       /* header names, each NUL-terminated */
	const char **hnames;
	size_t nheader, halloc;
	/* for the duration of one feed/finish */
	dp_csv_row_cb cb;
	void *ud;
	dp_err *err;
	int rc;             /* an error or a callback's stop value */
	int failed;         /* sticky: a data error ended the input */
};

static int no_space(unsigned char ch)
{
	(void)ch;
	return 0;   /* RFC 4180: spaces belong to the field; libcsv would trim them */
}

static int fail_oom(dp_csv *c)
{
	c->failed = c->rc = dp_err_set(c->err, DP_SOFTWARE, "out of memory while reading CSV");
	return c->rc;
}

static void reset_input(dp_csv *c)
{
	c->header_done = 0;
	c->line = 1;
	c->last = 0;
	c->at_start = 1;
	c->quoted = 0;
	c->field_line = c->row_line = 1;
	c->nrows = 0;
	c->bom_pos = 0;
	c->bom_done = 0;
	c->nfields = 0;
	c->nheader = 0;
	dp_buf_reset(&c->data);
	dp_buf_reset(&c->hdata);
}

dp_csv *dp_csv_new(int has_header, size_t field_cap)
{
	dp_csv *c = calloc(1, sizeof *c);
	size_t fc = field_cap > SIZE_MAX / (2 * ROW_FIELDS_FACTOR) ? SIZE_MAX / (2 *
	            ROW_FIELDS_FACTOR) : field_cap;

	if (!c)
		return NULL;
	if (csv_init(&c->p, CSV_STRICT | CSV_APPEND_NULL | CSV_STRICT_FINI) != 0) {
		free(c);
		return NULL;
	}
	csv_set_space_func(&c->p, no_space);
	csv_set_blk_size(&c->p, CSV_BLK_MIN);
	c->has_header = has_header;
	c->field_cap = field_cap;
	c->row_cap = fc * ROW_FIELDS_FACTOR + DP_CSV_MAX_FIELDS;
	dp_buf_init(&c->data, c->row_cap);
	dp_buf_init(&c->hdata, c->row_cap);
	reset_input(c);
	return c;
}

void dp_csv_free(dp_csv *c)
{
	if (!c)
		return;
	csv_free(&c->p);
	dp_buf_free(&c->data);
	dp_buf_free(&c->hdata);
	free(c->fields);
	free(c->offs);
	free(c->hnames);
	free(c);
}

/* ---- rows ------------------------------------------------------------------------- */

static int grow_fields(dp_csv *c)
{
	size_t na = c->falloc ? c->falloc * 2 : 16;
	dp_csv_field *f;
	size_t *o;

	if (na > DP_CSV_MAX_FIELDS)
		na = DP_CSV_MAX_FIELDS;
	if (!(f = realloc(c->fields, na * sizeof *f)))
		return -1;
	c->fields = f;
	if (!(o = realloc(c->offs, na * sizeof *o)))
		return -1;
	c->offs = o;
	c->falloc = na;
	return 0;
}

static int add_field(dp_csv *c, const char *s, size_t len)
{
	size_t off = c->data.len;

	if (c->nfields == DP_CSV_MAX_FIELDS) {
		c->failed = c->rc = dp_err_set(c->err, DP_DATAERR, "line %ld: row has more than %d fields",
		                               c->row_line, DP_CSV_MAX_FIELDS);
		return c->rc;
	}
	if (c->nfields == c->falloc && grow_fields(c) < 0)
		return fail_oom(c);
	if (len + 1 > c->row_cap - c->data.len) {
		c->failed = c->rc = dp_err_set(c->err, DP_DATAERR, "line %ld: row longer than %zu bytes",
		                               c->row_line, c->row_cap);
		return c->rc;
	}
	if (dp_buf_add(&c->data, s, len) < 0 || dp_buf_addc(&c->data, '\0') < 0)
		return fail_oom(c);
	c->offs[c->nfields] = off;
	c->fields[c->nfields++] = (dp_csv_field){NULL, len, c->field_line, c->quoted};
	return 0;
}

/* libcsv cb1: a field ended (at the last byte of the current piece, or at the end) */
static void on_field(void *s, size_t len, void *ud)
{
	dp_csv *c = ud;

	if (c->rc)
		return;
	if (c->nfields == 0)
		c->row_line = c->field_line;
	c->at_start = 1;
	if (len > c->field_cap) {
		c->failed = c->rc = dp_err_set(c->err, DP_DATAERR, "line %ld: field longer than %zu bytes",
		                               c->field_line, c->field_cap);
		return;
	}
	add_field(c, s ? s : "", s ? len : 0);
}

static int save_header(dp_csv *c)
{
	if (c->nfields > c->halloc) {
		const char **h = realloc(c->hnames, c->nfields * sizeof *h);

		if (!h)
			return fail_oom(c);
		c->hnames = h;
		c->halloc = c->nfields;
	}
	dp_buf_reset(&c->hdata);
	if (dp_buf_add(&c->hdata, c->data.data, c->data.len) < 0)
		return fail_oom(c);
	for (size_t i = 0; i < c->nfields; i++)
		c->hnames[i] = c->hdata.data + c->offs[i];
	c->nheader = c->nfields;
	c->header_done = 1;
	return 0;
}

/* libcsv cb2: the row ended; deliver it whole */
static void on_row(int ch, void *ud)
{
	dp_csv *c = ud;
	dp_csv_row row;

	(void)ch;
	if (c->rc)
		return;
	for (size_t i = 0; i < c->nfields; i++)
		c->fields[i].value = c->data.data + c->offs[i];
	if (c->has_header && !c->header_done) {
		if (save_header(c) != 0)
			return;
		row.row = 0;
	} else {
		row.row = ++c->nrows;
	}
	row.fields = c->fields;
	row.nfields = c->nfields;
	row.header = c->has_header ? c->hnames : NULL;
	row.nheader = c->has_header ? c->nheader : 0;
	if (c->cb)
		c->rc = c->cb(&row, c->ud);
	c->nfields = 0;
	dp_buf_reset(&c->data);
}

/* ---- feeding ---------------------------------------------------------------------- */

#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)

/* whether s[0..8) holds a ',', CR or LF (exact: SWAR zero-byte tests) */
static inline int has_break8(const char *s)
{
	uint64_t x, a, b, d;

	memcpy(&x, s, 8);
	a = x ^ (ONES * ',');
	b = x ^ (ONES * '\r');
	d = x ^ (ONES * '\n');
	return ((((a - ONES) & ~a) | ((b - ONES) & ~b) | ((d - ONES) & ~d)) & HIGHS) != 0;
}

/* Bytes up to and including the first ',', CR or LF, at most PIECE_MAX, and never past
 * the byte that takes libcsv's field buffer to field_cap + 2 (which proves the field is
 * over the cap): the cap error is then found at the same byte however input is split. */
static size_t piece_len(const dp_csv *c, const char *s, size_t n)
{
	size_t lim = n < PIECE_MAX ? n : PIECE_MAX, i = 0, pos = c->p.entry_pos;
	size_t room = pos <= c->field_cap ? c->field_cap - pos : 0;

	if (room < PIECE_MAX && room + 2 - (pos > c->field_cap) < lim)
		lim = room + 2 - (pos > c->field_cap);
	while (lim - i >= 8 && !has_break8(s + i))
		i += 8;
	while (i < lim && s[i] != ',' && s[i] != '\n' && s[i] != '\r')
		i++;
	return i < lim ? i + 1 : lim;
}

static void parse_error(dp_csv *c)
{
	if (csv_error(&c->p) == CSV_EPARSE)
		c->failed = c->rc = dp_err_set(c->err, DP_DATAERR, "line %ld: malformed quoting",
		                               c->line);
	else
		fail_oom(c);
}

static void feed_piece(dp_csv *c, const char *s, size_t n)
{
	unsigned char b0 = (unsigned char)s[0], bn = (unsigned char)s[n - 1];
	size_t got, bufsz;

	/* a line ends at LF, or at a CR not followed by LF */
	if (c->last == '\n' || (c->last == '\r' && b0 != '\n'))
		c->line++;
	c->last = (bn == '\r' || bn == '\n') ? bn : 0;
	if (c->at_start) {
		c->quoted = b0 == '"';
		c->field_line = c->line;
		c->at_start = b0 == '\r' || b0 == '\n';   /* a skipped blank line starts nothing */
	}
	got = csv_parse(&c->p, s, n, on_field, on_row, c);
	if (c->rc)
		return;
	if (got < n) {
		parse_error(c);
		return;
	}
	/* the pending closing quote of a quoted field is still in libcsv's buffer */
	if (c->p.entry_pos > c->field_cap + 1) {
		c->failed = c->rc = dp_err_set(c->err, DP_DATAERR, "line %ld: field longer than %zu bytes",
		                               c->field_line, c->field_cap);
		return;
	}
	/* libcsv grows its buffer linearly; make the growth geometric */
	bufsz = csv_get_buffer_size(&c->p);
	if (bufsz > c->p.blk_size)
		csv_set_blk_size(&c->p, bufsz);
}

static int feed_bytes(dp_csv *c, const char *buf, size_t len)
{
	size_t i = 0;

	while (i < len && !c->rc) {
		size_t n = piece_len(c, buf + i, len - i);

		feed_piece(c, buf + i, n);
		i += n;
	}
	return c->rc;
}

/* Drops a UTF-8 byte order mark at the start of the input (it may arrive split across
 * feeds). Returns how many bytes of buf it consumed, or (size_t)-1 on error. */
static size_t skip_bom(dp_csv *c, const char *buf, size_t len)
{
	unsigned k = c->bom_pos;
	size_t i = 0;

	while (k < sizeof utf8_bom && i < len && buf[i] == utf8_bom[k]) {
		k++;
		i++;
	}
	if (k < sizeof utf8_bom && i == len) {
		c->bom_pos = k;   /* all of buf may still be a BOM; wait for more */
		return i;
	}
	c->bom_done = 1;
	if (k < sizeof utf8_bom && k > 0 && feed_bytes(c, utf8_bom, k) != 0)
		return (size_t)-1;   /* not a BOM after all: those bytes were data */
	return i;
}

static int begin(dp_csv *c, dp_csv_row_cb cb, void *ud, dp_err *err)
{
	c->cb = cb;
	c->ud = ud;
	c->err = err;
	c->rc = 0;
	if (c->failed)
		return dp_err_set(err, c->failed, "CSV input unusable after an earlier error");
	return 0;
}

int dp_csv_feed(dp_csv *c, const char *buf, size_t len, dp_csv_row_cb cb, void *ud, dp_err *err)
{
	size_t skip = 0;
	int rc;

	if ((rc = begin(c, cb, ud, err)) != 0)
		return rc;
	if (!c->bom_done && len > 0) {
		skip = skip_bom(c, buf, len);
		if (skip == (size_t)-1)
			return c->rc;
	}
	return feed_bytes(c, buf + skip, len - skip);
}

int dp_csv_finish(dp_csv *c, dp_csv_row_cb cb, void *ud, dp_err *err)
{
	int rc;

	if ((rc = begin(c, cb, ud, err)) != 0)
		return rc;
	if (!c->bom_done && c->bom_pos > 0 && feed_bytes(c, utf8_bom, c->bom_pos) != 0)
		return c->rc;
	if (c->last)
		c->line++;
	c->last = 0;
	if (c->at_start) {
		c->quoted = 0;
		c->field_line = c->line;
	}
	if (csv_fini(&c->p, on_field, on_row, c) != 0 && !c->rc)
		c->failed = c->rc = dp_err_set(err, DP_DATAERR, "line %ld: unterminated quoted field",
		                               c->field_line);
	if (c->failed)
		return c->rc;
	rc = c->rc;
	reset_input(c);   /* csv_fini reset libcsv: the reader can take another input */
	return rc;
}

int dp_csv_column_selected(char *const *names, size_t n, const dp_csv_row *row, size_t i)
{
	char num[24];

	if (!n)
		return 1;
	snprintf(num, sizeof num, "%zu", i + 1);
	for (size_t k = 0; k < n; k++)
		if (strcmp(names[k], num) == 0 ||
		    (row->header && i < row->nheader && strcmp(names[k], row->header[i]) == 0))
			return 1;
	return 0;
}
