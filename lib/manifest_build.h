/* manifest_build.h - building a dataset version: init (a staging version
 * ROOT/NAME/.staging/VERSION with status "building"), the resource list of a version
 * directory, the checks of a step chain, and seal (check, compute retention and
 * contentId, publish atomically with renameat2(RENAME_NOREPLACE)).
 * Ownership: returned json_t are new references (json_decref); option strings are
 * borrowed. */
#ifndef DP_MANIFEST_BUILD_H
#define DP_MANIFEST_BUILD_H

#include <jansson.h>
#include <limits.h>
#include <stddef.h>

#include "error.h"

typedef struct dp_mf_init_opts {
	const char *title, *description, *author;   /* author: the contributor (creator) */
	const char *retention_class;                /* default "draft" */
	const char *policy_path;                    /* NULL: the built-in classes */
	const char *collected;                      /* RFC 3339: when the inputs were collected */
	char **inputs; size_t ninputs;              /* files recorded as doppel:inputs */
	int replace;                                /* remove an unlocked staging version first */
} dp_mf_init_opts;

/* Splits ROOT/NAME/VERSION (DP_USAGE when NAME or VERSION is not valid). */
int dp_mf_split(const char *target, char root[PATH_MAX], char name[128], char version[80],
                dp_err *err);
/* Creates the staging version of target and writes its path to staged.
 * DP_CANTCREAT when the version exists (sealed or purged) or is being built (without
 * replace), DP_TEMPFAIL when replace meets a locked staging version, DP_CONFIG for an
 * unknown retention class, DP_NOINPUT for a missing ROOT or input. */
int dp_mf_init(const char *target, const dp_mf_init_opts *o, char staged[PATH_MAX], dp_err *err);

/* The data files of the version at vfd as Data Package resources, sorted by path
 * (everything but datapackage.json, tombstone.json and hidden files). DP_DATAERR for a
 * symlink, special file or leftover temporary file; *out is NULL on failure. */
int dp_mf_resources(int vfd, json_t **out, dp_err *err);
/* The step chain of m against resources: seq 1..n, each prev the hash of the step
 * before, every exit 0, every output inside the version matching its resource, and
 * every input hash written by a step, declared in doppel:inputs, or a resource.
 * DP_DATAERR with the first problem. */
int dp_mf_check_chain(const json_t *m, const json_t *resources, dp_err *err);
/* sha256 over the sorted (resource name, hash) pairs. */
void dp_mf_content_id(const json_t *resources, char out[72]);
/* doppel:scan from the scanner steps: findings by type, suppressed, and the findings
 * of scans that read what an anonymizer wrote (residualAfterAnon, null when none). */
json_t *dp_mf_scan_summary(const json_t *steps);

typedef struct dp_mf_seal_opts {
	const char *policy_path;   /* NULL: the built-in classes */
	const char *by;            /* actor for the event (NULL: user@host) */
} dp_mf_seal_opts;

/* Seals the staging version target names and writes the published path to sealed.
 * DP_DATAERR (chain, hash or data problems), DP_CANTCREAT (the version exists or was
 * purged), DP_TEMPFAIL (a step is still running), DP_CONFIG (policy). */
int dp_mf_seal(const char *target, const dp_mf_seal_opts *o, char sealed[PATH_MAX], dp_err *err);

#endif
