/* manifest_gov.h - governance of a sealed version, the only changes a sealed manifest
 * allows: legal hold (set, release) and retention (class, expiry, retain-until). Each
 * runs under the manifest lock, appends to doppel:events and to the dataset's audit log
 * (purge-log.jsonl), and never changes doppel:contentId; and verification of a version
 * (the step chain, every resource's bytes and hash, no unlisted data files, contentId).
 * Ownership: strings are borrowed. */
#ifndef DP_MANIFEST_GOV_H
#define DP_MANIFEST_GOV_H

#include "error.h"

typedef struct dp_mf_gov {
	const char *by;            /* actor (NULL: user@host) */
	const char *reason, *ref;  /* hold: why, and a ticket or case reference */
	const char *cls;           /* retention: new class (expiry recomputed from the basis) */
	const char *expires;       /* retention: explicit expiry (RFC 3339) */
	const char *retain_until;  /* retention: keep at least until (RFC 3339, "none" clears) */
	const char *policy_path;   /* retention classes (NULL: built-in) */
} dp_mf_gov;

/* Sets (active = 1) or releases a legal hold on the sealed version at dir.
 * DP_DATAERR when dir is not a sealed version, DP_TEMPFAIL when locked. */
int dp_mf_hold(const char *dir, int active, const dp_mf_gov *g, dp_err *err);
/* Changes retention; DP_CONFIG for an unknown class, DP_USAGE for a bad time. */
int dp_mf_retention(const char *dir, const dp_mf_gov *g, dp_err *err);

/* Called once per problem found by dp_mf_verify (msg is one line). */
typedef void (*dp_mf_problem_fn)(const char *msg, void *ud);
/* Verifies the version at dir (staging or sealed). DP_OK, or DP_DATAERR after reporting
 * each problem (the first also in err). */
int dp_mf_verify(const char *dir, dp_mf_problem_fn fn, void *ud, dp_err *err);

#endif
