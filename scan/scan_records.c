/* scan_records.c - JSONL and CSV inputs: every string value of a JSON line and every
 * CSV cell is detected on its own, and findings carry the record, JSON pointer, row
 * and column. A malformed record stops the file with exit 65 naming the line, unless
 * --on-error=skip, which drops and counts it. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "csv_read.h"
#include "dp_exit.h"
#include "scan.h"

#define MAX_RECORD (256u << 20)

typedef struct rec_state {
	scan_ctx *c;
	const char *path;
	const char *line;          /* raw record line (JSONL) */
	size_t line_len;
	long lineno;
	const dp_json_string *js;  /* string being detected */
	const dp_csv_row *row;
	size_t field;              /* CSV column index (0-based) */
	int rc;
} rec_state;

static int on_json_finding(const dp_finding *f, void *ud)
{
	rec_state *rs = ud;
	scan_loc loc;
	size_t rs0 = dp_json_raw_offset(rs->c->js, f->start);
	size_t re0 = dp_json_raw_offset(rs->c->js, f->end);

	memset(&loc, 0, sizeof loc);
	loc.path = rs->path;
	loc.line_text = rs->line;
	loc.line_len = rs->line_len;
	loc.line = loc.end_line = rs->lineno + rs->c->o->line_offset;
	loc.col = scan_col(rs->line, rs0);
	loc.end_col = scan_col(rs->line, re0);
	loc.record = loc.line;
	loc.field = rs->js->pointer;
	loc.start = f->start;
	loc.end = f->end;
	rs->rc = scan_emit(rs->c, f, rs->js->str + f->start, &loc);
	return rs->rc;
}

static int on_json_string(const dp_json_string *s, void *ud)
{
	rec_state *rs = ud;

	if (s->is_key || !dp_json_pointer_selected(rs->c->o->fields, rs->c->o->nfields, s->pointer))
		return 0;
	rs->js = s;
	return scan_detect(rs->c, s->str, s->len, on_json_finding, rs);
}

/* One JSONL line: 0, or DP_DATAERR (already reported) when it is malformed. */
static int json_line(rec_state *rs, const dp_buf *line)
{
	dp_err err;
	int rc;

	if (dp_json_blank(line->data, line->len))
		return 0;
	rs->c->records++;
	rs->line = line->data;
	rs->line_len = line->len;
	dp_err_clear(&err);
	rc = dp_json_scan(rs->c->js, line->data, line->len, on_json_string, rs, &err);
	if (rc == DP_DATAERR) {
		char why[DP_ERR_MSG_MAX];

		memcpy(why, err.msg, sizeof why);
		dp_err_setf(&err, DP_DATAERR, rs->path, rs->lineno, "malformed JSON record: %s", why);
		if (rs->c->o->skip_bad) {
			rs->c->skipped_records++;
			return 0;
		}
		scan_note_error(rs->c, &err);
	}
	return rc;
}

int scan_jsonl(scan_ctx *c, dp_input *in, const char *path)
{
	rec_state rs = {c, path, NULL, 0, 0, NULL, NULL, 0, 0};
	dp_buf line;
	dp_err err;
	int r, rc = 0;

	dp_buf_init(&line, MAX_RECORD);
	dp_err_clear(&err);
	while (rc == 0 && (r = dp_input_getline(in, &line, &err)) > 0) {
		rs.lineno++;
		c->bytes += line.len;
		rc = json_line(&rs, &line);
		dp_buf_reset(&line);
		dp_progress_update(&c->prog, c->bytes, c->records);
	}
	if (rc == 0 && r < 0) {
		scan_note_error(c, &err);
		rc = err.code;
	}
	dp_buf_free(&line);
	return rc;
}

static int on_csv_finding(const dp_finding *f, void *ud)
{
	rec_state *rs = ud;
	const dp_csv_field *fd = &rs->row->fields[rs->field];
	const char *ls = fd->value;
	scan_loc loc;

	memset(&loc, 0, sizeof loc);
	loc.path = rs->path;
	loc.line = fd->line + rs->c->o->line_offset;
	for (size_t i = 0; i < f->start; i++)
		if (fd->value[i] == '\n') {
			loc.line++;
			ls = fd->value + i + 1;
		}
	loc.line_text = rs->line;
	loc.line_len = rs->line_len;
	loc.col = scan_col(ls, (size_t)(fd->value + f->start - ls));
	loc.end_line = loc.line;
	loc.end_col = loc.col + scan_col(fd->value + f->start, f->end - f->start) - 1;
	loc.row = rs->row->row;
	loc.column_index = (long)rs->field + 1;
	loc.column = rs->row->header && rs->field < rs->row->nheader ? rs->row->header[rs->field] : NULL;
	loc.start = f->start;
	loc.end = f->end;
	rs->rc = scan_emit(rs->c, f, fd->value + f->start, &loc);
	return rs->rc;
}

/* Suppression for a CSV row: a cell containing doppel:allow covers the row. */
static void row_suppression(rec_state *rs, const dp_csv_row *row)
{
	rs->line = NULL;
	rs->line_len = 0;
	for (size_t i = 0; i < row->nfields; i++)
		if (memmem(row->fields[i].value, row->fields[i].len, "doppel:allow", 12)) {
			rs->line = row->fields[i].value;
			rs->line_len = row->fields[i].len;
		}
}

static int on_csv_row(const dp_csv_row *row, void *ud)
{
	rec_state *rs = ud;
	int rc = 0;

	if (row->row == 0)
		return 0;
	rs->c->records++;
	rs->row = row;
	row_suppression(rs, row);
	for (size_t i = 0; i < row->nfields && rc == 0; i++) {
		if (!dp_csv_column_selected(rs->c->o->columns, rs->c->o->ncolumns, row, i))
			continue;
		rs->field = i;
		rc = scan_detect(rs->c, row->fields[i].value, row->fields[i].len, on_csv_finding, rs);
	}
	return rc;
}

int scan_csv(scan_ctx *c, dp_input *in, const char *path)
{
	rec_state rs = {c, path, NULL, 0, 0, NULL, NULL, 0, 0};
	dp_csv *csv = dp_csv_new(1, MAX_RECORD);
	char buf[65536];
	dp_err err;
	ssize_t r;
	int rc = 0;

	if (!csv)
		return DP_SOFTWARE;
	dp_err_clear(&err);
	while (rc == 0 && (r = dp_input_read(in, buf, sizeof buf, &err)) > 0) {
		c->bytes += (size_t)r;
		rc = dp_csv_feed(csv, buf, (size_t)r, on_csv_row, &rs, &err);
		dp_progress_update(&c->prog, c->bytes, c->records);
	}
	if (rc == 0 && err.code == 0)
		rc = dp_csv_finish(csv, on_csv_row, &rs, &err);
	if (rc == 0 && err.code)
		rc = err.code;
	if (rc != 0 && err.code) {
		if (!err.file[0]) {
			char why[DP_ERR_MSG_MAX];

			memcpy(why, err.msg, sizeof why);
			dp_err_setf(&err, err.code, path, err.line, "%s", why);
		}
		scan_note_error(c, &err);
	}
	dp_csv_free(csv);
	return rc;
}
