/* purge_plan.h - the purge planner: what purge does with one version, from its
 * manifest, its tombstone and the time. It fails closed: anything it cannot classify is
 * kept and reported. Pure: no I/O. Ownership: reads its arguments only. */
#ifndef DP_PURGE_PLAN_H
#define DP_PURGE_PLAN_H

#include <jansson.h>
#include <time.h>

#include "error.h"

enum dp_mf_verdict {
	DP_MF_KEEP,       /* not expired yet */
	DP_MF_DUE,        /* expired: purge */
	DP_MF_HOLD,       /* on legal hold: kept whatever its expiry */
	DP_MF_RETAINED,   /* expired, but retainUntil is later */
	DP_MF_RESUME,     /* tombstone says purging: an interrupted purge, finish it */
	DP_MF_PURGED,     /* tombstone says purged: nothing to do */
	DP_MF_BAD         /* unreadable or unclassifiable: kept, reported */
};

typedef struct dp_mf_plan {
	enum dp_mf_verdict verdict;
	time_t expires;           /* 0 when unknown */
	char why[DP_ERR_MSG_MAX];   /* for the report */
} dp_mf_plan;

/* manifest and tombstone may be NULL; merr and terr say why (code DP_NOINPUT or 0 for
 * a file that is simply not there). */
void dp_mf_classify(const json_t *manifest, const dp_err *merr, const json_t *tombstone,
                    const dp_err *terr, time_t now, dp_mf_plan *out);
const char *dp_mf_verdict_name(enum dp_mf_verdict v);

#endif
