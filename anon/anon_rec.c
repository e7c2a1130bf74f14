/* anon_rec.c - the record model: a record's strings, the findings the detectors report
 * in them, and rendering a string with its findings replaced. Buffers are reused from
 * record to record, so the hot path does not allocate once they have grown. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "dp_exit.h"

void anon_rec_reset(anon_rec *r)
{
	if (!r->text.cap) {
		dp_buf_init(&r->text, ANON_MAX_RECORD);
		dp_buf_init(&r->norm, ANON_MAX_RECORD);
		dp_buf_init(&r->rep, ANON_MAX_RECORD);
		dp_buf_init(&r->line, ANON_MAX_RECORD);
		dp_buf_init(&r->line2, ANON_MAX_RECORD);
	}
	dp_buf_reset(&r->text);
	dp_buf_reset(&r->norm);
	dp_buf_reset(&r->rep);
	r->nstr = 0;
	r->nfind = 0;
}

void anon_rec_free(anon_rec *r)
{
	dp_buf_free(&r->text);
	dp_buf_free(&r->norm);
	dp_buf_free(&r->rep);
	dp_buf_free(&r->line);
	dp_buf_free(&r->line2);
	free(r->str);
	free(r->find);
	free(r->span);
	memset(r, 0, sizeof *r);
}

/* Grows an array of elem-sized items to hold one more; 0 or -1. */
static int grow(void **arr, size_t *alloc, size_t used, size_t elem)
{
	size_t na;
	void *p;

	if (used < *alloc)
		return 0;
	na = *alloc ? *alloc * 2 : 64;
	p = realloc(*arr, na * elem);
	if (!p)
		return -1;
	*arr = p;
	*alloc = na;
	return 0;
}

long anon_rec_add(anon_rec *r, const char *s, size_t n, int selected)
{
	anon_str *st;

	if (grow((void **)&r->str, &r->astr, r->nstr, sizeof *r->str) < 0)
		return -1;
	st = &r->str[r->nstr];
	memset(st, 0, sizeof *st);
	st->off = r->text.len;
	st->len = n;
	st->selected = selected;
	/* NUL-separated, so each string can be passed to the detectors on its own */
	if (dp_buf_add(&r->text, s, n) < 0 || dp_buf_addc(&r->text, '\0') < 0)
		return -1;
	return (long)r->nstr++;
}

typedef struct det_state {
	anon_rec *r;
	int oom;
} det_state;

long anon_rec_add_find(anon_rec *r)
{
	if (grow((void **)&r->find, &r->afind, r->nfind, sizeof *r->find) < 0)
		return -1;
	memset(&r->find[r->nfind], 0, sizeof *r->find);
	r->find[r->nfind].style = ST_DEFAULT;
	return (long)r->nfind++;
}

static int on_finding(const dp_finding *f, void *ud)
{
	det_state *ds = ud;
	anon_rec *r = ds->r;
	long k = anon_rec_add_find(r);
	anon_find *af;

	if (k < 0) {
		ds->oom = 1;
		return 1;
	}
	af = &r->find[k];
	af->type = f->type;
	af->start = f->start;
	af->end = f->end;
	af->norm_off = r->norm.len;
	af->norm_len = f->norm_len;
	if (dp_buf_add(&r->norm, f->norm, f->norm_len) < 0 || dp_buf_addc(&r->norm, '\0') < 0) {
		ds->oom = 1;
		return 1;
	}
	return 0;
}

int anon_rec_detect(anon_ctx *c, dp_err *err)
{
	anon_rec *r = &c->rec;
	det_state ds = {r, 0};

	for (size_t i = 0; i < r->nstr; i++) {
		anon_str *st = &r->str[i];
		int rc;

		st->f0 = r->nfind;
		if (!st->selected || st->len == 0)
			continue;
		if (st->decl && !c->o->reverse) {
			int d = anon_schema_declared(c, i, err);
			if (d < 0)
				return err->code;
			if (d == 0) {
				st->nf = r->nfind - st->f0;
				continue;
			}
		}
		if (c->o->reverse) {
			if ((rc = anon_reverse_string(c, i, err)) != DP_OK)
				return rc;
			st->nf = r->nfind - st->f0;
			continue;
		}
		rc = dp_detect_run(c->sc, r->text.data + st->off, st->len, 0, on_finding, &ds);
		if (ds.oom)
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		if (rc != 0)
			return dp_err_set(err, rc, "detection failed");
		st->nf = r->nfind - st->f0;
	}
	return DP_OK;
}

const anon_str *anon_str_of(const anon_rec *r, const anon_find *f)
{
	size_t k = (size_t)(f - r->find);

	for (size_t i = 0; i < r->nstr; i++)   /* strings own consecutive runs of findings */
		if (k >= r->str[i].f0 && k < r->str[i].f0 + r->str[i].nf)
			return &r->str[i];
	return NULL;
}

/* Notes a replacement at [s, e) of the rendered string. */
static int add_span(anon_rec *r, size_t s, size_t e)
{
	if (r->nspan + 2 > r->aspan && grow((void **)&r->span, &r->aspan, r->nspan + 1,
	                                    sizeof *r->span) < 0)
		return -1;
	r->span[r->nspan++] = s;
	r->span[r->nspan++] = e;
	return 0;
}

int anon_rec_render(anon_rec *r, size_t i, dp_buf *out)
{
	const anon_str *st = &r->str[i];
	const char *s = r->text.data + st->off;
	size_t pos = 0, base = out->len;

	r->nspan = 0;
	for (size_t k = st->f0; k < st->f0 + st->nf; k++) {
		const anon_find *f = &r->find[k];
		if (f->start < pos)
			continue;   /* overlaps the previous replacement */
		if (dp_buf_add(out, s + pos, f->start - pos) < 0 ||
		    (!f->kept && add_span(r, out->len - base, out->len - base + f->rep_len) < 0) ||
		    dp_buf_add(out, r->rep.data + f->rep_off, f->rep_len) < 0)
			return -1;
		pos = f->end;
	}
	return dp_buf_add(out, s + pos, st->len - pos);
}

static int count_residual(const dp_finding *f, void *ud)
{
	anon_ctx *c = ud;
	const anon_rec *r = &c->rec;

	for (size_t k = 0; k + 1 < r->nspan; k += 2)
		if (f->start < r->span[k + 1] && f->end > r->span[k])
			return 0;   /* inside a replacement */
	if (f->type >= 0 && f->type < DP_T_MAX)
		c->residual[f->type]++;
	return 0;
}

int anon_verify_text(anon_ctx *c, const char *s, size_t n)
{
	return dp_detect_run(c->sc, s, n, 0, count_residual, c);
}
