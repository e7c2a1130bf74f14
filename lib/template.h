/* template.h - doppel templates: the language of doppel-template(5), compiled once
 * (dp_tpl_load/dp_tpl_parse: syntax, references, cycles and arguments checked, errors as
 * FILE:LINE:COL), then run as a pure function of (template, data packs, seed, table, record
 * index) by dp_tpl_generate: any record can be made on its own, so shards concatenate to
 * the single run byte for byte.
 * Ownership: dp_tpl_parse/dp_tpl_load allocate a dp_tpl the caller frees with dp_tpl_free
 * (after every run made from it). dp_tpl_run_new allocates a run the caller frees with
 * dp_tpl_run_free; it points at the template and the packs (not copied). The record a
 * dp_tpl_generate fills points into the run and is valid until the next call on that run.
 * A run is not thread-safe; make one per thread. Nothing prints. */
#ifndef DP_TEMPLATE_H
#define DP_TEMPLATE_H

#include <stddef.h>
#include <stdint.h>

#include "datapack.h"
#include "error.h"
#include "mutate.h"

#define DP_TPL_FILE_MAX ((size_t)4 << 20)    /* bytes in one template file */
#define DP_TPL_VALUE_MAX ((size_t)16 << 20)  /* bytes in one generated value */
#define DP_TPL_EDGE_INJECT DP_MUT_COUNT           /* "inject": the template's <_inject> */
#define DP_TPL_EDGE_EXFIL (DP_MUT_COUNT + 1)      /* "exfiltrate": its <_exfiltrate> */
#define DP_TPL_EDGE_KINDS (DP_MUT_COUNT + 2)

typedef struct dp_tpl dp_tpl;
typedef struct dp_tpl_run dp_tpl_run;

/* Compiles buf[0..len); path names the file in errors and is where @include looks.
 * DP_OK, DP_DATAERR (syntax or reference error, FILE:LINE in err, column in the message),
 * DP_NOINPUT (an include missing) or DP_SOFTWARE (out of memory). */
int dp_tpl_parse(const char *path, const char *buf, size_t len, dp_tpl **out, dp_err *err);
/* Reads and compiles a file (DP_NOINPUT when unreadable, DP_DATAERR when over the cap). */
int dp_tpl_load(const char *path, dp_tpl **out, dp_err *err);
void dp_tpl_free(dp_tpl *t);

const char *dp_tpl_name(const dp_tpl *t);
const char *dp_tpl_description(const dp_tpl *t);
const char *dp_tpl_path(const dp_tpl *t);   /* the main file as given to dp_tpl_load */
/* SHA-256 of the template's files as read (main file, then includes in order). */
const unsigned char *dp_tpl_sha256(const dp_tpl *t);
int dp_tpl_ntables(const dp_tpl *t);
const char *dp_tpl_table_name(const dp_tpl *t, int table);
int dp_tpl_table_lookup(const dp_tpl *t, const char *name);    /* index or -1 */
int dp_tpl_nemit(const dp_tpl *t, int table);
const char *dp_tpl_emit_name(const dp_tpl *t, int table, int i);
/* The locales (bit 0 en, 1 ru, 2 kk) whose data packs a run needs: 0 when the template
 * makes no $person; else the mix (w: en, ru, kk weights of --locale, or NULL for the
 * template's @locales), the locale= of any $person, and all three when a record's locale
 * comes from @locale. */
unsigned dp_tpl_locales_needed(const dp_tpl *t, const uint32_t *w);
/* 1 when records of table can carry a canary (it has a $person or an $email). */
int dp_tpl_carries_canaries(const dp_tpl *t, int table);
/* The directory of the built-in templates: $DOPPEL_TEMPLATE_DIR, else the installed
 * PKGDATADIR/templates, else (an uninstalled build) the source tree's. Static or the
 * environment's string. */
const char *dp_tpl_dir(void);

/* The 64-bit seed for a --seed string: a decimal number is used as is, any other string
 * is hashed (FNV-1a 64). */
uint64_t dp_tpl_seed(const char *s);
/* Parses a locale mix "ru", "ru:5,kk:3,en:2" (or space separated) into w[3] (en, ru, kk).
 * 0, or -1 when a locale or weight is bad or all weights are 0. */
int dp_tpl_parse_locales(const char *s, uint32_t w[3]);
/* Edge kind for a name ("typo", "inject", ...), or -1. */
int dp_tpl_edge_lookup(const char *name, size_t n);
const char *dp_tpl_edge_name(int kind);

typedef struct dp_tpl_opts {
	uint64_t seed;              /* dp_tpl_seed(--seed) */
	int32_t ref_days;           /* --ref-date as days since 1970-01-01 */
	int has_locale_w;           /* 1: locale_w replaces the template's @locales */
	uint32_t locale_w[3];       /* en, ru, kk */
	long edge_ppm;              /* -1: the template's @edge rate; else parts per million */
	int spans;                  /* 1: collect the PII spans of every value */
	uint64_t total;             /* -n: records of each table without count=/ratio= */
	const dp_dp_pack *pack[3];  /* en, ru, kk data packs; NULL when not loaded */
	uint64_t canaries;          /* canaries to plant per table that can carry them */
} dp_tpl_opts;

enum dp_tpl_vkind { DP_TPL_STR, DP_TPL_INT, DP_TPL_NUM, DP_TPL_BOOL };

typedef struct dp_tpl_value {
	const char *s;              /* the value's bytes (valid UTF-8 unless a mutation made it otherwise) */
	size_t n;
	enum dp_tpl_vkind kind;     /* how JSON writes it: string, integer, decimal, true/false */
} dp_tpl_value;

typedef struct dp_tpl_span {
	int field;                  /* index into the record's emitted fields */
	int type;                   /* enum dp_type */
	size_t start, end;          /* byte offsets in that field's value */
} dp_tpl_span;

typedef struct dp_tpl_mut {
	int field;                  /* emitted field the edge case changed */
	int kind;                   /* dp_tpl_edge_name(kind) */
	size_t at;                  /* byte offset of the first edit, SIZE_MAX if none */
	unsigned edits;
	unsigned spans_dropped;     /* planted values the edit broke: no longer claimed as spans */
} dp_tpl_mut;

typedef struct dp_tpl_rec {
	int nfields;                /* dp_tpl_nemit */
	const dp_tpl_value *v;      /* nfields values in emit order */
	const dp_tpl_span *span;    /* when opts.spans */
	size_t nspans;
	const dp_tpl_mut *mut;
	size_t nmut;
	const char *canary;         /* the canary planted in this record, or NULL */
	const char *locale;         /* "en", "ru" or "kk" */
} dp_tpl_rec;

/* DP_OK, DP_USAGE (a locale the run needs has no pack, or bad options; message in err),
 * DP_SOFTWARE. */
int dp_tpl_run_new(const dp_tpl *t, const dp_tpl_opts *o, dp_tpl_run **out, dp_err *err);
void dp_tpl_run_free(dp_tpl_run *r);
/* Records table has in this run: count=, else ratio= of opts.total (at least 1), else total. */
uint64_t dp_tpl_table_count(const dp_tpl_run *r, int table);
/* Makes record `index` of `table`. DP_OK, DP_DATAERR (a value over DP_TPL_VALUE_MAX, or a
 * ":int" field whose text is no integer: message names the field and index) or
 * DP_SOFTWARE. */
int dp_tpl_generate(dp_tpl_run *r, int table, uint64_t index, dp_tpl_rec *rec, dp_err *err);

#endif
