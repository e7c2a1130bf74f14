/* verb_build.c - doppel-manifest init and seal. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "dp_exit.h"
#include "manifest_build.h"
#include "mf.h"
#include "msg.h"

const char *mf_policy(const mf_opts *o)
{
	const char *env = getenv("DOPPEL_RETENTION_POLICY");

	return o->policy ? o->policy : env && *env ? env : NULL;
}

int mf_init(const mf_opts *o, const char *target)
{
	dp_mf_init_opts io = {o->title, o->description, o->author, o->retention_class, mf_policy(o),
	                      o->collected, o->inputs, o->ninputs, o->replace};
	char staged[PATH_MAX];
	dp_err err;

	dp_err_clear(&err);
	if (dp_mf_init(target, &io, staged, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	printf("%s\n", staged);
	return fflush(stdout) == 0 ? DP_OK : DP_IOERR;
}

int mf_seal(const mf_opts *o, const char *target)
{
	dp_mf_seal_opts so = {mf_policy(o), o->by};
	char sealed[PATH_MAX];
	dp_err err;

	dp_err_clear(&err);
	if (dp_mf_seal(target, &so, sealed, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	printf("%s\n", sealed);
	return fflush(stdout) == 0 ? DP_OK : DP_IOERR;
}
