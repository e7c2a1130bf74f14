/* anon_manifest.c - doppel-anon's step in a dataset manifest (--manifest DIR): the
 * inputs (hashed as they streamed), the output (hashed as it was published), the key
 * fingerprint (never the key), the ruleset, and replacements by type. */
#include "config.h"

#include <string.h>

#include "anon.h"
#include "dp_exit.h"
#include "msg.h"

int anon_mf_begin(const anon_opts *o, dp_mf_step **s)
{
	dp_err err;

	dp_err_clear(&err);
	*s = NULL;
	if (!o->manifest)
		return DP_OK;
	if (o->reverse)
		return dp_msg_usage("--manifest records dataset builds, not --reverse");
	if (dp_mf_step_begin(s, o->manifest, "doppel-anon", o->argc, o->argv, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	return DP_OK;
}

void anon_mf_input(anon_ctx *c, const char *path, unsigned long long records)
{
	char h[DP_MF_HASH_LEN];

	if (!c->mf)
		return;
	dp_mf_hasher_final(&c->in_hash, h);
	dp_mf_step_io(c->mf, 0, path, h, c->in_hash.bytes, (long long)records);
}

/* while the detector is open: the type ids */
void anon_mf_counts(anon_ctx *c)
{
	int n = c->det ? dp_detect_type_count(c->det) : 0;
	dp_err err;

	if (!c->mf)
		return;
	dp_err_clear(&err);
	if (c->have_key)
		dp_mf_step_set(c->mf, "keyId", json_sprintf("doppel-keyfp:%s", c->keyfp));
	dp_mf_step_set(c->mf, "ruleset", dp_mf_ruleset(c->rules ? c->rules->path : NULL, &err));
	dp_mf_step_set(c->mf, "replaced", json_object());
	for (int t = 0; t <= n && t < DP_T_MAX; t++)
		if (c->replaced[t])
			dp_mf_step_count(c->mf, "replaced", t < n ? dp_detect_type_id(c->det, t) : "declared", c->replaced[t]);
	if (c->o->verify) {
		dp_mf_step_set(c->mf, "residual", json_object());
		for (int t = 0; t < n; t++)
			if (c->residual[t])
				dp_mf_step_count(c->mf, "residual", dp_detect_type_id(c->det, t), c->residual[t]);
	}
}

/* after the output is in place */
int anon_mf_end(anon_ctx *c, const anon_opts *o, int rc)
{
	char h[DP_MF_HASH_LEN];
	dp_err err;

	if (!c->mf)
		return rc;
	dp_err_clear(&err);
	dp_mf_hasher_final(&c->out_hash, h);
	if (rc == DP_OK || rc == DP_FINDINGS)
		dp_mf_step_io(c->mf, 1, o->out_path ? o->out_path : "-", h, c->out_hash.bytes, (long long)c->records);
	if (dp_mf_step_end(c->mf, rc, &err) != DP_OK)
		rc = dp_msg_err(&err, DP_IOERR);
	c->mf = NULL;
	return rc;
}
