/* purge.c - the retention purge (purge.h). */
#include "config.h"
#include "purge.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_lock.h"
#include "manifest_walk.h"
#include "purge_plan.h"
#include "purge_tree.h"
#include "retention.h"

typedef struct purge_ctx {
	const dp_mf_purge_opts *o;
	dp_mf_purge_fn fn;
	void *ud;
	dp_mf_purge_counts *n;
	unsigned long due;        /* counting pass: versions the plan would delete */
	int counting;
	int fatal;                /* DP_CANTCREAT: stop */
	dp_err *err;
	char now_s[DP_MF_TIME_LEN], who[256];
} purge_ctx;

static void emit(purge_ctx *c, const dp_mf_entry *e, const char *action, const char *detail, time_t exp)
{
	char exp_s[DP_MF_TIME_LEN] = "";
	dp_mf_purge_event ev = {e->dataset, e->version, action, detail, exp_s};

	if (exp)
		dp_mf_time_format(exp, exp_s);
	if (c->fn)
		c->fn(&ev, c->ud);
}

/* the files a tombstone plans to remove: the manifest's resources */
static json_t *planned(const json_t *m)
{
	json_t *out = json_array(), *r;
	size_t i;

	json_array_foreach(json_object_get(m, "resources"), i, r)
		json_array_append_new(out, json_pack("{s:O?, s:O?, s:O?}", "path", json_object_get(r, "path"),
		                      "bytes", json_object_get(r, "bytes"), "hash", json_object_get(r, "hash")));
	return out;
}

static json_t *new_tombstone(purge_ctx *c, const dp_mf_entry *e)
{
	const json_t *m = e->manifest, *ret = json_object_get(m, "doppel:retention");

	return json_pack("{s:i, s:s, s:s, s:s, s:O?, s:O?, s:s, s:{s:O?, s:O?, s:O?}, s:s, s:s, s:s, s:o}",
	                 "doppel:manifestVersion", DP_MF_VERSION, "doppel:status", "purging",
	                 "name", e->dataset, "version", e->version, "id", json_object_get(m, "id"),
	                 "doppel:contentId", json_object_get(m, "doppel:contentId"), "reason", "expired",
	                 "doppel:retention", "class", json_object_get(ret, "class"), "expires",
	                 json_object_get(ret, "expires"), "maxAge", json_object_get(ret, "maxAge"),
	                 "started", c->now_s, "by", c->who, "tool", "doppel-manifest " PACKAGE_VERSION,
	                 "planned", planned(m));
}

/* test hook: a crash between the tombstone and the deletion */
static void crash_point(void)
{
	const char *h = getenv("DOPPEL_MANIFEST_TEST_CRASH");

	if (h && strcmp(h, "after-tombstone") == 0)
		raise(SIGKILL);
}

static int log_purge(purge_ctx *c, const dp_mf_entry *e, const json_t *t, dp_err *err)
{
	json_t *removed = json_object_get(t, "removed"), *x;
	json_int_t bytes = 0;
	size_t i;

	json_array_foreach(removed, i, x)
		bytes += json_integer_value(json_object_get(x, "bytes"));
	return dp_mf_audit(e->dsfd, json_pack("{s:s, s:s, s:s, s:s, s:O?, s:s, s:O?, s:I, s:I, s:s, s:s}",
	                   "at", c->now_s, "event", "purged", "dataset", e->dataset, "version", e->version,
	                   "contentId", json_object_get(t, "doppel:contentId"), "reason", "expired",
	                   "expires", json_object_get(json_object_get(t, "doppel:retention"), "expires"),
	                   "files", (json_int_t)json_array_size(removed), "bytes", bytes, "by", c->who,
	                   "tool", "doppel-manifest " PACKAGE_VERSION), err);
}

/* deletes what the tombstone's version holds, then marks it purged and logs it */
static int finish_purge(purge_ctx *c, const dp_mf_entry *e, json_t *t, dp_err *err)
{
	static const char *const keep[] = {DP_MF_TOMBSTONE, NULL};
	static const char *const last[] = {DP_MF_FILE, DP_MF_LOCKFILE, NULL};
	json_t *removed = json_array();
	int rc = dp_mf_rmtree_at(e->vfd, e->dev, keep, last, removed, err);

	if (rc != DP_OK) {
		json_decref(removed);
		return DP_FINDINGS;   /* the tombstone stays "purging": the next run resumes */
	}
	json_object_set_new(t, "doppel:status", json_string("purged"));
	json_object_set_new(t, "completed", json_string(c->now_s));
	json_object_set_new(t, "removed", removed);
	if (dp_mf_write_at(e->vfd, DP_MF_TOMBSTONE, t, err) != DP_OK || log_purge(c, e, t, err) != DP_OK)
		return DP_CANTCREAT;
	return DP_OK;
}

static int purge_one(purge_ctx *c, const dp_mf_entry *e, const dp_mf_plan *p)
{
	dp_err err;
	json_t *t;
	int rc;

	dp_err_clear(&err);
	if (dp_mf_dirlock(e->vfd, 1, &err) != DP_OK) {
		c->n->in_use++;
		emit(c, e, "in-use", "locked by a build, a step or a reader: deferred", p->expires);
		return 0;
	}
	t = p->verdict == DP_MF_RESUME ? json_deep_copy(e->tombstone) : new_tombstone(c, e);
	if (!t || (p->verdict == DP_MF_DUE && dp_mf_write_at(e->vfd, DP_MF_TOMBSTONE, t, &err) != DP_OK)) {
		json_decref(t);
		c->fatal = DP_CANTCREAT;
		dp_err_set(c->err, DP_CANTCREAT, "%s/%s: cannot write the tombstone: %s", e->dataset, e->version, err.msg);
		return 1;
	}
	crash_point();
	rc = finish_purge(c, e, t, &err);
	json_decref(t);
	if (rc == DP_CANTCREAT) {
		c->fatal = DP_CANTCREAT;
		dp_err_set(c->err, DP_CANTCREAT, "%s/%s: %s", e->dataset, e->version, err.msg);
		return 1;
	}
	if (rc != DP_OK) {
		c->n->failed++;
		emit(c, e, "error", err.msg, p->expires);
		return 0;
	}
	c->n->purged++;
	emit(c, e, p->verdict == DP_MF_RESUME ? "resumed" : "purged", p->why, p->expires);
	return 0;
}

static int report(purge_ctx *c, const dp_mf_entry *e, const dp_mf_plan *p)
{
	switch (p->verdict) {
	case DP_MF_KEEP: c->n->kept++; emit(c, e, "kept", p->why, p->expires); return 0;
	case DP_MF_HOLD: c->n->held++; emit(c, e, "held", p->why, p->expires); return 0;
	case DP_MF_RETAINED: c->n->kept++; emit(c, e, "retained", p->why, p->expires); return 0;
	case DP_MF_PURGED: c->n->already++; emit(c, e, "already-purged", p->why, p->expires); return 0;
	case DP_MF_BAD: c->n->bad++; emit(c, e, "unreadable", p->why, 0); return 0;
	default: break;
	}
	if (c->o->execute)
		return purge_one(c, e, p);
	c->n->would++;
	emit(c, e, p->verdict == DP_MF_RESUME ? "would-resume" : "would-purge", p->why, p->expires);
	return 0;
}

static int visit(const dp_mf_entry *e, void *ud)
{
	purge_ctx *c = ud;
	dp_mf_plan p;

	if (e->symlink) {
		if (!c->counting)
			emit(c, e, "symlink", "a symlink: not followed, left alone", 0);
		return 0;
	}
	dp_mf_classify(e->manifest, &e->merr, e->tombstone, &e->terr, c->o->now, &p);
	if (c->counting) {
		c->due += p.verdict == DP_MF_DUE;
		return 0;
	}
	return report(c, e, &p);
}

static int take_lock(int rootfd, int *fd, dp_err *err)
{
	*fd = openat(rootfd, DP_MF_PURGE_LOCK, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	if (*fd < 0)
		return dp_err_set(err, DP_CANTCREAT, "cannot create %s: %s", DP_MF_PURGE_LOCK, strerror(errno));
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return DP_OK;
	return dp_err_set(err, errno == EWOULDBLOCK ? DP_TEMPFAIL : DP_IOERR,
	                  "another purge is running (%s is locked)", DP_MF_PURGE_LOCK);
}

static int run(purge_ctx *c, int rootfd, dp_err *err)
{
	int rc;

	c->counting = 1;
	if ((rc = dp_mf_walk(rootfd, visit, c, err)) != 0)
		return rc;
	c->counting = 0;
	if (c->o->execute && c->o->max_deletions >= 0 && c->due > (unsigned long)c->o->max_deletions)
		return dp_err_set(err, DP_FINDINGS, "the plan deletes %lu versions, more than "
		                  "--max-deletions %ld: nothing deleted", c->due, c->o->max_deletions);
	dp_mf_walk(rootfd, visit, c, err);
	if (c->fatal)
		return c->fatal;
	if (c->n->bad)
		return dp_err_set(err, DP_DATAERR, "%lu versions could not be classified and were kept", c->n->bad);
	if (c->n->failed)
		return dp_err_set(err, DP_FINDINGS, "%lu versions could not be purged completely", c->n->failed);
	return DP_OK;
}

int dp_mf_purge(const char *root, const dp_mf_purge_opts *o, dp_mf_purge_fn fn, void *ud,
                dp_mf_purge_counts *counts, dp_err *err)
{
	purge_ctx c;
	int rootfd, lockfd = -1, rc;

	memset(&c, 0, sizeof c);
	memset(counts, 0, sizeof *counts);
	c.o = o, c.fn = fn, c.ud = ud, c.n = counts, c.err = err;
	dp_mf_time_format(o->now, c.now_s);
	dp_mf_actor(c.who, sizeof c.who, o->by);
	if ((rc = dp_mf_open_root(root, &rootfd, err)) != DP_OK)
		return rc;
	if ((rc = take_lock(rootfd, &lockfd, err)) == DP_OK)
		rc = run(&c, rootfd, err);
	if (lockfd >= 0)
		close(lockfd);
	close(rootfd);
	return rc;
}
