/* table_schema.c - the table schemas of table_schema.h: jansson parses a schema and the
 * checks here validate it into a fresh table, which joins the set only when every check
 * passed. jansson keeps no positions, so the line of an error comes from the json_scan
 * tokenizer, which reports the JSON pointer and raw offset of every key and string. */
#include "config.h"
#include "table_schema.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dp_exit.h"
#include "json_scan.h"
#include "types.h"

#define TS_PREFIX "doppel:"
#define TS_PREFIX_LEN (sizeof TS_PREFIX - 1)
#define TS_PTR_MAX 512    /* JSON pointers built for error lines ("/fields/3/doppel:x") */
#define TS_TYPE_ID_MAX 32
#define TS_NS_MAX 64
#define TS_LABEL_MAX 32

/* A field as declared (decl, which owns the strings) and as resolved (pub, which starts
 * as a copy of decl; resolving points its strings at referenced fields' strings). */
typedef struct ts_field {
	dp_ts_field pub;
	dp_ts_field decl;
	int ns_default;      /* decl.ns is only the default taken from decl.dp_type */
	int ns_weak;         /* pub.ns is that default, so a foreign key may replace it */
	int in_fkey;         /* the field is in one of its table's foreign keys */
	int state;           /* resolving: 0 not yet, 1 in progress, 2 done */
} ts_field;

typedef struct ts_fkey {
	dp_ts_fkey pub;
	size_t nref;         /* entries in pub.ref_fields (== pub.nfields once loaded) */
	long line;           /* of the key in its file */
} ts_fkey;

struct dp_ts_table {
	char *name;
	char *file;
	ts_field *fields;
	size_t nfields;
	const char **pkey;
	size_t npkey;
	ts_fkey *fkeys;
	size_t nfkeys;
};

struct dp_ts_set {
	dp_ts_table **tables;
	size_t n;
};

/* what one load is checking */
typedef struct ts_ctx {
	const char *file;    /* name for messages */
	const char *buf;     /* raw text, for line numbers */
	size_t len;
	dp_err *err;
	dp_ts_table *t;      /* the table being filled */
} ts_ctx;

/* a foreign-key link being resolved: field f of table t references r of table rt */
typedef struct ts_edge {
	const dp_ts_table *t, *rt;
	size_t k;            /* index of the foreign key in t */
	ts_field *f;
	const ts_field *r;
	dp_err *err;
} ts_edge;

static const char *const ts_style_names[] = {
	"(default)", "marker", "surrogate", "mask", "hash", "redact", "key", "keep", NULL
};
static const char *const ts_ftypes[] = {
	"string", "number", "integer", "boolean", "object", "array", "list", "date", "time",
	"datetime", "year", "yearmonth", "duration", "geopoint", "geojson", "any", NULL
};
static const char *const ts_key_types[] = {"integer", "string", "any", NULL};
static const char *const ts_date_types[] = {
	"date", "datetime", "year", "yearmonth", "string", "any", NULL
};
static const char *const ts_shifts[] = {"subject", "dataset", NULL};

/* ---- small helpers ------------------------------------------------------------------- */

/* Index of s in the NULL-terminated list, or -1. */
static int ts_enum(const char *s, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	return -1;
}

/* Writes "a, b, c" for a NULL-terminated list. */
static const char *ts_list_str(const char *const *list, char *o, size_t osz)
{
	size_t n = 0;

	o[0] = '\0';
	for (int i = 0; list[i] && n < osz; i++) {
		int w = snprintf(o + n, osz - n, "%s%s", i ? ", " : "", list[i]);

		if (w < 0)
			break;
		n += (size_t)w;
	}
	return o;
}

static int ts_letter(char ch, int lower)
{
	return (ch >= 'a' && ch <= 'z') || (!lower && ch >= 'A' && ch <= 'Z');
}

/* 1 when s is a letter (lowercase only with lower) then letters, digits, '_' or bytes of
 * extra, max bytes at most. */
static int ts_ident(const char *s, size_t max, int lower, const char *extra)
{
	size_t n = strlen(s);

	if (n == 0 || n > max || !ts_letter(s[0], lower))
		return 0;
	for (size_t i = 1; i < n; i++) {
		char ch = s[i];

		if (!ts_letter(ch, lower) && !(ch >= '0' && ch <= '9') && ch != '_'
		    && !(extra && strchr(extra, ch)))
			return 0;
	}
	return 1;
}

static void ts_free_strv(const char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free((void *)v[i]);
	free(v);
}

static void ts_field_free(ts_field *f)
{
	/* type and date_shift point to static strings; until a field is fully loaded, pub
	 * holds what it owns and decl is empty */
	const dp_ts_field *o = f->decl.name ? &f->decl : &f->pub;

	free((void *)o->name);
	free((void *)o->dp_type);
	free((void *)o->ns);
	free((void *)o->label);
}

static void ts_table_free(dp_ts_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nfields; i++)
		ts_field_free(&t->fields[i]);
	free(t->fields);
	ts_free_strv(t->pkey, t->npkey);
	for (size_t i = 0; i < t->nfkeys; i++) {
		ts_free_strv(t->fkeys[i].pub.fields, t->fkeys[i].pub.nfields);
		ts_free_strv(t->fkeys[i].pub.ref_fields, t->fkeys[i].nref);
		free((void *)t->fkeys[i].pub.resource);
	}
	free(t->fkeys);
	free(t->name);
	free(t->file);
	free(t);
}

/* Index of the field called name, or SIZE_MAX. */
static size_t ts_index(const dp_ts_table *t, const char *name)
{
	for (size_t i = 0; i < t->nfields; i++)
		if (t->fields[i].pub.name && strcmp(t->fields[i].pub.name, name) == 0)
			return i;
	return SIZE_MAX;
}

/* ---- line numbers ---------------------------------------------------------------------- */

typedef struct ts_seek {
	const char *ptr;     /* wanted JSON pointer */
	size_t plen;
	size_t off;          /* raw offset of the first string at or inside it */
} ts_seek;

static int ts_seek_cb(const dp_json_string *s, void *ud)
{
	ts_seek *k = ud;

	if (strncmp(s->pointer, k->ptr, k->plen) != 0
	    || (s->pointer[k->plen] != '\0' && s->pointer[k->plen] != '/'))
		return 0;
	k->off = s->raw_start;
	return 1;
}

static long ts_line_of(const char *buf, size_t len, size_t off)
{
	long line = 1;

	for (size_t i = 0; i < off && i < len; i++)
		if (buf[i] == '\n')
			line++;
	return line;
}

/* The line of what ptr names: its key, or the first string inside it; else of the
 * nearest ancestor that has one; else of the first byte of the document. */
static long ts_line(const ts_ctx *c, const char *ptr)
{
	char p[TS_PTR_MAX];
	dp_json_scanner *js = dp_json_new(c->len + 1);
	size_t off = 0;
	char *slash;

	snprintf(p, sizeof p, "%s", ptr);
	while (js && p[0]) {
		ts_seek k = {p, strlen(p), 0};
		dp_err e;

		if (dp_json_scan(js, c->buf, c->len, ts_seek_cb, &k, &e) == 1) {
			off = k.off;
			break;
		}
		slash = strrchr(p, '/');
		*(slash ? slash : p) = '\0';
	}
	dp_json_free(js);
	while (!p[0] && off < c->len && (c->buf[off] == ' ' || c->buf[off] == '\t'
	                                 || c->buf[off] == '\r' || c->buf[off] == '\n'))
		off++;
	return ts_line_of(c->buf, c->len, off);
}

/* Writes base + "/" + key with '~' and '/' escaped (RFC 6901). A pointer too long for
 * o is cut, which only makes its line fall back to an ancestor's. */
static void ts_ptr_key(char *o, size_t osz, const char *base, const char *key)
{
	size_t n = (size_t)snprintf(o, osz, "%s/", base);

	for (; *key && n + 3 < osz; key++) {
		if (*key == '~' || *key == '/') {
			o[n++] = '~';
			o[n++] = *key == '~' ? '0' : '1';
		} else {
			o[n++] = *key;
		}
	}
	if (n < osz)
		o[n] = '\0';
}

/* ---- errors ------------------------------------------------------------------------------- */

__attribute__((format(printf, 4, 0)))
static int ts_vfail(const ts_ctx *c, const char *ptr, const char *where, const char *fmt,
                    va_list ap)
{
	char what[400];
	long line = ts_line(c, ptr);

	vsnprintf(what, sizeof what, fmt, ap);
	if (where && where[0])
		return dp_err_setf(c->err, DP_CONFIG, c->file, line, "%s: %s", where, what);
	return dp_err_setf(c->err, DP_CONFIG, c->file, line, "%s", what);
}

/* DP_CONFIG at the line of JSON pointer ptr; where ("primaryKey", ...) prefixes the
 * message when not NULL. */
__attribute__((format(printf, 4, 5)))
static int ts_fail(const ts_ctx *c, const char *ptr, const char *where, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = ts_vfail(c, ptr, where, fmt, ap);
	va_end(ap);
	return rc;
}

/* DP_CONFIG about fields[i] (called name when known), at the line of its key prop (or
 * of the field itself when prop is NULL). */
__attribute__((format(printf, 5, 6)))
static int ts_ffail(const ts_ctx *c, size_t i, const char *name, const char *prop,
                    const char *fmt, ...)
{
	char ptr[TS_PTR_MAX], base[40], where[96];
	va_list ap;
	int rc;

	snprintf(base, sizeof base, "/fields/%zu", i);
	if (prop)
		ts_ptr_key(ptr, sizeof ptr, base, prop);
	else
		snprintf(ptr, sizeof ptr, "%s", base);
	if (name)
		snprintf(where, sizeof where, "fields[%zu] \"%.64s\"", i, name);
	else
		snprintf(where, sizeof where, "fields[%zu]", i);
	va_start(ap, fmt);
	rc = ts_vfail(c, ptr, where, fmt, ap);
	va_end(ap);
	return rc;
}

static int ts_oom(const ts_ctx *c)
{
	return dp_err_setf(c->err, DP_SOFTWARE, c->file, 0, "out of memory");
}

/* A name (table, field, resource): 1..DP_TS_MAX_NAME bytes, no control characters. */
static int ts_check_name(const ts_ctx *c, const char *ptr, const char *where, const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return ts_fail(c, ptr, where, "names must not be empty");
	if (n > DP_TS_MAX_NAME)
		return ts_fail(c, ptr, where, "names are at most %d bytes", DP_TS_MAX_NAME);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return ts_fail(c, ptr, where, "names must not contain control characters");
	return 0;
}

/* An unknown doppel: property anywhere but in a field. */
static int ts_no_doppel(const ts_ctx *c, json_t *obj, const char *ptr, const char *where)
{
	const char *key;
	json_t *v;
	char kp[TS_PTR_MAX];

	json_object_foreach(obj, key, v) {
		if (strncmp(key, TS_PREFIX, TS_PREFIX_LEN) != 0)
			continue;
		ts_ptr_key(kp, sizeof kp, ptr, key);
		return ts_fail(c, kp, where, "unknown property \"%.64s\" (doppel: properties "
		               "belong on fields)", key);
	}
	return 0;
}

/* ---- field properties -------------------------------------------------------------------- */

typedef int (*ts_prop_fn)(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v);

static int ts_want_str(const ts_ctx *c, size_t i, const ts_field *f, const char *key,
                       json_t *v)
{
	if (!json_is_string(v))
		return ts_ffail(c, i, f->pub.name, key, "%s must be a string", key);
	return 0;
}

static int ts_want_bool(const ts_ctx *c, size_t i, const ts_field *f, const char *key,
                        json_t *v, int *out)
{
	if (!json_is_boolean(v))
		return ts_ffail(c, i, f->pub.name, key, "%s must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

/* A string property checked by ok(), duplicated into *out. */
static int ts_want_ident(const ts_ctx *c, size_t i, const ts_field *f, const char *key,
                         json_t *v, const char **out, int ok, const char *shape)
{
	int rc = ts_want_str(c, i, f, key, v);

	if (rc)
		return rc;
	if (!ok)
		return ts_ffail(c, i, f->pub.name, key, "%s must match %s", key, shape);
	free((void *)*out);
	if (!(*out = strdup(json_string_value(v))))
		return ts_oom(c);
	return 0;
}

static int ts_p_type(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";
	int ok = dp_type_lookup(s) >= 0 || ts_ident(s, TS_TYPE_ID_MAX, 1, NULL);

	return ts_want_ident(c, i, f, key, v, &f->pub.dp_type, ok,
	                     "a built-in type id (\"email\", \"person\", ...) or a custom one, "
	                     "^[a-z][a-z0-9_]{0,31}$");
}

static int ts_p_namespace(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";

	return ts_want_ident(c, i, f, key, v, &f->pub.ns, ts_ident(s, TS_NS_MAX, 0, ".-"),
	                     "^[A-Za-z][A-Za-z0-9_.-]{0,63}$");
}

static int ts_p_label(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	const char *s = json_is_string(v) ? json_string_value(v) : "";

	return ts_want_ident(c, i, f, key, v, &f->pub.label, ts_ident(s, TS_LABEL_MAX, 0, NULL),
	                     "^[A-Za-z][A-Za-z0-9_]{0,31}$");
}

static int ts_p_style(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	char list[128];
	int rc = ts_want_str(c, i, f, key, v), s;

	if (rc)
		return rc;
	s = ts_enum(json_string_value(v), ts_style_names + 1);
	if (s < 0)
		return ts_ffail(c, i, f->pub.name, key, "%s must be one of %s", key,
		                ts_list_str(ts_style_names + 1, list, sizeof list));
	f->pub.style = s + 1;
	return 0;
}

static int ts_p_date_shift(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	int rc = ts_want_str(c, i, f, key, v), s;

	if (rc)
		return rc;
	s = ts_enum(json_string_value(v), ts_shifts);
	if (s < 0)
		return ts_ffail(c, i, f->pub.name, key, "%s must be \"subject\" or \"dataset\"", key);
	f->pub.date_shift = ts_shifts[s];
	return 0;
}

static int ts_p_detect(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	return ts_want_bool(c, i, f, key, v, &f->pub.detect);
}

static int ts_p_keep(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	return ts_want_bool(c, i, f, key, v, &f->pub.keep);
}

static int ts_p_subject(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	return ts_want_bool(c, i, f, key, v, &f->pub.subject);
}

static const struct {
	const char *key;
	ts_prop_fn fn;
} ts_props[] = {
	{"doppel:type", ts_p_type}, {"doppel:namespace", ts_p_namespace},
	{"doppel:style", ts_p_style}, {"doppel:label", ts_p_label},
	{"doppel:detect", ts_p_detect}, {"doppel:keep", ts_p_keep},
	{"doppel:dateShift", ts_p_date_shift}, {"doppel:subject", ts_p_subject},
	{NULL, NULL}
};

static int ts_field_prop(const ts_ctx *c, size_t i, ts_field *f, const char *key, json_t *v)
{
	for (size_t k = 0; ts_props[k].key; k++)
		if (strcmp(ts_props[k].key, key) == 0)
			return ts_props[k].fn(c, i, f, key, v);
	return ts_ffail(c, i, f->pub.name, key, "unknown property \"%.64s\" (known: "
	                "doppel:type, doppel:namespace, doppel:style, doppel:label, "
	                "doppel:detect, doppel:keep, doppel:dateShift, doppel:subject)", key);
}

/* ---- one field ---------------------------------------------------------------------------- */

static int ts_field_name(const ts_ctx *c, size_t i, json_t *obj, ts_field *f)
{
	json_t *v = json_object_get(obj, "name");
	char ptr[40];
	size_t dup;
	int rc;

	if (!v)
		return ts_ffail(c, i, NULL, NULL, "a field needs a \"name\"");
	if (!json_is_string(v))
		return ts_ffail(c, i, NULL, "name", "\"name\" must be a string");
	snprintf(ptr, sizeof ptr, "/fields/%zu/name", i);
	if ((rc = ts_check_name(c, ptr, "fields", json_string_value(v))) != 0)
		return rc;
	dup = ts_index(c->t, json_string_value(v));
	if (dup != SIZE_MAX)
		return ts_ffail(c, i, json_string_value(v), "name",
		                "duplicate field name (also fields[%zu])", dup);
	if (!(f->pub.name = strdup(json_string_value(v))))
		return ts_oom(c);
	return 0;
}

static int ts_field_type(const ts_ctx *c, size_t i, json_t *obj, ts_field *f)
{
	json_t *v = json_object_get(obj, "type");
	char list[200];
	int k;

	f->pub.type = ts_ftypes[0];
	if (!v)
		return 0;
	k = json_is_string(v) ? ts_enum(json_string_value(v), ts_ftypes) : -1;
	if (k < 0)
		return ts_ffail(c, i, f->pub.name, "type", "\"type\" must be one of %s",
		                ts_list_str(ts_ftypes, list, sizeof list));
	f->pub.type = ts_ftypes[k];
	return 0;
}

/* keep: nothing else may say how to map the field */
static int ts_check_keep(const ts_ctx *c, size_t i, json_t *obj, const ts_field *f)
{
	const dp_ts_field *p = &f->pub;
	const char *what = json_is_true(json_object_get(obj, "doppel:keep"))
	                   ? "doppel:keep" : "doppel:style \"keep\"";
	const char *other = p->dp_type ? "doppel:type" : p->ns ? "doppel:namespace"
	                    : p->label ? "doppel:label" : p->detect ? "doppel:detect"
	                    : p->date_shift ? "doppel:dateShift"
	                    : (p->style != DP_TS_STYLE_DEFAULT && p->style != DP_TS_STYLE_KEEP)
	                    ? "doppel:style" : NULL;

	if (!other)
		return 0;
	return ts_ffail(c, i, p->name, other, "%s conflicts with %s", what, other);
}

/* detect: free text holds many entities, so no single type, namespace or key */
static int ts_check_detect(const ts_ctx *c, size_t i, const ts_field *f)
{
	const dp_ts_field *p = &f->pub;
	const char *other = p->dp_type ? "doppel:type" : p->ns ? "doppel:namespace"
	                    : p->label ? "doppel:label" : p->subject ? "doppel:subject"
	                    : p->style == DP_TS_STYLE_KEY ? "doppel:style" : NULL;

	if (!other)
		return 0;
	return ts_ffail(c, i, p->name, other, "doppel:detect conflicts with %s%s", other,
	                p->style == DP_TS_STYLE_KEY && !strcmp(other, "doppel:style")
	                ? " \"key\"" : "");
}

/* what fits the Frictionless type */
static int ts_check_fit(const ts_ctx *c, size_t i, const ts_field *f)
{
	const dp_ts_field *p = &f->pub;

	if (p->label && p->style != DP_TS_STYLE_DEFAULT && p->style != DP_TS_STYLE_MARKER)
		return ts_ffail(c, i, p->name, "doppel:label",
		                "doppel:label needs the marker style, not \"%s\"",
		                ts_style_names[p->style]);
	if (p->style == DP_TS_STYLE_KEY && ts_enum(p->type, ts_key_types) < 0)
		return ts_ffail(c, i, p->name, "doppel:style", "doppel:style \"key\" needs an "
		                "integer, string or any field, not %s", p->type);
	if (p->date_shift && ts_enum(p->type, ts_date_types) < 0)
		return ts_ffail(c, i, p->name, "doppel:dateShift", "doppel:dateShift needs a date, "
		                "datetime, year, yearmonth, string or any field, not %s", p->type);
	return 0;
}

static int ts_field_check(const ts_ctx *c, size_t i, json_t *obj, ts_field *f)
{
	dp_ts_field *p = &f->pub;
	int rc;

	if (p->style == DP_TS_STYLE_KEEP)
		p->keep = 1;
	if (p->keep && (rc = ts_check_keep(c, i, obj, f)) != 0)
		return rc;
	if (p->keep)
		p->style = DP_TS_STYLE_KEEP;
	if (p->detect && (rc = ts_check_detect(c, i, f)) != 0)
		return rc;
	if ((rc = ts_check_fit(c, i, f)) != 0)
		return rc;
	if (!p->ns && p->dp_type) {
		if (!(p->ns = strdup(p->dp_type)))
			return ts_oom(c);
		f->ns_default = f->ns_weak = 1;
	}
	f->decl = *p;
	return 0;
}

static int ts_load_field(const ts_ctx *c, size_t i, json_t *obj)
{
	ts_field *f = &c->t->fields[i];
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(obj))
		return ts_ffail(c, i, NULL, NULL, "a field must be a JSON object");
	if ((rc = ts_field_name(c, i, obj, f)) != 0 || (rc = ts_field_type(c, i, obj, f)) != 0)
		return rc;
	json_object_foreach(obj, key, v) {
		if (strncmp(key, TS_PREFIX, TS_PREFIX_LEN) == 0
		    && (rc = ts_field_prop(c, i, f, key, v)) != 0)
			return rc;
	}
	return ts_field_check(c, i, obj, f);
}

static int ts_fields(const ts_ctx *c, json_t *v)
{
	dp_ts_table *t = c->t;
	size_t i, n;
	json_t *e;
	int rc;

	if (!v)
		return ts_fail(c, "", NULL, "\"fields\" is missing: a table schema lists its fields");
	if (!json_is_array(v))
		return ts_fail(c, "/fields", NULL, "\"fields\" must be an array of field objects");
	if ((n = json_array_size(v)) > DP_TS_MAX_FIELDS)
		return ts_fail(c, "/fields", NULL, "more than %d fields", DP_TS_MAX_FIELDS);
	if (n && !(t->fields = calloc(n, sizeof *t->fields)))
		return ts_oom(c);
	json_array_foreach(v, i, e) {
		t->nfields = i + 1;
		if ((rc = ts_load_field(c, i, e)) != 0)
			return rc;
	}
	return 0;
}

/* ---- keys ----------------------------------------------------------------------------------- */

/* The pointer of element k of a name list (v itself when it is a single string). */
static void ts_elem_ptr(char *o, size_t osz, const char *base, json_t *v, size_t k)
{
	if (json_is_array(v))
		snprintf(o, osz, "%s/%zu", base, k);
	else
		snprintf(o, osz, "%s", base);
}

/* A field name or a non-empty array of them (at most DP_TS_MAX_KEY_FIELDS, no repeats)
 * into *out (*n entries, filled as they are checked so the table frees a partial list). */
static int ts_names(const ts_ctx *c, const char *ptr, const char *where, json_t *v,
                    const char ***out, size_t *n)
{
	size_t m = json_is_array(v) ? json_array_size(v) : 1;
	char ep[TS_PTR_MAX];
	int rc;

	if (!json_is_string(v) && !(json_is_array(v) && m > 0))
		return ts_fail(c, ptr, where, "expected a field name or a non-empty array of them");
	if (m > DP_TS_MAX_KEY_FIELDS)
		return ts_fail(c, ptr, where, "more than %d fields in a key", DP_TS_MAX_KEY_FIELDS);
	if (!(*out = calloc(m, sizeof **out)))
		return ts_oom(c);
	for (size_t k = 0; k < m; k++) {
		json_t *e = json_is_array(v) ? json_array_get(v, k) : v;

		ts_elem_ptr(ep, sizeof ep, ptr, v, k);
		if (!json_is_string(e))
			return ts_fail(c, ep, where, "field names are strings");
		if ((rc = ts_check_name(c, ep, where, json_string_value(e))) != 0)
			return rc;
		for (size_t j = 0; j < k; j++)
			if (strcmp((*out)[j], json_string_value(e)) == 0)
				return ts_fail(c, ep, where, "\"%.64s\" is listed twice", (*out)[j]);
		if (!((*out)[k] = strdup(json_string_value(e))))
			return ts_oom(c);
		*n = k + 1;
	}
	return 0;
}

/* Every name in the list is a field of the table being loaded. */
static int ts_names_exist(const ts_ctx *c, const char *ptr, const char *where, json_t *v,
                          const char **names, size_t n, const char *what)
{
	char ep[TS_PTR_MAX];

	for (size_t k = 0; k < n; k++) {
		if (ts_index(c->t, names[k]) != SIZE_MAX)
			continue;
		ts_elem_ptr(ep, sizeof ep, ptr, v, k);
		return ts_fail(c, ep, where, "%s has no field \"%.64s\"", what, names[k]);
	}
	return 0;
}

static int ts_primary_key(const ts_ctx *c, json_t *v)
{
	dp_ts_table *t = c->t;
	int rc;

	if (!v)
		return 0;
	if ((rc = ts_names(c, "/primaryKey", "primaryKey", v, &t->pkey, &t->npkey)) != 0)
		return rc;
	return ts_names_exist(c, "/primaryKey", "primaryKey", v, t->pkey, t->npkey,
	                      "this table");
}

/* reference: {"resource": name ("" or absent: this table), "fields": names} */
static int ts_fkey_ref(const ts_ctx *c, const char *ptr, const char *where, json_t *ref,
                       ts_fkey *k)
{
	json_t *res = json_object_get(ref, "resource");
	char rp[TS_PTR_MAX];
	int rc;

	snprintf(rp, sizeof rp, "%s/reference", ptr);
	if (res && !json_is_string(res))
		return ts_fail(c, rp, where, "reference.resource must be a string");
	if (res && json_string_length(res) > 0
	    && (rc = ts_check_name(c, rp, where, json_string_value(res))) != 0)
		return rc;
	if (!(k->pub.resource = strdup(res ? json_string_value(res) : "")))
		return ts_oom(c);
	if ((rc = ts_no_doppel(c, ref, rp, where)) != 0)
		return rc;
	if (!json_object_get(ref, "fields"))
		return ts_fail(c, rp, where, "reference.fields is missing");
	snprintf(rp, sizeof rp, "%s/reference/fields", ptr);
	return ts_names(c, rp, where, json_object_get(ref, "fields"), &k->pub.ref_fields,
	                &k->nref);
}

static int ts_load_fkey(const ts_ctx *c, size_t i, json_t *e)
{
	ts_fkey *k = &c->t->fkeys[i];
	char ptr[40], where[40], fp[60], rp[80];
	json_t *ref = json_is_object(e) ? json_object_get(e, "reference") : NULL;
	int rc;

	snprintf(ptr, sizeof ptr, "/foreignKeys/%zu", i);
	snprintf(where, sizeof where, "foreignKeys[%zu]", i);
	snprintf(fp, sizeof fp, "%s/fields", ptr);
	snprintf(rp, sizeof rp, "%s/reference/fields", ptr);
	if (!json_is_object(e))
		return ts_fail(c, ptr, where, "a foreign key must be a JSON object");
	if ((rc = ts_no_doppel(c, e, ptr, where)) != 0)
		return rc;
	if (!json_object_get(e, "fields") || !json_is_object(ref))
		return ts_fail(c, ptr, where, "a foreign key needs \"fields\" and a \"reference\" "
		               "object");
	if ((rc = ts_names(c, fp, where, json_object_get(e, "fields"), &k->pub.fields,
	                   &k->pub.nfields)) != 0
	    || (rc = ts_names_exist(c, fp, where, json_object_get(e, "fields"), k->pub.fields,
	                            k->pub.nfields, "this table")) != 0
	    || (rc = ts_fkey_ref(c, ptr, where, ref, k)) != 0)
		return rc;
	if (k->nref != k->pub.nfields)
		return ts_fail(c, rp, where, "the reference names %zu fields, the key %zu",
		               k->nref, k->pub.nfields);
	if (!k->pub.resource[0])
		return ts_names_exist(c, rp, where, json_object_get(ref, "fields"),
		                      k->pub.ref_fields, k->nref, "this table");
	return 0;
}

/* The line of each foreign key, kept for errors found when resolving. */
typedef struct ts_fkline {
	dp_ts_table *t;
	const char *buf;
	size_t pos;
	long line;
} ts_fkline;

static int ts_fkline_cb(const dp_json_string *s, void *ud)
{
	static const char pre[] = "/foreignKeys/";
	ts_fkline *l = ud;
	const char *p;
	size_t k = 0;

	for (; l->pos < s->raw_start; l->pos++)
		l->line += l->buf[l->pos] == '\n';
	if (strncmp(s->pointer, pre, sizeof pre - 1) != 0)
		return 0;
	p = s->pointer + sizeof pre - 1;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	for (; *p >= '0' && *p <= '9' && k < l->t->nfkeys; p++)
		k = k * 10 + (size_t)(*p - '0');
	if ((*p == '\0' || *p == '/') && k < l->t->nfkeys && l->t->fkeys[k].line == 0)
		l->t->fkeys[k].line = l->line;
	return 0;
}

static void ts_fkey_lines(const ts_ctx *c)
{
	ts_fkline l = {c->t, c->buf, 0, 1};
	dp_json_scanner *js = dp_json_new(c->len + 1);
	dp_err e;

	if (js)
		(void)dp_json_scan(js, c->buf, c->len, ts_fkline_cb, &l, &e);
	dp_json_free(js);
	for (size_t k = 0; k < c->t->nfkeys; k++)
		if (c->t->fkeys[k].line == 0)
			c->t->fkeys[k].line = ts_line(c, "/foreignKeys");
}

static int ts_fkeys(const ts_ctx *c, json_t *v)
{
	dp_ts_table *t = c->t;
	size_t i, n;
	json_t *e;
	int rc;

	if (!v)
		return 0;
	if (!json_is_array(v))
		return ts_fail(c, "/foreignKeys", NULL, "\"foreignKeys\" must be an array");
	if ((n = json_array_size(v)) > DP_TS_MAX_FKEYS)
		return ts_fail(c, "/foreignKeys", NULL, "more than %d foreign keys", DP_TS_MAX_FKEYS);
	if (n && !(t->fkeys = calloc(n, sizeof *t->fkeys)))
		return ts_oom(c);
	json_array_foreach(v, i, e) {
		t->nfkeys = i + 1;
		if ((rc = ts_load_fkey(c, i, e)) != 0)
			return rc;
		for (size_t j = 0; j < t->fkeys[i].pub.nfields; j++)
			t->fields[ts_index(t, t->fkeys[i].pub.fields[j])].in_fkey = 1;
	}
	if (n)
		ts_fkey_lines(c);
	return 0;
}

/* ---- the table ------------------------------------------------------------------------------- */

/* Checks that need every field: one subject, dateShift "subject" has one, and a style or
 * label has a namespace (its own, from its type, or from a foreign key) unless it is for
 * what the detectors find in free text. */
static int ts_check_table(const ts_ctx *c)
{
	const dp_ts_table *t = c->t;
	size_t subject = SIZE_MAX;

	for (size_t i = 0; i < t->nfields; i++) {
		const dp_ts_field *p = &t->fields[i].pub;

		if (p->subject && subject != SIZE_MAX)
			return ts_ffail(c, i, p->name, "doppel:subject", "doppel:subject is already on "
			                "fields[%zu]; a table has one subject field", subject);
		if (p->subject)
			subject = i;
	}
	for (size_t i = 0; i < t->nfields; i++) {
		const ts_field *f = &t->fields[i];
		const dp_ts_field *p = &f->pub;
		int styled = p->style != DP_TS_STYLE_DEFAULT && p->style != DP_TS_STYLE_KEEP;

		if (p->date_shift == ts_shifts[0] && subject == SIZE_MAX)
			return ts_ffail(c, i, p->name, "doppel:dateShift", "doppel:dateShift \"subject\" "
			                "needs a field with doppel:subject true");
		if ((styled || p->label) && !p->ns && !p->detect && !f->in_fkey)
			return ts_ffail(c, i, p->name, styled ? "doppel:style" : "doppel:label",
			                "%s needs doppel:type or doppel:namespace",
			                styled ? "doppel:style" : "doppel:label");
	}
	return 0;
}

/* The table's name: "name", else the file's basename without .schema.json or .json. */
static int ts_table_name(const ts_ctx *c, json_t *root)
{
	json_t *v = json_object_get(root, "name");
	const char *base = strrchr(c->file, '/');
	size_t n;
	int rc;

	if (v && !json_is_string(v))
		return ts_fail(c, "/name", NULL, "\"name\" must be a string");
	if (v && (rc = ts_check_name(c, "/name", NULL, json_string_value(v))) != 0)
		return rc;
	if (v)
		return (c->t->name = strdup(json_string_value(v))) ? 0 : ts_oom(c);
	base = base ? base + 1 : c->file;
	n = strlen(base);
	if (n > 12 && strcmp(base + n - 12, ".schema.json") == 0)
		n -= 12;
	else if (n > 5 && strcmp(base + n - 5, ".json") == 0)
		n -= 5;
	if (!(c->t->name = strndup(base, n)))
		return ts_oom(c);
	return ts_check_name(c, "", "the table name from the file name (set \"name\")",
	                     c->t->name);
}

static int ts_load_root(const ts_ctx *c, json_t *root)
{
	int rc;

	if (!json_is_object(root))
		return ts_fail(c, "", NULL, "a table schema must be a JSON object");
	if ((rc = ts_no_doppel(c, root, "", NULL)) != 0
	    || (rc = ts_table_name(c, root)) != 0
	    || (rc = ts_fields(c, json_object_get(root, "fields"))) != 0
	    || (rc = ts_primary_key(c, json_object_get(root, "primaryKey"))) != 0
	    || (rc = ts_fkeys(c, json_object_get(root, "foreignKeys"))) != 0)
		return rc;
	return ts_check_table(c);
}

/* ---- the set ---------------------------------------------------------------------------------- */

dp_ts_set *dp_ts_set_new(void)
{
	return calloc(1, sizeof(dp_ts_set));
}

void dp_ts_set_free(dp_ts_set *set)
{
	if (!set)
		return;
	for (size_t i = 0; i < set->n; i++)
		ts_table_free(set->tables[i]);
	free(set->tables);
	free(set);
}

static int ts_add(const ts_ctx *c, dp_ts_set *set)
{
	const dp_ts_table *old = dp_ts_set_table(set, c->t->name);
	dp_ts_table **nt;

	if (old)
		return ts_fail(c, "/name", NULL, "a table named \"%.64s\" is already loaded (from "
		               "%.200s)", old->name, old->file);
	if (!(nt = realloc(set->tables, (set->n + 1) * sizeof *nt)))
		return ts_oom(c);
	set->tables = nt;
	set->tables[set->n++] = c->t;
	return 0;
}

int dp_ts_set_load_buf(dp_ts_set *set, const char *name, const char *buf, size_t len,
                       dp_err *err)
{
	ts_ctx c = {name ? name : "(table schema)", buf, len, err, NULL};
	json_error_t jerr;
	json_t *root;
	int rc;

	if (len > DP_TS_MAX_FILE)
		return dp_err_setf(err, DP_CONFIG, c.file, 0, "table schema is larger than %u MiB",
		                   DP_TS_MAX_FILE >> 20);
	if (set->n >= DP_TS_MAX_TABLES)
		return dp_err_setf(err, DP_CONFIG, c.file, 0, "more than %d table schemas",
		                   DP_TS_MAX_TABLES);
	if (!(root = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &jerr)))
		return dp_err_setf(err, DP_CONFIG, c.file, jerr.line > 0 ? jerr.line : 1,
		                   "invalid JSON: %s", jerr.text);
	if (!(c.t = calloc(1, sizeof *c.t)) || !(c.t->file = strdup(c.file)))
		rc = ts_oom(&c);
	else if ((rc = ts_load_root(&c, root)) == 0)
		rc = ts_add(&c, set);
	if (rc)
		ts_table_free(c.t);
	json_decref(root);
	return rc;
}

static int ts_too_large(const char *path, dp_err *err)
{
	return dp_err_setf(err, DP_CONFIG, path, 0, "table schema is larger than %u MiB",
	                   DP_TS_MAX_FILE >> 20);
}

/* Reads f whole (at most DP_TS_MAX_FILE bytes) into *buf (malloc'd). */
static int ts_read(FILE *f, const char *path, char **buf, size_t *len, dp_err *err)
{
	size_t n = 0, cap = 0, got = 1;
	char *b = NULL, *nb;

	while (got > 0) {
		if (n == cap) {
			cap = cap ? cap * 2 : 4096;
			if (n > DP_TS_MAX_FILE || !(nb = realloc(b, cap))) {
				free(b);
				return n > DP_TS_MAX_FILE ? ts_too_large(path, err)
				       : dp_err_setf(err, DP_SOFTWARE, path, 0, "out of memory");
			}
			b = nb;
		}
		n += got = fread(b + n, 1, cap - n, f);
	}
	if (ferror(f)) {
		int e = errno;

		free(b);
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot read: %s", strerror(e));
	}
	if (n > DP_TS_MAX_FILE) {
		free(b);
		return ts_too_large(path, err);
	}
	*buf = b;
	*len = n;
	return 0;
}

int dp_ts_set_load_file(dp_ts_set *set, const char *path, dp_err *err)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!f)
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fileno(f), &st) != 0)
		st.st_mode = 0;
	if (S_ISDIR(st.st_mode))
		rc = dp_err_setf(err, DP_NOINPUT, path, 0, "cannot read: is a directory");
	else if (S_ISREG(st.st_mode) && st.st_size > (off_t)DP_TS_MAX_FILE)
		rc = ts_too_large(path, err);
	else
		rc = ts_read(f, path, &buf, &len, err);
	fclose(f);
	if (rc == 0)
		rc = dp_ts_set_load_buf(set, path, buf, len, err);
	free(buf);
	return rc;
}

/* ---- foreign keys -------------------------------------------------------------------------------- */

static dp_ts_table *ts_target(const dp_ts_set *set, dp_ts_table *t, const ts_fkey *k)
{
	return k->pub.resource[0] ? (dp_ts_table *)dp_ts_set_table(set, k->pub.resource) : t;
}

__attribute__((format(printf, 2, 3)))
static int ts_efail(const ts_edge *e, const char *fmt, ...)
{
	char what[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	return dp_err_setf(e->err, DP_CONFIG, e->t->file, e->t->fkeys[e->k].line,
	                   "foreignKeys[%zu]: \"%.64s\" -> %.64s.%.64s: %s", e->k,
	                   e->f->pub.name, e->rt->name, e->r->pub.name, what);
}

/* A string property: taken when unset (or only a default), else it must agree. The
 * referenced field's string outlives this one's use of it: both belong to the set. */
static int ts_merge_str(const ts_edge *e, const char *prop, const char **mine, int *weak,
                        const char *theirs)
{
	if (!theirs)
		return 0;
	if (*mine && !*weak && strcmp(*mine, theirs) != 0)
		return ts_efail(e, "%s differs (\"%.64s\" here, \"%.64s\" there)", prop, *mine,
		                theirs);
	*mine = theirs;
	*weak = 0;
	return 0;
}

/* 1 when the field is mapped to tokens: a type, namespace, style or label */
static int ts_mapped(const dp_ts_field *p)
{
	return p->dp_type || p->ns || p->label
	       || (p->style != DP_TS_STYLE_DEFAULT && p->style != DP_TS_STYLE_KEEP);
}

static const char *ts_role(const dp_ts_field *p)
{
	return p->keep ? "kept unchanged" : p->detect ? "free text (doppel:detect)"
	       : ts_mapped(p) ? "mapped" : "undeclared";
}

/* keep and detect must be the same on both sides, or unset on the referencing one */
static int ts_merge_role(const ts_edge *e)
{
	dp_ts_field *f = &e->f->pub;
	const dp_ts_field *r = &e->r->pub;
	int fm = ts_mapped(f), rm = ts_mapped(r);

	if ((f->keep && (rm || r->detect)) || (r->keep && (fm || f->detect))
	    || (f->detect && rm) || (r->detect && fm))
		return ts_efail(e, "%s here but %s there; the join would break", ts_role(f),
		                ts_role(r));
	if (r->keep) {
		f->keep = 1;
		f->style = DP_TS_STYLE_KEEP;
	}
	f->detect |= r->detect;
	return 0;
}

static int ts_merge(const ts_edge *e)
{
	dp_ts_field *f = &e->f->pub;
	const dp_ts_field *r = &e->r->pub;
	int strong = 0, rc;   /* declared type and label are never only defaults */

	if ((rc = ts_merge_role(e)) != 0
	    || (rc = ts_merge_str(e, "doppel:type", &f->dp_type, &strong, r->dp_type)) != 0
	    || (rc = ts_merge_str(e, "doppel:namespace", &f->ns, &e->f->ns_weak, r->ns)) != 0
	    || (rc = ts_merge_str(e, "doppel:label", &f->label, &strong, r->label)) != 0)
		return rc;
	if (r->style != DP_TS_STYLE_DEFAULT && f->style != DP_TS_STYLE_DEFAULT
	    && r->style != f->style)
		return ts_efail(e, "doppel:style differs (\"%s\" here, \"%s\" there)",
		                ts_style_names[f->style], ts_style_names[r->style]);
	if (f->style == DP_TS_STYLE_DEFAULT)
		f->style = r->style;
	if (f->label && !r->label && ts_mapped(r))
		return ts_efail(e, "doppel:label differs (\"%.64s\" here, none there)", f->label);
	if (f->label && f->style != DP_TS_STYLE_DEFAULT && f->style != DP_TS_STYLE_MARKER)
		return ts_efail(e, "doppel:style \"%s\" comes from there, and takes no doppel:label",
		                ts_style_names[f->style]);
	return 0;
}

static int ts_resolve_field(const dp_ts_set *set, dp_ts_table *t, size_t fi, int depth,
                            dp_err *err);

/* Follows reference j of foreign key k of t from field fi. */
static int ts_follow(const dp_ts_set *set, dp_ts_table *t, size_t k, size_t j, size_t fi,
                     int depth, dp_err *err)
{
	ts_fkey *fk = &t->fkeys[k];
	dp_ts_table *rt = ts_target(set, t, fk);
	size_t ri;
	ts_edge e = {t, rt, k, &t->fields[fi], NULL, err};
	int rc;

	if (!rt)
		return 0;
	ri = ts_index(rt, fk->pub.ref_fields[j]);
	e.r = &rt->fields[ri];
	if (rt->fields[ri].state == 1)
		return ts_efail(&e, "the foreign keys form a cycle");
	if (depth >= DP_TS_MAX_CHAIN)
		return ts_efail(&e, "a chain of more than %d foreign keys", DP_TS_MAX_CHAIN);
	if ((rc = ts_resolve_field(set, rt, ri, depth + 1, err)) != 0)
		return rc;
	return ts_merge(&e);
}

static int ts_resolve_field(const dp_ts_set *set, dp_ts_table *t, size_t fi, int depth,
                            dp_err *err)
{
	ts_field *f = &t->fields[fi];
	int rc;

	if (f->state == 2 || !f->in_fkey) {
		f->state = 2;
		return 0;
	}
	f->state = 1;
	for (size_t k = 0; k < t->nfkeys; k++)
		for (size_t j = 0; j < t->fkeys[k].pub.nfields; j++)
			if (strcmp(t->fkeys[k].pub.fields[j], f->pub.name) == 0
			    && (rc = ts_follow(set, t, k, j, fi, depth, err)) != 0)
				return rc;
	f->state = 2;
	return 0;
}

/* Marks the foreign keys whose table is in the set; their fields must exist there. */
static int ts_targets(const dp_ts_set *set, dp_ts_table *t, dp_err *err)
{
	for (size_t k = 0; k < t->nfkeys; k++) {
		ts_fkey *fk = &t->fkeys[k];
		const dp_ts_table *rt = ts_target(set, t, fk);

		fk->pub.resolved = rt != NULL;
		for (size_t j = 0; rt && j < fk->nref; j++)
			if (ts_index(rt, fk->pub.ref_fields[j]) == SIZE_MAX)
				return dp_err_setf(err, DP_CONFIG, t->file, fk->line, "foreignKeys[%zu]: "
				                   "table \"%.64s\" has no field \"%.64s\"", k, rt->name,
				                   fk->pub.ref_fields[j]);
	}
	return 0;
}

int dp_ts_set_resolve(dp_ts_set *set, dp_err *err)
{
	int rc;

	for (size_t i = 0; i < set->n; i++) {
		for (size_t j = 0; j < set->tables[i]->nfields; j++) {
			ts_field *f = &set->tables[i]->fields[j];

			f->pub = f->decl;   /* from scratch, so tables loaded since count */
			f->ns_weak = f->ns_default;
			f->state = 0;
		}
		if ((rc = ts_targets(set, set->tables[i], err)) != 0)
			return rc;
	}
	for (size_t i = 0; i < set->n; i++)
		for (size_t j = 0; j < set->tables[i]->nfields; j++)
			if ((rc = ts_resolve_field(set, set->tables[i], j, 0, err)) != 0)
				return rc;
	return 0;
}

/* ---- accessors ------------------------------------------------------------------------------------ */

size_t dp_ts_set_ntables(const dp_ts_set *set)
{
	return set ? set->n : 0;
}

const dp_ts_table *dp_ts_set_table_at(const dp_ts_set *set, size_t i)
{
	return set && i < set->n ? set->tables[i] : NULL;
}

const dp_ts_table *dp_ts_set_table(const dp_ts_set *set, const char *name)
{
	for (size_t i = 0; set && name && i < set->n; i++)
		if (strcmp(set->tables[i]->name, name) == 0)
			return set->tables[i];
	return NULL;
}

const char *dp_ts_table_name(const dp_ts_table *t)
{
	return t->name;
}

const char *dp_ts_table_file(const dp_ts_table *t)
{
	return t->file;
}

size_t dp_ts_table_nfields(const dp_ts_table *t)
{
	return t->nfields;
}

const dp_ts_field *dp_ts_table_field(const dp_ts_table *t, size_t i)
{
	return i < t->nfields ? &t->fields[i].pub : NULL;
}

const dp_ts_field *dp_ts_table_find(const dp_ts_table *t, const char *name)
{
	size_t i = name ? ts_index(t, name) : SIZE_MAX;

	return i == SIZE_MAX ? NULL : &t->fields[i].pub;
}

const char *const *dp_ts_table_primary_key(const dp_ts_table *t, size_t *n)
{
	*n = t->npkey;
	return t->npkey ? (const char *const *)t->pkey : NULL;
}

size_t dp_ts_table_nfkeys(const dp_ts_table *t)
{
	return t->nfkeys;
}

const dp_ts_fkey *dp_ts_table_fkey(const dp_ts_table *t, size_t i)
{
	return i < t->nfkeys ? &t->fkeys[i].pub : NULL;
}
