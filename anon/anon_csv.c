/* anon_csv.c - CSV input (RFC 4180, with a header row): each row is a record and each
 * cell (of the --columns, default all) a string. Rows are written back with the same
 * quoting where a cell was quoted or needs it, and the input's line ending. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "anon.h"
#include "csv_read.h"
#include "dp_exit.h"
#include "msg.h"

typedef struct csv_state {
	anon_ctx *c;
	const char *eol;
	dp_buf tmp;
	dp_err *err;
} csv_state;

/* a cell that must be quoted */
static int needs_quotes(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return n > 0 && (s[0] == ' ' || s[n - 1] == ' ');
}

static int put_cell(dp_buf *b, const char *s, size_t n, int quoted)
{
	if (!quoted && !needs_quotes(s, n))
		return dp_buf_add(b, s, n);
	if (dp_buf_addc(b, '"') < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((s[i] == '"' && dp_buf_addc(b, '"') < 0) || dp_buf_addc(b, s[i]) < 0)
			return -1;
	return dp_buf_addc(b, '"');
}

static int render_row(csv_state *cs, const dp_csv_row *row)
{
	anon_ctx *c = cs->c;

	for (size_t i = 0; i < c->rec.nstr; i++) {
		dp_buf_reset(&cs->tmp);
		if ((i && dp_buf_addc(&c->obuf, ',') < 0) || anon_rec_render(&c->rec, i, &cs->tmp) < 0 ||
		    put_cell(&c->obuf, cs->tmp.data ? cs->tmp.data : "", cs->tmp.len,
		             row->fields[i].quoted) < 0)
			return -1;
		if (c->o->verify && c->rec.str[i].nf)
			anon_verify_text(c, cs->tmp.data, cs->tmp.len);
	}
	return dp_buf_adds(&c->obuf, cs->eol);
}

static int on_row(const dp_csv_row *row, void *ud)
{
	csv_state *cs = ud;
	anon_ctx *c = cs->c;
	int rc;

	anon_rec_reset(&c->rec);
	for (size_t i = 0; i < row->nfields; i++) {
		int sel = row->row > 0 &&
		          dp_csv_column_selected(c->o->columns, c->o->ncolumns, row, i);
		long k = anon_rec_add(&c->rec, row->fields[i].value, row->fields[i].len, sel);
		if (k < 0)
			return dp_err_set(cs->err, DP_SOFTWARE, "out of memory");
		if (sel && row->header && i < row->nheader)
			c->rec.str[k].decl = anon_schema_field(c, row->header[i]);
	}
	c->records += row->row > 0;
	if ((rc = anon_rec_detect(c, cs->err)) != DP_OK || (rc = anon_resolve(c, cs->err)) != DP_OK)
		return rc;
	if (render_row(cs, row) < 0)
		return dp_err_set(cs->err, DP_SOFTWARE, "out of memory");
	return c->obuf.len >= (c->in_regular ? ANON_FLUSH_FILE : ANON_FLUSH_BYTES)
	       ? anon_flush(c, cs->err) : DP_OK;
}

int anon_csv(anon_ctx *c, dp_input *in, const char *path)
{
	dp_csv *csv = dp_csv_new(1, ANON_MAX_RECORD);
	dp_err err;
	csv_state cs = {c, NULL, {0}, &err};
	char buf[65536];
	ssize_t r;
	int rc = DP_OK;

	if (!csv)
		return DP_SOFTWARE;
	dp_buf_init(&cs.tmp, ANON_MAX_RECORD);
	dp_err_clear(&err);
	while (rc == DP_OK && (r = dp_input_read(in, buf, sizeof buf, &err)) > 0) {
		if (!cs.eol)
			cs.eol = memmem(buf, (size_t)r, "\r\n", 2) ? "\r\n" : "\n";
		c->bytes_in += (size_t)r;
		rc = dp_csv_feed(csv, buf, (size_t)r, on_row, &cs, &err);
		if (rc == DP_OK && !c->in_regular)   /* a stream: what came is published now */
			rc = anon_flush(c, &err);
	}
	if (rc == DP_OK && err.code == DP_OK)
		rc = dp_csv_finish(csv, on_row, &cs, &err);
	if (rc == DP_OK && err.code)
		rc = err.code;
	if (rc != DP_OK && !err.file[0]) {
		char why[DP_ERR_MSG_MAX];
		memcpy(why, err.msg, sizeof why);
		dp_err_setf(&err, rc, path, err.line, "%s", why);
	}
	dp_buf_free(&cs.tmp);
	dp_csv_free(csv);
	return rc == DP_OK ? DP_OK : dp_msg_err(&err, rc);
}
