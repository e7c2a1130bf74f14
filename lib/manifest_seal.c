/* manifest_seal.c - sealing a staging version (manifest_build.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "manifest_lock.h"
#include "manifest_step.h"
#include "manifest_walk.h"
#include "retention.h"

typedef struct seal_ctx {
	char staged[PATH_MAX], dsdir[PATH_MAX], version[80];
	int dsfd, stfd, vfd, lockfd;
	json_t *m, *resources;
	time_t now;
} seal_ctx;

/* earliest doppel:inputs[].collected, or 0 */
static time_t collected(const json_t *m)
{
	time_t best = 0, t;
	size_t i;
	json_t *x;

	json_array_foreach(json_object_get(m, "doppel:inputs"), i, x)
		if (dp_mf_str(x, "collected") && dp_mf_time_parse(dp_mf_str(x, "collected"), &t) == 0
		    && (best == 0 || t < best))
			best = t;
	return best;
}

static int retention(seal_ctx *c, const dp_mf_seal_opts *o, dp_err *err)
{
	json_t *old = json_object_get(c->m, "doppel:retention"), *r;
	const char *cls = dp_mf_str(old, "class");
	char basis_s[DP_MF_TIME_LEN], exp_s[DP_MF_TIME_LEN];
	const dp_mf_class *pc;
	dp_mf_policy pol;
	dp_mf_duration d;
	time_t basis = collected(c->m), exp;
	int rc;

	if ((rc = dp_mf_policy_load(&pol, o->policy_path, err)) != DP_OK)
		return rc;
	if (!(pc = dp_mf_policy_find(&pol, cls)))
		return dp_err_set(err, DP_CONFIG, "retention class '%s' is not in the policy", cls ? cls : "");
	if (!basis && dp_mf_time_parse(dp_mf_str(c->m, "created"), &basis) != 0)
		return dp_err_set(err, DP_DATAERR, "bad created time");
	if (dp_mf_duration_parse(pc->max_age, &d) != 0 || dp_mf_time_add(basis, &d, &exp) != 0)
		return dp_err_set(err, DP_CONFIG, "class %s: bad maxAge %s", cls, pc->max_age);
	dp_mf_time_format(basis, basis_s);
	dp_mf_time_format(exp, exp_s);
	r = json_pack("{s:s, s:s, s:s, s:s, s:s, s:O?, s:O?}", "class", cls,
	              "basis", collected(c->m) ? "inputs.collected" : "created", "basisTime", basis_s,
	              "maxAge", pc->max_age, "expires", exp_s, "retainUntil", json_object_get(old, "retainUntil"),
	              "legalHold", json_object_get(old, "legalHold"));
	if (!json_object_get(r, "retainUntil"))
		json_object_set_new(r, "retainUntil", json_null());
	if (!json_is_object(json_object_get(r, "legalHold")))
		json_object_set_new(r, "legalHold", json_pack("{s:b}", "active", 0));
	json_object_set_new(c->m, "doppel:retention", r);
	return DP_OK;
}

/* resources get their record counts from the steps that wrote them */
static void add_records(json_t *resources, const json_t *steps)
{
	size_t i, k, j;
	json_t *s, *x, *r;

	json_array_foreach(steps, i, s)
		json_array_foreach(json_object_get(s, "out"), k, x)
			json_array_foreach(resources, j, r)
				if (json_object_get(x, "records") && dp_mf_str(x, "hash")
				    && strcmp(dp_mf_str(x, "path"), dp_mf_str(r, "path")) == 0
				    && strcmp(dp_mf_str(x, "hash"), dp_mf_str(r, "hash")) == 0)
					json_object_set(r, "doppel:records", json_object_get(x, "records"));
}

static int finish(seal_ctx *c, const dp_mf_seal_opts *o, dp_err *err)
{
	char cid[72], now_s[DP_MF_TIME_LEN], who[256];
	json_t *steps = json_object_get(c->m, "doppel:steps"), *events;
	int rc;

	if (json_array_size(c->resources) == 0)
		return dp_err_set(err, DP_DATAERR, "nothing to seal: the version holds no data files");
	add_records(c->resources, steps);
	if ((rc = dp_mf_check_chain(c->m, c->resources, err)) != DP_OK || (rc = retention(c, o, err)) != DP_OK)
		return rc;
	dp_mf_content_id(c->resources, cid);
	dp_mf_time_format(c->now, now_s);
	dp_mf_actor(who, sizeof who, o->by);
	json_object_set(c->m, "resources", c->resources);
	json_object_set_new(c->m, "doppel:status", json_string("sealed"));
	json_object_set_new(c->m, "doppel:sealed", json_string(now_s));
	json_object_set_new(c->m, "doppel:contentId", json_string(cid));
	json_object_set_new(c->m, "doppel:scan", dp_mf_scan_summary(steps));
	if (!json_is_array(events = json_object_get(c->m, "doppel:events")))
		json_object_set_new(c->m, "doppel:events", events = json_array());
	json_array_append_new(events, json_pack("{s:s, s:s, s:s}", "at", now_s, "event", "sealed", "by", who));
	return DP_OK;
}

static int publish(seal_ctx *c, const dp_mf_seal_opts *o, dp_err *err)
{
	int rc = dp_mf_write_at(c->vfd, DP_MF_FILE, c->m, err);
	char who[256];

	if (rc != DP_OK)
		return rc;
	if (renameat2(c->stfd, c->version, c->dsfd, c->version, RENAME_NOREPLACE) != 0)
		return dp_err_set(err, errno == EEXIST || errno == ENOTEMPTY ? DP_CANTCREAT : DP_IOERR,
		                  "cannot publish version %s: %s", c->version, strerror(errno));
	if (fsync(c->dsfd) != 0 || fsync(c->stfd) != 0)
		return dp_err_set(err, DP_IOERR, "cannot sync the dataset directory: %s", strerror(errno));
	dp_mf_actor(who, sizeof who, o->by);
	return dp_mf_audit(c->dsfd, json_pack("{s:s?, s:s, s:s?, s:s, s:s?, s:s}", "at",
	                   dp_mf_str(c->m, "doppel:sealed"), "event", "sealed", "dataset", dp_mf_str(c->m, "name"),
	                   "version", c->version, "contentId", dp_mf_str(c->m, "doppel:contentId"), "by", who), err);
}

static void close_fd(int fd)
{
	if (fd >= 0)
		close(fd);
}

/* finds the staging directory and its dataset: .../NAME/.staging/VERSION */
static int locate(seal_ctx *c, const char *target, dp_err *err)
{
	char *slash, tmp[PATH_MAX];
	int rc = dp_mf_locate(target, c->staged, err);

	if (rc != DP_OK)
		return rc;
	snprintf(tmp, sizeof tmp, "%s", c->staged);
	slash = strrchr(tmp, '/');
	if (!slash || slash - tmp < 9 || strncmp(slash - 9, "/" DP_MF_STAGING, 9) != 0)
		return dp_err_setf(err, DP_CANTCREAT, target, 0, "already sealed");
	snprintf(c->version, sizeof c->version, "%s", slash + 1);
	slash[-9] = '\0';
	snprintf(c->dsdir, sizeof c->dsdir, "%s", tmp[0] ? tmp : "/");
	return DP_OK;
}

static int open_all(seal_ctx *c, dp_err *err)
{
	char st[PATH_MAX + 16];
	struct stat sb;
	int rc;

	snprintf(st, sizeof st, "%s/%s", c->dsdir, DP_MF_STAGING);
	if ((rc = dp_mf_open_dir(c->dsdir, &c->dsfd, err)) || (rc = dp_mf_open_dir(st, &c->stfd, err))
	    || (rc = dp_mf_open_dir(c->staged, &c->vfd, err)))
		return rc;
	if (fstatat(c->dsfd, c->version, &sb, AT_SYMLINK_NOFOLLOW) == 0)
		return dp_err_set(err, DP_CANTCREAT, "version %s exists already (sealed or purged)", c->version);
	if ((rc = dp_mf_dirlock(c->vfd, 1, err)) != DP_OK)
		return dp_err_set(err, rc, "a step is still recording into version %s: seal after the "
		                  "pipeline has finished", c->version);
	if ((rc = dp_mf_lock(c->vfd, DP_MF_LOCK_WAIT_MS, &c->lockfd, err)) != DP_OK)
		return rc;
	if ((rc = dp_mf_load_at(c->vfd, DP_MF_FILE, c->staged, DP_MF_MANIFEST, &c->m, err)) != DP_OK)
		return rc;
	if (strcmp(dp_mf_status(c->m), "building") != 0)
		return dp_err_set(err, DP_CANTCREAT, "version %s is sealed already", c->version);
	return dp_mf_build_time(&c->now, err);
}

int dp_mf_seal(const char *target, const dp_mf_seal_opts *o, char sealed[PATH_MAX], dp_err *err)
{
	seal_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.dsfd = c.stfd = c.vfd = c.lockfd = -1;
	if ((rc = locate(&c, target, err)) == DP_OK && (rc = open_all(&c, err)) == DP_OK
	    && (rc = dp_mf_resources(c.vfd, &c.resources, err)) == DP_OK
	    && (rc = finish(&c, o, err)) == DP_OK)
		rc = publish(&c, o, err);
	if (rc == DP_OK && snprintf(sealed, PATH_MAX, "%s/%s", c.dsdir, c.version) >= PATH_MAX)
		rc = dp_err_set(err, DP_IOERR, "path too long");
	dp_mf_unlock(c.lockfd);
	json_decref(c.m);
	json_decref(c.resources);
	close_fd(c.dsfd);
	close_fd(c.stfd);
	close_fd(c.vfd);
	return rc;
}
