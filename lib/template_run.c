/* template_run.c - a run of a compiled template: options, table sizes, the per-table
 * record contexts (record stream, locale, canary), dp_tpl_generate, and what the programs
 * ask of a template (name, tables, emitted fields). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>

#include "dp_exit.h"
#include "template_internal.h"
#include "types.h"

const char *dp_tpl_name(const dp_tpl *t) { return t->name; }
const char *dp_tpl_description(const dp_tpl *t) { return t->description ? t->description : ""; }
const unsigned char *dp_tpl_sha256(const dp_tpl *t) { return t->sha256; }
const char *dp_tpl_path(const dp_tpl *t) { return t->path; }
int dp_tpl_ntables(const dp_tpl *t) { return t->ntables; }

const char *dp_tpl_table_name(const dp_tpl *t, int table)
{
	return table >= 0 && table < t->ntables ? t->table[table].name : NULL;
}

int dp_tpl_table_lookup(const dp_tpl *t, const char *name)
{
	return tpl_table_lookup_n(t, name, strlen(name));
}

int dp_tpl_nemit(const dp_tpl *t, int table)
{
	return t->table[table].nemit;
}

const char *dp_tpl_emit_name(const dp_tpl *t, int table, int i)
{
	return t->table[table].field[t->table[table].emit[i]].name;
}

static int seq_uses_gen(const tpl_seq *s, enum tpl_gen g, int depth);

static int alts_use_gen(const tpl_alts *a, enum tpl_gen g, int depth)
{
	for (size_t i = 0; a && i < a->n; i++)
		if (seq_uses_gen(&a->alt[i], g, depth))
			return 1;
	return 0;
}

static int seq_uses_gen(const tpl_seq *s, enum tpl_gen g, int depth)
{
	for (size_t i = 0; depth < 64 && i < s->n; i++) {
		const tpl_node *nd = &s->items[i];

		if ((nd->kind == TN_GEN && nd->u.gen.gen == g) ||
		    (nd->kind == TN_ALT && alts_use_gen(&nd->u.alts, g, depth + 1)) ||
		    (nd->kind == TN_OPT && seq_uses_gen(&nd->u.opt.body, g, depth + 1)) ||
		    (nd->kind == TN_GEN && nd->u.gen.gen == G_IF &&
		     (seq_uses_gen(&nd->u.gen.then, g, depth + 1) || seq_uses_gen(&nd->u.gen.els, g, depth + 1))))
			return 1;
	}
	return 0;
}

static int needs_person(const dp_tpl *t)
{
	for (int i = 0; i < t->ntables; i++)
		for (int j = 0; j < t->table[i].nfields; j++)
			if (alts_use_gen(&t->table[i].field[j].expr, G_PERSON, 0))
				return 1;
	return 0;
}

/* The locale= of $person nodes in a text, as a mask. */
static unsigned seq_person_locales(const tpl_seq *s, int depth);

static unsigned alts_person_locales(const tpl_alts *a, int depth)
{
	unsigned m = 0;

	for (size_t i = 0; a && i < a->n; i++)
		m |= seq_person_locales(&a->alt[i], depth);
	return m;
}

static unsigned seq_person_locales(const tpl_seq *s, int depth)
{
	unsigned m = 0;

	for (size_t i = 0; depth < 64 && i < s->n; i++) {
		const tpl_node *nd = &s->items[i];

		if (nd->kind == TN_GEN && nd->u.gen.gen == G_PERSON && nd->u.gen.iv[1])
			m |= 1u << (nd->u.gen.iv[1] - 1);
		else if (nd->kind == TN_ALT)
			m |= alts_person_locales(&nd->u.alts, depth + 1);
	}
	return m;
}

unsigned dp_tpl_locales_needed(const dp_tpl *t, const uint32_t *w)
{
	unsigned m = 0;

	if (!needs_person(t))
		return 0;
	w = w ? w : t->locale_w;
	for (int i = 0; i < TPL_NLOC; i++)
		if (w[i])
			m |= 1u << i;
	for (int i = 0; i < t->ntables; i++) {
		if (t->table[i].has_locale_expr)
			m = 7;
		for (int j = 0; j < t->table[i].nfields; j++)
			m |= alts_person_locales(&t->table[i].field[j].expr, 0);
	}
	return m;
}

static int table_has_person(const dp_tpl *t, int ti)
{
	for (int i = 0; i < t->table[ti].nfields; i++)
		if (alts_use_gen(&t->table[ti].field[i].expr, G_PERSON, 0) ||
		    alts_use_gen(&t->table[ti].field[i].expr, G_EMAIL, 0))
			return 1;
	return 0;
}

int dp_tpl_carries_canaries(const dp_tpl *t, int table)
{
	return table >= 0 && table < t->ntables && table_has_person(t, table);
}

static int check_packs(const dp_tpl *t, const dp_tpl_opts *o, dp_err *err)
{
	unsigned m = dp_tpl_locales_needed(t, o->has_locale_w ? o->locale_w : NULL);

	for (int i = 0; i < TPL_NLOC; i++)
		if ((m & (1u << i)) && !o->pack[i])
			return dp_err_set(err, DP_USAGE, "no data pack for locale %s", tpl_locale_name(i + 1));
	return 0;
}

static uint64_t table_count(const dp_tpl *t, int i, uint64_t total)
{
	const tpl_table *tb = &t->table[i];
	uint64_t n;

	if (tb->count)
		return tb->count;
	if (!tb->ratio_ppm)
		return total;
	n = (uint64_t)(((unsigned __int128)total * tb->ratio_ppm) / 1000000);
	return n ? n : 1;
}

static int ctx_new(dp_tpl_run *r, int ti)
{
	tpl_ctx *c = calloc(1, sizeof *c);

	if (!c)
		return -1;
	c->table = ti;
	for (int i = 0; i < TPL_MAX_FIELDS; i++)
		dp_buf_init(&c->f[i].buf, DP_TPL_VALUE_MAX);
	r->ctx[ti] = c;
	r->can_canary[ti] = table_has_person(r->t, ti);
	for (int i = 0; i < r->t->table[ti].nfields; i++)
		r->kind[ti][i] = tpl_field_kind(r->t, ti, i, 0);
	return 0;
}

int dp_tpl_run_new(const dp_tpl *t, const dp_tpl_opts *o, dp_tpl_run **out, dp_err *err)
{
	dp_tpl_run *r;
	int rc;

	*out = NULL;
	if ((rc = check_packs(t, o, err)) != 0)
		return rc;
	if (!(r = calloc(1, sizeof *r)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	r->t = t;
	r->o = *o;
	/* spans are also what keeps edge cases off planted contact values */
	r->track_spans = o->spans || o->edge_ppm > 0 || (o->edge_ppm < 0 && t->has_edge && t->edge_ppm > 0);
	r->tseed = dp_rng_mix2(o->seed, dp_rng_hash(t->name, strlen(t->name)));
	for (int i = 0; i < TPL_TMP_BUFS; i++)
		dp_buf_init(&r->tmp[i], DP_TPL_VALUE_MAX);
	dp_buf_init(&r->mutbuf, DP_TPL_VALUE_MAX * 2);
	dp_buf_init(&r->span_save, DP_TPL_VALUE_MAX);
	dp_buf_init(&r->edge_slot.buf, DP_TPL_VALUE_MAX);
	for (int i = 0; i < t->ntables; i++) {
		r->count[i] = table_count(t, i, o->total);
		if (ctx_new(r, i) != 0) {
			dp_tpl_run_free(r);
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		}
	}
	*out = r;
	return DP_OK;
}

void dp_tpl_run_free(dp_tpl_run *r)
{
	if (!r)
		return;
	for (int i = 0; i < TPL_MAX_TABLES; i++) {
		if (!r->ctx[i])
			continue;
		for (int j = 0; j < TPL_MAX_FIELDS; j++) {
			dp_buf_free(&r->ctx[i]->f[j].buf);
			free(r->ctx[i]->f[j].sp);
			free(r->ctx[i]->f[j].person);
		}
		free(r->ctx[i]);
	}
	for (int i = 0; i < TPL_TMP_BUFS; i++)
		dp_buf_free(&r->tmp[i]);
	for (int i = 0; i < TPL_NLOC; i++)
		if (r->casemap[i])
			ucasemap_close(r->casemap[i]);
	dp_buf_free(&r->mutbuf);
	dp_buf_free(&r->span_save);
	dp_buf_free(&r->edge_slot.buf);
	free(r->edge_slot.sp);
	free(r->span);
	free(r);
}

uint64_t dp_tpl_table_count(const dp_tpl_run *r, int table)
{
	return table >= 0 && table < r->t->ntables ? r->count[table] : 0;
}

static int pick_locale(dp_tpl_run *r, uint64_t seed)
{
	const uint32_t *w = r->o.has_locale_w ? r->o.locale_w : r->t->locale_w;
	uint64_t total = (uint64_t)w[0] + w[1] + w[2], x;
	dp_rng rng;

	if (total == 0)
		return 1;
	rng = dp_rng_at(dp_rng_mix2(seed, 0x6c6f63616c65ULL));   /* "locale" */
	x = dp_rng_below(&rng, total);
	return x < w[0] ? 1 : x < (uint64_t)w[0] + w[1] ? 2 : 3;
}

/* Canary k of N sits at index (2k+1)*C/(2N) of a table of C records. */
static int canary_at(uint64_t index, uint64_t n, uint64_t count)
{
	uint64_t k;

	if (!n || !count)
		return 0;
	if (n > count)
		n = count;
	k = (uint64_t)(((unsigned __int128)index * 2 * n) / (2 * (unsigned __int128)count));
	for (uint64_t j = k ? k - 1 : 0; j <= k + 1 && j < n; j++)
		if ((uint64_t)(((unsigned __int128)(2 * j + 1) * count) / (2 * (unsigned __int128)n)) == index)
			return 1;
	return 0;
}

static void ctx_reset(tpl_ctx *c, int nfields)
{
	for (int i = 0; i < nfields; i++) {
		c->f[i].state = 0;
		c->f[i].nsp = 0;
	}
}

static int locale_from_expr(dp_tpl_run *r, tpl_ctx *c)
{
	const tpl_table *tb = &r->t->table[c->table];
	dp_buf b;
	int rc, loc;

	dp_buf_init(&b, 64);
	rc = tpl_eval_text(r, c, &tb->locale_expr, &b);
	loc = rc == 0 ? tpl_locale_index(b.data ? b.data : "", b.len) : 0;
	dp_buf_free(&b);
	if (rc == 0 && !loc)
		rc = dp_err_set(r->err, DP_DATAERR, "record '%s' index %llu: @locale gave no locale (en, ru, kk)",
				tb->name, (unsigned long long)c->index);
	ctx_reset(c, tb->nfields);
	c->loc = loc ? loc : c->loc;
	return rc;
}

tpl_ctx *tpl_ctx_at(dp_tpl_run *r, int table, uint64_t index)
{
	tpl_ctx *c = r->ctx[table];
	const tpl_table *tb = &r->t->table[table];

	if (c->valid && c->index == index)
		return c;
	ctx_reset(c, tb->nfields);
	c->index = index;
	c->valid = 1;
	c->rseed = dp_rng_mix2(dp_rng_mix2(r->tseed, tb->label), index);
	c->loc = pick_locale(r, c->rseed);
	c->canary = r->can_canary[table] && canary_at(index, r->o.canaries, r->count[table]);
	c->canary_used = c->canary_assigned = 0;
	if (c->canary) {
		dp_rng cr = dp_rng_at(dp_rng_mix2(c->rseed, 0x63616e617279ULL));   /* "canary" */

		snprintf(c->canary_s, sizeof c->canary_s, "dpc-%012llx@canary.example.com",
			 (unsigned long long)(dp_rng_next(&cr) & 0xFFFFFFFFFFFFULL));
	}
	if (tb->has_locale_expr && locale_from_expr(r, c) != 0) {
		c->valid = 0;
		return NULL;
	}
	return c;
}

static int collect_spans(dp_tpl_run *r, tpl_ctx *c)
{
	const tpl_table *tb = &r->t->table[c->table];

	r->nspan = 0;
	for (int i = 0; r->track_spans && i < tb->nemit; i++) {
		const tpl_fslot *f = &c->f[tb->emit[i]];

		for (size_t k = 0; k < f->nsp; k++) {
			dp_tpl_span *last = r->nspan ? &r->span[r->nspan - 1] : NULL;
			size_t gap = last ? f->sp[k].start - last->end : 0;

			/* "Иван" "Петров" planted side by side are one name, as scan reports it */
			if (last && last->field == i && last->type == DP_T_PERSON && f->sp[k].type == DP_T_PERSON &&
			    f->sp[k].start >= last->end && gap <= 1 && (gap == 0 || f->buf.data[last->end] == ' ')) {
				last->end = f->sp[k].end;
				continue;
			}
			if (tpl_rec_span(r, i, f->sp[k].type, f->sp[k].start, f->sp[k].end) != 0)
				return r->err->code;
		}
	}
	return 0;
}

int dp_tpl_generate(dp_tpl_run *r, int table, uint64_t index, dp_tpl_rec *rec, dp_err *err)
{
	static const enum dp_tpl_vkind pub[] = { DP_TPL_STR, DP_TPL_INT, DP_TPL_NUM, DP_TPL_BOOL, DP_TPL_STR, DP_TPL_STR };
	const tpl_table *tb = &r->t->table[table];
	tpl_ctx *c;
	int rc = 0;

	r->err = err;
	r->ntmp = r->depth = 0;
	r->ctx[table]->valid = 0;   /* never reuse: a record is made from scratch every time */
	if (!(c = tpl_ctx_at(r, table, index)))
		return err->code;
	for (int i = 0; rc == 0 && i < tb->nemit; i++)
		rc = tpl_field_make(r, c, tb->emit[i]);
	for (int i = 0; rc == 0 && i < tb->nemit; i++) {
		const tpl_fslot *f = &c->f[tb->emit[i]];

		r->val[i].s = f->buf.data;
		r->val[i].n = f->buf.len;
		r->val[i].kind = pub[f->kind];
	}
	if (rc == 0)
		rc = collect_spans(r, c);
	r->nmut = 0;
	if (rc == 0)
		rc = tpl_edge_apply(r, c);
	r->ctx[table]->valid = 0;
	if (rc)
		return rc;
	rec->nfields = tb->nemit;
	rec->v = r->val;
	rec->span = r->span;
	rec->nspans = r->nspan;
	rec->mut = r->mut;
	rec->nmut = r->nmut;
	rec->canary = c->canary && c->canary_used ? c->canary_s : NULL;
	rec->locale = tpl_locale_name(c->loc);
	return DP_OK;
}

/* --- seeds and locale mixes ---------------------------------------------------------------- */

uint64_t dp_tpl_seed(const char *s)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && v <= (UINT64_MAX - 9) / 10; p++)
		v = v * 10 + (uint64_t)(*p - '0');
	if (*s && !*p)
		return v;
	return dp_rng_hash(s, strlen(s));
}

int dp_tpl_parse_locales(const char *s, uint32_t w[3])
{
	uint64_t total = 0;

	w[0] = w[1] = w[2] = 0;
	while (*s) {
		size_t n = strcspn(s, ":, ");
		int loc = tpl_locale_index(s, n);
		unsigned long v = 1;

		if (!loc)
			return -1;
		s += n;
		if (*s == ':') {
			char *e;

			v = strtoul(s + 1, &e, 10);
			if (e == s + 1 || v > 1000000)
				return -1;
			s = e;
		}
		w[loc - 1] = (uint32_t)v;
		total += v;
		s += strspn(s, ", ");
	}
	return total ? 0 : -1;
}
