/* fuzz_table_schema.c - libFuzzer target for the table-schema loader (lib/table_schema.c).
 * The input is one or two schemas separated by a NUL byte (JSON cannot contain one),
 * loaded as a.json and b.json next to a fixed "customers" schema, then resolved. Checks:
 * every failure is DP_CONFIG (or DP_SOFTWARE for memory) with a one-line message and a
 * line inside the document it names; a failed load adds no table; loading a schema twice
 * clashes on the table name; after a successful resolve every resolved foreign key joins
 * (the referencing field has the referenced field's namespace, type, style and keep),
 * and resolving again changes nothing. Seeds: tests/fuzz/corpus/table_schema/;
 * dictionary: tests/fuzz/corpus/table_schema.dict. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "error.h"
#include "table_schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char customers[] =
	"{\"name\":\"customers\",\"fields\":[\n"
	"{\"name\":\"id\",\"type\":\"integer\",\"doppel:namespace\":\"customer\","
	"\"doppel:style\":\"key\",\"doppel:subject\":true},\n"
	"{\"name\":\"email\",\"doppel:type\":\"email\",\"doppel:style\":\"surrogate\"},\n"
	"{\"name\":\"who\",\"doppel:type\":\"person\",\"doppel:label\":\"Client\"},\n"
	"{\"name\":\"country\",\"doppel:keep\":true},\n"
	"{\"name\":\"notes\",\"doppel:detect\":true}],\n"
	"\"primaryKey\":[\"id\"]}";

typedef struct doc {
	const char *name, *buf;
	size_t len;
} doc;

static long count_lines(const char *s, size_t n)
{
	long lines = 1;

	for (size_t i = 0; i < n; i++)
		if (s[i] == '\n')
			lines++;
	return lines;
}

static void check_status(int rc, const dp_err *err, const doc *docs, size_t ndocs)
{
	if (rc == DP_OK)
		return;
	if (rc != DP_CONFIG && rc != DP_SOFTWARE)
		abort();
	if (err->code != rc || err->msg[0] == '\0' || strchr(err->msg, '\n'))
		abort();
	if (rc != DP_CONFIG)
		return;
	for (size_t i = 0; i < ndocs; i++)
		if (strcmp(err->file, docs[i].name) == 0) {
			if (err->line < 1 || err->line > count_lines(docs[i].buf, docs[i].len))
				abort();
			return;
		}
	abort();   /* the error names no document */
}

static void load(dp_ts_set *s, const doc *d, const doc *docs, size_t ndocs)
{
	size_t before = dp_ts_set_ntables(s);
	dp_err err;
	int rc;

	dp_err_clear(&err);
	rc = dp_ts_set_load_buf(s, d->name, d->buf, d->len, &err);
	check_status(rc, &err, docs, ndocs);
	if (dp_ts_set_ntables(s) != before + (rc == DP_OK))
		abort();
	if (rc != DP_OK)
		return;
	dp_err_clear(&err);
	if (dp_ts_set_load_buf(s, d->name, d->buf, d->len, &err) != DP_CONFIG
	    || dp_ts_set_ntables(s) != before + 1)
		abort();   /* the same table name again */
}

static void check_field(const dp_ts_table *t, const dp_ts_field *f)
{
	if (!f->name || !f->type || dp_ts_table_find(t, f->name) != f)
		abort();
	if (f->style < DP_TS_STYLE_DEFAULT || f->style > DP_TS_STYLE_KEEP)
		abort();
	if ((f->keep != 0) != (f->style == DP_TS_STYLE_KEEP))
		abort();
	if (f->dp_type && !f->ns)
		abort();   /* the namespace defaults to the type */
}

static int same(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

/* A resolved foreign key joins: the referencing field maps as the referenced one. */
static void check_join(const dp_ts_set *s, const dp_ts_table *t, const dp_ts_fkey *k)
{
	const dp_ts_table *rt = k->resource[0] ? dp_ts_set_table(s, k->resource) : t;

	if (!k->resolved)
		return;
	if (!rt)
		abort();
	for (size_t j = 0; j < k->nfields; j++) {
		const dp_ts_field *f = dp_ts_table_find(t, k->fields[j]);
		const dp_ts_field *r = dp_ts_table_find(rt, k->ref_fields[j]);

		if (!f || !r || (r->keep && !f->keep) || (r->detect && !f->detect))
			abort();
		if ((r->ns && !same(f->ns, r->ns)) || (r->dp_type && !same(f->dp_type, r->dp_type)))
			abort();
		if (r->style != DP_TS_STYLE_DEFAULT && f->style != r->style)
			abort();
	}
}

static void query(const dp_ts_set *s, int resolved)
{
	for (size_t i = 0; i < dp_ts_set_ntables(s); i++) {
		const dp_ts_table *t = dp_ts_set_table_at(s, i);
		const char *const *pk;
		size_t npk;

		if (dp_ts_set_table(s, dp_ts_table_name(t)) != t || !dp_ts_table_file(t))
			abort();
		for (size_t j = 0; j < dp_ts_table_nfields(t); j++)
			check_field(t, dp_ts_table_field(t, j));
		if (dp_ts_table_field(t, dp_ts_table_nfields(t)) != NULL)
			abort();
		pk = dp_ts_table_primary_key(t, &npk);
		for (size_t j = 0; j < npk; j++)
			if (!dp_ts_table_find(t, pk[j]))
				abort();
		for (size_t j = 0; resolved && j < dp_ts_table_nfkeys(t); j++)
			check_join(s, t, dp_ts_table_fkey(t, j));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data, *nul = memchr(buf, '\0', size);
	doc docs[3] = {
		{"customers.json", customers, sizeof customers - 1},
		{"a.json", buf, nul ? (size_t)(nul - buf) : size},
		{"b.json", nul ? nul + 1 : "", nul ? size - (size_t)(nul - buf) - 1 : 0},
	};
	dp_ts_set *s = dp_ts_set_new();
	dp_err err;
	int rc;

	if (!s)
		return 0;
	if (dp_ts_set_load_buf(s, docs[0].name, docs[0].buf, docs[0].len, &err) != DP_OK)
		abort();
	load(s, &docs[1], docs, 3);
	if (nul)
		load(s, &docs[2], docs, 3);
	query(s, 0);
	dp_err_clear(&err);
	rc = dp_ts_set_resolve(s, &err);
	check_status(rc, &err, docs, 3);
	if (rc == DP_OK) {
		query(s, 1);
		if (dp_ts_set_resolve(s, &err) != DP_OK)
			abort();
		query(s, 1);
	}
	dp_ts_set_free(s);
	return 0;
}
