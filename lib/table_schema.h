/* table_schema.h - table schemas for doppel-anon (SPEC section 7): a Frictionless Table
 * Schema (JSON) per CSV/JSONL table whose fields carry doppel: properties, so columns are
 * mapped by declaration and joins survive (notes/anonymization-lessons.md 5.4).
 * Checked by the same rules as schemas/doppel-table-schema.schema.json, plus what a JSON
 * Schema cannot check: unique field names, key fields that exist, foreign keys.
 *
 * Ownership: dp_ts_set_new allocates a set; dp_ts_set_free releases it with every table,
 * field, key and string in it. Every pointer returned by the accessors (tables, fields,
 * their strings, key arrays) belongs to the set and stays valid until dp_ts_set_free;
 * loading more tables does not move existing ones. The caller owns the dp_err.
 *
 * Field properties (unknown non-doppel properties are ignored, as Frictionless allows;
 * an unknown "doppel:" property is an error, to catch typos):
 *   "name"              required, unique in the table, 1..256 bytes
 *   "type"              Frictionless type (string, integer, number, date, ...), default
 *                       "string"
 *   "doppel:type"       entity type id: a built-in id (types.h: "email", "person",
 *                       "kz_iin", ...) or a custom id matching ^[a-z][a-z0-9_]{0,31}$
 *   "doppel:namespace"  ^[A-Za-z][A-Za-z0-9_.-]{0,63}$; fields sharing one namespace share
 *                       tokens. Default: the doppel:type id
 *   "doppel:style"      marker | surrogate | mask | hash | redact | key | keep. "key": a
 *                       numeric or string identifier mapped to a registry number that
 *                       keeps the original's width and digit-ness (integer, string or any
 *                       fields only). Absent: DP_TS_STYLE_DEFAULT (the type's default)
 *   "doppel:label"      marker label ("Client" gives Client_12), ^[A-Za-z][A-Za-z0-9_]{0,31}$;
 *                       only with the marker style (or none)
 *   "doppel:detect"     true: free text, the detectors run inside each value
 *   "doppel:keep"       true: passed unchanged (same as "doppel:style": "keep")
 *   "doppel:dateShift"  "subject" (offset per row subject; the table then needs a
 *                       doppel:subject field) or "dataset" (one offset); date, datetime,
 *                       year, yearmonth, string or any fields only
 *   "doppel:subject"    true on the one field that identifies the row's subject (e.g. the
 *                       customer id), for per-subject date shifts
 * Conflicts are errors: keep with any mapping property (type, namespace, style, label,
 * detect, dateShift); detect with type, namespace, label, style key or subject (a style
 * on a detect field applies to what the detectors find); a style or label with neither
 * type nor namespace, unless detect is true or the field is in a foreign key (it may
 * inherit them).
 * Table properties: "name" (the table name; default: the file's basename without
 * .schema.json or .json), "fields" (required array), "primaryKey" (a field name or an
 * array of them), "foreignKeys" (array of {"fields", "reference": {"resource", "fields"}};
 * a missing or "" resource is this table). Other properties are ignored, doppel: ones
 * are errors.
 *
 * Foreign keys (dp_ts_set_resolve, after every table is loaded): a referencing field takes
 * from the referenced one whatever it does not declare itself - doppel:type, namespace
 * (also replacing a namespace that was only the type's default), style, label, keep and
 * detect - following chains across tables, so customers.id and tickets.customer_id map
 * through one namespace. Declared values that differ (namespaces, types, styles, labels;
 * kept or free text on one side and mapped on the other) are DP_CONFIG, and so is a
 * cycle of fields referencing each other. A reference to a table that is not in the set
 * stays unresolved (dp_ts_fkey.resolved == 0) without error.
 *
 * Errors: DP_CONFIG with err->file and err->line (jansson's line for bad JSON, the line
 * of the offending key otherwise) and a message naming the field:
 *   fields[2] "email": doppel:style must be one of marker, surrogate, ...
 * DP_NOINPUT when a file cannot be read, DP_SOFTWARE when memory runs out. A failed load
 * leaves the set unchanged. Caps: DP_TS_MAX_FILE bytes per schema, DP_TS_MAX_FIELDS
 * fields, DP_TS_MAX_FKEYS foreign keys, DP_TS_MAX_KEY_FIELDS fields per key,
 * DP_TS_MAX_TABLES tables per set, DP_TS_MAX_CHAIN links in a foreign-key chain. */
#ifndef DP_TABLE_SCHEMA_H
#define DP_TABLE_SCHEMA_H

#include <stddef.h>

#include "error.h"

#define DP_TS_MAX_FILE (4u << 20)
#define DP_TS_MAX_FIELDS 2048
#define DP_TS_MAX_FKEYS 256
#define DP_TS_MAX_KEY_FIELDS 32
#define DP_TS_MAX_TABLES 1024
#define DP_TS_MAX_NAME 256      /* bytes in a field, table or resource name */
#define DP_TS_MAX_CHAIN 64

enum dp_ts_style {
	DP_TS_STYLE_DEFAULT = 0,   /* not declared */
	DP_TS_STYLE_MARKER, DP_TS_STYLE_SURROGATE, DP_TS_STYLE_MASK, DP_TS_STYLE_HASH,
	DP_TS_STYLE_REDACT, DP_TS_STYLE_KEY, DP_TS_STYLE_KEEP
};

typedef struct dp_ts_field {
	const char *name;        /* column name */
	const char *type;        /* Frictionless type, "string" when absent */
	const char *dp_type;     /* doppel:type, or NULL */
	const char *ns;          /* doppel:namespace, else the dp_type id, else NULL */
	const char *label;       /* doppel:label, or NULL */
	const char *date_shift;  /* "subject", "dataset", or NULL */
	int style;               /* enum dp_ts_style; DP_TS_STYLE_KEEP whenever keep is 1 */
	int detect, keep, subject;  /* 1 when declared true */
} dp_ts_field;

typedef struct dp_ts_fkey {
	const char **fields;     /* nfields names of this table's fields */
	size_t nfields;
	const char *resource;    /* referenced table; "" for this table */
	const char **ref_fields; /* nfields names in the referenced table */
	int resolved;            /* 1 once dp_ts_set_resolve found the referenced table */
} dp_ts_fkey;

typedef struct dp_ts_table dp_ts_table;   /* one table schema */
typedef struct dp_ts_set dp_ts_set;       /* several, for cross-table foreign keys */

dp_ts_set *dp_ts_set_new(void);           /* NULL when out of memory */
void dp_ts_set_free(dp_ts_set *set);      /* NULL is fine */
/* Loads a schema file. Table name: its "name", else the basename without .schema.json
 * or .json. A name already in the set is DP_CONFIG. */
int dp_ts_set_load_file(dp_ts_set *set, const char *path, dp_err *err);
/* The same for a schema in memory (need not be NUL-terminated); name is the file name
 * used in messages and for the default table name. */
int dp_ts_set_load_buf(dp_ts_set *set, const char *name, const char *buf, size_t len,
                       dp_err *err);
/* Applies foreign keys (see above) to the fields' declared values, so it may be called
 * again after more loads; until it is, fields show what their own schema declares. On
 * error the set may be half resolved: report the error and free the set. */
int dp_ts_set_resolve(dp_ts_set *set, dp_err *err);

size_t dp_ts_set_ntables(const dp_ts_set *set);
const dp_ts_table *dp_ts_set_table_at(const dp_ts_set *set, size_t i);  /* load order */
const dp_ts_table *dp_ts_set_table(const dp_ts_set *set, const char *name); /* or NULL */

const char *dp_ts_table_name(const dp_ts_table *t);
const char *dp_ts_table_file(const dp_ts_table *t);   /* the file it was loaded from */
size_t dp_ts_table_nfields(const dp_ts_table *t);
const dp_ts_field *dp_ts_table_field(const dp_ts_table *t, size_t i);  /* NULL past end */
const dp_ts_field *dp_ts_table_find(const dp_ts_table *t, const char *name); /* or NULL */
/* primaryKey field names (*n of them; NULL and 0 when there is none). */
const char *const *dp_ts_table_primary_key(const dp_ts_table *t, size_t *n);
size_t dp_ts_table_nfkeys(const dp_ts_table *t);
const dp_ts_fkey *dp_ts_table_fkey(const dp_ts_table *t, size_t i);     /* NULL past end */

#endif
