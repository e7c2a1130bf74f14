/* rules.h - configuration and detection rules (SPEC sections 3 and 4): custom pattern
 * types, deny lists, allow lists, per-type thresholds, disabled types, exclude globs.
 * Loaded from a JSON file validated against schemas/doppel-config.schema.json (the C
 * loader enforces the same rules: unknown keys are errors naming file and line).
 * Ownership: dp_rules_new/dp_rules_load allocate; dp_rules_free releases everything,
 * including the strings returned by the accessors. A rules object is read-only once
 * loaded and must outlive any detector built from it. */
#ifndef DP_RULES_H
#define DP_RULES_H

#include <stddef.h>

#include "error.h"

typedef struct dp_custom_type {
	char *id;            /* lowercase id, distinct from the built-in ones */
	char *title;         /* human title, defaults to id */
	char *pattern;       /* PCRE2 pattern */
	char *validator;     /* NULL, or a validator name: luhn, iban, kz_iin, ... */
	char **context;      /* NULL-terminated context words */
	double score;        /* base score (default 0.8) */
	double context_boost;/* added when a context word is near (default 0.15) */
	int needs_context;   /* 1: report only when a context word is near */
} dp_custom_type;

typedef struct dp_deny_term {
	char *term;          /* matched case-insensitively on word boundaries */
	char *type;          /* type id to report, default "deny_term" */
} dp_deny_term;

typedef struct dp_rules {
	char *path;                 /* file the rules came from, NULL for none */
	dp_custom_type *custom;     size_t ncustom;
	dp_deny_term *deny;         size_t ndeny;
	char **allow_values;        size_t nallow_values;   /* compared with normalised values */
	char **allow_patterns;      size_t nallow_patterns; /* PCRE2, matched against normalised values */
	char **allow_paths;         size_t nallow_paths;    /* fnmatch globs: files never reported */
	char **exclude;             size_t nexclude;        /* fnmatch globs: files never read */
	char **disable;             size_t ndisable;        /* type ids switched off */
	char **threshold_type;      double *threshold;      size_t nthreshold;
	char **fail_on;             size_t nfail_on;        /* types that fail the gate, empty = all */
	void *priv;                 /* rules.c only: compiled allow patterns */
} dp_rules;

dp_rules *dp_rules_new(void);
void dp_rules_free(dp_rules *r);
/* Loads and checks path into r (merging with what r already has). DP_NOINPUT if the
 * file cannot be read, DP_CONFIG for bad JSON, unknown keys, wrong types or patterns
 * that do not compile (err names file and line). */
int dp_rules_load(dp_rules *r, const char *path, dp_err *err);
/* Like dp_rules_load for a file already in memory (buf need not be NUL-terminated);
 * name is used in messages and as r->path. On any error r is left unchanged. */
int dp_rules_load_buffer(dp_rules *r, const char *name, const char *buf, size_t len,
                         dp_err *err);
/* Finds .doppel.json (a regular file) in dir or its parents, stopping after the first
 * directory that holds .git (the repository root); writes its absolute path to out.
 * 1 found, 0 not found (also when dir cannot be resolved or the path does not fit in
 * outsz; out is then ""). */
int dp_rules_discover(const char *dir, char *out, size_t outsz);
/* The rules of a program run: a new object loaded from path, else (when discover is set)
 * from the .doppel.json dp_rules_discover finds from the current directory, else empty.
 * r->path names the file used (NULL when none). On failure *out is NULL and err says why. */
int dp_rules_open(dp_rules **out, const char *path, int discover, dp_err *err);
/* Threshold for a type id, or fallback when none is configured. */
double dp_rules_threshold(const dp_rules *r, const char *type_id, double fallback);
int dp_rules_disabled(const dp_rules *r, const char *type_id);
/* 1 when a normalised value is allow-listed: equal to an allow value (ASCII letters
 * compared case-insensitively) or found by an allow pattern (a search: anchor it with
 * ^...$ for a whole-value match). */
int dp_rules_allowed_value(const dp_rules *r, const char *norm, size_t n);
/* 1 when a path matches an exclude glob (or allow_paths for the allow variant). Paths
 * are relative to the scan root ("./" ignored). Globs follow .gitignore: one without
 * '/' matches any path component; one with '/' is anchored at the root; a match on a
 * directory covers everything below it; a "**" segment matches any number of
 * directories; '*', '?' and [...] are fnmatch(3) within one component. */
int dp_rules_excluded(const dp_rules *r, const char *path);
int dp_rules_allowed_path(const dp_rules *r, const char *path);
/* The glob matcher above, for one glob. */
int dp_rules_glob_match(const char *glob, const char *path);
/* Adds an exclude glob (e.g. from --exclude). 0, or DP_SOFTWARE when out of memory. */
int dp_rules_add_exclude(dp_rules *r, const char *glob, dp_err *err);
/* 1 when a finding of this type fails the gate: fail_on is empty or names the type. */
int dp_rules_fails_on(const dp_rules *r, const char *type_id);
/* The custom type with this id, or NULL. */
const dp_custom_type *dp_rules_custom(const dp_rules *r, const char *id);

#endif
