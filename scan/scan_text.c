/* scan_text.c - line-oriented text: read in large blocks cut at the last newline
 * (or, for a line longer than the window, at a space near the window's end), detect
 * over each block, and turn byte offsets into line and column numbers incrementally.
 * Memory is bounded by the window whatever the line lengths. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "scan.h"

#define WINDOW (4u << 20)      /* bytes read at once */
#define CHUNK (64u << 10)      /* bytes detected at once (cut at a newline): stays in cache */
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
	size_t sub;                /* offset in blk of the chunk being detected */
	/* per-line cache, so many findings on one long line cost no more than one */
	long cline;                /* line the cache is for, 0 when empty */
	size_t cend;               /* end of that line in blk */
	int callow, cprev_allow;   /* "doppel:allow" on the line / on the line before */
	size_t counted;            /* newlines in blk before this offset are counted */
	int block_allow;           /* "doppel:allow" occurs in the block (or the carried line) */
	size_t last_off;           /* blk offset and column of the previous finding on the line */
	long last_col;
} text_state;

/* Moves the line cursor to the line containing blk offset off; newlines are counted
 * once, from where the last call stopped. */
static void advance_to(text_state *ts, size_t off)
{
	const char *p = ts->blk + (ts->counted > ts->lpos ? ts->counted : ts->lpos);
	const char *end = ts->blk + off, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		ts->prev_start = ts->lpos;
		ts->line++;
		ts->col_base = 0;
		p = nl + 1;
		ts->lpos = (size_t)(p - ts->blk);
	}
	if (off > ts->counted)
		ts->counted = off;
}

static size_t line_end(const text_state *ts, size_t from)
{
	const char *nl = memchr(ts->blk + from, '\n', ts->blen - from);

	return nl ? (size_t)(nl - ts->blk) : ts->blen;
}

static int has_allow(const char *p, size_t n)
{
	return p && n >= 12 && memmem(p, n, "doppel:allow", 12) != NULL;
}

/* Fills the per-line cache for the line the cursor is on. */
static void cache_line(text_state *ts, scan_loc *loc)
{
	if (ts->cline != ts->line) {
		ts->cline = ts->line;
		ts->cend = line_end(ts, ts->lpos);
		ts->last_off = ts->lpos;
		ts->last_col = ts->col_base + 1;
		ts->callow = ts->cprev_allow = 0;
		if (!ts->block_allow)
			return;
		ts->callow = has_allow(ts->blk + ts->lpos, ts->cend - ts->lpos);
		if (ts->prev_start != (size_t)-1)
			ts->cprev_allow = has_allow(ts->blk + ts->prev_start, ts->lpos - ts->prev_start);
		else
			ts->cprev_allow = ts->use_carry && ts->lpos == 0 && has_allow(ts->carry.data, ts->carry.len);
	}
	if (ts->callow) {
		loc->line_text = ts->blk + ts->lpos;
		loc->line_len = ts->cend - ts->lpos;
	}
	if (ts->cprev_allow) {
		loc->prev_line = ts->prev_start != (size_t)-1 ? ts->blk + ts->prev_start : ts->carry.data;
		loc->prev_len = ts->prev_start != (size_t)-1 ? ts->lpos - ts->prev_start : ts->carry.len;
	}
}

/* Column of blk offset off on the cursor's line, counted on from the previous finding. */
static long column_of(text_state *ts, size_t off)
{
	if (off < ts->last_off) {
		ts->last_off = ts->lpos;
		ts->last_col = ts->col_base + 1;
	}
	ts->last_col += scan_col(ts->blk + ts->last_off, off - ts->last_off) - 1;
	ts->last_off = off;
	return ts->last_col;
}

static int on_finding(const dp_finding *f, void *ud)
{
	text_state *ts = ud;
	size_t start = ts->sub + f->start, end = ts->sub + f->end;
	scan_loc loc;

	advance_to(ts, start);
	memset(&loc, 0, sizeof loc);
	cache_line(ts, &loc);
	loc.path = ts->path;
	loc.line = loc.end_line = ts->line + ts->c->o->line_offset;
	loc.col = column_of(ts, start);
	if (end > ts->cend) {   /* a multi-line value (a PEM key): count its lines */
		const char *last = memrchr(ts->blk + start, '\n', end - start);

		for (const char *p = ts->blk + start; p < ts->blk + end; p++)
			loc.end_line += *p == '\n';
		loc.end_col = scan_col(last + 1, (size_t)(ts->blk + end - last - 1));
	} else {
		loc.end_col = loc.col + scan_col(ts->blk + start, end - start) - 1;
	}
	loc.start = (size_t)ts->base + start;
	loc.end = (size_t)ts->base + end;
	ts->rc = scan_emit(ts->c, f, ts->blk + start, &loc);
	return ts->rc;
}

/* Detects over blk[0..used) in chunks of about CHUNK bytes, each ending at a newline
 * (or at used), so the normaliser's copy stays small and warm. */
static void detect_block(text_state *ts, size_t used)
{
	size_t a = 0;

	while (a < used && ts->rc == 0) {
		size_t b = a + CHUNK < used ? a + CHUNK : used;
		const char *nl;

		if (b < used) {
			nl = memrchr(ts->blk + a, '\n', b - a);
			if (!nl)
				nl = memchr(ts->blk + b, '\n', used - b);
			b = nl ? (size_t)(nl - ts->blk) + 1 : used;
		}
		ts->sub = a;
		scan_detect(ts->c, ts->blk + a, b - a, on_finding, ts);
		a = b;
	}
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
	ts->cline = 0;
	ts->counted = 0;
	ts->lpos = 0;
	ts->base += used;
}

int scan_text(scan_ctx *c, dp_input *in, const char *path)
{
	char *buf = malloc(WINDOW);
	size_t have = 0;
	text_state ts;
	dp_err err;
	int done = 0;

	if (!buf)
		return DP_SOFTWARE;
	memset(&ts, 0, sizeof ts);
	ts.c = c;
	ts.path = path;
	ts.blk = buf;
	ts.line = 1;
	ts.prev_start = (size_t)-1;
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
		nl = done ? NULL : memrchr(buf, '\n', have);
		/* wait for a full window, or with --line-buffered for a complete line */
		if (!done && have < WINDOW && !(c->o->line_buffered && nl))
			continue;
		used = done ? have : nl ? (size_t)(nl - buf) + 1 : cut_point(buf, have);
		ts.blen = used;
		c->bytes += used;
		ts.block_allow = has_allow(buf, used) || (ts.use_carry && has_allow(ts.carry.data, ts.carry.len));
		if (used)
			detect_block(&ts, used);
		finish_block(&ts, used);
		memmove(buf, buf + used, have - used);
		have -= used;
		dp_progress_update(&c->prog, c->bytes, c->records);
	}
	free(buf);
	dp_buf_free(&ts.carry);
	return ts.rc;
}
