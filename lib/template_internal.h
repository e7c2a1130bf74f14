/* template_internal.h - the compiled form of a doppel template (doppel-template(5)), shared
 * by the parser (template_parse.c, template_text.c), the checker (template_check.c) and the
 * runtime (template_eval.c, template_gen.c, template_edge.c). Not for the programs.
 * Ownership: every node, string and array below lives in the template's arena and is freed
 * by dp_tpl_free; nothing here is changed after dp_tpl_parse returns. */
#ifndef DP_TEMPLATE_INTERNAL_H
#define DP_TEMPLATE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "dynbuf.h"
#include "error.h"
#include "rng.h"
#include "template.h"

#define TPL_MAX_TABLES 16
#define TPL_MAX_FIELDS 128
#define TPL_MAX_FILTERS 6
#define TPL_MAX_PATH 4
#define TPL_MAX_ARGS 4
#define TPL_MAX_NEST 64          /* brackets inside one another on one line */
#define TPL_MAX_INCLUDE 8        /* @include depth */
#define TPL_NLOC 3               /* en, ru, kk */

enum tpl_kind {
	TN_LIT,    /* literal bytes */
	TN_REF,    /* {field.attr|filter} */
	TN_RULE,   /* <rule> */
	TN_ALT,    /* [a|b] or a field's or rule's weighted alternatives */
	TN_OPT,    /* [?P text] */
	TN_GEN     /* $name(args) */
};

/* value generators ($name) */
enum tpl_gen {
	G_INT, G_DECIMAL, G_SEQ, G_INDEX, G_BOOL, G_DATE, G_DATETIME, G_PATTERN, G_UUID,
	G_CARD, G_IBAN, G_IIN, G_BIN, G_INN, G_SNILS, G_PHONE, G_EMAIL, G_IPV4,
	G_PERSON, G_REF, G_LOCALE, G_IF, G_NGEN
};

/* filters on references ({x|lower}) */
enum tpl_filter { F_LOWER, F_UPPER, F_CAP, F_LAT, F_DIGITS, F_TRIM, F_INITIAL, F_NFILTERS };

/* the kind of a value: what JSON gets */
enum tpl_vkind { V_STR, V_INT, V_NUM, V_BOOL, V_PERSON, V_RECORD };

typedef struct tpl_node tpl_node;
typedef struct tpl_cond tpl_cond;

typedef struct tpl_seq {   /* a text: items in order */
	tpl_node *items;
	size_t n;
} tpl_seq;

typedef struct tpl_alts {  /* weighted alternatives; cum[i] = sum of weights 0..i */
	tpl_seq *alt;
	uint64_t *cum;
	size_t n;
} tpl_alts;

struct tpl_node {
	enum tpl_kind kind;
	int line, col;
	const char *file;   /* the file it was read from (includes) */
	union {
		struct { const char *s; size_t n; } lit;
		struct {
			const char *path[TPL_MAX_PATH];   /* field, then attributes */
			int npath;
			unsigned char filt[TPL_MAX_FILTERS];
			int nfilt;
			int pattr;   /* the person attribute the path ends in, -1 for none */
			int *slot;   /* per table: field index of path[0], -1 when not reachable */
		} ref;
		struct { const char *name; int rule; } rule;
		tpl_alts alts;
		struct { uint32_t ppm; tpl_seq body; } opt;
		struct {
			enum tpl_gen gen;
			int nargs;
			const char *arg[TPL_MAX_ARGS];   /* literal arguments, trimmed */
			int64_t iv[TPL_MAX_ARGS];        /* parsed numbers, where the generator wants them */
			tpl_cond *cond;                  /* $if */
			tpl_seq then, els;               /* $if */
			int table;                       /* $ref: target table */
		} gen;
	} u;
};

enum tpl_cond_kind { C_AND, C_OR, C_NOT, C_CMP, C_TRUE };
enum tpl_cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

struct tpl_cond {
	enum tpl_cond_kind kind;
	enum tpl_cmp op;
	tpl_cond *a, *b;     /* AND, OR: both; NOT: a */
	tpl_seq lhs, rhs;    /* CMP: both; TRUE: lhs */
};

typedef struct tpl_rule {
	const char *name;
	int line;
	tpl_alts *var[TPL_NLOC + 1];   /* [0] default, [1..3] en, ru, kk variants */
} tpl_rule;

typedef struct tpl_field {
	const char *name;
	uint64_t label;          /* stream label: dp_rng_hash(name) */
	int line;
	enum tpl_vkind declared; /* V_STR when no ":type"; the kind a single item gives otherwise */
	int typed;               /* 1 when the template wrote ":type" */
	tpl_alts expr;           /* one alternative for "name = text" */
	int emit, mutable_, textual;
} tpl_field;

typedef struct tpl_table {
	const char *name;
	int line;
	uint64_t label;
	tpl_field field[TPL_MAX_FIELDS];
	int nfields;
	int emit[TPL_MAX_FIELDS];   /* field indices in output order */
	int nemit;
	int explicit_emit, explicit_mutable;
	const char *emit_name[TPL_MAX_FIELDS], *mutable_name[TPL_MAX_FIELDS];
	int nemit_names, nmutable_names, emit_line, mutable_line;
	const char *file;
	uint64_t count;             /* count=N; 0 when not given */
	uint32_t ratio_ppm;         /* ratio=R as parts per million; 0 when not given */
	tpl_seq locale_expr;        /* @locale EXPR; n == 0 when none */
	int has_locale_expr;
} tpl_table;

struct dp_tpl {
	char *name;
	char *description;
	char *path;
	unsigned char sha256[32];   /* of the main file's bytes, then every include's */
	uint32_t locale_w[TPL_NLOC];/* @locales weights (en, ru, kk) */
	uint32_t edge_ppm;          /* @edge rate */
	uint32_t edge_w[DP_TPL_EDGE_KINDS];
	int has_edge;
	tpl_table table[TPL_MAX_TABLES];
	int ntables;
	tpl_rule *rule;
	int nrules, rules_alloc;
	struct tpl_arena *arena;
};

/* --- the arena (template_parse.c) --- */
void *tpl_alloc(dp_tpl *t, size_t n);                    /* zeroed; NULL when out of memory */
char *tpl_strndup(dp_tpl *t, const char *s, size_t n);

/* --- the text parser (template_text.c) --- */
typedef struct tpl_pctx {
	dp_tpl *t;
	const char *file;
	int line;
	const char *base;   /* start of the line, for columns */
	dp_err *err;
} tpl_pctx;

/* Parses text from *p up to end (or to a stop character at the outer level: one of stops,
 * NULL for none) into seq. Leaves *p at the stop character. 0, or a DP_ status set in err. */
int tpl_parse_text(tpl_pctx *c, const char **p, const char *end, const char *stops,
                   tpl_seq *seq, int depth);
/* Parses "[W:]text" alternatives separated by '|' up to end or stop (for inline alts). */
int tpl_parse_weight(const char **p, const char *end, uint64_t *w);
int tpl_error(tpl_pctx *c, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int tpl_is_name_char(int ch);
int tpl_rule_index(dp_tpl *t, const char *name, size_t n, int create);
int tpl_locale_index(const char *s, size_t n);           /* 1..3, or 0 when unknown */
const char *tpl_locale_name(int idx);                     /* "en" for 1, ... */

int tpl_table_lookup_n(const dp_tpl *t, const char *name, size_t n);   /* index or -1 */
int dp_tpl_read_file(const char *path, char **buf, size_t *len, dp_err *err);

/* --- the checker (template_check.c) --- */
int tpl_check(dp_tpl *t, dp_err *err);

int tpl_field_lookup(const tpl_table *tb, const char *name);              /* index or -1 */
enum tpl_vkind tpl_field_kind(const dp_tpl *t, int table, int fi, int depth);
enum tpl_vkind tpl_path_kind(const dp_tpl *t, int table, const tpl_node *nd, int depth);
int tpl_field_ref_table(const dp_tpl *t, int table, int fi);             /* $ref target or -1 */

/* --- persons (template_person.c) --- */
enum tpl_pattr { PA_FIRST, PA_LAST, PA_MIDDLE, PA_FULL, PA_FORMAL, PA_INITIALS, PA_GENDER,
	PA_EMAIL, PA_USERNAME, PA_BIRTH_DATE, PA_AGE, PA_TITLE, PA_N };
int tpl_person_attr(const char *name);                     /* enum tpl_pattr or -1 */
enum tpl_vkind tpl_person_attr_kind(const char *name);

/* --- the generators' table (template_gen.c) --- */
typedef struct tpl_gen_info {
	const char *name;
	int min_args, max_args;
	enum tpl_vkind kind;
	int pii_type;    /* enum dp_type of the value, -1 for none */
} tpl_gen_info;
const tpl_gen_info *tpl_gen_get(enum tpl_gen g);
int tpl_gen_lookup(const char *name, size_t n);          /* enum tpl_gen or -1 */
/* Checks and pre-parses a generator's literal arguments at load time. */
int tpl_gen_prepare(tpl_pctx *c, const char *at, tpl_node *node);


/* --- the runtime (template_eval.c, template_gen.c, template_person.c, template_edge.c) --- */
#define TPL_NAME_MAX 128
#define TPL_TMP_BUFS 24

typedef struct tpl_person {
	int female, loc;
	const char *first, *last, *middle;               /* in the data pack; "" when none */
	const char *first_lat, *last_lat, *middle_lat;
	int32_t birth;          /* days since 1970-01-01 */
	const char *canary;     /* the record's canary when it is this person's e-mail */
	int derived;            /* 1: email made, 2: username made (each on first use) */
	dp_rng drng;            /* the stream they are made from */
	char email[2 * TPL_NAME_MAX], username[TPL_NAME_MAX];
} tpl_person;

typedef struct tpl_span {
	int type;
	size_t start, end;
} tpl_span;

typedef struct tpl_fslot {
	dp_buf buf;
	enum tpl_vkind kind;
	int state;              /* 0 not made for this record, 1 being made, 2 made */
	tpl_span *sp;
	size_t nsp, asp;
	tpl_person *person;     /* V_PERSON */
	int ref_table;          /* V_RECORD */
	uint64_t ref_index;
} tpl_fslot;

typedef struct tpl_ctx {
	int table;
	int valid;              /* index below is made (lazily) */
	uint64_t index;
	uint64_t rseed;         /* the record's stream state */
	int loc;                /* 1..3 */
	int canary;             /* 1: this record carries a canary */
	int canary_used;        /* the canary was written into a value */
	int canary_assigned;    /* a person or $email took the canary */
	char canary_s[64];
	tpl_fslot f[TPL_MAX_FIELDS];
} tpl_ctx;

struct dp_tpl_run {
	const dp_tpl *t;
	dp_tpl_opts o;
	int track_spans;         /* --spans, or edge cases that must leave planted values whole */
	uint64_t tseed;          /* seed mixed with the template's name */
	uint64_t count[TPL_MAX_TABLES];
	tpl_ctx *ctx[TPL_MAX_TABLES];
	dp_buf tmp[TPL_TMP_BUFS];
	int ntmp;
	int depth;
	dp_err *err;             /* of the dp_tpl_generate call under way */
	dp_tpl_value val[TPL_MAX_FIELDS];
	dp_tpl_span *span;
	size_t nspan, aspan;
	dp_tpl_mut mut[2];
	size_t nmut;
	dp_buf mutbuf;
	dp_buf span_save;        /* the spans before an edit that may be taken back */
	tpl_fslot edge_slot;     /* what an injected payload plants */
	unsigned char kind[TPL_MAX_TABLES][TPL_MAX_FIELDS];   /* enum tpl_vkind of each field */
	unsigned char can_canary[TPL_MAX_TABLES];
	void *casemap[TPL_NLOC]; /* ICU UCaseMap per locale */
};

/* The output a generator or attribute writes to: the buffer, and the slot taking spans. */
typedef struct tpl_out {
	dp_buf *b;
	tpl_fslot *slot;         /* NULL when spans are not wanted here */
} tpl_out;

int tpl_out_span(dp_tpl_run *r, tpl_out *o, int type, size_t start, size_t end);
int tpl_add(dp_tpl_run *r, tpl_out *o, const char *s, size_t n);
/* Evaluates a generator node into o. */
int tpl_gen_eval(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, tpl_out *o);
/* Makes the person of a $person field from the field's stream. */
int tpl_person_make(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, tpl_person *p);
/* Writes a person's attribute (Latin when lat) into o, with its span. */
int tpl_person_attr_write(dp_tpl_run *r, tpl_person *p, int attr, int lat, tpl_out *o);
/* Makes field fi of the context's record (and what it needs). */
int tpl_field_make(dp_tpl_run *r, tpl_ctx *c, int fi);
/* The context of table at index, made lazily (fields on demand). */
tpl_ctx *tpl_ctx_at(dp_tpl_run *r, int table, uint64_t index);
/* Evaluates text with a stream of its own (the @locale expression). */
int tpl_eval_text(dp_tpl_run *r, tpl_ctx *c, const tpl_seq *s, dp_buf *b);
/* Evaluates rule `rule` (its variant for the record's locale) into o. */
int tpl_eval_rule(dp_tpl_run *r, tpl_ctx *c, int rule, dp_rng *rng, tpl_out *o);
/* Appends a span of the output record. */
int tpl_rec_span(dp_tpl_run *r, int field, int type, size_t start, size_t end);
/* Applies the record's edge case, if it draws one. */
int tpl_edge_apply(dp_tpl_run *r, tpl_ctx *c);
/* ASCII-folds a Latin name for e-mail local parts: "Nūrlan" -> "nurlan" (lower case). */
size_t tpl_ascii_fold(const char *s, char *out, size_t cap);

#endif
