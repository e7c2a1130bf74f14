/* main.c - doppel-anon: option parsing and dispatch only (see anon.h for the work). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "args.h"
#include "dp_exit.h"
#include "msg.h"
#include "version.h"

enum {
	OPT_NEW_KEY = 256, OPT_KEY_FILE, OPT_MAP, OPT_STYLE, OPT_LABEL, OPT_FORMAT, OPT_ENCODING, OPT_MAX_DOC, OPT_COLUMNS,
	OPT_FIELDS, OPT_CONFIG, OPT_NO_CONFIG, OPT_VERIFY, OPT_FAIL_ON_RESIDUAL, OPT_ON_ERROR,
	OPT_BUSY_TIMEOUT, OPT_STDIN_NAME, OPT_STATS, OPT_VAULT, OPT_VAULT_KEY_FILE, OPT_REVERSE, OPT_SCHEMA, OPT_TABLE,
	OPT_MANIFEST, OPT_HELP, OPT_VERSION,
	OPT_SHARD, OPT_READ_ONLY   /* sharded runs (anon_shard.c) */
};

static const struct option long_opts[] = {
	{"output", required_argument, NULL, 'o'},
	{"new-key", required_argument, NULL, OPT_NEW_KEY},
	{"key-file", required_argument, NULL, OPT_KEY_FILE},
	{"map", required_argument, NULL, OPT_MAP},
	{"style", required_argument, NULL, OPT_STYLE},
	{"label", required_argument, NULL, OPT_LABEL},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"max-document-size", required_argument, NULL, OPT_MAX_DOC},
	{"columns", required_argument, NULL, OPT_COLUMNS},
	{"fields", required_argument, NULL, OPT_FIELDS},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"no-config", no_argument, NULL, OPT_NO_CONFIG},
	{"verify", no_argument, NULL, OPT_VERIFY},
	{"fail-on-residual", no_argument, NULL, OPT_FAIL_ON_RESIDUAL},
	{"on-error", required_argument, NULL, OPT_ON_ERROR},
	{"busy-timeout", required_argument, NULL, OPT_BUSY_TIMEOUT},
	{"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
	{"stats", no_argument, NULL, OPT_STATS},
	{"vault", required_argument, NULL, OPT_VAULT},
	{"vault-key-file", required_argument, NULL, OPT_VAULT_KEY_FILE},
	{"reverse", no_argument, NULL, OPT_REVERSE},
	{"schema", required_argument, NULL, OPT_SCHEMA},
	{"table", required_argument, NULL, OPT_TABLE},
	{"manifest", required_argument, NULL, OPT_MANIFEST},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"read-only", no_argument, NULL, OPT_READ_ONLY},
	{NULL, 0, NULL, 0}
};

static void usage(void)
{
	printf("Usage: doppel-anon [OPTION]... [FILE]...\n"
	       "  or:  doppel-anon collect --shard I/N [OPTION]... [FILE]... -o SHARD.collect\n"
	       "  or:  doppel-anon merge --map FILE SHARD.collect...\n"
	       "  or:  doppel-anon apply --shard I/N --map FILE [OPTION]... [FILE]...\n"
	       "Replace personal data with stable tokens (Person_12, Email_3) through a keyed\n"
	       "mapping table. Reads FILEs or standard input (text, JSONL, CSV, gzip).\n"
	       "Exit status: 0 done, 1 residual findings (--fail-on-residual), 64 usage,\n"
	       "65 bad input, 66 missing input, 73 cannot create, 74 I/O, 75 table busy, 78 key.\n\n"
	       "      --new-key FILE       write a new random key (mode 0600) and exit\n"
	       "      --key-file FILE      the key (default: DOPPEL_KEY_FILE)\n"
	       "      --map FILE           mapping table (SQLite; default: numbers for this run only)\n"
	       "      --style [TYPE=]STYLE marker (default), surrogate, mask, hash, redact, keep\n"
	       "      --label TYPE=LABEL   marker label of a type, e.g. person=Client (repeatable)\n"
	       "  -o, --output FILE        write the result to FILE (atomically)\n"
	       "      --format FMT         auto (default), text, jsonl, csv, html or xml\n"
	       "      --max-document-size BYTES  HTML/XML size limit (default 64 MiB)\n"
	       "      --encoding NAME      input encoding (ICU: windows-1251, KOI8-R, UTF-16);\n"
	       "                           default UTF-8, a BOM or a confident guess; out: UTF-8\n"
	       "      --columns LIST       CSV columns to anonymize (names or numbers; default all)\n"
	       "      --fields LIST        JSON pointers to anonymize (default all strings)\n"
	       "      --schema FILE        table schema with doppel: field properties (repeatable)\n"
	       "      --table NAME         the input's table in the schemas (default: file name)\n"
	       "      --config FILE        detection rules (default: .doppel.json upward)\n"
	       "      --no-config          do not look for .doppel.json\n"
	       "      --verify             scan the output again and report residual findings\n"
	       "      --fail-on-residual   with --verify: exit 1 when any remain\n"
	       "      --on-error=skip      drop malformed JSONL records (default: stop, exit 65)\n"
	       "      --busy-timeout MS    wait for a shared table at most MS ms (default 60000)\n"
	       "      --vault FILE         also store originals, encrypted, in FILE\n"
	       "      --vault-key-file FILE  the vault's own key (--new-key makes one)\n"
	       "      --reverse            restore originals from the vault in text with tokens\n"
	       "      --stdin-name NAME    name standard input in messages\n"
	       "      --stats              print counts on standard error\n"
	       "      --manifest DIR       record this run in a dataset manifest (DOPPEL_MANIFEST)\n"
	       "      --read-only          never number a new entity: exit 65 on one (apply does so)\n"
	       "      --shard I/N          collect, apply: this input is shard I of N, in order\n"
	       "  -q, --quiet              no warnings\n"
	       "      --help, --version\n");
}

/* Appends TYPE=VALUE to a list; 0, or a usage error. */
static int add_typeopt(anon_typeopt **list, size_t *n, char *arg, const char *opt)
{
	char *eq = strchr(arg, '=');
	anon_typeopt *nl;

	if (!eq || eq == arg || !eq[1])
		return dp_msg_usage("%s wants TYPE=VALUE, not '%s'", opt, arg);
	if (!(nl = realloc(*list, (*n + 1) * sizeof *nl)))
		exit(DP_SOFTWARE);
	*eq = '\0';
	nl[*n].type = arg;
	nl[*n].value = eq + 1;
	*list = nl;
	(*n)++;
	return 0;
}

static int set_style(anon_opts *o, char *arg)
{
	int st;

	if (strchr(arg, '='))
		return add_typeopt(&o->styles, &o->nstyles, arg, "--style");
	if ((st = anon_style_by_name(arg)) < 0 || st == ST_SHIFT || st == ST_KEY)
		return dp_msg_usage("unknown style '%s' (marker, surrogate, mask, hash, redact, keep)", arg);
	o->default_style = st;
	return 0;
}

static int set_format(anon_opts *o, const char *arg)
{
	static const char *const names[] = {"auto", "text", "jsonl", "csv", "html", "xml"};

	for (int i = 0; i < 6; i++)
		if (strcmp(arg, names[i]) == 0) {
			o->format = (enum anon_format)i;
			return 0;
		}
	return dp_msg_usage("unknown format '%s' (auto, text, jsonl, csv, html, xml)", arg);
}

static int set_number(int *out, const char *arg, const char *opt)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (*arg == '\0' || *end || v < 0 || v > 86400000)
		return dp_msg_usage("%s wants milliseconds (0..86400000), not '%s'", opt, arg);
	*out = (int)v;
	return 0;
}

/* Returns 0 to go on, -1 to exit 0 (help, version), or an exit status. */
static int parse_opt(anon_opts *o, int c, char *arg, const char **new_key)
{
	switch (c) {
	case 'o': o->out_path = arg; return 0;
	case 'q': o->quiet = 1; return 0;
	case OPT_NEW_KEY: *new_key = arg; return 0;
	case OPT_KEY_FILE: o->key_file = arg; return 0;
	case OPT_MAP: o->map_path = arg; return 0;
	case OPT_STYLE: return set_style(o, arg);
	case OPT_LABEL: return add_typeopt(&o->labels, &o->nlabels, arg, "--label");
	case OPT_FORMAT: return set_format(o, arg);
	case OPT_ENCODING: return dp_args_encoding(arg, &o->encoding);
	case OPT_MAX_DOC: return dp_args_size(arg, &o->max_document);
	case OPT_COLUMNS: o->columns = dp_args_split(arg, &o->ncolumns); return 0;
	case OPT_FIELDS: o->fields = dp_args_split(arg, &o->nfields); return 0;
	case OPT_CONFIG: o->config_path = arg; return 0;
	case OPT_NO_CONFIG: o->no_config = 1; return 0;
	case OPT_VERIFY: o->verify = 1; return 0;
	case OPT_FAIL_ON_RESIDUAL: o->verify = o->fail_on_residual = 1; return 0;
	case OPT_ON_ERROR:
		if (strcmp(arg, "skip") && strcmp(arg, "fail"))
			return dp_msg_usage("--on-error wants skip or fail, not '%s'", arg);
		o->skip_bad = strcmp(arg, "skip") == 0;
		return 0;
	case OPT_BUSY_TIMEOUT: return set_number(&o->busy_ms, arg, "--busy-timeout");
	case OPT_STDIN_NAME: o->stdin_name = arg; return 0;
	case OPT_STATS: o->stats = 1; return 0;
	case OPT_VAULT: o->vault_path = arg; return 0;
	case OPT_VAULT_KEY_FILE: o->vault_key_file = arg; return 0;
	case OPT_REVERSE: o->reverse = 1; return 0;
	case OPT_SCHEMA:
		if (!(o->schemas = realloc(o->schemas, (o->nschemas + 1) * sizeof *o->schemas)))
			exit(DP_SOFTWARE);
		o->schemas[o->nschemas++] = arg;
		return 0;
	case OPT_TABLE: o->table = arg; return 0;
	case OPT_MANIFEST: o->manifest = arg; return 0;
	case OPT_SHARD: return anon_shard_parse(o, arg);
	case OPT_READ_ONLY: o->read_only = 1; return 0;
	case OPT_HELP: usage(); return -1;
	case OPT_VERSION:
		printf("doppel-anon (doppel) %s\n%s\n", PACKAGE_VERSION, dp_version_libs());
		return -1;
	default: return DP_USAGE;
	}
}

static int new_key(const char *path, int quiet)
{
	unsigned char key[DP_KEY_BYTES];
	char fp[DP_KEYFP_HEX];
	dp_err err;

	dp_err_clear(&err);
	if (dp_key_create(path, &err) != DP_OK || dp_key_load(key, path, &err) != DP_OK)
		return dp_msg_err(&err, DP_CANTCREAT);
	dp_key_fingerprint(key, fp);
	sodium_memzero(key, sizeof key);
	if (!quiet)
		fprintf(stderr, "doppel-anon: wrote %s (key fingerprint %s); keep it secret, and "
		        "out of the sandbox\n", path, fp);
	return DP_OK;
}

static void print_stats(const anon_ctx *c)
{
	unsigned long long l = 0, a = 0, k = 0;
	int n = dp_detect_type_count(c->det);

	if (c->map)
		dp_map_stats(c->map, &l, &a, &k);
	fprintf(stderr, "doppel-anon: %llu records, %llu bytes, %llu skipped; %llu new entities "
	        "in %llu commits\n", c->records, c->bytes_in, c->skipped, a, k);
	if (c->o->reverse)
		fprintf(stderr, "doppel-anon: %llu tokens not in the vault, left as they are\n",
		        c->unknown_tokens);
	for (int t = 0; t <= n; t++)   /* n: declared fields without a detector type */
		if (c->replaced[t])
			fprintf(stderr, "doppel-anon:   %-16s %llu replaced (%s)\n",
			        t < n ? dp_detect_type_id(c->det, t) : "declared", c->replaced[t],
			        anon_style_name(c->style[t]));
}

/* --verify: the residual findings by type; returns their total */
static unsigned long long report_residual(const anon_ctx *c)
{
	unsigned long long total = 0;
	int n = dp_detect_type_count(c->det);

	for (int t = 0; t < n; t++)
		total += c->residual[t];
	fprintf(stderr, "doppel-anon: verify: %llu residual findings\n", total);
	for (int t = 0; t < n; t++)
		if (c->residual[t])
			fprintf(stderr, "doppel-anon:   %-16s %llu\n", dp_detect_type_id(c->det, t),
			        c->residual[t]);
	return total;
}

static int run(const anon_opts *o, char **paths, int npaths)
{
	anon_ctx c;
	dp_err err;
	int rc;
	unsigned long long residual = 0;

	dp_mf_step *mf;

	dp_err_clear(&err);
	if ((rc = anon_mf_begin(o, &mf)) != DP_OK)
		return rc;
	if ((rc = anon_ctx_open(&c, o, &err)) != DP_OK) {
		dp_msg_err(&err, rc);
		c.error = rc;
		anon_ctx_close(&c, &err);
		dp_mf_step_free(mf);
		return rc;
	}
	c.mf = mf;
	dp_mf_hasher_init(&c.out_hash);
	for (int i = 0; (i < npaths || (npaths == 0 && i == 0)) && !c.error; i++)
		if ((rc = anon_file(&c, npaths ? paths[i] : NULL)) != DP_OK)
			c.error = rc;
	if (o->stats)
		print_stats(&c);
	if (o->verify && !c.error)
		residual = report_residual(&c);
	rc = c.error;
	anon_mf_counts(&c);
	if (anon_ctx_close(&c, &err) != DP_OK && !rc)
		rc = dp_msg_err(&err, DP_IOERR);
	if (!rc && o->fail_on_residual && residual)
		rc = DP_FINDINGS;
	return anon_mf_end(&c, o, rc);
}

int main(int argc, char **argv)
{
	anon_opts o;
	const char *key_out = NULL;
	int c, rc;

	dp_msg_init("doppel-anon");
	memset(&o, 0, sizeof o);
	o.default_style = ST_DEFAULT;
	o.busy_ms = 60000;
	if (argc > 1 && (o.mode = !strcmp(argv[1], "collect") ? AM_COLLECT : !strcmp(argv[1], "merge")
	                 ? AM_MERGE : !strcmp(argv[1], "apply") ? AM_APPLY : AM_RUN) != AM_RUN)
		argv[1] = argv[0], argc--, argv++;   /* the subcommand, then its options */
	while ((c = getopt_long(argc, argv, "o:q", long_opts, NULL)) != -1)
		if ((rc = parse_opt(&o, c, optarg, &key_out)) != 0)
			return rc < 0 ? DP_OK : rc == DP_USAGE && c == '?' ? dp_msg_usage("bad option") : rc;
	dp_msg_quiet(o.quiet);
	if (key_out)
		return optind < argc ? dp_msg_usage("--new-key takes no input files") : new_key(key_out, o.quiet);
	if (!o.manifest && getenv("DOPPEL_MANIFEST") && *getenv("DOPPEL_MANIFEST"))
		o.manifest = getenv("DOPPEL_MANIFEST");
	o.argc = argc;
	o.argv = argv;
	if ((rc = anon_mode_check(&o, argc - optind)) != 0)
		return rc;
	rc = o.mode == AM_MERGE ? anon_merge(&o, argv + optind, argc - optind)
	                        : run(&o, argv + optind, argc - optind);
	free(o.styles);
	free(o.labels);
	free(o.columns);
	free(o.fields);
	free(o.schemas);
	return rc;
}
