/* template_eval.c - running a compiled template: a record is a pure function of (seed,
 * template, table, index). Each field draws from its own stream (record stream mixed with
 * the field's name), fields are made on first use and kept for the record, references to
 * other records make those records on demand, and every planted value's span follows the
 * text it is copied into. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucasemap.h>

#include "dp_exit.h"
#include "template_internal.h"
#include "translit.h"
#include "types.h"

static int eval_seq(dp_tpl_run *r, tpl_ctx *c, const tpl_seq *s, dp_rng *rng, tpl_out *o);

int tpl_add(dp_tpl_run *r, tpl_out *o, const char *s, size_t n)
{
	if (dp_buf_add(o->b, s, n) != 0)
		return dp_err_set(r->err, DP_DATAERR, "a value grows past %zu bytes", DP_TPL_VALUE_MAX);
	return 0;
}

int tpl_out_span(dp_tpl_run *r, tpl_out *o, int type, size_t start, size_t end)
{
	tpl_fslot *f = o->slot;

	if (!f)
		return 0;
	if (f->nsp == f->asp) {
		size_t na = f->asp ? f->asp * 2 : 8;
		tpl_span *v = realloc(f->sp, na * sizeof *v);

		if (!v)
			return dp_err_set(r->err, DP_SOFTWARE, "out of memory");
		f->sp = v;
		f->asp = na;
	}
	f->sp[f->nsp].type = type;
	f->sp[f->nsp].start = start;
	f->sp[f->nsp++].end = end;
	return 0;
}

static dp_buf *tmp_get(dp_tpl_run *r)
{
	if (r->ntmp == TPL_TMP_BUFS) {
		dp_err_set(r->err, DP_DATAERR, "conditions nested more than %d deep", TPL_TMP_BUFS);
		return NULL;
	}
	dp_buf_reset(&r->tmp[r->ntmp]);
	return &r->tmp[r->ntmp++];
}

static size_t pick(dp_rng *rng, const tpl_alts *a)
{
	if (a->n == 1)
		return 0;
	return dp_rng_cum_find(a->cum, 0, a->n - 1, dp_rng_below(rng, a->cum[a->n - 1]));
}

/* --- filters ---------------------------------------------------------------------------- */

static int is_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 0;
	return 1;
}

/* Case mapping of b[start..) by ICU for the record's locale (ASCII done in place). */
static int filter_case(dp_tpl_run *r, tpl_ctx *c, dp_buf *b, size_t start, int f, dp_buf *t)
{
	char *s = b->data + start;
	size_t n = b->len - start;
	UErrorCode e = U_ZERO_ERROR;
	int32_t got;

	if (is_ascii(s, n)) {
		for (size_t i = 0; i < n; i++) {
			int up = f == F_UPPER || (f == F_CAP && i == 0);

			if (f != F_CAP || i == 0)
				s[i] = up ? (char)(s[i] >= 'a' && s[i] <= 'z' ? s[i] - 32 : s[i])
					  : (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] + 32 : s[i]);
		}
		return 0;
	}
	if (!r->casemap[c->loc - 1] &&
	    !(r->casemap[c->loc - 1] = ucasemap_open(tpl_locale_name(c->loc), 0, &e)))
		return dp_err_set(r->err, DP_SOFTWARE, "ICU: %s", u_errorName(e));
	if (f == F_CAP) {
		size_t k = 1;

		while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
			k++;
		n = k;   /* the first character only; the rest is appended unchanged */
	}
	if (dp_buf_reserve(t, n * 3 + 16) != 0)
		return dp_err_set(r->err, DP_SOFTWARE, "out of memory");
	got = f == F_LOWER ? ucasemap_utf8ToLower(r->casemap[c->loc - 1], t->data, (int32_t)(n * 3 + 16), s, (int32_t)n, &e)
			   : ucasemap_utf8ToUpper(r->casemap[c->loc - 1], t->data, (int32_t)(n * 3 + 16), s, (int32_t)n, &e);
	if (U_FAILURE(e))
		return dp_err_set(r->err, DP_SOFTWARE, "ICU: %s", u_errorName(e));
	t->len = (size_t)got;
	if (dp_buf_add(t, s + n, b->len - start - n) != 0)
		return dp_err_set(r->err, DP_SOFTWARE, "out of memory");
	b->len = start;
	return tpl_add(r, &(tpl_out){ b, NULL }, t->data, t->len);
}

static int filter_lat(dp_tpl_run *r, tpl_ctx *c, dp_buf *b, size_t start, dp_buf *t)
{
	size_t n = b->len - start, need;
	dp_translit_scheme sch = c->loc == 3 ? DP_TRANSLIT_KK_2021 : DP_TRANSLIT_RU_ICAO;

	if (is_ascii(b->data + start, n))
		return 0;
	need = dp_translit(sch, b->data + start, n, NULL, 0);
	if (dp_buf_reserve(t, need + 1) != 0)
		return dp_err_set(r->err, DP_SOFTWARE, "out of memory");
	dp_translit(sch, b->data + start, n, t->data, need + 1);
	b->len = start;
	return tpl_add(r, &(tpl_out){ b, NULL }, t->data, need);
}

static void filter_simple(dp_buf *b, size_t start, int f)
{
	char *s = b->data + start;
	size_t n = b->len - start, k = 0, i = 0;

	if (f == F_DIGITS) {
		for (i = 0; i < n; i++)
			if (s[i] >= '0' && s[i] <= '9')
				s[k++] = s[i];
	} else if (f == F_TRIM) {
		while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n'))
			i++;
		while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
			n--;
		memmove(s, s + i, n - i);
		k = n - i;
	} else {   /* F_INITIAL */
		k = n ? 1 : 0;
		while (k < n && ((unsigned char)s[k] & 0xC0) == 0x80)
			k++;
		if (k)
			s[k++] = '.';   /* room: the first character is shorter than the value or equal */
	}
	b->len = start + k;
	b->data[b->len] = '\0';
}

/* Applies nd's filters to o->b[start..); spans that covered the whole value keep covering
 * it, others survive only when the length did not change. */
static int apply_filters(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, tpl_out *o, size_t start,
			 size_t sp0, int lat_done)
{
	size_t old_end = o->b->len;
	dp_buf *t;
	int rc = 0;

	if (!nd->u.ref.nfilt)
		return 0;
	if (!(t = tmp_get(r)))
		return r->err->code;
	if (o->b->len == start || dp_buf_reserve(o->b, 2) != 0)
		goto spans;
	for (int i = 0; rc == 0 && i < nd->u.ref.nfilt; i++) {
		int f = nd->u.ref.filt[i];

		dp_buf_reset(t);
		if (f == F_LOWER || f == F_UPPER || f == F_CAP)
			rc = filter_case(r, c, o->b, start, f, t);
		else if (f == F_LAT)
			rc = lat_done ? 0 : filter_lat(r, c, o->b, start, t);
		else
			filter_simple(o->b, start, f);
	}
spans:
	r->ntmp--;
	if (o->slot && o->b->len != old_end) {
		size_t k = sp0;

		for (size_t i = sp0; i < o->slot->nsp; i++)
			if (o->slot->sp[i].start == start && o->slot->sp[i].end == old_end && o->b->len > start) {
				o->slot->sp[i].end = o->b->len;
				o->slot->sp[k++] = o->slot->sp[i];
			}
		o->slot->nsp = k;
	}
	return rc;
}

/* --- references ---------------------------------------------------------------------------- */

static int has_filter(const tpl_node *nd, int f)
{
	for (int i = 0; i < nd->u.ref.nfilt; i++)
		if (nd->u.ref.filt[i] == f)
			return 1;
	return 0;
}

/* Copies a made field's bytes and spans into o. */
static int copy_slot(dp_tpl_run *r, const tpl_fslot *f, tpl_out *o)
{
	size_t base = o->b->len;
	int rc = tpl_add(r, o, f->buf.data ? f->buf.data : "", f->buf.len);

	for (size_t i = 0; rc == 0 && o->slot && i < f->nsp; i++)
		rc = tpl_out_span(r, o, f->sp[i].type, base + f->sp[i].start, base + f->sp[i].end);
	return rc;
}

static int eval_ref(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, tpl_out *o)
{
	tpl_ctx *tc = c;
	int fi = nd->u.ref.slot[c->table], rc;
	size_t start = o->b->len, sp0 = o->slot ? o->slot->nsp : 0;
	int lat = 0;

	for (int i = 0;; i++) {
		tpl_fslot *f;

		if ((rc = tpl_field_make(r, tc, fi)) != 0)
			return rc;
		f = &tc->f[fi];
		if (f->kind == V_RECORD && i + 1 < nd->u.ref.npath) {
			if (!(tc = tpl_ctx_at(r, f->ref_table, f->ref_index)))
				return r->err->code;
			fi = tpl_field_lookup(&r->t->table[tc->table], nd->u.ref.path[i + 1]);
			continue;
		}
		if (f->kind == V_PERSON) {
			int attr = i + 1 < nd->u.ref.npath ? nd->u.ref.pattr : PA_FULL;

			lat = has_filter(nd, F_LAT);
			rc = tpl_person_attr_write(r, f->person, attr, lat, o);
			if (rc == 0 && attr == PA_EMAIL && f->person->canary)
				tc->canary_used = 1;
		} else
			rc = copy_slot(r, f, o);
		break;
	}
	return rc ? rc : apply_filters(r, c, nd, o, start, sp0, lat);
}

/* --- conditions ---------------------------------------------------------------------------- */

static int truthy(const dp_buf *b)
{
	const char *s = b->data ? b->data : "";

	return b->len && strcmp(s, "0") && strcmp(s, "false") && strcmp(s, "no");
}

/* -1, 0, 1: numerically when both are numbers, else bytewise. */
static int compare(const dp_buf *a, const dp_buf *b)
{
	const char *sa = a->data ? a->data : "", *sb = b->data ? b->data : "";
	char *ea, *eb;
	double x = strtod(sa, &ea), y = strtod(sb, &eb);
	size_t n;
	int d;

	if (a->len && b->len && !*ea && !*eb)
		return (x > y) - (x < y);
	n = a->len < b->len ? a->len : b->len;
	d = memcmp(sa, sb, n);
	return d ? (d > 0) - (d < 0) : (a->len > b->len) - (a->len < b->len);
}

static int eval_cond(dp_tpl_run *r, tpl_ctx *c, const tpl_cond *x, dp_rng *rng, int *res)
{
	dp_buf *a, *b = NULL;
	int rc, v;

	switch (x->kind) {
	case C_NOT:
		rc = eval_cond(r, c, x->a, rng, &v);
		*res = !v;
		return rc;
	case C_AND: case C_OR:
		if ((rc = eval_cond(r, c, x->a, rng, &v)) != 0)
			return rc;
		if (v == (x->kind == C_OR))
			return *res = v, 0;
		return eval_cond(r, c, x->b, rng, res);
	default:
		break;
	}
	if (!(a = tmp_get(r)))
		return r->err->code;
	rc = eval_seq(r, c, &x->lhs, rng, &(tpl_out){ a, NULL });
	if (rc == 0 && x->kind == C_CMP && (b = tmp_get(r)))
		rc = eval_seq(r, c, &x->rhs, rng, &(tpl_out){ b, NULL });
	else if (x->kind == C_CMP)
		rc = r->err->code;
	if (rc == 0 && x->kind == C_TRUE)
		*res = truthy(a);
	else if (rc == 0) {
		int d = compare(a, b);
		static const int want[][3] = { /* d = -1, 0, 1 */
			[CMP_EQ] = { 0, 1, 0 }, [CMP_NE] = { 1, 0, 1 }, [CMP_LT] = { 1, 0, 0 },
			[CMP_LE] = { 1, 1, 0 }, [CMP_GT] = { 0, 0, 1 }, [CMP_GE] = { 0, 1, 1 },
		};

		*res = want[x->op][d + 1];
	}
	r->ntmp -= b ? 2 : 1;
	return rc;
}

/* --- text ---------------------------------------------------------------------------------- */

static const tpl_alts *rule_variant(const tpl_rule *ru, int loc)
{
	if (ru->var[loc])
		return ru->var[loc];
	if (ru->var[0])
		return ru->var[0];
	for (int v = 1; v <= TPL_NLOC; v++)
		if (ru->var[v])
			return ru->var[v];
	return NULL;
}

static int eval_node(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, tpl_out *o)
{
	const tpl_alts *a;
	int v, rc;

	switch (nd->kind) {
	case TN_LIT:
		return tpl_add(r, o, nd->u.lit.s, nd->u.lit.n);
	case TN_REF:
		return eval_ref(r, c, nd, o);
	case TN_RULE:
		if (++r->depth > 256)
			return dp_err_set(r->err, DP_DATAERR, "rules nested more than 256 deep");
		a = rule_variant(&r->t->rule[nd->u.rule.rule], c->loc);
		rc = eval_seq(r, c, &a->alt[pick(rng, a)], rng, o);
		r->depth--;
		return rc;
	case TN_ALT:
		return eval_seq(r, c, &nd->u.alts.alt[pick(rng, &nd->u.alts)], rng, o);
	case TN_OPT:
		return dp_rng_chance(rng, nd->u.opt.ppm) ? eval_seq(r, c, &nd->u.opt.body, rng, o) : 0;
	case TN_GEN:
		if (nd->u.gen.gen != G_IF)
			return tpl_gen_eval(r, c, nd, rng, o);
		if ((rc = eval_cond(r, c, nd->u.gen.cond, rng, &v)) != 0)
			return rc;
		return eval_seq(r, c, v ? &nd->u.gen.then : &nd->u.gen.els, rng, o);
	}
	return 0;
}

static int eval_seq(dp_tpl_run *r, tpl_ctx *c, const tpl_seq *s, dp_rng *rng, tpl_out *o)
{
	int rc = 0;

	for (size_t i = 0; rc == 0 && i < s->n; i++)
		rc = eval_node(r, c, &s->items[i], rng, o);
	return rc;
}

/* --- fields -------------------------------------------------------------------------------- */

/* An entity field: a person made from the field's stream, or a record picked by index. */
static int make_entity(dp_tpl_run *r, tpl_ctx *c, tpl_fslot *f, const tpl_node *nd, dp_rng *rng)
{
	if (nd->u.gen.gen == G_REF) {
		uint64_t n = r->count[nd->u.gen.table];

		f->kind = V_RECORD;
		f->ref_table = nd->u.gen.table;
		f->ref_index = n ? dp_rng_below(rng, n) : 0;
		return 0;
	}
	f->kind = V_PERSON;
	if (!f->person && !(f->person = malloc(sizeof *f->person)))
		return dp_err_set(r->err, DP_SOFTWARE, "out of memory");
	if (tpl_person_make(r, c, nd, rng, f->person) != 0)
		return r->err->code;
	if (c->canary && !c->canary_used && !c->canary_assigned) {
		c->canary_assigned = 1;
		f->person->canary = c->canary_s;
	}
	if (!r->t->table[c->table].field[f - c->f].emit)
		return 0;   /* only an emitted person field is written as its full name */
	return tpl_person_attr_write(r, f->person, PA_FULL, 0, &(tpl_out){ &f->buf, r->track_spans ? f : NULL });
}

/* A JSON-safe integer or decimal: [-]digits[.digits] (decimals only when frac), no
 * leading zeros, no exponent. */
static int is_number(const char *s, size_t n, int frac)
{
	size_t i = s[0] == '-', d = i;

	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == d || (s[d] == '0' && i - d > 1))
		return 0;
	if (frac && i < n && s[i] == '.') {
		size_t f = ++i;

		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == f)
			return 0;
	}
	return i == n;
}

/* A ":int", ":num" or ":bool" field's text must be one. */
static int check_typed(dp_tpl_run *r, tpl_ctx *c, const tpl_field *fd, tpl_fslot *f)
{
	const char *s = f->buf.data ? f->buf.data : "";

	if (!fd->typed || fd->declared == V_STR)
		return 0;
	if (fd->declared == V_BOOL) {
		int t = truthy(&f->buf);

		f->buf.len = 0;
		f->nsp = 0;   /* the text it was made of is gone, and its planted values with it */
		return tpl_add(r, &(tpl_out){ &f->buf, NULL }, t ? "true" : "false", t ? 4 : 5);
	}
	if (!is_number(s, f->buf.len, fd->declared == V_NUM))
		return dp_err_set(r->err, DP_DATAERR, "record '%s' index %llu: field '%s' is ':%s' but its value is not a number",
				  r->t->table[c->table].name, (unsigned long long)c->index, fd->name,
				  fd->declared == V_INT ? "int" : "num");
	return 0;
}

int tpl_field_make(dp_tpl_run *r, tpl_ctx *c, int fi)
{
	const tpl_field *fd = &r->t->table[c->table].field[fi];
	tpl_fslot *f = &c->f[fi];
	dp_rng rng;
	const tpl_seq *s;
	int rc;

	if (f->state == 2)
		return 0;
	if (f->state == 1)
		return dp_err_set(r->err, DP_SOFTWARE, "field '%s' depends on itself", fd->name);
	f->state = 1;
	dp_buf_reset(&f->buf);
	f->nsp = 0;
	rng = dp_rng_at(dp_rng_mix2(c->rseed, fd->label));
	s = &fd->expr.alt[pick(&rng, &fd->expr)];
	if (s->n == 1 && s->items[0].kind == TN_GEN && (s->items[0].u.gen.gen == G_PERSON || s->items[0].u.gen.gen == G_REF))
		rc = make_entity(r, c, f, &s->items[0], &rng);
	else {
		f->kind = r->kind[c->table][fi];
		rc = eval_seq(r, c, s, &rng, &(tpl_out){ &f->buf, r->track_spans || c->canary ? f : NULL });
		if (rc == 0 && s->n == 1 && s->items[0].kind == TN_REF && (f->kind == V_PERSON || f->kind == V_RECORD))
			rc = dp_err_set(r->err, DP_DATAERR, "field '%s': copy a person's or record's attributes, not the entity", fd->name);
		if (rc == 0)
			rc = check_typed(r, c, fd, f);
	}
	if (rc == 0 && !f->buf.data && dp_buf_reserve(&f->buf, 1) != 0)
		rc = dp_err_set(r->err, DP_SOFTWARE, "out of memory");
	f->state = rc ? 0 : 2;
	return rc;
}

int tpl_eval_text(dp_tpl_run *r, tpl_ctx *c, const tpl_seq *s, dp_buf *b)
{
	dp_rng rng = dp_rng_at(dp_rng_mix2(c->rseed, 0x406c6f63616c65ULL));   /* "@locale" */

	return eval_seq(r, c, s, &rng, &(tpl_out){ b, NULL });
}

int tpl_eval_rule(dp_tpl_run *r, tpl_ctx *c, int rule, dp_rng *rng, tpl_out *o)
{
	const tpl_alts *a = rule_variant(&r->t->rule[rule], c->loc);

	return a ? eval_seq(r, c, &a->alt[pick(rng, a)], rng, o) : 0;
}
