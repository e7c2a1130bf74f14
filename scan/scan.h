/* scan.h - doppel-scan's modules: options, the per-run context, and the functions
 * that walk paths, read each format and emit findings.
 * Ownership: main owns the scan_opts and scan_ctx for the whole run; scan_ctx_open
 * allocates the detector, scanner, report and baselines, scan_ctx_close frees them. */
#ifndef DP_SCAN_H
#define DP_SCAN_H

#include <stdio.h>

#include "baseline.h"
#include "canary.h"
#include "detect.h"
#include "fingerprint.h"
#include "input.h"
#include "json_scan.h"
#include "manifest_hash.h"
#include "manifest_step.h"
#include "outfile.h"
#include "progress.h"
#include "report.h"
#include "rules.h"

#define MAX_STRING_BYTES (256u << 20)


enum scan_format { FMT_AUTO = DP_FMT_AUTO, FMT_TEXT = DP_FMT_TEXT, FMT_JSONL = DP_FMT_JSONL,
                   FMT_CSV = DP_FMT_CSV, FMT_HTML = DP_FMT_HTML, FMT_XML = DP_FMT_XML };

typedef struct scan_opts {
	enum dp_report_format report_format;
	enum scan_format format;
	const char *report_path;      /* -o/--report; NULL: stdout (stderr with --pass) */
	const char *config_path;      /* --config/--rules */
	int no_config;
	const char *baseline_path, *write_baseline_path;
	const char *key_file;
	const char *stdin_name;       /* --stdin-name: path reported for stdin */
	const char *encoding;         /* --encoding: NULL guesses (BOM, ICU detector) */
	size_t max_document;          /* --max-document-size: HTML/XML bytes held at once */
	const char *canaries_path;    /* --canaries: the registry doppel-gen wrote */
	char **exclude; size_t nexclude;
	char **fail_on; size_t nfail_on;
	char **fields; size_t nfields;     /* JSON pointer prefixes for --fields */
	char **columns; size_t ncolumns;   /* CSV columns for --columns */
	double min_score;             /* < 0: per-type defaults */
	long line_offset;             /* added to line numbers (block scans) */
	int pass, fail_on_findings, show_values, staged, text_binary, skip_bad, stats;
	int quiet, report_all, line_buffered;
	enum dp_progress_mode progress;
	const char *manifest;         /* --manifest DIR (or DOPPEL_MANIFEST): record the step */
	int argc;                     /* the command line, for the step */
	char **argv;
} scan_opts;

typedef struct scan_ctx {
	const scan_opts *o;
	dp_rules *rules;
	dp_detector *det;
	dp_scanner *sc;
	dp_json_scanner *js;
	dp_report *rep;
	dp_outfile out;
	FILE *pass_out;
	unsigned char key[DP_KEY_BYTES];
	char keyfp[DP_KEYFP_HEX];
	dp_baseline *baseline, *newbase;
	dp_progress prog;
	double t0;
	/* counters */
	unsigned long long files, bytes, records, skipped_records, skipped_files;
	unsigned long long found[DP_T_MAX], suppressed, baselined, gate;
	int error;                    /* worst dp_exit error seen (0 when none) */
	int path_allowed;             /* the current input is on the configuration's allow list */
	size_t root_len;              /* length of the walked root plus its '/' */
	const char *rel;              /* path of the current file relative to the walked root */
	char config_dir[4096];        /* absolute directory of the configuration file, "" if none */
	dp_canary_set *canaries;      /* --canaries, or NULL */
	const char *canary_origin;    /* while a canary finding is emitted: its registry entry */
	struct { dp_canary_hit *v; size_t n, cap; } hits;   /* canaries of the buffer detected */
	dp_mf_step *mf;               /* the manifest step being recorded, or NULL */
	dp_mf_hasher in_hash;         /* what was read from standard input (--manifest) */
	int read_stdin;
	char drain[4096];
} scan_ctx;

/* Where a finding is, beyond its byte span: filled by the format readers. */
typedef struct scan_loc {
	const char *path;
	const char *line_text;        /* the line the finding starts on (for suppression) */
	size_t line_len;
	const char *prev_line;        /* the line before, or NULL */
	size_t prev_len;
	long line, col, end_line, end_col;
	long record;                  /* JSONL */
	const char *field;
	long row, column_index;       /* CSV */
	const char *column;
	size_t start, end;
} scan_loc;

int scan_ctx_open(scan_ctx *c, const scan_opts *o, dp_err *err);
int scan_ctx_close(scan_ctx *c, dp_err *err);
void scan_note_error(scan_ctx *c, const dp_err *err);

int scan_paths(scan_ctx *c, char **paths, int npaths);
/* Whether path (with rel, its path below the scan root, or NULL) matches the exclude
 * globs (which = 0) or the allowed paths (which = 1): tried relative to the scan root,
 * to the configuration's directory, and as given. */
int scan_path_matches(const scan_ctx *c, const char *path, const char *rel, int which);
int scan_one(scan_ctx *c, const char *path, const char *display);
enum scan_format scan_format_by_name(const char *path);
int scan_input(scan_ctx *c, dp_input *in, const char *display, enum scan_format fmt);
int scan_walk(scan_ctx *c, const char *dir);
int scan_staged(scan_ctx *c);

/* Loads the --canaries registry (no-op without it). */
int scan_canaries_open(scan_ctx *c, dp_err *err);
void scan_canaries_close(scan_ctx *c);
/* Runs the detectors and the canary search over buf[0..len) and calls cb for every
 * finding in order of start offset (dp_detect_run's contract). */
int scan_detect(scan_ctx *c, const char *buf, size_t len, dp_finding_cb cb, void *ud);

int scan_text(scan_ctx *c, dp_input *in, const char *path);
int scan_jsonl(scan_ctx *c, dp_input *in, const char *path);
int scan_csv(scan_ctx *c, dp_input *in, const char *path);
/* HTML (html = 1) or XML documents (scan_markup.c). */
int scan_markup(scan_ctx *c, dp_input *in, const char *path, int html);

/* Reports one finding at loc (value = original bytes); applies suppressions. */
int scan_emit(scan_ctx *c, const dp_finding *f, const char *value, const scan_loc *loc);
/* 1 when "doppel:allow" on the line (or the line before) covers type_id. */
int scan_suppressed(const char *line, size_t len, const char *type_id);
/* Code-point column (1-based) of byte offset off within line. */
long scan_col(const char *line, size_t off);
int scan_print_stats(scan_ctx *c);

/* --manifest (scan_manifest.c): the step begins before any input is read, takes its
 * counts while the detector is open, and is recorded after the report is in place. */
int scan_mf_begin(const scan_opts *o, dp_mf_step **s);
void scan_mf_input(scan_ctx *c, const char *path);
void scan_mf_counts(scan_ctx *c);
int scan_mf_end(dp_mf_step *s, const scan_opts *o, int rc);

#endif
