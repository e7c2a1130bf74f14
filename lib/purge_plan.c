/* purge_plan.c - classifying a version for purge (purge_plan.h). */
#include "config.h"
#include "purge_plan.h"

#include <stdio.h>
#include <string.h>

#include "dp_exit.h"
#include "manifest.h"
#include "retention.h"

const char *dp_mf_verdict_name(enum dp_mf_verdict v)
{
	static const char *const names[] = {"keep", "due", "hold", "retained", "resume", "purged", "bad"};

	return v <= DP_MF_BAD ? names[v] : "bad";
}

static int set(dp_mf_plan *p, enum dp_mf_verdict v, const char *why)
{
	p->verdict = v;
	snprintf(p->why, sizeof p->why, "%s", why);
	return 0;
}

static int missing(const dp_err *e)
{
	return !e || e->code == 0 || e->code == DP_NOINPUT;
}

static int classify_tomb(const json_t *t, dp_mf_plan *p)
{
	const char *st = dp_mf_status(t);
	time_t exp;

	if (dp_mf_time_parse(dp_mf_str(json_object_get(t, "doppel:retention"), "expires"), &exp) == 0)
		p->expires = exp;
	if (strcmp(st, "purged") == 0)
		return set(p, DP_MF_PURGED, "purged earlier (tombstone)");
	return set(p, DP_MF_RESUME, "an interrupted purge (tombstone says purging)");
}

static int classify(const json_t *manifest, const dp_err *merr, const json_t *tombstone,
                    const dp_err *terr, time_t now, dp_mf_plan *p)
{
	const json_t *ret = json_object_get(manifest, "doppel:retention");
	const char *until = dp_mf_str(ret, "retainUntil");
	time_t exp, keep_until;

	memset(p, 0, sizeof *p);
	if (tombstone)
		return classify_tomb(tombstone, p);
	if (!missing(terr))
		return set(p, DP_MF_BAD, terr->msg);
	if (!manifest)
		return set(p, DP_MF_BAD, missing(merr) ? "no datapackage.json" : merr->msg);
	if (strcmp(dp_mf_status(manifest), "sealed") != 0)
		return set(p, DP_MF_BAD, "not sealed (a version directory must hold a sealed manifest)");
	if (!ret || dp_mf_time_parse(dp_mf_str(ret, "expires"), &exp) != 0)
		return set(p, DP_MF_BAD, "no doppel:retention.expires");
	p->expires = exp;
	if (json_is_true(json_object_get(json_object_get(ret, "legalHold"), "active")))
		return set(p, DP_MF_HOLD, "legal hold");
	if (now < exp)
		return set(p, DP_MF_KEEP, "not expired");
	if (until && dp_mf_time_parse(until, &keep_until) != 0)
		return set(p, DP_MF_BAD, "bad doppel:retention.retainUntil");
	if (until && now < keep_until)
		return set(p, DP_MF_RETAINED, "expired, but retained until retainUntil");
	return set(p, DP_MF_DUE, "expired");
}

void dp_mf_classify(const json_t *manifest, const dp_err *merr, const json_t *tombstone,
                    const dp_err *terr, time_t now, dp_mf_plan *p)
{
	(void)classify(manifest, merr, tombstone, terr, now, p);
}
