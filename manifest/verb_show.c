/* verb_show.c - doppel-manifest show, verify and list. */
#include "config.h"

#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_gov.h"
#include "manifest_lock.h"
#include "manifest_step.h"
#include "manifest_walk.h"
#include "mf.h"
#include "msg.h"

static int load(const char *dir, char vdir[PATH_MAX], json_t **m, dp_err *err)
{
	int fd, rc;

	if ((rc = dp_mf_locate(dir, vdir, err)) != DP_OK || (rc = dp_mf_open_dir(vdir, &fd, err)) != DP_OK)
		return rc;
	rc = dp_mf_load_at(fd, DP_MF_FILE, vdir, DP_MF_MANIFEST, m, err);
	close(fd);
	return rc;
}

static const char *s_or(const json_t *o, const char *key, const char *dflt)
{
	return dp_mf_str(o, key) ? dp_mf_str(o, key) : dflt;
}

static void show_io(const char *label, const json_t *list)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		printf("       %s %s (%lld bytes) %s\n", label, s_or(x, "path", "?"),
		       (long long)json_integer_value(json_object_get(x, "bytes")), s_or(x, "hash", ""));
}

static void show_steps(const json_t *steps)
{
	size_t i;
	json_t *s;

	json_array_foreach(steps, i, s) {
		printf("  %3lld. %s %s  exit %lld  %s .. %s\n", (long long)json_integer_value(json_object_get(s, "seq")),
		       s_or(s, "tool", "?"), s_or(s, "toolVersion", ""),
		       (long long)json_integer_value(json_object_get(s, "exit")), s_or(s, "started", "?"),
		       s_or(s, "ended", "?"));
		show_io("in ", json_object_get(s, "in"));
		show_io("out", json_object_get(s, "out"));
	}
}

static void show_counts(const json_t *scan)
{
	const char *k;
	json_t *v, *res = json_object_get(scan, "residualAfterAnon");

	if (!scan)
		return;
	printf("findings  ");
	json_object_foreach(json_object_get(scan, "findings"), k, v)
		printf(" %s %lld", k, (long long)json_integer_value(v));
	if (json_is_integer(res))
		printf("; residual after anon: %lld\n", (long long)json_integer_value(res));
	else
		printf("; residual after anon: not scanned\n");
}

static void show_human(const char *vdir, const json_t *m)
{
	const json_t *ret = json_object_get(m, "doppel:retention"), *r;
	const json_t *hold = json_object_get(ret, "legalHold");
	size_t i;

	printf("%s %s  %s\n", s_or(m, "name", "?"), s_or(m, "version", "?"), dp_mf_status(m));
	printf("directory  %s\nid         %s\ncreated    %s\n", vdir, s_or(m, "id", "-"), s_or(m, "created", "-"));
	printf("content    %s\nsealed     %s\n", s_or(m, "doppel:contentId", "-"), s_or(m, "doppel:sealed", "-"));
	printf("retention  %s, max age %s, expires %s, retain until %s, legal hold %s\n",
	       s_or(ret, "class", "-"), s_or(ret, "maxAge", "-"), s_or(ret, "expires", "-"),
	       s_or(ret, "retainUntil", "-"), json_is_true(json_object_get(hold, "active")) ? "ACTIVE" : "no");
	printf("resources  %zu\n", json_array_size(json_object_get(m, "resources")));
	json_array_foreach(json_object_get(m, "resources"), i, r)
		printf("  %s  %lld bytes  %s\n", s_or(r, "path", "?"),
		       (long long)json_integer_value(json_object_get(r, "bytes")), s_or(r, "hash", ""));
	printf("steps      %zu\n", json_array_size(json_object_get(m, "doppel:steps")));
	show_steps(json_object_get(m, "doppel:steps"));
	show_counts(json_object_get(m, "doppel:scan"));
	json_array_foreach(json_object_get(m, "doppel:events"), i, r)
		printf("event      %s %s by %s\n", s_or(r, "at", "?"), s_or(r, "event", "?"), s_or(r, "by", "?"));
}

int mf_show(const mf_opts *o, const char *dir)
{
	char vdir[PATH_MAX], *s;
	json_t *m;
	dp_err err;

	dp_err_clear(&err);
	if (load(dir, vdir, &m, &err) != DP_OK)
		return dp_msg_err(&err, DP_SOFTWARE);
	if (o->json) {
		if ((s = dp_mf_dump(m)))
			fputs(s, stdout);
		free(s);
	} else {
		show_human(vdir, m);
	}
	json_decref(m);
	return fflush(stdout) == 0 ? DP_OK : DP_IOERR;
}

static void print_problem(const char *msg, void *ud)
{
	json_t *list = ud;

	if (list)
		json_array_append_new(list, json_string(msg));
	else
		dp_msg_error(NULL, 0, "%s", msg);
}

int mf_verify(const mf_opts *o, const char *dir)
{
	json_t *problems = o->json ? json_array() : NULL;
	dp_err err;
	int rc;

	dp_err_clear(&err);
	rc = dp_mf_verify(dir, print_problem, problems, &err);
	if (rc != DP_OK && rc != DP_DATAERR) {
		json_decref(problems);
		return dp_msg_err(&err, rc);
	}
	if (o->json) {
		json_t *j = json_pack("{s:s, s:b, s:o}", "path", dir, "ok", rc == DP_OK, "problems", problems);
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

		printf("%s\n", s ? s : "{}");
		free(s);
		json_decref(j);
	} else if (rc == DP_OK && !o->quiet) {
		printf("%s: OK\n", dir);
	}
	return fflush(stdout) == 0 ? rc : DP_IOERR;
}

typedef struct list_ctx {
	const mf_opts *o;
	int bad;
} list_ctx;

static void list_line(const list_ctx *c, const char *ds, const char *ver, const char *status,
                      const char *expires, int hold, const char *detail)
{
	if (c->o->json) {
		json_t *j = json_pack("{s:s, s:s, s:s, s:s?, s:b, s:s?}", "dataset", ds, "version", ver,
		                      "status", status, "expires", expires, "legalHold", hold, "detail", detail);
		char *s = json_dumps(j, JSON_COMPACT | JSON_PRESERVE_ORDER);

		printf("%s\n", s ? s : "{}");
		free(s);
		json_decref(j);
		return;
	}
	printf("%-20s %-12s %-10s %-21s %s%s\n", ds, ver, status, expires ? expires : "-",
	       hold ? "HOLD" : "-", detail ? detail : "");
}

static int list_one(const dp_mf_entry *e, void *ud)
{
	list_ctx *c = ud;
	const json_t *ret = json_object_get(e->manifest, "doppel:retention");

	if (e->symlink)
		return 0;
	if (e->tombstone)
		list_line(c, e->dataset, e->version, dp_mf_status(e->tombstone),
		          dp_mf_str(json_object_get(e->tombstone, "doppel:retention"), "expires"), 0, NULL);
	else if (e->manifest)
		list_line(c, e->dataset, e->version, dp_mf_status(e->manifest), dp_mf_str(ret, "expires"),
		          json_is_true(json_object_get(json_object_get(ret, "legalHold"), "active")), NULL);
	else {
		c->bad++;
		list_line(c, e->dataset, e->version, "unreadable", NULL, 0, c->o->json ? e->merr.msg : "  (unreadable manifest)");
	}
	return 0;
}

int mf_list(const mf_opts *o, const char *root)
{
	list_ctx c = {o, 0};
	dp_err err;
	int fd, rc;

	dp_err_clear(&err);
	if ((rc = dp_mf_open_root(root, &fd, &err)) != DP_OK)
		return dp_msg_err(&err, rc);
	if (!o->json)
		printf("%-20s %-12s %-10s %-21s %s\n", "DATASET", "VERSION", "STATUS", "EXPIRES", "HOLD");
	rc = dp_mf_walk(fd, list_one, &c, &err);
	close(fd);
	if (rc == DP_OK && c.bad)
		rc = DP_DATAERR;
	return fflush(stdout) == 0 ? rc : DP_IOERR;
}
