/* manifest_step.h - a filter's step in a dataset version's manifest (--manifest DIR):
 * dp_mf_step_begin takes the version's directory lock (shared, for the whole run) and
 * checks that the version is still being built; the program then notes its inputs and
 * outputs (hashes, bytes, records), its ruleset, key fingerprint or seed and its counts;
 * dp_mf_step_end appends the step under the manifest lock (read, append with the hash
 * of the previous step, write a temporary file, fsync, rename), so several filters of
 * one pipeline may record at once. Arguments are recorded with secret values removed.
 * Ownership: dp_mf_step_begin allocates; dp_mf_step_end or dp_mf_step_free releases
 * (and drops the directory lock). Values passed to dp_mf_step_set are stolen. */
#ifndef DP_MANIFEST_STEP_H
#define DP_MANIFEST_STEP_H

#include <jansson.h>
#include <limits.h>

#include "error.h"

typedef struct dp_mf_step dp_mf_step;

/* Finds the version a --manifest argument names: DIR itself when it holds a
 * datapackage.json, else the staging directory of ROOT/NAME/VERSION
 * (ROOT/NAME/.staging/VERSION). DP_NOINPUT when neither has a manifest. */
int dp_mf_locate(const char *dir, char out[PATH_MAX], dp_err *err);

/* DP_NOINPUT (no manifest), DP_CANTCREAT (the version is sealed), DP_TEMPFAIL (being
 * sealed or purged), DP_DATAERR (unreadable manifest). */
int dp_mf_step_begin(dp_mf_step **s, const char *dir, const char *tool, int argc,
                     char *const *argv, dp_err *err);
/* An input (output = 0) or output: path as the program names it ("-" for standard
 * input or output), its hash ("sha256:..."), bytes, and records (-1 when unknown).
 * A path inside the version is recorded relative to it. */
int dp_mf_step_io(dp_mf_step *s, int output, const char *path, const char *hash,
                  unsigned long long bytes, long long records);
/* The same for a file, hashing it now. */
int dp_mf_step_io_file(dp_mf_step *s, int output, const char *path, long long records,
                       dp_err *err);
/* A step-specific property (ruleset, keyId, seed, template, ...); value is stolen. */
void dp_mf_step_set(dp_mf_step *s, const char *key, json_t *value);
/* Adds n to the count of type in the object group ("findings", "replaced", ...). */
void dp_mf_step_count(dp_mf_step *s, const char *group, const char *type, unsigned long long n);
/* Records the step with its exit status and frees s. */
int dp_mf_step_end(dp_mf_step *s, int exit_status, dp_err *err);
void dp_mf_step_free(dp_mf_step *s);

/* The ruleset of a step: {"id": path or "builtin", "hash": sha256 of the file}. */
json_t *dp_mf_ruleset(const char *path, dp_err *err);
/* argv with the values of secret-looking options (password, secret, token, --key)
 * replaced by "(redacted)"; nothing else is dropped. */
json_t *dp_mf_argv(int argc, char *const *argv);

#endif
