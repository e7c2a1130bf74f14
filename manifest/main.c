/* main.c - doppel-manifest: option parsing and dispatch only (see mf.h for the verbs). */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "mf.h"
#include "msg.h"
#include "version.h"

enum {
	OPT_RETENTION_CLASS = 256, OPT_AUTHOR, OPT_TITLE, OPT_DESCRIPTION, OPT_INPUT, OPT_COLLECTED,
	OPT_REPLACE, OPT_POLICY, OPT_JSON, OPT_EXECUTE, OPT_NOW, OPT_MAX_DELETIONS, OPT_BY, OPT_REASON,
	OPT_REF, OPT_CLASS, OPT_EXPIRES, OPT_RETAIN_UNTIL, OPT_HELP, OPT_VERSION
};

static const struct option long_opts[] = {
	{"retention-class", required_argument, NULL, OPT_RETENTION_CLASS},
	{"author", required_argument, NULL, OPT_AUTHOR},
	{"title", required_argument, NULL, OPT_TITLE},
	{"description", required_argument, NULL, OPT_DESCRIPTION},
	{"input", required_argument, NULL, OPT_INPUT},
	{"collected", required_argument, NULL, OPT_COLLECTED},
	{"replace", no_argument, NULL, OPT_REPLACE},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"json", no_argument, NULL, OPT_JSON},
	{"execute", no_argument, NULL, OPT_EXECUTE},
	{"now", required_argument, NULL, OPT_NOW},
	{"max-deletions", required_argument, NULL, OPT_MAX_DELETIONS},
	{"by", required_argument, NULL, OPT_BY},
	{"reason", required_argument, NULL, OPT_REASON},
	{"ref", required_argument, NULL, OPT_REF},
	{"class", required_argument, NULL, OPT_CLASS},
	{"expires", required_argument, NULL, OPT_EXPIRES},
	{"retain-until", required_argument, NULL, OPT_RETAIN_UNTIL},
	{"quiet", no_argument, NULL, 'q'},
	{"help", no_argument, NULL, OPT_HELP},
	{"version", no_argument, NULL, OPT_VERSION},
	{NULL, 0, NULL, 0}
};

/* which options each verb takes (the rest are usage errors) */
static const struct verb {
	const char *name;
	const char *opts;   /* option ids, as a string of (id - 256 + 'A') letters */
} verbs[] = {
	{"init", "ABCDEFGH"}, {"seal", "HM"}, {"show", "I"}, {"verify", "I"}, {"list", "I"},
	{"hold", "MNO"}, {"release", "MNO"}, {"retention", "HMPQR"}, {"purge", "IJKLM"},
};

static void usage(void)
{
	printf("Usage: doppel-manifest VERB [OPTION]... ARGUMENT\n"
	       "Create, seal, inspect and purge versioned datasets (a Frictionless Data Package\n"
	       "datapackage.json with doppel: provenance and retention in each version).\n\n"
	       "  init ROOT/NAME/VERSION   start a version (ROOT/NAME/.staging/VERSION); prints its path\n"
	       "      --retention-class C  draft (30 days, default), reference (365 days) or the policy's\n"
	       "      --author WHO --title T --description D   package metadata\n"
	       "      --input FILE         record FILE as a source (repeatable)\n"
	       "      --collected TIME     when the inputs were collected (retention counts from it)\n"
	       "      --replace            start again over an unlocked staging version\n"
	       "  seal ROOT/NAME/VERSION   check steps and data, compute retention, publish\n"
	       "  show DIR | verify DIR    the manifest (--json), or check data and steps\n"
	       "  list ROOT                every version with status, expiry and hold (--json)\n"
	       "  hold DIR --reason R [--ref REF] | release DIR    legal hold\n"
	       "  retention DIR [--class C] [--expires TIME] [--retain-until TIME|none]\n"
	       "  purge ROOT               dry run: what expired versions would be deleted\n"
	       "      --execute            really delete (tombstone and purge-log.jsonl kept)\n"
	       "      --now TIME           judge expiry at TIME (tests)\n"
	       "      --max-deletions N    delete nothing when more than N versions are due\n\n"
	       "  --policy FILE            retention classes (default: DOPPEL_RETENTION_POLICY)\n"
	       "  --by WHO                 actor recorded in events (default: user@host)\n"
	       "  --json                   machine-readable output\n"
	       "  -q, --quiet              no summary on standard error\n"
	       "      --help, --version\n\n"
	       "Exit status: 0 ok, 1 purge could not finish or --max-deletions exceeded, 64 usage,\n"
	       "65 bad data (unreadable manifest, hash or chain mismatch), 66 missing, 73 cannot\n"
	       "create (version exists or was purged), 74 I/O, 75 locked, 78 bad policy.\n"
	       "See doppel-manifest(1).\n");
}

static int set_long(long *out, const char *arg, const char *opt)
{
	char *end;
	long v = strtol(arg, &end, 10);

	if (!*arg || *end || v < 0)
		return dp_msg_usage("%s wants a whole number, not '%s'", opt, arg);
	*out = v;
	return 0;
}

static int add_input(mf_opts *o, char *arg)
{
	char **nv = realloc(o->inputs, (o->ninputs + 1) * sizeof *nv);

	if (!nv)
		exit(DP_SOFTWARE);
	o->inputs = nv;
	o->inputs[o->ninputs++] = arg;
	return 0;
}

static int parse_opt(mf_opts *o, int c, char *arg)
{
	switch (c) {
	case OPT_RETENTION_CLASS: o->retention_class = arg; return 0;
	case OPT_AUTHOR: o->author = arg; return 0;
	case OPT_TITLE: o->title = arg; return 0;
	case OPT_DESCRIPTION: o->description = arg; return 0;
	case OPT_INPUT: return add_input(o, arg);
	case OPT_COLLECTED: o->collected = arg; return 0;
	case OPT_REPLACE: o->replace = 1; return 0;
	case OPT_POLICY: o->policy = arg; return 0;
	case OPT_JSON: o->json = 1; return 0;
	case OPT_EXECUTE: o->execute = 1; return 0;
	case OPT_NOW: o->now = arg; return 0;
	case OPT_MAX_DELETIONS: return set_long(&o->max_deletions, arg, "--max-deletions");
	case OPT_BY: o->by = arg; return 0;
	case OPT_REASON: o->reason = arg; return 0;
	case OPT_REF: o->ref = arg; return 0;
	case OPT_CLASS: o->cls = arg; return 0;
	case OPT_EXPIRES: o->expires = arg; return 0;
	case OPT_RETAIN_UNTIL: o->retain_until = arg; return 0;
	case 'q': o->quiet = 1; dp_msg_quiet(1); return 0;
	default: return dp_msg_usage("invalid option");
	}
}

static const struct verb *find_verb(const char *name)
{
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++)
		if (strcmp(verbs[i].name, name) == 0)
			return &verbs[i];
	return NULL;
}

static int dispatch(const mf_opts *o, const char *verb, const char *arg)
{
	if (!strcmp(verb, "init")) return mf_init(o, arg);
	if (!strcmp(verb, "seal")) return mf_seal(o, arg);
	if (!strcmp(verb, "show")) return mf_show(o, arg);
	if (!strcmp(verb, "verify")) return mf_verify(o, arg);
	if (!strcmp(verb, "list")) return mf_list(o, arg);
	if (!strcmp(verb, "hold")) return mf_hold(o, arg, 1);
	if (!strcmp(verb, "release")) return mf_hold(o, arg, 0);
	if (!strcmp(verb, "retention")) return mf_retention(o, arg);
	return mf_purge(o, arg);
}

/* Parses argv; returns -1 to go on, or an exit status. used collects the options seen. */
static int parse_args(mf_opts *o, int argc, char **argv, char *used)
{
	int ch, rc, n = 0;

	while ((ch = getopt_long(argc, argv, "q", long_opts, NULL)) != -1) {
		if (ch == OPT_HELP)
			return usage(), 0;
		if (ch == OPT_VERSION)
			return printf("doppel-manifest (doppel) %s\n%s\n", PACKAGE_VERSION, dp_version_libs()), 0;
		if (ch == '?')
			return dp_msg_usage("invalid option");
		if ((rc = parse_opt(o, ch, optarg)) != 0)
			return rc;
		if (ch >= 256 && !strchr(used, 'A' + ch - 256) && n < 30)
			used[n++] = (char)('A' + ch - 256);
	}
	return -1;
}

int main(int argc, char **argv)
{
	mf_opts o;
	char used[32] = "";
	const struct verb *v;
	int rc;

	dp_msg_init("doppel-manifest");
	memset(&o, 0, sizeof o);
	o.max_deletions = -1;
	if ((rc = parse_args(&o, argc, argv, used)) >= 0)
		return free(o.inputs), rc;
	if (optind >= argc)
		rc = dp_msg_usage("a verb is needed: init, seal, show, verify, list, hold, release, retention, purge");
	else if (!(v = find_verb(argv[optind])))
		rc = dp_msg_usage("unknown verb '%s'", argv[optind]);
	else if (argc - optind != 2)
		rc = dp_msg_usage("%s takes one argument", v->name);
	else if (strspn(used, v->opts) != strlen(used))
		rc = dp_msg_usage("an option given does not apply to %s (see --help)", v->name);
	else
		rc = dispatch(&o, v->name, argv[optind + 1]);
	free(o.inputs);
	return rc;
}
