/* purge.h - the retention purge of a root (doppel-manifest purge): a global lock
 * (ROOT/.purge.lock), a plan (purge_plan.h) for every version found by the confined walk
 * (manifest_walk.h), and for each expired version, under its exclusive directory lock:
 * a tombstone written before anything is deleted (status purging, the planned files),
 * confined deletion (purge_tree.h), the tombstone rewritten as purged, and one line in
 * the dataset's purge-log.jsonl. An interrupted purge is resumed from its tombstone;
 * a purged version is left alone, so a second run changes nothing.
 * Ownership: events passed to the callback are valid during the call only. */
#ifndef DP_PURGE_H
#define DP_PURGE_H

#include <time.h>

#include "error.h"

#define DP_MF_PURGE_LOCK ".purge.lock"

typedef struct dp_mf_purge_opts {
	time_t now;               /* the time expiry is judged at */
	int execute;              /* 0: dry run */
	long max_deletions;       /* < 0: no limit */
	const char *by;           /* actor (NULL: user@host) */
} dp_mf_purge_opts;

typedef struct dp_mf_purge_event {
	const char *dataset, *version;
	const char *action;       /* purged, would-purge, resumed, would-resume, kept, held,
	                             retained, in-use, unreadable, already-purged, symlink, error */
	const char *detail;       /* one line, never data values */
	const char *expires;      /* RFC 3339 or "" */
} dp_mf_purge_event;

typedef void (*dp_mf_purge_fn)(const dp_mf_purge_event *ev, void *ud);

typedef struct dp_mf_purge_counts {
	unsigned long purged, would, kept, held, in_use, bad, failed, already;
} dp_mf_purge_counts;

/* DP_OK; DP_FINDINGS when some due version could not be (fully) purged or the plan is
 * larger than max_deletions (then nothing is deleted); DP_DATAERR when a manifest could
 * not be classified (kept); DP_CANTCREAT when a tombstone or the audit log cannot be
 * written (the purge stops before deleting more); DP_TEMPFAIL when another purge holds
 * the lock; DP_NOINPUT for a missing root; DP_USAGE for a refused root. */
int dp_mf_purge(const char *root, const dp_mf_purge_opts *o, dp_mf_purge_fn fn, void *ud,
                dp_mf_purge_counts *counts, dp_err *err);

#endif
