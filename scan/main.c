/* main.c - doppel-scan: option parsing and dispatch only (see scan.h for the work). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "dp_exit.h"
#include "markup.h"
#include "msg.h"
#include "scan.h"
#include "types.h"
#include "version.h"

enum {
	OPT_REPORT_FORMAT = 256, OPT_REPORT, OPT_PASS, OPT_FAIL_ON_FINDINGS, OPT_FAIL_ON, OPT_MIN_SCORE,
	OPT_SHOW_VALUES, OPT_CONFIG, OPT_NO_CONFIG, OPT_EXCLUDE, OPT_BASELINE, OPT_WRITE_BASELINE,
	OPT_STAGED, OPT_KEY_FILE, OPT_ON_ERROR, OPT_STATS, OPT_PROGRESS, OPT_NO_PROGRESS, OPT_FIELDS,
	OPT_COLUMNS, OPT_LINE_OFFSET, OPT_STDIN_NAME, OPT_LIST_TYPES, OPT_ALL, OPT_LINE_BUFFERED,
	OPT_FORMAT, OPT_ENCODING, OPT_MAX_DOC, OPT_CANARIES, OPT_MANIFEST, OPT_HELP, OPT_VERSION
};

static const struct option long_opts[] = {
	{"output", required_argument, NULL, 'o'},
	{"report", required_argument, NULL, OPT_REPORT},
	{"report-format", required_argument, NULL, OPT_REPORT_FORMAT},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"encoding", required_argument, NULL, OPT_ENCODING},
	{"max-document-size", required_argument, NULL, OPT_MAX_DOC},
	{"pass", no_argument, NULL, OPT_PASS},
	{"fail-on-findings", no_argument, NULL, OPT_FAIL_ON_FINDINGS},
	{"fail-on", required_argument, NULL, OPT_FAIL_ON},
	{"min-score", required_argument, NULL, OPT_MIN_SCORE},
	{"show-values", no_argument, NULL, OPT_SHOW_VALUES},
	{"config", required_argument, NULL, OPT_CONFIG},
	{"rules", required_argument, NULL, OPT_CONFIG},
	{"no-config", no_argument, NULL, OPT_NO_CONFIG},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"write-baseline", required_argument, NULL, OPT_WRITE_BASELINE},
	{"staged", no_argument, NULL, OPT_STAGED},
	{"key-file", required_argument, NULL, OPT_KEY_FILE},
	{"on-error", required_argument, NULL, OPT_ON_ERROR},
	{"fields", required_argument, NULL, OPT_FIELDS},
	{"columns", required_argument, NULL, OPT_COLUMNS},
	{"line-offset", required_argument, NULL, OPT_LINE_OFFSET},
	{"stdin-name", required_argument, NULL, OPT_STDIN_NAME},
	{"canaries", required_argument, NULL, OPT_CANARIES},
	{"text", no_argument, NULL, 'a'},
	{"all", no_argument, NULL, OPT_ALL},
	{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
	{"stats", no_argument, NULL, OPT_STATS},
	{"progress", no_argument, NULL, OPT_PROGRESS},
	{"no-progress", no_argument, NULL, OPT_NO_PROGRESS},
	{"list-types", no_argument, NULL, OPT_LIST_TYPES},
	{"manifest", required_argument, NULL, OPT_MANIFEST},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0}
};

static void usage(void)
{
	printf("Usage: doppel-scan [OPTION]... [PATH]...\n"
	       "Find personal data (PII) and secrets in files, directories or standard input.\n"
	       "Exit status: 0 clean, 1 findings, 64 usage, 65 bad input, 66 missing input,\n"
	       "73 cannot create output, 74 I/O error, 78 bad configuration.\n\n"
	       "  -o, --output FILE, --report FILE  write the report to FILE (atomically)\n"
	       "      --report-format FMT  text (default), json, jsonl or sarif\n"
	       "      --format FMT         input format: auto (default), text, jsonl, csv, html, xml\n"
	       "      --max-document-size BYTES  HTML/XML size limit (default 64 MiB)\n"
	       "      --encoding NAME      input encoding (ICU name: windows-1251, KOI8-R, UTF-16);\n"
	       "                           default: UTF-8, a UTF-16 BOM, or a confident guess\n"
	       "      --pass               copy stdin to stdout unchanged; report to stderr\n"
	       "      --fail-on-findings   with --pass: exit 1 when anything was found\n"
	       "      --fail-on TYPES      only these types (comma-separated) fail the gate\n"
	       "      --min-score N        report findings scoring at least N (0..1)\n"
	       "      --show-values        print values instead of masked values\n"
	       "      --config FILE        rules and settings (default: .doppel.json upward)\n"
	       "      --no-config          do not look for .doppel.json\n"
	       "      --exclude GLOB       skip matching paths (repeatable)\n"
	       "      --baseline FILE      ignore findings recorded in FILE\n"
	       "      --write-baseline FILE  record all current findings in FILE\n"
	       "      --staged             scan the files staged in git (pre-commit)\n"
	       "      --key-file FILE      fingerprint key (default: DOPPEL_KEY_FILE, per-user key)\n"
	       "      --fields PTRS        JSONL: only these JSON pointers (comma-separated)\n"
	       "      --columns COLS       CSV: only these columns (names or numbers)\n"
	       "      --on-error=ACTION    stop (default) or skip malformed records\n"
	       "      --line-offset N      add N to reported line numbers\n"
	       "      --stdin-name NAME    path to report for standard input\n"
	       "      --canaries FILE      also find the canaries of a doppel-gen registry\n"
	       "  -a, --text               scan binary files as text\n"
	       "      --all                report findings below the per-type thresholds too\n"
	       "      --line-buffered      report (and with --pass, pass on) each line as it arrives\n"
	       "      --stats              print a summary to stderr\n"
	       "      --progress, --no-progress  force the progress line on or off\n"
	       "      --manifest DIR       record this run as a step of the dataset version DIR\n"
	       "                           (default: DOPPEL_MANIFEST)\n"
	       "      --list-types         list the entity types and exit\n"
	       "  -q, --quiet              no warnings\n"
	       "      --help               show this help and exit\n"
	       "      --version            show version and library versions and exit\n\n"
	       "See doppel-scan(1).\n");
}

static int append(char ***list, size_t *n, char *item)
{
	char **nv = realloc(*list, (*n + 1) * sizeof **list);

	if (!nv)
		return -1;
	*list = nv;
	(*list)[(*n)++] = item;
	return 0;
}

static int parse_double(const char *s, double lo, double hi, double *out)
{
	char *end;

	*out = strtod(s, &end);
	return *end == '\0' && end != s && *out >= lo && *out <= hi ? 0 : -1;
}

static int list_types(void)
{
	for (int t = 0; t < DP_T_BUILTIN_COUNT; t++) {
		const dp_type_info *ti = dp_type_get(t);

		printf("%-16s %-12s %s\n", ti->id, ti->group, ti->title);
	}
	return 0;
}

static int parse_opt(scan_opts *o, int c, char *arg)
{
	switch (c) {
	case 'o': case OPT_REPORT: o->report_path = arg; return 0;
	case OPT_REPORT_FORMAT:
		if (dp_report_format_parse(arg) < 0)
			return dp_msg_usage("unknown report format '%s' (text, json, jsonl, sarif)", arg);
		o->report_format = (enum dp_report_format)dp_report_format_parse(arg);
		return 0;
	case OPT_FORMAT:
		if (!strcmp(arg, "auto")) o->format = FMT_AUTO;
		else if (!strcmp(arg, "text")) o->format = FMT_TEXT;
		else if (!strcmp(arg, "jsonl")) o->format = FMT_JSONL;
		else if (!strcmp(arg, "csv")) o->format = FMT_CSV;
		else if (!strcmp(arg, "html")) o->format = FMT_HTML;
		else if (!strcmp(arg, "xml")) o->format = FMT_XML;
		else return dp_msg_usage("unknown input format '%s' (auto, text, jsonl, csv, html, xml)", arg);
		return 0;
	case OPT_ENCODING: return dp_args_encoding(arg, &o->encoding);
	case OPT_MAX_DOC: return dp_args_size(arg, &o->max_document);
	case OPT_PASS: o->pass = 1; return 0;
	case OPT_FAIL_ON_FINDINGS: o->fail_on_findings = 1; return 0;
	case OPT_FAIL_ON: o->fail_on = dp_args_split(arg, &o->nfail_on); return 0;
	case OPT_MIN_SCORE:
		return parse_double(arg, 0, 1, &o->min_score) ? dp_msg_usage("--min-score takes a number from 0 to 1") : 0;
	case OPT_SHOW_VALUES: o->show_values = 1; return 0;
	case OPT_CONFIG: o->config_path = arg; return 0;
	case OPT_NO_CONFIG: o->no_config = 1; return 0;
	case OPT_EXCLUDE: return append(&o->exclude, &o->nexclude, arg) ? DP_SOFTWARE : 0;
	case OPT_BASELINE: o->baseline_path = arg; return 0;
	case OPT_WRITE_BASELINE: o->write_baseline_path = arg; return 0;
	case OPT_STAGED: o->staged = 1; return 0;
	case OPT_KEY_FILE: o->key_file = arg; return 0;
	case OPT_ON_ERROR:
		if (strcmp(arg, "skip") && strcmp(arg, "stop"))
			return dp_msg_usage("--on-error takes 'stop' or 'skip'");
		o->skip_bad = !strcmp(arg, "skip");
		return 0;
	case OPT_FIELDS: o->fields = dp_args_split(arg, &o->nfields); return 0;
	case OPT_COLUMNS: o->columns = dp_args_split(arg, &o->ncolumns); return 0;
	case OPT_LINE_OFFSET: {
		char *end;

		o->line_offset = strtol(arg, &end, 10);
		return *end || o->line_offset < 0 ? dp_msg_usage("--line-offset takes a whole number") : 0;
	}
	case OPT_STDIN_NAME: o->stdin_name = arg; return 0;
	case OPT_CANARIES: o->canaries_path = arg; return 0;
	case 'a': o->text_binary = 1; return 0;
	case OPT_ALL: o->report_all = 1; return 0;
	case OPT_LINE_BUFFERED: o->line_buffered = 1; return 0;
	case OPT_STATS: o->stats = 1; return 0;
	case OPT_PROGRESS: o->progress = DP_PROGRESS_ON; return 0;
	case OPT_NO_PROGRESS: o->progress = DP_PROGRESS_OFF; return 0;
	case OPT_MANIFEST: o->manifest = arg; return 0;
	case 'q': o->quiet = 1; dp_msg_quiet(1); return 0;
	default: return DP_USAGE;
	}
}

/* --pass: the bytes go to stdout, and are hashed for the manifest */
static int tee_stdout(const void *buf, size_t n, void *ud)
{
	scan_ctx *c = ud;

	if (c->mf)
		dp_mf_hasher_update(&c->in_hash, buf, n);
	return fwrite(buf, 1, n, stdout) == n ? 0 : -1;
}

/* --pass: stdin goes to stdout byte for byte while it is scanned. */
static int run_pass(scan_ctx *c)
{
	dp_input *in;
	dp_err err;

	dp_err_clear(&err);
	if (dp_input_open(&in, NULL, &err) != 0)
		return dp_msg_err(&err, DP_NOINPUT);
	c->read_stdin = 1;
	dp_input_set_tee(in, tee_stdout, c);
	scan_input(c, in, c->o->stdin_name ? c->o->stdin_name : "-", c->o->format);
	/* drain what the reader did not consume (e.g. a binary input) so it all passes */
	{
		char tmp[65536];

		while (dp_input_read(in, tmp, sizeof tmp, &err) > 0)
			;
	}
	dp_input_close(in);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		dp_msg_error(NULL, 0, "write error on standard output");
		return DP_IOERR;
	}
	return 0;
}

/* The option lists point into argv; only the arrays are ours. */
static void free_opts(scan_opts *o)
{
	free(o->exclude);
	free(o->fail_on);
	free(o->fields);
	free(o->columns);
}

static int exit_status(const scan_ctx *c, int rc)
{
	if (rc)
		return rc;
	if (c->error)
		return c->error;
	if (c->gate && (!c->o->pass || c->o->fail_on_findings))
		return DP_FINDINGS;
	return DP_OK;
}

/* Parses argv into o. Returns -1 to go on, or an exit status (0 after --help). */
static int parse_args(scan_opts *o, int argc, char **argv)
{
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "o:aq", long_opts, NULL)) != -1) {
		if (ch == OPT_HELP)
			return usage(), 0;
		if (ch == OPT_VERSION)
			return printf("doppel-scan (doppel) %s\n%s\n", PACKAGE_VERSION, dp_version_libs()), 0;
		if (ch == OPT_LIST_TYPES)
			return list_types();
		if (ch == '?')
			return dp_msg_usage("invalid option");
		if ((rc = parse_opt(o, ch, optarg)) != 0)
			return rc;
	}
	if (!o->manifest && getenv("DOPPEL_MANIFEST") && *getenv("DOPPEL_MANIFEST"))
		o->manifest = getenv("DOPPEL_MANIFEST");
	if (o->manifest && (o->staged || o->write_baseline_path))
		return dp_msg_usage("--manifest records data steps, not --staged or --write-baseline runs");
	if (o->pass && (optind < argc || o->staged))
		return dp_msg_usage("--pass reads standard input only");
	if (o->staged && optind < argc)
		return dp_msg_usage("--staged takes no paths");
	return -1;
}

static int run(scan_opts *o, int npaths, char **paths)
{
	scan_ctx c;
	dp_mf_step *mf;
	dp_err err;
	int rc = 0;

	dp_err_clear(&err);
	if ((rc = scan_mf_begin(o, &mf)) != 0)
		return rc;
	if (scan_ctx_open(&c, o, &err) != 0) {
		rc = dp_msg_err(&err, DP_SOFTWARE);
		scan_ctx_close(&c, &err);
		dp_mf_step_free(mf);
		return rc;
	}
	c.mf = mf;
	dp_mf_hasher_init(&c.in_hash);
	if (o->line_buffered)
		setvbuf(stdout, NULL, _IOLBF, 0);   /* --pass output line by line too */
	if (o->pass)
		rc = run_pass(&c);
	else if (o->staged)
		scan_staged(&c);
	else
		scan_paths(&c, paths, npaths);
	if (o->stats)
		scan_print_stats(&c);
	scan_mf_counts(&c);
	if (scan_ctx_close(&c, &err) != 0 && !rc)
		rc = dp_msg_err(&err, DP_IOERR);
	return scan_mf_end(mf, o, exit_status(&c, rc));
}

int main(int argc, char **argv)
{
	scan_opts o;
	int rc;

	dp_msg_init("doppel-scan");
	memset(&o, 0, sizeof o);
	o.min_score = -1;
	o.max_document = DP_MARKUP_MAX_BYTES;
	o.argc = argc;
	o.argv = argv;
	rc = parse_args(&o, argc, argv);
	if (rc < 0)
		rc = run(&o, argc - optind, argv + optind);
	free_opts(&o);
	return rc;
}
