/* scan_run.c - one doppel-scan run: set-up (rules, key, detector, report, baseline),
 * dispatch of each input to its format reader, error bookkeeping and the summary. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "msg.h"
#include "scan.h"
#include "types.h"

void scan_note_error(scan_ctx *c, const dp_err *err)
{
	dp_msg_err(err, DP_SOFTWARE);
	if (err->code > c->error)
		c->error = err->code;
}

/* --exclude globs join the configuration's exclude list. */
static int add_excludes(dp_rules *r, const scan_opts *o, dp_err *err)
{
	char **p;

	if (!o->nexclude)
		return 0;
	p = realloc(r->exclude, (r->nexclude + o->nexclude) * sizeof *p);
	if (!p)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	r->exclude = p;
	for (size_t i = 0; i < o->nexclude; i++)
		if (!(r->exclude[r->nexclude++] = strdup(o->exclude[i])))
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return 0;
}

/* Remembers the absolute directory of the configuration file for path globs. */
static void config_dir(scan_ctx *c, const char *path)
{
	char abs[PATH_MAX];
	char *slash;

	if (!realpath(path, abs))
		return;
	slash = strrchr(abs, '/');
	if (slash)
		*slash = '\0';
	snprintf(c->config_dir, sizeof c->config_dir, "%s", abs);
}

static int match_one(const scan_ctx *c, const char *p, int which)
{
	while (p[0] == '.' && p[1] == '/')
		p += 2;
	return which ? dp_rules_allowed_path(c->rules, p) : dp_rules_excluded(c->rules, p);
}

int scan_path_matches(const scan_ctx *c, const char *path, const char *rel, int which)
{
	char abs[PATH_MAX];
	size_t n = strlen(c->config_dir);

	if (!c->rules)
		return 0;
	if ((rel && match_one(c, rel, which)) || match_one(c, path, which))
		return 1;
	if (n && realpath(path, abs) && strncmp(abs, c->config_dir, n) == 0 && abs[n] == '/')
		return match_one(c, abs + n + 1, which);
	return 0;
}

static int load_rules(scan_ctx *c, const scan_opts *o, dp_err *err)
{
	int rc = dp_rules_open(&c->rules, o->config_path, !o->no_config, err);

	if (rc != DP_OK)
		return rc;
	if (c->rules->path)
		config_dir(c, c->rules->path);
	return add_excludes(c->rules, o, err);
}

static int open_report(scan_ctx *c, const scan_opts *o, dp_err *err)
{
	static dp_report_rule rules[DP_T_MAX];
	dp_report_opts ro;
	int n = dp_detect_type_count(c->det);
	const char *dest = o->report_path;

	for (int t = 0; t < n; t++) {
		const dp_type_info *ti = dp_type_get(t);

		rules[t].id = dp_detect_type_id(c->det, t);
		rules[t].title = ti ? ti->title : rules[t].id;
		rules[t].help = ti ? ti->help : "A value matching a custom rule or deny list of the configuration.";
	}
	if (dp_outfile_open(&c->out, dest, 0644, err) != 0)
		return err->code;
	if (!dest && o->pass)
		c->out.fp = stderr;
	ro.format = o->report_format;
	ro.tool_version = PACKAGE_VERSION;
	ro.rules = rules;
	ro.nrules = (size_t)n;
	c->rep = dp_report_new(c->out.fp, &ro, err);
	return c->rep ? 0 : err->code;
}

static int open_baselines(scan_ctx *c, const scan_opts *o, dp_err *err)
{
	if (o->baseline_path && dp_baseline_load(&c->baseline, o->baseline_path, c->keyfp, err) != 0)
		return err->code;
	if (o->write_baseline_path && !(c->newbase = dp_baseline_new()))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return 0;
}

/* --fail-on must name types the detector knows (built-in, custom or deny types). */
static int check_fail_on(scan_ctx *c, const scan_opts *o, dp_err *err)
{
	for (size_t i = 0; i < o->nfail_on; i++) {
		int t, n = dp_detect_type_count(c->det);

		for (t = 0; t < n; t++)
			if (strcmp(dp_detect_type_id(c->det, t), o->fail_on[i]) == 0)
				break;
		if (t == n)
			return dp_err_set(err, DP_USAGE, "--fail-on: unknown type '%s' (see --list-types)", o->fail_on[i]);
	}
	return 0;
}

int scan_ctx_open(scan_ctx *c, const scan_opts *o, dp_err *err)
{
	memset(c, 0, sizeof *c);
	c->o = o;
	c->t0 = dp_progress_now();
	if (dp_key_init() != 0)
		return dp_err_set(err, DP_SOFTWARE, "libsodium initialisation failed");
	if (load_rules(c, o, err) != 0 || dp_key_resolve(c->key, o->key_file, err) != 0 ||
	    scan_canaries_open(c, err) != 0)
		return err->code;
	dp_key_fingerprint(c->key, c->keyfp);
	c->det = dp_detect_new(c->rules, err);
	if (!c->det)
		return err->code ? err->code : DP_SOFTWARE;
	if (check_fail_on(c, o, err) != 0)
		return err->code;
	c->sc = dp_scanner_new(c->det, err);
	c->js = dp_json_new(MAX_STRING_BYTES);
	if (!c->sc || !c->js)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (open_baselines(c, o, err) != 0 || open_report(c, o, err) != 0)
		return err->code;
	dp_progress_init(&c->prog, o->progress, 0);
	return 0;
}

int scan_ctx_close(scan_ctx *c, dp_err *err)
{
	int rc = 0;

	dp_progress_done(&c->prog);
	if (c->rep) {
		dp_report_summary sum = {c->files, c->skipped_files, c->records, c->bytes, c->suppressed};

		dp_report_set_summary(c->rep, &sum);
	}
	if (c->rep && dp_report_finish(c->rep, err) != 0)
		rc = err->code;
	dp_report_free(c->rep);
	if (c->out.fp) {
		if (rc == 0 && c->out.fp != stderr && dp_outfile_commit(&c->out, err) != 0)
			rc = err->code;
		else if (rc != 0)
			dp_outfile_abort(&c->out);
	}
	if (rc == 0 && c->newbase)
		rc = dp_baseline_write(c->newbase, c->o->write_baseline_path, c->keyfp, err);
	dp_baseline_free(c->baseline);
	dp_baseline_free(c->newbase);
	scan_canaries_close(c);
	dp_json_free(c->js);
	dp_scanner_free(c->sc);
	dp_detect_free(c->det);
	dp_rules_free(c->rules);
	sodium_memzero(c->key, sizeof c->key);
	return rc;
}

enum scan_format scan_format_by_name(const char *path)
{
	return (enum scan_format)dp_input_format_by_name(path);
}

/* Content sniffing: NUL bytes mean binary (-1); a first line that is a JSON object
 * means JSONL; anything else is text. */
static int sniff(scan_ctx *c, dp_input *in, enum scan_format *fmt, dp_err *err)
{
	const char *p;
	ssize_t n = dp_input_peek(in, &p, err);
	size_t i = 0;

	if (n < 0)
		return -2;
	if (!c->o->text_binary && memchr(p, '\0', (size_t)n))
		return -1;
	if (*fmt != FMT_AUTO)
		return 0;
	while (i < (size_t)n && (p[i] == ' ' || p[i] == '\t'))
		i++;
	*fmt = FMT_TEXT;
	if (i < (size_t)n && (p[i] == '{' || p[i] == '[')) {
		const char *nl = memchr(p, '\n', (size_t)n);
		dp_err jerr;

		if (nl && dp_json_scan(c->js, p, (size_t)(nl - p) + 1, NULL, NULL, &jerr) == 0)
			*fmt = FMT_JSONL;
	}
	return 0;
}

int scan_input(scan_ctx *c, dp_input *in, const char *display, enum scan_format fmt)
{
	dp_err err;
	int s;

	dp_err_clear(&err);
	/* the allow-listed paths are matched once per input, not per finding (realpath) */
	c->path_allowed = scan_path_matches(c, display, c->rel, 1);
	s = dp_input_set_encoding(in, c->o->encoding, &err) != 0 ? -2 : sniff(c, in, &fmt, &err);
	if (s == -2) {
		scan_note_error(c, &err);
		return err.code;
	}
	if (s == -1) {
		c->skipped_files++;
		if (!c->o->quiet)
			dp_msg_warn(display, 0, "binary file skipped (use --text to scan it)");
		return 0;
	}
	c->files++;
	if (fmt == FMT_JSONL)
		return scan_jsonl(c, in, display);
	if (fmt == FMT_CSV)
		return scan_csv(c, in, display);
	if (fmt == FMT_HTML || fmt == FMT_XML)
		return scan_markup(c, in, display, fmt == FMT_HTML);
	return scan_text(c, in, display);
}

int scan_one(scan_ctx *c, const char *path, const char *display)
{
	dp_input *in;
	dp_err err;
	enum scan_format fmt = c->o->format;
	int rc;

	dp_err_clear(&err);
	if (path && strcmp(path, "-") != 0 && scan_path_matches(c, path, c->rel, 0))
		return 0;
	if (dp_input_open(&in, path, &err) != 0) {
		scan_note_error(c, &err);
		return err.code;
	}
	if (fmt == FMT_AUTO && path && strcmp(path, "-") != 0)
		fmt = scan_format_by_name(path);
	if (c->mf && (!path || strcmp(path, "-") == 0)) {
		c->read_stdin = 1;
		dp_input_set_tee(in, dp_mf_hasher_tee, &c->in_hash);
	}
	rc = scan_input(c, in, display, fmt);
	if (c->mf && (!path || strcmp(path, "-") == 0))
		while (dp_input_read(in, c->drain, sizeof c->drain, &err) > 0)
			;   /* what the reader left (a binary input) is hashed too */
	dp_input_close(in);
	return rc;
}

int scan_paths(scan_ctx *c, char **paths, int npaths)
{
	struct stat st;

	if (npaths == 0)
		return scan_one(c, NULL, c->o->stdin_name ? c->o->stdin_name : "-");
	for (int i = 0; i < npaths; i++) {
		const char *p = paths[i];

		if (strcmp(p, "-") == 0) {
			scan_one(c, NULL, c->o->stdin_name ? c->o->stdin_name : "-");
		} else if (stat(p, &st) == 0 && S_ISDIR(st.st_mode)) {
			scan_walk(c, p);
		} else if (scan_one(c, p, p) == 0) {
			scan_mf_input(c, p);
		}
	}
	return 0;
}

int scan_print_stats(scan_ctx *c)
{
	double el = dp_progress_now() - c->t0;
	int n = dp_detect_type_count(c->det);

	fprintf(stderr, "%s: %llu files, %llu bytes, %llu records in %.2f s (%.1f MB/s)\n",
	        dp_msg_prog(), c->files, c->bytes, c->records, el,
	        el > 0 ? (double)c->bytes / el / 1e6 : 0.0);
	for (int t = 0; t < n; t++)
		if (c->found[t])
			fprintf(stderr, "%s:   %-16s %llu\n", dp_msg_prog(), dp_detect_type_id(c->det, t), c->found[t]);
	fprintf(stderr, "%s: %llu suppressed (%llu by baseline), %llu binary files skipped, %llu bad records skipped\n",
	        dp_msg_prog(), c->suppressed, c->baselined, c->skipped_files, c->skipped_records);
	return 0;
}
