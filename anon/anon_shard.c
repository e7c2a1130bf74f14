/* anon_shard.c - doppel-anon's sharded runs across hosts (SPEC section 12): the options
 * of the collect, merge and apply subcommands, the mapping table each opens, and the
 * merge step. collect is an ordinary run over a recording table (mapping.h) whose events
 * go to the collect file (collect.h); apply is an ordinary run over the merged table,
 * read-only, at its shard's position. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "dp_exit.h"
#include "msg.h"

int anon_shard_parse(anon_opts *o, const char *arg)
{
	char *end;
	unsigned long i = strtoul(arg, &end, 10), n;

	if (end == arg || *end != '/')
		return dp_msg_usage("--shard wants I/N (1 <= I <= N), not '%s'", arg);
	n = strtoul(end + 1, &end, 10);
	if (*end || i < 1 || n < 1 || i > n || n > 1000000)
		return dp_msg_usage("--shard wants I/N (1 <= I <= N), not '%s'", arg);
	o->shard = (unsigned)i;
	o->nshards = (unsigned)n;
	return 0;
}

int anon_mode_check(const anon_opts *o, int npaths)
{
	static const char *const names[] = {"", "collect", "merge", "apply"};
	const char *name = names[o->mode];

	if (o->mode == AM_RUN)
		return o->shard ? dp_msg_usage("--shard belongs to the collect and apply "
		                               "subcommands") : 0;
	if (o->reverse || o->vault_path || o->verify)
		return dp_msg_usage("%s: --reverse, --vault and --verify belong to plain runs", name);
	if (o->mode == AM_MERGE)
		return !o->map_path ? dp_msg_usage("merge needs --map FILE (the table to merge into)")
		     : npaths == 0 ? dp_msg_usage("merge needs the collect files of shards 1..N")
		     : o->shard ? dp_msg_usage("merge takes no --shard: the files name their shards")
		     : 0;
	if (!o->shard)
		return dp_msg_usage("%s needs --shard I/N", name);
	if (o->mode == AM_COLLECT && !o->out_path)
		return dp_msg_usage("collect needs -o FILE (the collect file; - for standard output)");
	if (o->mode == AM_APPLY && !o->map_path)
		return dp_msg_usage("apply needs --map FILE (the merged table)");
	return 0;
}

/* collect: the recording table and its collect file */
static int open_collect(anon_ctx *c, dp_err *err)
{
	dp_col_header h;
	int rc;

	memset(&h, 0, sizeof h);
	snprintf(h.key_fp, sizeof h.key_fp, "%s", c->keyfp);
	h.shard = c->o->shard;
	h.of = c->o->nshards;
	if ((rc = dp_map_base(c->map, h.base, err)) != DP_OK ||
	    (rc = dp_col_writer_open(&c->col, c->o->out_path, &h, err)) != DP_OK)
		return rc;
	dp_map_record(c->map, dp_col_sink, c->col);
	return DP_OK;
}

int anon_map_open(anon_ctx *c, dp_err *err)
{
	const anon_opts *o = c->o;
	unsigned fl = o->mode == AM_COLLECT ? DP_MAP_RECORD
	            : o->mode == AM_APPLY || o->read_only ? DP_MAP_READONLY : 0;
	int rc;

	if ((fl & DP_MAP_READONLY) && !o->map_path)
		return dp_err_set(err, DP_USAGE, "--read-only needs --map FILE");
	if ((rc = dp_map_open(&c->map, o->map_path, c->keyfp, fl, o->busy_ms, err)) != DP_OK)
		return rc;
	return o->mode == AM_COLLECT ? open_collect(c, err) : DP_OK;
}

int anon_merge(const anon_opts *o, char **paths, int n)
{
	unsigned char key[DP_KEY_BYTES];
	char fp[DP_KEYFP_HEX];
	const char *kf = o->key_file ? o->key_file : getenv("DOPPEL_KEY_FILE");
	unsigned long long l, added, k;
	dp_map *m = NULL;
	dp_err err;
	int rc, already = 0;

	dp_err_clear(&err);
	if (!kf || !*kf)
		return dp_msg_usage("merge needs the key: --key-file FILE (or DOPPEL_KEY_FILE)");
	if (dp_key_init() != 0 || (rc = dp_key_load(key, kf, &err)) != DP_OK)
		return dp_msg_err(&err, DP_CONFIG);
	dp_key_fingerprint(key, fp);
	sodium_memzero(key, sizeof key);
	if ((rc = dp_map_open(&m, o->map_path, fp, 0, o->busy_ms, &err)) == DP_OK)
		rc = dp_col_merge(m, (const char *const *)paths, (size_t)n, fp, &already, &err);
	if (rc == DP_OK && m) {
		dp_map_stats(m, &l, &added, &k);
		if (!o->quiet)
			fprintf(stderr, already ? "doppel-anon: merge: these %d collect files were "
			        "merged already; nothing changed\n" : "doppel-anon: merge: %d shards, "
			        "%llu new entities\n", n, added);
	}
	if (dp_map_close(m, rc == DP_OK ? &err : NULL) != DP_OK && rc == DP_OK)
		rc = err.code;
	return rc == DP_OK ? DP_OK : dp_msg_err(&err, rc);
}
