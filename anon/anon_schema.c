/* anon_schema.c - table schemas (--schema, lib/table_schema.h): columns and top-level
 * JSON fields declared with doppel: properties are mapped by declaration, without
 * detection: the whole value is one entity of the declared type in the declared
 * namespace (fields sharing a namespace share tokens, so customers.id and
 * tickets.customer_id still join), in the declared style; "key" maps an identifier to a
 * registry number of the same width; doppel:keep passes the value; doppel:detect runs the
 * detectors as for undeclared fields. */
#include "config.h"

#include <string.h>

#include "anon.h"
#include "anon_internal.h"
#include "dp_exit.h"
#include "genvalue.h"
#include "validate.h"

int anon_schema_load(anon_ctx *c, dp_err *err)
{
	int rc;

	if (!c->o->nschemas)
		return DP_OK;
	if (!(c->ts = dp_ts_set_new()))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	for (size_t i = 0; i < c->o->nschemas; i++)
		if ((rc = dp_ts_set_load_file(c->ts, c->o->schemas[i], err)) != DP_OK)
			return rc;
	if ((rc = dp_ts_set_resolve(c->ts, err)) != DP_OK)
		return rc;
	if (c->o->table && !dp_ts_set_table(c->ts, c->o->table))
		return dp_err_set(err, DP_USAGE, "--table %s: no such table in the schemas",
		                  c->o->table);
	return DP_OK;
}

/* the file name without directories and without .gz, .jsonl, .ndjson, .csv, .txt */
static void base_name(const char *path, char *out, size_t cap)
{
	static const char *const ext[] = {".gz", ".jsonl", ".ndjson", ".csv", ".txt"};
	const char *b = strrchr(path, '/');
	size_t n;

	snprintf(out, cap, "%s", b ? b + 1 : path);
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		n = strlen(out);
		if (n > strlen(ext[i]) && strcmp(out + n - strlen(ext[i]), ext[i]) == 0)
			out[n - strlen(ext[i])] = '\0';
	}
}

void anon_schema_pick(anon_ctx *c, const char *path)
{
	char name[DP_TS_MAX_NAME + 1];

	c->tab = NULL;
	if (!c->ts)
		return;
	if (c->o->table) {
		c->tab = dp_ts_set_table(c->ts, c->o->table);
		return;
	}
	if (path) {
		base_name(path, name, sizeof name);
		c->tab = dp_ts_set_table(c->ts, name);
	}
	if (!c->tab && dp_ts_set_ntables(c->ts) == 1)
		c->tab = dp_ts_set_table_at(c->ts, 0);   /* one schema: it is the table */
}

const dp_ts_field *anon_schema_field(const anon_ctx *c, const char *name)
{
	return c->tab ? dp_ts_table_find(c->tab, name) : NULL;
}

/* anon style of a schema style */
static int style_of(int ts)
{
	switch (ts) {
	case DP_TS_STYLE_MARKER: return ST_MARKER;
	case DP_TS_STYLE_SURROGATE: return ST_SURROGATE;
	case DP_TS_STYLE_MASK: return ST_MASK;
	case DP_TS_STYLE_HASH: return ST_HASH;
	case DP_TS_STYLE_REDACT: return ST_REDACT;
	case DP_TS_STYLE_KEY: return ST_KEY;
	case DP_TS_STYLE_KEEP: return ST_KEEP;
	default: return ST_DEFAULT;
	}
}

/* the detector's type index of an id, or the declared slot */
static int type_slot(const anon_ctx *c, const char *id)
{
	int n = dp_detect_type_count(c->det);

	for (int t = 0; id && t < n; t++)
		if (strcmp(dp_detect_type_id(c->det, t), id) == 0)
			return t;
	return c->declared;
}

/* The canonical form of a declared value into r->norm: the detectors' own (dp_detect_norm),
 * so a declared value and the same value found in free text are one entity; an integer
 * column also drops leading zeros (0042 and 42 are one integer). */
static int canon_declared(anon_rec *r, int type, const dp_ts_field *d, const char *v, size_t n)
{
	if (d->type && (!strcmp(d->type, "integer") || !strcmp(d->type, "number")))
		while (n > 1 && v[0] == '0')
			v++, n--;
	if (type < 0 || type >= DP_T_BUILTIN_COUNT)
		return dp_buf_add(&r->norm, v, n);
	if (dp_buf_reserve(&r->norm, n + 32) < 0)
		return -1;
	r->norm.len += dp_detect_norm(type, v, n, r->norm.data + r->norm.len);
	return 0;
}

int anon_schema_declared(anon_ctx *c, size_t i, dp_err *err)
{
	anon_rec *r = &c->rec;
	anon_str *st = &r->str[i];
	const dp_ts_field *d = st->decl;
	anon_find *f;
	long k;

	if (d->detect)
		return 1;
	if (d->keep || d->style == DP_TS_STYLE_KEEP || (!d->dp_type && !d->ns && !d->date_shift) ||
	    st->len == 0)
		return 0;
	if ((k = anon_rec_add_find(r)) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory"), -1;
	f = &r->find[k];
	f->type = type_slot(c, d->dp_type);
	f->start = 0;
	f->end = st->len;
	f->ns = d->ns ? d->ns : d->dp_type;
	f->style = d->date_shift ? ST_SHIFT : style_of(d->style);
	f->label = d->label;
	f->norm_off = r->norm.len;
	if (canon_declared(r, f->type, d, r->text.data + st->off, st->len) < 0 ||
	    dp_buf_addc(&r->norm, 0) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory"), -1;
	f->norm_len = r->norm.len - f->norm_off - 1;
	return 0;
}

/* ---- date shifts ------------------------------------------------------------------ */

/* n digits at s as a number, -1 when they are not all digits */
static long num_at(const char *s, size_t n)
{
	long v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Parses YYYY-MM-DD... or DD.MM.YYYY / DD/MM/YYYY at the start of s; 1 with the date
 * and whether the year comes first, 0 otherwise. */
static int parse_date(const char *s, size_t n, long *y, long *m, long *d, int *ymd)
{
	if (n >= 10 && s[4] == '-' && s[7] == '-') {
		*ymd = 1;
		*y = num_at(s, 4), *m = num_at(s + 5, 2), *d = num_at(s + 8, 2);
	} else if (n >= 10 && (s[2] == '.' || s[2] == '/') && s[5] == s[2]) {
		*ymd = 0;
		*d = num_at(s, 2), *m = num_at(s + 3, 2), *y = num_at(s + 6, 4);
	} else {
		return 0;
	}
	return *y > 0 && *m >= 1 && *m <= 12 && *d >= 1 && *d <= 31 &&
	       dp_valid_date((int)*y, (int)*m, (int)*d);
}

/* the entity id of the row's subject (its doppel:subject field), or of the dataset */
static void subject_id(anon_ctx *c, const anon_find *f, unsigned char id[DP_EID_BYTES])
{
	const anon_rec *r = &c->rec;
	const anon_str *st = anon_str_of(r, f);

	if (st && st->decl && st->decl->date_shift && !strcmp(st->decl->date_shift, "subject"))
		for (size_t i = 0; i < r->nstr; i++)
			if (r->str[i].decl && r->str[i].decl->subject && r->str[i].nf) {
				const anon_find *s = &r->find[r->str[i].f0];
				dp_eid(&c->ek, s->ns ? s->ns : "subject", r->norm.data + s->norm_off,
				       s->norm_len, id);
				return;
			}
	dp_eid(&c->ek, "dataset", "", 0, id);
}

int anon_put_shift(anon_ctx *c, anon_find *f, dp_err *err)
{
	const char *v = anon_orig_of(&c->rec, f);
	size_t n = f->end - f->start;
	unsigned char id[DP_EID_BYTES];
	long y, m, d;
	int ymd, k, sy, sm, sd;
	char out[64];

	if (!parse_date(v, n, &y, &m, &d, &ymd) || n > 40)
		return anon_put_marker(c, f, err);
	subject_id(c, f, id);
	dp_gv_civil_from_days(dp_gv_days_from_civil((int)y, (int)m, (int)d) +
	                      dp_eid_shift_days(&c->ek, id, ANON_SHIFT_DAYS), &sy, &sm, &sd);
	k = ymd ? snprintf(out, sizeof out, "%04d-%02d-%02d%.*s", sy, sm, sd, (int)(n - 10), v + 10)
	        : snprintf(out, sizeof out, "%02d%c%02d%c%04d%.*s", sd, v[2], sm, v[2], sy,
	                   (int)(n - 10), v + 10);
	return anon_put_rep(c, f, out, (size_t)k, err);
}
