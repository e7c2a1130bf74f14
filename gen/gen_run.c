/* gen_run.c - one doppel-gen run: find and compile the template, load the data packs it
 * needs, work out each table's record range (--start/--count, --shard), write the records
 * to stdout, -o FILE or --out-dir DIR/TABLE.EXT (atomically), and the canary registry. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sodium.h>

#include "datapack.h"
#include "dp_exit.h"
#include "gen.h"
#include "genvalue.h"
#include "msg.h"
#include "outfile.h"
#include "progress.h"

typedef struct gen_ctx {
	const gen_opts *o;
	dp_tpl *t;
	dp_dp_pack *pack[3];
	dp_tpl_run *run;
	char seed[32];
	const char *seed_s;
	dp_outfile reg;
	int has_reg;
	dp_mf_step *mf;
	dp_mf_hasher out_hash;      /* standard output, for the manifest */
	unsigned long long records, bytes, canaries, last_records;
} gen_ctx;

/* The template file for -t NAME: a path when it has a '/' or ends in .dpt, else
 * NAME.dpt in the template directory. */
static void template_path(const char *name, char *out, size_t cap)
{
	size_t n = strlen(name);

	if (strchr(name, '/') || (n > 4 && !strcmp(name + n - 4, ".dpt")))
		snprintf(out, cap, "%s", name);
	else
		snprintf(out, cap, "%s/%s.dpt", dp_tpl_dir(), name);
}

static int load_packs(gen_ctx *g, const uint32_t *w)
{
	static const char *const locs[] = { "en", "ru", "kk" };
	unsigned need = dp_tpl_locales_needed(g->t, w);
	dp_err err;

	for (int i = 0; i < 3; i++) {
		dp_err_clear(&err);
		if ((need & (1u << i)) && dp_dp_load_pick(dp_dp_data_dir(), locs[i], &g->pack[i], &err) != DP_OK)
			return dp_msg_err(&err, DP_NOINPUT);
	}
	return DP_OK;
}

static int choose_seed(gen_ctx *g)
{
	if (g->o->random_seed) {
		uint64_t v;

		randombytes_buf(&v, sizeof v);
		snprintf(g->seed, sizeof g->seed, "%" PRIu64, v);
		fprintf(stderr, "doppel-gen: seed %s\n", g->seed);
		g->seed_s = g->seed;
	} else
		g->seed_s = g->o->seed ? g->o->seed : "0";
	return DP_OK;
}

static int make_run(gen_ctx *g)
{
	const gen_opts *o = g->o;
	dp_tpl_opts to;
	dp_err err;
	int rc;

	memset(&to, 0, sizeof to);
	to.seed = dp_tpl_seed(g->seed_s);
	to.edge_ppm = o->edge_ppm;
	to.spans = o->spans;
	to.total = o->n;
	to.canaries = o->canaries;
	if (o->locales && dp_tpl_parse_locales(o->locales, to.locale_w) != 0)
		return dp_msg_usage("--locale wants a mix such as ru or ru:5,kk:3,en:2, not '%s'", o->locales);
	to.has_locale_w = o->locales != NULL;
	if (dp_gv_parse_date(o->ref_date ? o->ref_date : "2026-01-01", &to.ref_days) != 0)
		return dp_msg_usage("--ref-date wants YYYY-MM-DD, not '%s'", o->ref_date);
	if ((rc = load_packs(g, o->locales ? to.locale_w : NULL)) != DP_OK)
		return rc;
	for (int i = 0; i < 3; i++)
		to.pack[i] = g->pack[i];
	dp_err_clear(&err);
	if (dp_tpl_run_new(g->t, &to, &g->run, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	return DP_OK;
}

/* The records [*lo, *hi) of a table this run writes. */
static void table_range(const gen_ctx *g, int table, uint64_t *lo, uint64_t *hi)
{
	uint64_t c = dp_tpl_table_count(g->run, table);

	*lo = 0;
	*hi = c;
	if (g->o->has_shard) {
		*lo = (uint64_t)(((unsigned __int128)c * (g->o->shard_i - 1)) / g->o->shard_n);
		*hi = (uint64_t)(((unsigned __int128)c * g->o->shard_i) / g->o->shard_n);
	}
	if (g->o->has_range) {
		*lo = g->o->start;
		*hi = g->o->count > UINT64_MAX - g->o->start ? UINT64_MAX : g->o->start + g->o->count;
	}
}

static int registry_line(gen_ctx *g, int table, uint64_t index, const char *canary)
{
	FILE *fp = g->reg.fp;

	fprintf(fp, "{\"canary\":\"%s\",\"type\":\"email\",\"template\":\"%s\",\"table\":\"%s\","
		"\"record\":%" PRIu64 ",\"seed\":\"", canary, dp_tpl_name(g->t), dp_tpl_table_name(g->t, table), index);
	for (const char *s = g->seed_s; *s; s++)
		fprintf(fp, *s == '"' || *s == '\\' ? "\\%c" : (unsigned char)*s < 0x20 ? "?" : "%c", *s);
	fputs("\"}\n", fp);
	g->canaries++;
	return ferror(fp) ? DP_IOERR : DP_OK;
}

static int write_table(gen_ctx *g, int table, FILE *fp, dp_progress *pr)
{
	gen_writer w;
	dp_tpl_rec rec;
	uint64_t lo, hi;
	dp_err err;
	int rc;

	if (gen_writer_init(&w, fp, g->o, g->t, table) != DP_OK) {
		gen_writer_free(&w);
		return dp_msg_usage("--fields names a field that record '%s' does not emit", dp_tpl_table_name(g->t, table));
	}
	table_range(g, table, &lo, &hi);
	w.hash = g->mf && fp == stdout ? &g->out_hash : NULL;
	rc = lo == 0 ? gen_write_header(&w) : DP_OK;
	dp_err_clear(&err);
	for (uint64_t i = lo; rc == DP_OK && i < hi; i++) {
		if ((rc = dp_tpl_generate(g->run, table, i, &rec, &err)) != DP_OK) {
			rc = dp_msg_err(&err, DP_SOFTWARE);
			break;
		}
		rc = gen_write_record(&w, &rec);
		if (rc == DP_OK && rec.canary && g->has_reg)
			rc = registry_line(g, table, i, rec.canary);
		if ((i & 1023) == 0)
			dp_progress_update(pr, g->bytes + w.bytes, g->records + w.records);
	}
	if (rc == DP_IOERR)
		dp_msg_error(NULL, 0, "cannot write the output: %s", strerror(errno));
	g->records += w.records;
	g->bytes += w.bytes;
	g->last_records = w.records;
	gen_writer_free(&w);
	return rc;
}

static const char *format_ext(enum gen_format f)
{
	return f == GF_JSONL ? "jsonl" : f == GF_CSV ? "csv" : "txt";
}

static int write_to(gen_ctx *g, int table, const char *path, dp_progress *pr)
{
	dp_outfile of;
	dp_err err;
	int rc;

	dp_err_clear(&err);
	if (dp_outfile_open(&of, path, 0644, &err) != DP_OK)
		return dp_msg_err(&err, DP_CANTCREAT);
	setvbuf(of.fp, NULL, _IOFBF, 1 << 20);
	rc = write_table(g, table, of.fp, pr);
	if (rc != DP_OK) {
		dp_outfile_abort(&of);
		return rc;
	}
	if (dp_outfile_commit(&of, &err) != DP_OK)
		return dp_msg_err(&err, DP_IOERR);
	return gen_mf_output(g->mf, path, &g->out_hash, g->last_records);
}

static int write_outputs(gen_ctx *g, dp_progress *pr)
{
	const gen_opts *o = g->o;
	char path[4096];
	int rc = DP_OK, table;

	if (!o->out_dir) {
		table = o->table ? dp_tpl_table_lookup(g->t, o->table) : 0;
		return write_to(g, table, o->out_path, pr);
	}
	if (mkdir(o->out_dir, 0755) != 0 && errno != EEXIST) {
		dp_msg_error(o->out_dir, 0, "cannot create the directory: %s", strerror(errno));
		return DP_CANTCREAT;
	}
	for (table = 0; rc == DP_OK && table < dp_tpl_ntables(g->t); table++) {
		if (o->table && strcmp(o->table, dp_tpl_table_name(g->t, table)))
			continue;
		snprintf(path, sizeof path, "%s/%s.%s", o->out_dir, dp_tpl_table_name(g->t, table), format_ext(o->format));
		rc = write_to(g, table, path, pr);
	}
	return rc;
}

static int check_tables(const gen_ctx *g)
{
	const gen_opts *o = g->o;
	int n = dp_tpl_ntables(g->t);

	if (o->table && dp_tpl_table_lookup(g->t, o->table) < 0)
		return dp_msg_usage("template '%s' has no record '%s'", dp_tpl_name(g->t), o->table);
	if (n > 1 && !o->out_dir && !o->table)
		return dp_msg_usage("template '%s' makes %d kinds of record: write them with --out-dir DIR, or pick one with --table",
				    dp_tpl_name(g->t), n);
	if (o->has_range && n > 1 && !o->table)
		return dp_msg_usage("--start/--count work on one record kind: add --table");
	return DP_OK;
}

static void print_stats(const gen_ctx *g, double secs)
{
	fprintf(stderr, "doppel-gen: %llu records, %llu bytes, %llu canaries in %.3f s (%.0f records/s, %.1f MB/s)\n",
		g->records, g->bytes, g->canaries, secs, secs > 0 ? g->records / secs : 0.0,
		secs > 0 ? g->bytes / secs / 1e6 : 0.0);
}

static int open_registry(gen_ctx *g)
{
	dp_err err;
	int any = 0;

	if (!g->o->canary_registry)
		return DP_OK;
	for (int i = 0; i < dp_tpl_ntables(g->t); i++)
		any |= dp_tpl_carries_canaries(g->t, i);
	if (!any)
		dp_msg_warn(NULL, 0, "template '%s' makes no e-mail address: no canaries planted", dp_tpl_name(g->t));
	dp_err_clear(&err);
	if (dp_outfile_open(&g->reg, g->o->canary_registry, 0644, &err) != DP_OK)
		return dp_msg_err(&err, DP_CANTCREAT);
	g->has_reg = 1;
	return DP_OK;
}

static int finish(gen_ctx *g, int rc)
{
	dp_err err;

	dp_err_clear(&err);
	if (g->has_reg && rc == DP_OK && dp_outfile_commit(&g->reg, &err) != DP_OK)
		rc = dp_msg_err(&err, DP_IOERR);
	else if (g->has_reg && rc != DP_OK)
		dp_outfile_abort(&g->reg);
	rc = gen_mf_end(g->mf, g->canaries, rc);
	dp_tpl_run_free(g->run);
	for (int i = 0; i < 3; i++)
		dp_dp_free(g->pack[i]);
	dp_tpl_free(g->t);
	return rc;
}

int gen_run(const gen_opts *o)
{
	gen_ctx g;
	char path[4096];
	dp_err err;
	dp_progress pr;
	double t0 = dp_progress_now();
	int rc;

	memset(&g, 0, sizeof g);
	g.o = o;
	template_path(o->tpl, path, sizeof path);
	dp_err_clear(&err);
	if (dp_tpl_load(path, &g.t, &err) != DP_OK)
		return dp_msg_err(&err, DP_DATAERR);
	if ((rc = check_tables(&g)) != DP_OK || (rc = choose_seed(&g)) != DP_OK)
		return finish(&g, rc);
	if ((rc = gen_mf_begin(o, &g.mf)) != DP_OK) {
		dp_tpl_free(g.t);
		return rc;
	}
	dp_mf_hasher_init(&g.out_hash);
	gen_mf_source(g.mf, g.t, g.seed_s);
	if ((rc = make_run(&g)) != DP_OK || (rc = open_registry(&g)) != DP_OK)
		return finish(&g, rc);
	dp_progress_init(&pr, o->progress, 0);
	rc = write_outputs(&g, &pr);
	dp_progress_done(&pr);
	if (rc == DP_OK && o->stats)
		print_stats(&g, dp_progress_now() - t0);
	return finish(&g, rc);
}

/* --- --list and --check -------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int gen_list(void)
{
	const char *dir = dp_tpl_dir();
	DIR *d = opendir(dir);
	struct dirent *e;
	char *names[512];
	size_t n = 0;
	int rc = DP_OK;

	if (!d) {
		dp_msg_error(dir, 0, "cannot open the template directory: %s", strerror(errno));
		return DP_NOINPUT;
	}
	while ((e = readdir(d)) && n < 512) {
		size_t len = strlen(e->d_name);

		if (len > 4 && e->d_name[0] != '_' && e->d_name[0] != '.' && !strcmp(e->d_name + len - 4, ".dpt"))
			names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof *names, cmp_str);
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		dp_tpl *t;
		dp_err err;

		snprintf(path, sizeof path, "%s/%s", dir, names[i]);
		dp_err_clear(&err);
		if (dp_tpl_load(path, &t, &err) != DP_OK)
			rc = dp_msg_err(&err, DP_DATAERR);
		else {
			printf("%-22s %s\n", dp_tpl_name(t), dp_tpl_description(t));
			dp_tpl_free(t);
		}
		free(names[i]);
	}
	return rc;
}

int gen_check(const char *path)
{
	dp_tpl *t;
	dp_err err;

	dp_err_clear(&err);
	if (dp_tpl_load(path, &t, &err) != DP_OK)
		return dp_msg_err(&err, DP_DATAERR);
	for (int i = 0; i < dp_tpl_ntables(t); i++) {
		printf("%s: record %s:", dp_tpl_name(t), dp_tpl_table_name(t, i));
		for (int k = 0; k < dp_tpl_nemit(t, i); k++)
			printf(" %s", dp_tpl_emit_name(t, i, k));
		printf("\n");
	}
	dp_tpl_free(t);
	return DP_OK;
}
