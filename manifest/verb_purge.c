/* verb_purge.c - doppel-manifest purge: one line per version on stdout (JSON lines
 * with --json), a summary on stderr. */
#include "config.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dp_exit.h"
#include "mf.h"
#include "msg.h"
#include "purge.h"
#include "retention.h"

static void print_event(const dp_mf_purge_event *ev, void *ud)
{
	const mf_opts *o = ud;

	if (o->json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s, s:s}", "action", ev->action, "dataset", ev->dataset,
		                      "version", ev->version, "expires", ev->expires, "detail", ev->detail);
		char *s = j ? json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;

		if (s)
			printf("%s\n", s);
		free(s);
		json_decref(j);
		return;
	}
	printf("%-14s %s/%s%s%s (%s)\n", ev->action, ev->dataset, ev->version,
	       *ev->expires ? " expires " : "", ev->expires, ev->detail);
}

static void summary(const mf_opts *o, const dp_mf_purge_counts *n)
{
	if (o->quiet)
		return;
	fprintf(stderr, "%s: purge%s: %lu %s, %lu kept, %lu on hold, %lu in use, %lu already purged, "
	        "%lu unreadable, %lu failed\n", dp_msg_prog(), o->execute ? "" : " (dry run)",
	        o->execute ? n->purged : n->would, o->execute ? "purged" : "would be purged", n->kept,
	        n->held, n->in_use, n->already, n->bad, n->failed);
}

int mf_purge(const mf_opts *o, const char *root)
{
	dp_mf_purge_opts po = {time(NULL), o->execute, o->max_deletions, o->by};
	dp_mf_purge_counts n;
	dp_err err;
	int rc;

	dp_err_clear(&err);
	if (o->now && dp_mf_time_parse(o->now, &po.now) != 0)
		return dp_msg_usage("--now wants an RFC 3339 time, not '%s'", o->now);
	rc = dp_mf_purge(root, &po, print_event, (void *)o, &n, &err);
	if (fflush(stdout) != 0 && rc == DP_OK)
		rc = dp_err_set(&err, DP_IOERR, "write error on standard output");
	if (rc != DP_TEMPFAIL && rc != DP_NOINPUT && rc != DP_USAGE)
		summary(o, &n);
	return rc == DP_OK ? DP_OK : dp_msg_err(&err, rc);
}
