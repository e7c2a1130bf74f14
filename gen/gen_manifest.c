/* gen_manifest.c - doppel-gen's step in a dataset manifest (--manifest DIR): the seed,
 * the template (name and SHA-256 of its files), the outputs with their hashes, bytes and
 * records, and canaries planted. */
#include "config.h"

#include <sodium.h>
#include <string.h>

#include "dp_exit.h"
#include "gen.h"
#include "msg.h"

int gen_mf_begin(const gen_opts *o, dp_mf_step **s)
{
	dp_err err;

	dp_err_clear(&err);
	*s = NULL;
	if (!o->manifest)
		return DP_OK;
	if (dp_mf_step_begin(s, o->manifest, "doppel-gen", o->argc, o->argv, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	return DP_OK;
}

/* What makes the data: seed and template. */
void gen_mf_source(dp_mf_step *s, const dp_tpl *t, const char *seed)
{
	char hex[65];

	if (!s)
		return;
	sodium_bin2hex(hex, sizeof hex, dp_tpl_sha256(t), 32);
	dp_mf_step_set(s, "seed", json_string(seed));
	dp_mf_step_set(s, "template", json_pack("{s:s, s:s, s:s+}", "name", dp_tpl_name(t), "path", dp_tpl_path(t),
						"hash", "sha256:", hex));
}

/* One output: a file (hashed now) or standard output (hashed as it was written). */
int gen_mf_output(dp_mf_step *s, const char *path, dp_mf_hasher *h, unsigned long long records)
{
	char hash[DP_MF_HASH_LEN];
	dp_err err;

	if (!s)
		return DP_OK;
	dp_err_clear(&err);
	if (!path || !strcmp(path, "-")) {
		dp_mf_hasher_final(h, hash);
		return dp_mf_step_io(s, 1, "-", hash, h->bytes, (long long)records);
	}
	if (dp_mf_step_io_file(s, 1, path, (long long)records, &err) != DP_OK)
		return dp_msg_err(&err, DP_IOERR);
	return DP_OK;
}

int gen_mf_end(dp_mf_step *s, unsigned long long canaries, int rc)
{
	dp_err err;

	if (!s)
		return rc;
	dp_err_clear(&err);
	if (canaries)
		dp_mf_step_count(s, "canaries", "email", canaries);
	if (dp_mf_step_end(s, rc, &err) != DP_OK)
		rc = rc ? rc : dp_msg_err(&err, DP_IOERR);
	return rc;
}
