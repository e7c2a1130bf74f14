/* main.c - doppel-gen: option parsing and dispatch only (see gen.h for the work). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "dp_exit.h"
#include "gen.h"
#include "msg.h"
#include "progress.h"
#include "version.h"

enum {
	OPT_SEED = 256, OPT_RANDOM_SEED, OPT_LOCALE, OPT_REF_DATE, OPT_EDGE_RATE, OPT_FORMAT,
	OPT_OUT_DIR, OPT_TABLE, OPT_FIELDS, OPT_SPANS, OPT_CANARIES, OPT_CANARY_REGISTRY,
	OPT_START, OPT_COUNT, OPT_SHARD, OPT_LIST, OPT_CHECK, OPT_STATS, OPT_PROGRESS,
	OPT_NO_PROGRESS, OPT_MANIFEST, OPT_HELP, OPT_VERSION
};

static const struct option long_opts[] = {
	{"template", required_argument, NULL, 't'},
	{"number", required_argument, NULL, 'n'},
	{"output", required_argument, NULL, 'o'},
	{"seed", required_argument, NULL, OPT_SEED},
	{"random-seed", no_argument, NULL, OPT_RANDOM_SEED},
	{"locale", required_argument, NULL, OPT_LOCALE},
	{"ref-date", required_argument, NULL, OPT_REF_DATE},
	{"edge-rate", required_argument, NULL, OPT_EDGE_RATE},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"out-dir", required_argument, NULL, OPT_OUT_DIR},
	{"table", required_argument, NULL, OPT_TABLE},
	{"fields", required_argument, NULL, OPT_FIELDS},
	{"spans", no_argument, NULL, OPT_SPANS},
	{"canaries", required_argument, NULL, OPT_CANARIES},
	{"canary-registry", required_argument, NULL, OPT_CANARY_REGISTRY},
	{"start", required_argument, NULL, OPT_START},
	{"count", required_argument, NULL, OPT_COUNT},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"list", no_argument, NULL, OPT_LIST},
	{"check", required_argument, NULL, OPT_CHECK},
	{"stats", no_argument, NULL, OPT_STATS},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"manifest", required_argument, NULL, OPT_MANIFEST},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0}
};

static void usage(void)
{
	printf("Usage: doppel-gen -t TEMPLATE [-n COUNT] [--seed S] [OPTION]...\n"
	       "Generate synthetic records from a template, reproducibly (doppel-template(5)).\n"
	       "Exit status: 0 done, 64 usage, 65 bad template, 66 missing template or data pack,\n"
	       "73 cannot create, 74 I/O.\n\n"
	       "  -t, --template NAME|FILE  a built-in template (--list) or a .dpt file\n"
	       "  -n, --number N            records in the dataset (default 10)\n"
	       "      --seed S              seed (default 0); --random-seed picks and prints one\n"
	       "      --locale MIX          en, ru, kk or a mix such as ru:5,kk:3,en:2\n"
	       "      --ref-date DATE       dates are relative to it (default 2026-01-01)\n"
	       "      --edge-rate P         share of records with an edge case (0..1)\n"
	       "      --format FMT          jsonl (default), csv or text\n"
	       "  -o, --output FILE         write to FILE (atomically) instead of stdout\n"
	       "      --out-dir DIR         one file per record kind: DIR/TABLE.jsonl ...\n"
	       "      --table NAME          only this record kind\n"
	       "      --fields A,B          only these fields, in this order\n"
	       "      --spans               add `_spans`: type and offsets of planted PII\n"
	       "      --canaries N          plant N canary e-mail addresses per record kind\n"
	       "      --canary-registry F   write the canaries planted (JSONL) to F\n"
	       "      --start I --count C   records I..I+C-1 only\n"
	       "      --shard I/N           shard I of N (1-based); shards concatenate to the run\n"
	       "      --list                list the built-in templates\n"
	       "      --check FILE          compile a template and report its errors\n"
	       "      --manifest DIR        record this step in a dataset version's manifest\n"
	       "                            (default: DOPPEL_MANIFEST)\n"
	       "      --stats               records, bytes and rate on stderr\n"
	       "      --progress, --no-progress   force the progress line on or off\n"
	       "  -q, --quiet               no notes\n"
	       "      --help, --version\n");
}

static int parse_u64(const char *arg, uint64_t *v, const char *opt)
{
	char *end;
	unsigned long long x;

	if (!*arg || *arg == '-' || (x = strtoull(arg, &end, 10), *end))
		return dp_msg_usage("%s wants a number, not '%s'", opt, arg);
	*v = x;
	return 0;
}

static int parse_rate(const char *arg, long *ppm)
{
	char *end;
	double v = strtod(arg, &end);

	if (!*arg || *end || !(v >= 0 && v <= 1))
		return dp_msg_usage("--edge-rate wants a share from 0 to 1, not '%s'", arg);
	*ppm = (long)(v * 1000000 + 0.5);
	return 0;
}

static int parse_shard(gen_opts *o, const char *arg)
{
	unsigned long long i, n;
	char extra;

	if (sscanf(arg, "%llu/%llu%c", &i, &n, &extra) != 2 || n == 0 || i == 0 || i > n)
		return dp_msg_usage("--shard wants I/N with 1 <= I <= N, not '%s'", arg);
	o->has_shard = 1;
	o->shard_i = i;
	o->shard_n = n;
	return 0;
}

static int set_format(gen_opts *o, const char *arg)
{
	if (!strcmp(arg, "jsonl"))
		o->format = GF_JSONL;
	else if (!strcmp(arg, "csv"))
		o->format = GF_CSV;
	else if (!strcmp(arg, "text"))
		o->format = GF_TEXT;
	else
		return dp_msg_usage("unknown format '%s' (jsonl, csv, text)", arg);
	return 0;
}

/* 0 to go on, -1 to exit 0, or an exit status. */
static int parse_opt(gen_opts *o, int c, char *arg, const char **check, int *list)
{
	switch (c) {
	case 't': o->tpl = arg; return 0;
	case 'n': return parse_u64(arg, &o->n, "-n");
	case 'o': o->out_path = arg; return 0;
	case 'q': o->quiet = 1; return 0;
	case OPT_SEED: o->seed = arg; return 0;
	case OPT_RANDOM_SEED: o->random_seed = 1; return 0;
	case OPT_LOCALE: o->locales = arg; return 0;
	case OPT_REF_DATE: o->ref_date = arg; return 0;
	case OPT_EDGE_RATE: return parse_rate(arg, &o->edge_ppm);
	case OPT_FORMAT: return set_format(o, arg);
	case OPT_OUT_DIR: o->out_dir = arg; return 0;
	case OPT_TABLE: o->table = arg; return 0;
	case OPT_FIELDS: o->fields = dp_args_split(arg, &o->nfields); return 0;
	case OPT_SPANS: o->spans = 1; return 0;
	case OPT_CANARIES: return parse_u64(arg, &o->canaries, "--canaries");
	case OPT_CANARY_REGISTRY: o->canary_registry = arg; return 0;
	case OPT_START: o->has_range = 1; return parse_u64(arg, &o->start, "--start");
	case OPT_COUNT: o->has_range = 1; return parse_u64(arg, &o->count, "--count");
	case OPT_SHARD: return parse_shard(o, arg);
	case OPT_LIST: *list = 1; return 0;
	case OPT_CHECK: *check = arg; return 0;
	case OPT_STATS: o->stats = 1; return 0;
	case OPT_PROGRESS: o->progress = DP_PROGRESS_ON; return 0;
	case OPT_NO_PROGRESS: o->progress = DP_PROGRESS_OFF; return 0;
	case OPT_MANIFEST: o->manifest = arg; return 0;
	case OPT_HELP: usage(); return -1;
	case OPT_VERSION:
		printf("doppel-gen (doppel) %s\n%s\n", PACKAGE_VERSION, dp_version_libs());
		return -1;
	default: return DP_USAGE;
	}
}

/* Combinations that make no sense, found before any work. */
static int check_opts(const gen_opts *o, int seen_count)
{
	if (!o->tpl)
		return dp_msg_usage("which template? -t NAME (see --list) or -t FILE.dpt");
	if (o->has_range && !seen_count)
		return dp_msg_usage("--start needs --count");
	if (o->has_range && o->has_shard)
		return dp_msg_usage("--shard and --start/--count are two ways to pick records: use one");
	if (o->out_path && o->out_dir)
		return dp_msg_usage("-o and --out-dir: use one");
	if (o->spans && o->format == GF_TEXT)
		return dp_msg_usage("--spans needs --format jsonl or csv");
	if (o->canaries && !o->canary_registry)
		return dp_msg_usage("--canaries needs --canary-registry FILE (how else would you find them?)");
	if (o->seed && o->random_seed)
		return dp_msg_usage("--seed and --random-seed: use one");
	return 0;
}

int main(int argc, char **argv)
{
	gen_opts o;
	const char *check = NULL;
	int c, rc, list = 0, seen_count = 0;

	dp_msg_init("doppel-gen");
	memset(&o, 0, sizeof o);
	o.n = 10;
	o.edge_ppm = -1;
	o.progress = DP_PROGRESS_AUTO;
	while ((c = getopt_long(argc, argv, "t:n:o:q", long_opts, NULL)) != -1) {
		seen_count |= c == OPT_COUNT;
		if ((rc = parse_opt(&o, c, optarg, &check, &list)) != 0)
			return rc < 0 ? DP_OK : rc == DP_USAGE && c == '?' ? dp_msg_usage("bad option") : rc;
	}
	if (optind < argc)
		return dp_msg_usage("unexpected argument '%s' (doppel-gen reads no input)", argv[optind]);
	if (!o.manifest && getenv("DOPPEL_MANIFEST") && *getenv("DOPPEL_MANIFEST"))
		o.manifest = getenv("DOPPEL_MANIFEST");
	o.argc = argc;
	o.argv = argv;
	dp_msg_quiet(o.quiet);
	if (list)
		return gen_list();
	if (check)
		return gen_check(check);
	if ((rc = check_opts(&o, seen_count)) != 0)
		return rc;
	rc = gen_run(&o);
	free(o.fields);
	return rc;
}
