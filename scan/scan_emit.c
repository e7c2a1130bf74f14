/* scan_emit.c - turning a detector finding into a report line: suppression (inline,
 * allowed paths, baseline), keyed fingerprint, masking, counters and the gate. */
#include "config.h"

#include <string.h>

#include "dp_exit.h"
#include "mask.h"
#include "scan.h"

static int in_list(char **list, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], id) == 0)
			return 1;
	return 0;
}

/* Whether a reported finding of this type fails the gate (--fail-on, config failOn). */
static int gates(const scan_ctx *c, const char *type_id)
{
	if (c->o->nfail_on)
		return in_list(c->o->fail_on, c->o->nfail_on, type_id);
	if (c->rules && c->rules->nfail_on)
		return in_list(c->rules->fail_on, c->rules->nfail_on, type_id);
	return 1;
}

static int suppressed(scan_ctx *c, const dp_finding *f, const scan_loc *loc, const char *fp)
{
	if (scan_suppressed(loc->line_text, loc->line_len, f->type_id) ||
	    scan_suppressed(loc->prev_line, loc->prev_len, f->type_id))
		return 1;
	if (c->path_allowed)   /* scan_input matched loc->path once */
		return 1;
	if (c->baseline && dp_baseline_has(c->baseline, fp)) {
		c->baselined++;
		return 1;
	}
	return 0;
}

static void fill_item(dp_report_item *it, const dp_finding *f, const scan_loc *loc)
{
	memset(it, 0, sizeof *it);
	it->path = loc->path;
	it->type_id = f->type_id;
	it->score = f->score;
	it->detector = f->detector;
	it->line = loc->line;
	it->col = loc->col;
	it->end_line = loc->end_line;
	it->end_col = loc->end_col;
	it->start = loc->start;
	it->end = loc->end;
	it->record = loc->record;
	it->field = loc->field;
	it->row = loc->row;
	it->column = loc->column;
	it->column_index = loc->column_index;
}

int scan_emit(scan_ctx *c, const dp_finding *f, const char *value, const scan_loc *loc)
{
	char fp[DP_FP_HEX], masked[256];
	dp_report_item it;
	dp_err err;
	size_t vlen = f->end - f->start;

	if (c->o->min_score >= 0 && f->score < c->o->min_score)
		return 0;
	dp_fingerprint(c->key, f->type_id, loc->path, f->norm, f->norm_len, fp);
	if (c->newbase)
		dp_baseline_add(c->newbase, fp, f->type_id, loc->path);
	if (suppressed(c, f, loc, fp)) {
		c->suppressed++;
		return 0;
	}
	dp_mask(f->type, value, vlen, masked, sizeof masked);
	fill_item(&it, f, loc);
	it.fingerprint = fp;
	it.masked = masked;
	if (f->type == DP_T_CANARY)
		it.canary_record = c->canary_origin;
	if (c->o->show_values) {
		it.value = value;
		it.value_len = vlen;
	}
	if (f->type >= 0 && f->type < DP_T_MAX)
		c->found[f->type]++;
	if (gates(c, f->type_id))
		c->gate++;
	dp_err_clear(&err);
	if (c->rep && dp_report_add(c->rep, &it, &err) != 0) {
		scan_note_error(c, &err);
		return err.code;
	}
	if (c->o->line_buffered && c->out.fp)
		fflush(c->out.fp);
	return 0;
}
