/* scan_manifest.c - doppel-scan's step in a dataset manifest (--manifest DIR): its
 * ruleset, the inputs it read (files hashed, standard input hashed as it streamed),
 * with --pass the same bytes as output, the report file, and findings by type. */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "msg.h"
#include "scan.h"

int scan_mf_begin(const scan_opts *o, dp_mf_step **s)
{
	dp_err err;

	dp_err_clear(&err);
	*s = NULL;
	if (!o->manifest)
		return DP_OK;
	if (dp_mf_step_begin(s, o->manifest, "doppel-scan", o->argc, o->argv, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	return DP_OK;
}

/* a named file that was scanned (directories are not hashed) */
void scan_mf_input(scan_ctx *c, const char *path)
{
	dp_err err;

	dp_err_clear(&err);
	if (c->mf && dp_mf_step_io_file(c->mf, 0, path, -1, &err) != DP_OK)
		scan_note_error(c, &err);
}

void scan_mf_counts(scan_ctx *c)
{
	char h[DP_MF_HASH_LEN];
	int n = c->det ? dp_detect_type_count(c->det) : 0;
	long long records = c->records ? (long long)c->records : -1;
	dp_err err;

	if (!c->mf)
		return;
	dp_err_clear(&err);
	dp_mf_step_set(c->mf, "ruleset", dp_mf_ruleset(c->rules ? c->rules->path : NULL, &err));
	if (c->read_stdin) {
		dp_mf_hasher_final(&c->in_hash, h);
		dp_mf_step_io(c->mf, 0, "-", h, c->in_hash.bytes, records);
		if (c->o->pass)
			dp_mf_step_io(c->mf, 1, "-", h, c->in_hash.bytes, records);
	}
	dp_mf_step_set(c->mf, "findings", json_object());
	for (int t = 0; t < n; t++)
		if (c->found[t])
			dp_mf_step_count(c->mf, "findings", dp_detect_type_id(c->det, t), c->found[t]);
	dp_mf_step_set(c->mf, "suppressed", json_integer((json_int_t)c->suppressed));
}

int scan_mf_end(dp_mf_step *s, const scan_opts *o, int rc)
{
	dp_err err;

	dp_err_clear(&err);
	if (!s)
		return rc;
	if (rc <= DP_FINDINGS && o->report_path && strcmp(o->report_path, "-") != 0
	    && dp_mf_step_io_file(s, 1, o->report_path, -1, &err) != DP_OK)
		rc = dp_msg_err(&err, DP_IOERR);
	if (dp_mf_step_end(s, rc, &err) != DP_OK)
		return dp_msg_err(&err, DP_IOERR);
	return rc;
}
