/* scan_markup.c - HTML and XML inputs: the whole document (up to --max-document-size
 * bytes) is parsed with libxml2 (markup.h) and every value is detected on its own;
 * findings carry the element path (the report's "field") and the line in the decoded
 * document. A malformed or hostile document stops the file with exit 65. */
#include "config.h"

#include <string.h>

#include "dp_exit.h"
#include "markup.h"
#include "scan.h"

typedef struct markup_state {
	scan_ctx *c;
	const char *path;
	const dp_markup_value *v;
	long index;                /* the value's number in the document (the "record") */
	int rc;
} markup_state;

static int on_finding(const dp_finding *f, void *ud)
{
	markup_state *ms = ud;
	const char *s = ms->v->text, *bol = s;
	scan_loc loc;

	memset(&loc, 0, sizeof loc);
	loc.path = ms->path;
	loc.line = ms->v->line;
	for (const char *p = s; p < s + f->start; p++)
		if (*p == '\n') {
			loc.line += ms->v->line > 0;
			bol = p + 1;
		}
	loc.line += ms->c->o->line_offset;
	loc.end_line = loc.line;
	loc.col = scan_col(bol, (size_t)(s + f->start - bol));
	loc.end_col = loc.col + scan_col(s + f->start, f->end - f->start) - 1;
	loc.field = ms->v->path;
	loc.record = ms->index;
	loc.start = f->start;
	loc.end = f->end;
	ms->rc = scan_emit(ms->c, f, s + f->start, &loc);
	return ms->rc;
}

static int on_value(const dp_markup_value *v, void *ud)
{
	markup_state *ms = ud;

	ms->v = v;
	ms->index++;
	ms->c->records++;
	ms->c->bytes += v->len;
	scan_detect(ms->c, v->text, v->len, on_finding, ms);
	return ms->rc;
}

int scan_markup(scan_ctx *c, dp_input *in, const char *path, int html)
{
	markup_state ms = {c, path, NULL, 0, 0};
	dp_markup *doc = NULL;
	dp_buf b;
	dp_err err;
	int rc;

	dp_err_clear(&err);
	dp_buf_init(&b, c->o->max_document);
	rc = dp_input_slurp(in, &b, &err);
	if (rc == 0)
		rc = dp_markup_parse(&doc, b.data ? b.data : "", b.len,
		                     html ? DP_MARKUP_HTML : DP_MARKUP_XML,
		                     dp_input_encoding(in) != NULL, path, &err);
	if (rc == 0)
		rc = dp_markup_walk(doc, on_value, &ms, &err);
	if (rc != 0 && rc == err.code) {
		if (!err.file[0])
			snprintf(err.file, sizeof err.file, "%s", path);
		scan_note_error(c, &err);
	}
	dp_markup_free(doc);
	dp_buf_free(&b);
	return rc;
}
