/* template_edge.c - edge cases mixed into generated records (@edge, --edge-rate): one per
 * drawn record, in one mutable field, by lib/mutate.c or by inserting the template's
 * <_inject> / <_exfiltrate> payload; recorded in `_mut`. Planted values an edit broke are
 * no longer claimed as spans; the ones it moved are followed. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "template_internal.h"
#include "types.h"

const char *dp_tpl_edge_name(int kind)
{
	if (kind >= 0 && kind < DP_MUT_COUNT)
		return dp_mut_name((enum dp_mut_kind)kind);
	if (kind == DP_TPL_EDGE_INJECT)
		return "inject";
	if (kind == DP_TPL_EDGE_EXFIL)
		return "exfiltrate";
	return NULL;
}

int dp_tpl_edge_lookup(const char *name, size_t n)
{
	for (int k = 0; k < DP_TPL_EDGE_KINDS; k++)
		if (strlen(dp_tpl_edge_name(k)) == n && !memcmp(dp_tpl_edge_name(k), name, n))
			return k;
	return -1;
}

int tpl_rec_span(dp_tpl_run *r, int field, int type, size_t start, size_t end)
{
	if (r->nspan == r->aspan) {
		size_t na = r->aspan ? r->aspan * 2 : 16;
		dp_tpl_span *v = realloc(r->span, na * sizeof *v);

		if (!v)
			return dp_err_set(r->err, DP_SOFTWARE, "out of memory");
		r->span = v;
		r->aspan = na;
	}
	r->span[r->nspan].field = field;
	r->span[r->nspan].type = type;
	r->span[r->nspan].start = start;
	r->span[r->nspan++].end = end;
	return 0;
}

static int edge_rule(const dp_tpl *t, int kind)
{
	const char *name = kind == DP_TPL_EDGE_INJECT ? "_inject" : "_exfiltrate";

	return tpl_rule_index((dp_tpl *)t, name, strlen(name), 0);
}

/* The kind drawn by weight: @edge's weights, else every kind the template can do. */
static int draw_kind(const dp_tpl *t, dp_rng *rng)
{
	uint32_t w[DP_TPL_EDGE_KINDS];
	uint64_t total = 0, x;
	int given = 0;

	for (int k = 0; k < DP_TPL_EDGE_KINDS; k++)
		given |= t->has_edge && t->edge_w[k];
	for (int k = 0; k < DP_TPL_EDGE_KINDS; k++) {
		w[k] = given ? t->edge_w[k] : k < DP_MUT_COUNT || edge_rule(t, k) >= 0;
		total += w[k];
	}
	if (!total)
		return -1;
	x = dp_rng_below(rng, total);
	for (int k = 0; k < DP_TPL_EDGE_KINDS; k++) {
		if (x < w[k])
			return k;
		x -= w[k];
	}
	return -1;
}

static int protected_type(int type);

/* A byte that would continue an address, number or name on either side of a value. */
static int word_byte(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b >= 0x80 ||
	       b == '.' || b == '_' || b == '-' || b == '+' || b == '@' || b == '%';
}

/* The first occurrence of val at or after from that stands alone (for protected types:
 * "jsmith@x" inside "jjsmith@x" is no occurrence), or NULL. */
static const char *find_whole(const char *nw, size_t nn, size_t from, const char *val, size_t vlen, int whole)
{
	while (vlen && from < nn) {
		const char *hit = memmem(nw + from, nn - from, val, vlen);
		size_t at, end;

		if (!hit)
			return NULL;
		at = (size_t)(hit - nw);
		end = at + vlen;
		if (!whole || ((at == 0 || !word_byte((unsigned char)nw[at - 1])) &&
			       (end == nn || !word_byte((unsigned char)nw[end]) ||
				(nw[end] == '.' && (end + 1 == nn || !word_byte((unsigned char)nw[end + 1]))))))
			return hit;
		from = at + 1;
	}
	return NULL;
}

/* Moves the spans of emitted field fi from old text to new: each value is looked for near
 * where it was (every copy of it for "long"); values no longer there are dropped. */
static int follow_spans(dp_tpl_run *r, int fi, const char *old, const char *nw, size_t nn, int all,
			unsigned *dropped)
{
	size_t n0 = r->nspan, from_min = 0;

	for (size_t i = 0; i < n0; i++) {
		size_t start = r->span[i].start, vlen = r->span[i].end - start, from;
		const char *val = old + start, *hit;
		int type = r->span[i].type;

		if (r->span[i].field != fi)
			continue;
		from = start > 256 ? start - 256 : 0;
		from = from < from_min ? from_min : from;
		hit = find_whole(nw, nn, from, val, vlen, protected_type(type));
		if (!hit) {
			r->span[i].field = -1;
			(*dropped)++;
			continue;
		}
		r->span[i].start = (size_t)(hit - nw);
		r->span[i].end = r->span[i].start + vlen;
		from_min = r->span[i].end;
		/* tpl_rec_span may move r->span: nothing below keeps a pointer into it */
		for (size_t at = from_min; all && at < nn && (hit = memmem(nw + at, nn - at, val, vlen));) {
			size_t st = (size_t)(hit - nw);

			if (tpl_rec_span(r, fi, type, st, st + vlen) != 0)
				return r->err->code;
			at = st + vlen;
		}
	}
	return 0;
}

static void drop_dead_spans(dp_tpl_run *r)
{
	size_t k = 0;

	for (size_t i = 0; i < r->nspan; i++)
		if (r->span[i].field >= 0)
			r->span[k++] = r->span[i];
	r->nspan = k;
}

/* Inserts the payload of <_inject>/<_exfiltrate> at the end or after the first sentence. */
static int insert_payload(dp_tpl_run *r, tpl_ctx *c, int kind, int fi, dp_rng *rng, dp_tpl_mut *m)
{
	const dp_tpl_value *v = &r->val[fi];
	tpl_fslot *es = &r->edge_slot;
	const char *dot = v->n ? memmem(v->s, v->n, ". ", 2) : NULL;
	size_t pos = dot && dp_rng_below(rng, 2) ? (size_t)(dot - v->s) + 2 : v->n, add;
	int rc;

	dp_buf_reset(&es->buf);
	es->nsp = 0;
	if ((rc = tpl_eval_rule(r, c, edge_rule(r->t, kind), rng, &(tpl_out){ &es->buf, r->track_spans ? es : NULL })) != 0)
		return rc;
	if (dp_buf_add(&r->mutbuf, v->s, pos) || (pos == v->n && pos && dp_buf_addc(&r->mutbuf, ' ')))
		return dp_err_set(r->err, DP_DATAERR, "a value grows past its cap");
	m->at = r->mutbuf.len;
	if (dp_buf_add(&r->mutbuf, es->buf.data ? es->buf.data : "", es->buf.len) ||
	    (pos < v->n && dp_buf_addc(&r->mutbuf, ' ')) || dp_buf_add(&r->mutbuf, v->s + pos, v->n - pos))
		return dp_err_set(r->err, DP_DATAERR, "a value grows past its cap");
	add = r->mutbuf.len - v->n;
	for (size_t i = 0; i < r->nspan; i++)
		if (r->span[i].field == fi && r->span[i].start >= pos) {
			r->span[i].start += add;
			r->span[i].end += add;
		}
	for (size_t i = 0; i < es->nsp; i++)
		if ((rc = tpl_rec_span(r, fi, es->sp[i].type, m->at + es->sp[i].start, m->at + es->sp[i].end)) != 0)
			return rc;
	m->edits = 1;
	return 0;
}

static int pick_field(const dp_tpl_run *r, const tpl_ctx *c, dp_rng *rng)
{
	const tpl_table *tb = &r->t->table[c->table];
	int cand[TPL_MAX_FIELDS], n = 0;

	for (int i = 0; i < tb->nemit; i++)
		if (tb->field[tb->emit[i]].mutable_)
			cand[n++] = i;
	return n ? cand[dp_rng_below(rng, (uint64_t)n)] : -1;
}

/* Planted values an edit must leave whole: altered, they could leave the reserved ranges
 * (examplle.org, a 555-01xx number with a digit changed). */
static int protected_type(int type)
{
	return type == DP_T_EMAIL || type == DP_T_PHONE || type == DP_T_IPV4 || type == DP_T_CARD;
}

/* Kinds that remove or encode the whole text: nothing altered is left readable. */
static int removes_values(int kind)
{
	return kind == DP_MUT_EMPTY || kind == DP_MUT_ONE_CHAR || kind == DP_MUT_ENCODED;
}

/* One mutation of field fi with seed; 1 when it kept every protected value whole, 0 when
 * it did not (spans then as they were), -1 on error. */
static int try_mutation(dp_tpl_run *r, tpl_ctx *c, int kind, int fi, uint64_t seed, dp_tpl_mut *m)
{
	dp_mut_info info;
	size_t n0 = r->nspan;
	int broken = 0;

	dp_buf_reset(&r->mutbuf);
	if (dp_mut_apply_info((enum dp_mut_kind)kind, tpl_locale_name(c->loc), r->val[fi].s, r->val[fi].n,
			      seed, &r->mutbuf, &info) != 0 || (!r->mutbuf.data && dp_buf_reserve(&r->mutbuf, 1) != 0))
		return 0;
	if (dp_buf_reserve(&r->span_save, n0 * sizeof *r->span) != 0)
		return dp_err_set(r->err, DP_SOFTWARE, "out of memory"), -1;
	if (n0)
		memcpy(r->span_save.data, r->span, n0 * sizeof *r->span);
	m->at = info.at;
	m->edits = info.edits;
	m->spans_dropped = 0;
	if (follow_spans(r, fi, r->val[fi].s, r->mutbuf.data, r->mutbuf.len, kind == DP_MUT_LONG, &m->spans_dropped) != 0)
		return -1;
	for (size_t i = 0; i < n0 && !removes_values(kind); i++)
		broken |= r->span[i].field < 0 && protected_type(r->span[i].type);
	if (broken) {
		r->nspan = n0;
		if (n0)
			memcpy(r->span, r->span_save.data, n0 * sizeof *r->span);
		return 0;
	}
	drop_dead_spans(r);
	return 1;
}

int tpl_edge_apply(dp_tpl_run *r, tpl_ctx *c)
{
	const dp_tpl *t = r->t;
	long rate = r->o.edge_ppm >= 0 ? r->o.edge_ppm : t->has_edge ? (long)t->edge_ppm : 0;
	dp_rng rng = dp_rng_at(dp_rng_mix2(c->rseed, 0x5f65646765ULL));   /* "_edge" */
	dp_tpl_mut *m = &r->mut[0];
	int kind, fi, rc = 0;

	if (rate <= 0 || !dp_rng_chance(&rng, (uint32_t)rate) || (kind = draw_kind(t, &rng)) < 0 ||
	    (fi = pick_field(r, c, &rng)) < 0)
		return 0;
	memset(m, 0, sizeof *m);
	m->field = fi;
	m->kind = kind;
	dp_buf_reset(&r->mutbuf);
	if (kind >= DP_MUT_COUNT)
		rc = insert_payload(r, c, kind, fi, &rng, m);
	else {
		/* up to 8 draws for an edit that leaves the protected values whole, else none */
		for (int attempt = 0; attempt < 8 && (rc = try_mutation(r, c, kind, fi, dp_rng_next(&rng), m)) == 0; attempt++)
			;
		if (rc <= 0)
			return rc < 0 ? r->err->code : 0;
		rc = 0;
	}
	if (rc)
		return rc;
	r->val[fi].s = r->mutbuf.data;
	r->val[fi].n = r->mutbuf.len;
	r->nmut = 1;
	return 0;
}
