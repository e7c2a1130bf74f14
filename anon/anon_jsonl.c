/* anon_jsonl.c - JSONL input: every string value of a line is a string of the record;
 * the line is written back byte for byte except the strings that changed, which are
 * re-encoded, so key order, whitespace and number spellings are kept. A malformed line
 * stops the input with exit 65 naming the line (nothing after it is written), unless
 * --on-error=skip, which drops and counts it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "anon.h"
#include "dp_exit.h"
#include "msg.h"

/* the declaration of a top-level member ("/email"), or NULL */
static const dp_ts_field *declared(const anon_ctx *c, const char *ptr)
{
	if (!c->tab || ptr[0] != '/' || strchr(ptr + 1, '/') || strchr(ptr + 1, '~'))
		return NULL;
	return anon_schema_field(c, ptr + 1);
}

static int on_string(const dp_json_string *s, void *ud)
{
	anon_ctx *c = ud;
	const dp_ts_field *d;
	long i;

	if (s->is_key)
		return 0;
	d = declared(c, s->pointer);
	if (s->is_number && (!d || d->detect || d->keep))
		return 0;   /* only declared numbers (ids) are rewritten */
	i = anon_rec_add(&c->rec, s->str, s->len,
	                 dp_json_pointer_selected(c->o->fields, c->o->nfields, s->pointer));
	if (i < 0)
		return DP_SOFTWARE;
	c->rec.str[i].raw_start = s->raw_start;
	c->rec.str[i].raw_end = s->raw_end;
	c->rec.str[i].number = s->is_number;
	c->rec.str[i].decl = d;
	return 0;
}

/* a JSON number as written: -?digits (what the key style makes of a number) */
static int json_number(const char *s, size_t n)
{
	size_t i = n && s[0] == '-';

	if (i == n)
		return 0;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return n == 1 || s[n > 1 && s[0] == '-'] != '0';
}

/* the escape of a byte that needs one, or NULL */
static const char *escape_of(unsigned char ch, char buf[7])
{
	static const char hex[] = "0123456789abcdef";

	switch (ch) {
	case '"': return "\\\"";
	case '\\': return "\\\\";
	case '\n': return "\\n";
	case '\t': return "\\t";
	case '\r': return "\\r";
	default:
		if (ch >= 0x20)
			return NULL;
		memcpy(buf, "\\u00", 4);
		buf[4] = hex[ch >> 4], buf[5] = hex[ch & 15], buf[6] = '\0';
		return buf;
	}
}

/* Appends s[0..n) as a JSON string literal (UTF-8 kept, controls escaped), copying the
 * runs between escapes whole. */
static int json_put(dp_buf *b, const char *s, size_t n)
{
	size_t run = 0;
	char buf[7];

	if (dp_buf_addc(b, '"') < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const char *e = escape_of((unsigned char)s[i], buf);
		if (!e)
			continue;
		if (dp_buf_add(b, s + run, i - run) < 0 || dp_buf_adds(b, e) < 0)
			return -1;
		run = i + 1;
	}
	return dp_buf_add(b, s + run, n - run) < 0 ? -1 : dp_buf_addc(b, '"');
}

/* Writes the line with the changed strings re-encoded. */
static int render_line(anon_ctx *c, const char *line, size_t n, dp_buf *tmp)
{
	anon_rec *r = &c->rec;
	size_t pos = 0;

	for (size_t i = 0; i < r->nstr; i++) {
		const anon_str *st = &r->str[i];
		if (!st->nf)
			continue;
		dp_buf_reset(tmp);
		if (dp_buf_add(&c->obuf, line + pos, st->raw_start - pos) < 0 ||
		    anon_rec_render(r, i, tmp) < 0)
			return -1;
		if (st->number && json_number(tmp->data, tmp->len) ? dp_buf_add(&c->obuf, tmp->data, tmp->len) < 0
		                                                 : json_put(&c->obuf, tmp->data, tmp->len) < 0)
			return -1;
		if (c->o->verify)
			anon_verify_text(c, tmp->data, tmp->len);
		pos = st->raw_end;
	}
	return dp_buf_add(&c->obuf, line + pos, n - pos);
}

/* One line: DP_OK, or an error with err set (DP_DATAERR for a malformed line). */
static int jsonl_record(anon_ctx *c, const char *line, size_t n, dp_buf *tmp, dp_err *err)
{
	int rc;

	anon_rec_reset(&c->rec);
	if (dp_json_blank(line, n))
		return dp_buf_add(&c->obuf, line, n) < 0 ? dp_err_set(err, DP_SOFTWARE, "out of memory")
		                                         : DP_OK;
	rc = dp_json_scan(c->js, line, n, on_string, c, err);
	if (rc == DP_DATAERR) {
		char why[DP_ERR_MSG_MAX];
		memcpy(why, err->msg, sizeof why);
		return dp_err_set(err, DP_DATAERR, "malformed JSON record: %s", why);
	}
	if (rc != DP_OK)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	c->records++;
	if ((rc = anon_rec_detect(c, err)) != DP_OK || (rc = anon_resolve(c, err)) != DP_OK)
		return rc;
	return render_line(c, line, n, tmp) < 0 ? dp_err_set(err, DP_SOFTWARE, "out of memory")
	                                        : DP_OK;
}

int anon_jsonl(anon_ctx *c, dp_input *in, const char *path)
{
	dp_buf *line = &c->rec.line, tmp;
	long lineno = 0;
	dp_err err;
	int r, rc = DP_OK;

	dp_buf_init(&tmp, ANON_MAX_RECORD);
	dp_err_clear(&err);
	while (rc == DP_OK && (r = dp_input_getline(in, line, &err)) == 1) {
		size_t mark = c->obuf.len;
		lineno++;
		c->bytes_in += line->len;
		rc = jsonl_record(c, line->data, line->len, &tmp, &err);
		if (rc == DP_DATAERR && c->o->skip_bad) {
			c->obuf.len = mark;   /* drop what the bad line began */
			c->skipped++;
			rc = DP_OK;
		} else if (rc != DP_OK) {
			dp_err ferr;
			c->obuf.len = mark;   /* publish the lines before it, nothing of it */
			if (rc == DP_DATAERR && anon_flush(c, &ferr) != DP_OK)
				dp_msg_err(&ferr, DP_IOERR);
			err.line = lineno;
			snprintf(err.file, sizeof err.file, "%s", path);
			break;
		}
		dp_buf_reset(line);
		if (anon_batch_done(c, in))
			rc = anon_flush(c, &err);
	}
	dp_buf_free(&tmp);
	if (rc == DP_OK && r < 0)
		rc = err.code;
	return rc == DP_OK ? DP_OK : dp_msg_err(&err, rc);
}
