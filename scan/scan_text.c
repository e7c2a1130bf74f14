/* scan_text.c - line-oriented text: read in large blocks cut at the last newline
 * (or, for a line longer than the window, at a space near the window's end), detect
 * over each block, and turn byte offsets into line and column numbers incrementally.
 * Memory is bounded by the window whatever the line lengths. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "scan.h"

#define WINDOW (4u << 20)      /* bytes detected at once */
#define OVERLAP 4096u          /* how far back a cut in a long line looks for a space */

typedef struct text_state {
	scan_ctx *c;
	const char *path;
	const char *blk;           /* current block */
	size_t blen;
	unsigned long long base;   /* file offset of blk[0] */
	long line;                 /* line number at blk[lpos] */
	size_t lpos;               /* offset in blk of the start of `line` */
	size_t prev_start;         /* start of the line before, or (size_t)-1 */
	long col_base;             /* columns already consumed on the current line (cut lines) */
	int rc;
	dp_buf carry;              /* the previous block's last line, for "line before" suppression */
	int use_carry;             /* the line before the block's first line is in carry */
} text_state;

/* Moves the line cursor to the line containing blk offset off. */
static void advance_to(text_state *ts, size_t off)
{
	const char *p = ts->blk + ts->lpos, *end = ts->blk + off, *nl;

	while ((nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		ts->prev_start = ts->lpos;
		ts->line++;
		ts->col_base = 0;
		p = nl + 1;
		ts->lpos = (size_t)(p - ts->blk);
	}
}

static size_t line_end(const text_state *ts, size_t from)
{
	const char *nl = memchr(ts->blk + from, '\n', ts->blen - from);

	return nl ? (size_t)(nl - ts->blk) : ts->blen;
}

static int on_finding(const dp_finding *f, void *ud)
{
	text_state *ts = ud;
	scan_loc loc;
	size_t le, end_ls;

	advance_to(ts, f->start);
	memset(&loc, 0, sizeof loc);
	le = line_end(ts, ts->lpos);
	loc.path = ts->path;
	loc.line_text = ts->blk + ts->lpos;
	loc.line_len = le - ts->lpos;
	if (ts->prev_start != (size_t)-1) {
		loc.prev_line = ts->blk + ts->prev_start;
		loc.prev_len = ts->lpos - ts->prev_start;
	} else if (ts->use_carry && ts->lpos == 0) {
		loc.prev_line = ts->carry.data;
		loc.prev_len = ts->carry.len;
	}
	loc.line = ts->line + ts->c->o->line_offset;
	loc.col = ts->col_base + scan_col(ts->blk + ts->lpos, f->start - ts->lpos);
	end_ls = f->end > le ? (size_t)((const char *)memrchr(ts->blk, '\n', f->end) - ts->blk) + 1 : ts->lpos;
	loc.end_line = loc.line;
	for (const char *p = ts->blk + f->start; p < ts->blk + f->end; p++)
		loc.end_line += *p == '\n';
	loc.end_col = (end_ls == ts->lpos ? ts->col_base : 0) + scan_col(ts->blk + end_ls, f->end - end_ls);
	loc.start = (size_t)ts->base + f->start;
	loc.end = (size_t)ts->base + f->end;
	ts->rc = scan_emit(ts->c, f, ts->blk + f->start, &loc);
	return ts->rc;
}

/* Where to cut a full window that has no newline: after the last space near its end. */
static size_t cut_point(const char *b, size_t len)
{
	for (size_t i = len; i > len - OVERLAP; i--)
		if (b[i - 1] == ' ' || b[i - 1] == '\t')
			return i;
	return len;
}

static void finish_block(text_state *ts, size_t used)
{
	advance_to(ts, used);
	dp_buf_reset(&ts->carry);
	ts->use_carry = 0;
	if (used > ts->lpos) {   /* a cut inside a line: remember its columns */
		ts->col_base += scan_col(ts->blk + ts->lpos, used - ts->lpos) - 1;
	} else if (ts->prev_start != (size_t)-1) {
		ts->use_carry = dp_buf_add(&ts->carry, ts->blk + ts->prev_start, used - ts->prev_start) == 0;
	}
	ts->prev_start = (size_t)-1;
	ts->lpos = 0;
	ts->base += used;
}

int scan_text(scan_ctx *c, dp_input *in, const char *path)
{
	char *buf = malloc(WINDOW);
	size_t have = 0;
	text_state ts = {c, path, buf, 0, 0, 1, 0, (size_t)-1, 0, 0, {0}, 0};
	dp_err err;
	int done = 0;

	if (!buf)
		return DP_SOFTWARE;
	dp_buf_init(&ts.carry, 1u << 20);
	dp_err_clear(&err);
	while (!done && ts.rc == 0) {
		ssize_t r = dp_input_read(in, buf + have, WINDOW - have, &err);
		size_t used;
		const char *nl;

		if (r < 0) {
			scan_note_error(c, &err);
			free(buf);
			dp_buf_free(&ts.carry);
			return err.code;
		}
		have += (size_t)r;
		done = r == 0;
		if (!done && have < WINDOW)
			continue;
		nl = done ? NULL : memrchr(buf, '\n', have);
		used = done ? have : nl ? (size_t)(nl - buf) + 1 : cut_point(buf, have);
		ts.blen = used;
		c->bytes += used;
		if (used)
			dp_detect_run(c->sc, buf, used, c->o->report_all, on_finding, &ts);
		finish_block(&ts, used);
		memmove(buf, buf + used, have - used);
		have -= used;
		dp_progress_update(&c->prog, c->bytes, c->records);
	}
	free(buf);
	dp_buf_free(&ts.carry);
	return ts.rc;
}
