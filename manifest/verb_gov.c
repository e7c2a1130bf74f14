/* verb_gov.c - doppel-manifest hold, release and retention. */
#include "config.h"

#include <stdio.h>

#include "dp_exit.h"
#include "manifest_gov.h"
#include "mf.h"
#include "msg.h"

static dp_mf_gov gov_of(const mf_opts *o)
{
	dp_mf_gov g = {o->by, o->reason, o->ref, o->cls, o->expires, o->retain_until, mf_policy(o)};

	return g;
}

int mf_hold(const mf_opts *o, const char *dir, int active)
{
	dp_mf_gov g = gov_of(o);
	dp_err err;

	dp_err_clear(&err);
	if (active && !o->reason)
		return dp_msg_usage("hold wants --reason (why the version must be kept)");
	if (dp_mf_hold(dir, active, &g, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	if (!o->quiet)
		fprintf(stderr, "%s: %s: legal hold %s\n", dp_msg_prog(), dir, active ? "set" : "released");
	return DP_OK;
}

int mf_retention(const mf_opts *o, const char *dir)
{
	dp_mf_gov g = gov_of(o);
	dp_err err;

	dp_err_clear(&err);
	if (dp_mf_retention(dir, &g, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	if (!o->quiet)
		fprintf(stderr, "%s: %s: retention changed\n", dp_msg_prog(), dir);
	return DP_OK;
}
