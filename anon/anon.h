/* anon.h - doppel-anon's modules: options, the per-run context, the record model shared
 * by the format readers, and the entity resolution that turns findings into tokens.
 * Ownership: main owns the anon_opts and anon_ctx for the whole run; anon_ctx_open
 * allocates the detector, scanner, key material, mapping table and buffers, and
 * anon_ctx_close frees them (wiping the key). A record's strings, findings and
 * replacements live in the context's record buffers until the next anon_rec_reset. */
#ifndef DP_ANON_H
#define DP_ANON_H

#include <stdio.h>

#include "collect.h"
#include "detect.h"
#include "dynbuf.h"
#include "eid.h"
#include "fingerprint.h"
#include "input.h"
#include "json_scan.h"
#include "manifest_hash.h"
#include "manifest_step.h"
#include "mapping.h"
#include "outfile.h"
#include "rules.h"
#include "table_schema.h"
#include "types.h"
#include "vault.h"

#define ANON_MAX_RECORD (256u << 20)   /* bytes in one line or CSV row */
#define ANON_FLUSH_BYTES (1u << 20)    /* pending output that forces a commit and write */
#define ANON_FLUSH_FILE (8u << 20)     /* the same when reading a regular file: fewer commits */

enum anon_style { ST_DEFAULT = -1, ST_MARKER, ST_SURROGATE, ST_MASK, ST_HASH, ST_REDACT,
                  ST_KEEP, ST_KEY, ST_SHIFT, ST_COUNT };
#define ANON_SHIFT_DAYS 30   /* date shifts are in [-30, 30] days, never 0 */
enum anon_format { AF_AUTO = DP_FMT_AUTO, AF_TEXT = DP_FMT_TEXT, AF_JSONL = DP_FMT_JSONL,
                   AF_CSV = DP_FMT_CSV, AF_HTML = DP_FMT_HTML, AF_XML = DP_FMT_XML };

typedef struct anon_typeopt {   /* --style TYPE=STYLE or --label TYPE=LABEL as given */
	const char *type, *value;
} anon_typeopt;

/* what a run does (SPEC section 12): anonymize; record a shard's entities; merge the
 * records into the table; anonymize a shard against the merged table, read-only */
enum anon_mode { AM_RUN, AM_COLLECT, AM_MERGE, AM_APPLY };

typedef struct anon_opts {
	const char *key_file, *map_path, *out_path, *config_path, *stdin_name;
	const char *vault_path, *vault_key_file;   /* --vault, --vault-key-file */
	int reverse;                               /* --reverse: tokens back to originals */
	int no_config, default_style, verify, fail_on_residual, skip_bad, stats, quiet;
	int busy_ms;
	enum anon_format format;
	const char *encoding;              /* --encoding: NULL guesses (BOM, ICU detector) */
	size_t max_document;               /* --max-document-size (0: the default) */
	anon_typeopt *styles, *labels;
	size_t nstyles, nlabels;
	char **columns; size_t ncolumns;   /* CSV columns to process (default: all) */
	char **fields; size_t nfields;     /* JSON pointer prefixes to process (default: all) */
	char **schemas; size_t nschemas;   /* --schema: table schemas */
	const char *table;                 /* --table: the input's table (default: its name) */
	const char *manifest;              /* --manifest DIR (or DOPPEL_MANIFEST) */
	int argc;                          /* the command line, for the manifest step */
	char **argv;
	enum anon_mode mode;               /* the subcommand */
	unsigned shard, nshards;           /* --shard I/N (0/0: not given) */
	int read_only;                     /* --read-only: never number a new entity */
} anon_opts;

/* one string of a record: a text line, a JSON string value, a CSV cell */
typedef struct anon_str {
	size_t off, len;            /* decoded bytes in rec.text */
	size_t raw_start, raw_end;  /* JSONL: the quoted string in the line */
	int quoted;                 /* CSV: quoted in the input */
	int selected;               /* processed (--fields, --columns) */
	int number;                 /* JSONL: a number, written back unquoted */
	const dp_ts_field *decl;    /* its field in the table schema, or NULL */
	size_t f0, nf;              /* its findings: rec.find[f0 .. f0+nf) */
} anon_str;

/* one finding to replace */
typedef struct anon_find {
	int type;
	size_t start, end;          /* within its string */
	size_t norm_off, norm_len;  /* normalised value in rec.norm */
	size_t rep_off, rep_len;    /* replacement in rec.rep (set by anon_resolve) */
	uint64_t person;            /* resolved person number (0: none yet) */
	int kept;                   /* style keep: the original stays, and counts as residue */
	const char *ns;             /* namespace of a declared field (NULL: the type's id) */
	int style;                  /* a declared field's style (ST_DEFAULT: the type's) */
	const char *label;          /* a declared field's marker label (NULL: the type's) */
} anon_find;

typedef struct anon_rec {
	dp_buf text, norm, rep, line, line2;   /* line: input; line2: a style's scratch */
	anon_str *str; size_t nstr, astr;
	anon_find *find; size_t nfind, afind;
	size_t *span; size_t nspan, aspan;   /* replacements of the last rendered string: start, end */
} anon_rec;

typedef struct anon_ctx {
	const anon_opts *o;
	dp_rules *rules;
	dp_detector *det;
	dp_scanner *sc;
	dp_json_scanner *js;
	const struct dp_person_lex *lex;
	unsigned char key[DP_KEY_BYTES];
	int have_key;
	char keyfp[DP_KEYFP_HEX];
	dp_eid_keys ek;
	dp_map *map;
	dp_col_writer *col;         /* collect: the collect file */
	uint64_t nrec;              /* records resolved: the position in the shard */
	dp_vault *vault;            /* --vault: originals, encrypted */
	struct dp_sur *sur;         /* surrogate generators, when a type uses them */
	dp_ts_set *ts;              /* --schema */
	struct anon_pcache *pcache; /* split person names, by name (anon_resolve.c) */
	struct anon_vcache *vcache; /* numbers of values met before (anon_resolve.c) */
	const dp_ts_table *tab;     /* the current input's table, or NULL */
	int declared;               /* type slot of declared fields without a detector type */
	int in_regular;             /* the current input is a regular file */
	dp_outfile out;
	dp_buf obuf;                /* output not yet published (waits for the table commit) */
	int style[DP_T_MAX];
	char label[DP_T_MAX][40];
	anon_rec rec;
	unsigned long long records, skipped, bytes_in;
	unsigned long long replaced[DP_T_MAX], residual[DP_T_MAX], unknown_tokens;
	int error;
	dp_mf_step *mf;             /* --manifest: the step being recorded, or NULL */
	dp_mf_hasher in_hash, out_hash;
} anon_ctx;

int anon_ctx_open(anon_ctx *c, const anon_opts *o, dp_err *err);
int anon_ctx_close(anon_ctx *c, dp_err *err);
/* Publishes the pending output: commits the mapping table, then writes obuf. */
int anon_flush(anon_ctx *c, dp_err *err);
int anon_file(anon_ctx *c, const char *path);
/* After a record: publish now? (a batch is full, or a stream has no next line waiting) */
int anon_batch_done(const anon_ctx *c, const dp_input *in);

/* records (anon_rec.c) */
void anon_rec_reset(anon_rec *r);
void anon_rec_free(anon_rec *r);
/* Adds a decoded string; returns its index or -1 (out of memory / over the cap). */
long anon_rec_add(anon_rec *r, const char *s, size_t n, int selected);
/* The string finding f belongs to (NULL while its string's findings are not counted). */
const anon_str *anon_str_of(const anon_rec *r, const anon_find *f);
/* Appends an empty finding; its index or -1 (out of memory). */
long anon_rec_add_find(anon_rec *r);
/* Runs the detectors over every selected string (--reverse: finds tokens instead). */
int anon_rec_detect(anon_ctx *c, dp_err *err);
/* Writes string i with its findings replaced to out, and notes where the replacements
 * are in it (relative to where it starts in out). */
int anon_rec_render(anon_rec *r, size_t i, dp_buf *out);
/* Counts residual findings in the string just rendered (text s[0..n)), leaving out those
 * inside a replacement: a surrogate is meant to look real. */
int anon_verify_text(anon_ctx *c, const char *s, size_t n);

/* entity resolution (anon_resolve.c): a replacement for every finding of the record */
int anon_resolve(anon_ctx *c, dp_err *err);
/* Hands the sightings counted in front of the table to it (before it closes). */
void anon_vcache_flush(anon_ctx *c);

/* --reverse (anon_reverse.c): findings for the tokens of string i, with their originals
 * from the vault as replacements */
int anon_reverse_string(anon_ctx *c, size_t i, dp_err *err);

/* sharded runs (anon_shard.c) */
/* "I/N" into o->shard, o->nshards; 0 or a usage error */
int anon_shard_parse(anon_opts *o, const char *arg);
/* checks the options a subcommand needs; 0 or a usage error */
int anon_mode_check(const anon_opts *o, int npaths);
/* the mapping table of a run: recording for collect, read-only for apply */
int anon_map_open(anon_ctx *c, dp_err *err);
/* doppel-anon merge: the collect files paths[0..n) into --map */
int anon_merge(const anon_opts *o, char **paths, int n);

/* formats */
int anon_text(anon_ctx *c, dp_input *in, const char *path);
int anon_jsonl(anon_ctx *c, dp_input *in, const char *path);
int anon_csv(anon_ctx *c, dp_input *in, const char *path);
/* HTML (html = 1) or XML documents (anon_markup.c). */
int anon_markup(anon_ctx *c, dp_input *in, const char *path, int html);

/* table schemas (anon_schema.c) */
int anon_schema_load(anon_ctx *c, dp_err *err);
/* Chooses the table of an input (--table, else its file name without extensions). */
void anon_schema_pick(anon_ctx *c, const char *path);
/* The declaration of a top-level JSON pointer or a CSV header name, or NULL. */
const dp_ts_field *anon_schema_field(const anon_ctx *c, const char *name);
/* The findings of a declared string (one finding over the whole value), or detection
 * when the field is free text; 1 when the detectors should run instead. */
int anon_schema_declared(anon_ctx *c, size_t i, dp_err *err);

/* --manifest (anon_manifest.c): begins before any input is read; inputs are hashed as
 * they stream, the output as it is published; recorded after the output is in place. */
int anon_mf_begin(const anon_opts *o, dp_mf_step **s);
void anon_mf_input(anon_ctx *c, const char *path, unsigned long long records);
void anon_mf_counts(anon_ctx *c);
int anon_mf_end(anon_ctx *c, const anon_opts *o, int rc);

int anon_style_by_name(const char *s);
const char *anon_style_name(int st);

#endif
