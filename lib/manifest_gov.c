/* manifest_gov.c - legal hold and retention changes of sealed versions (manifest_gov.h). */
#include "config.h"
#include "manifest_gov.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_lock.h"
#include "manifest_step.h"
#include "manifest_walk.h"
#include "retention.h"

/* applies one change to the retention object; fills the event's details */
typedef int (*change_fn)(json_t *ret, const dp_mf_gov *g, json_t *event, time_t now, dp_err *err);

static int set_hold(json_t *ret, const dp_mf_gov *g, json_t *event, time_t now, int active, dp_err *err)
{
	char at[DP_MF_TIME_LEN], who[256];
	json_t *h = json_object_get(ret, "legalHold");

	dp_mf_time_format(now, at);
	dp_mf_actor(who, sizeof who, g->by);
	if (json_is_true(json_object_get(h, "active")) == active)
		return dp_err_set(err, DP_USAGE, active ? "the version is on hold already" : "the version is not on hold");
	h = active ? json_pack("{s:b, s:s?, s:s?, s:s, s:s}", "active", 1, "reason", g->reason, "ref", g->ref,
	                       "since", at, "by", who)
	           : json_pack("{s:b}", "active", 0);
	json_object_set_new(ret, "legalHold", h);
	json_object_set_new(event, "event", json_string(active ? "hold-set" : "hold-cleared"));
	if (g->reason)
		json_object_set_new(event, "reason", json_string(g->reason));
	if (g->ref)
		json_object_set_new(event, "ref", json_string(g->ref));
	return DP_OK;
}

static int hold_on(json_t *ret, const dp_mf_gov *g, json_t *ev, time_t now, dp_err *err)
{
	return set_hold(ret, g, ev, now, 1, err);
}

static int hold_off(json_t *ret, const dp_mf_gov *g, json_t *ev, time_t now, dp_err *err)
{
	return set_hold(ret, g, ev, now, 0, err);
}

static int new_class(json_t *ret, const dp_mf_gov *g, dp_err *err)
{
	const dp_mf_class *pc;
	dp_mf_policy pol;
	dp_mf_duration d;
	char exp_s[DP_MF_TIME_LEN];
	time_t basis, exp;
	int rc;

	if ((rc = dp_mf_policy_load(&pol, g->policy_path, err)) != DP_OK)
		return rc;
	if (!(pc = dp_mf_policy_find(&pol, g->cls)))
		return dp_err_set(err, DP_CONFIG, "unknown retention class '%s'", g->cls);
	if (dp_mf_time_parse(dp_mf_str(ret, "basisTime"), &basis) != 0 || dp_mf_duration_parse(pc->max_age, &d)
	    || dp_mf_time_add(basis, &d, &exp))
		return dp_err_set(err, DP_DATAERR, "no basisTime to compute the new expiry from");
	dp_mf_time_format(exp, exp_s);
	json_object_set_new(ret, "class", json_string(pc->name));
	json_object_set_new(ret, "maxAge", json_string(pc->max_age));
	json_object_set_new(ret, "expires", json_string(exp_s));
	return DP_OK;
}

static int set_time(json_t *ret, const char *key, const char *value, dp_err *err)
{
	char s[DP_MF_TIME_LEN];
	time_t t;

	if (strcmp(key, "retainUntil") == 0 && strcmp(value, "none") == 0)
		return json_object_set_new(ret, key, json_null()), DP_OK;
	if (dp_mf_time_parse(value, &t) != 0)
		return dp_err_set(err, DP_USAGE, "'%s' is not an RFC 3339 time", value);
	dp_mf_time_format(t, s);
	json_object_set_new(ret, key, json_string(s));
	return DP_OK;
}

static int change_retention(json_t *ret, const dp_mf_gov *g, json_t *event, time_t now, dp_err *err)
{
	json_t *from = json_pack("{s:O?, s:O?, s:O?}", "class", json_object_get(ret, "class"),
	                         "expires", json_object_get(ret, "expires"), "retainUntil",
	                         json_object_get(ret, "retainUntil"));
	int rc = DP_OK;

	if (g->cls)
		rc = new_class(ret, g, err);
	if (rc == DP_OK && g->expires)
		rc = set_time(ret, "expires", g->expires, err);
	if (rc == DP_OK && g->retain_until)
		rc = set_time(ret, "retainUntil", g->retain_until, err);
	json_object_set_new(event, "event", json_string("retention-changed"));
	json_object_set_new(event, "from", from);
	json_object_set_new(event, "to", json_pack("{s:O?, s:O?, s:O?}", "class", json_object_get(ret, "class"),
	                    "expires", json_object_get(ret, "expires"), "retainUntil",
	                    json_object_get(ret, "retainUntil")));
	return rc;
}

/* the event, in the dataset's audit log (after the manifest was written) */
static int audit(const char *dir, const json_t *m, const json_t *event, dp_err *err)
{
	char ds[PATH_MAX + 4];
	json_t *line = json_deep_copy(event);
	int dsfd, rc;

	snprintf(ds, sizeof ds, "%s/..", dir);
	if ((rc = dp_mf_open_dir(ds, &dsfd, err)) != DP_OK) {
		json_decref(line);
		return rc;
	}
	json_object_set_new(line, "dataset", json_string(dp_mf_str(m, "name")));
	json_object_set_new(line, "version", json_string(dp_mf_str(m, "version")));
	rc = dp_mf_audit(dsfd, line, err);
	close(dsfd);
	return rc;
}

static int apply(const char *dir, int vfd, json_t *m, change_fn fn, const dp_mf_gov *g, dp_err *err)
{
	json_t *ret = json_object_get(m, "doppel:retention"), *events, *ev;
	char at[DP_MF_TIME_LEN], who[256], cid[80];
	time_t now = time(NULL);
	int rc;

	if (!dp_mf_status(m) || strcmp(dp_mf_status(m), "sealed") != 0 || !ret)
		return dp_err_setf(err, DP_DATAERR, dir, 0, "not a sealed version");
	snprintf(cid, sizeof cid, "%s", dp_mf_str(m, "doppel:contentId") ? dp_mf_str(m, "doppel:contentId") : "");
	dp_mf_time_format(now, at);
	dp_mf_actor(who, sizeof who, g->by);
	ev = json_pack("{s:s, s:s, s:s}", "at", at, "event", "", "by", who);
	if ((rc = fn(ret, g, ev, now, err)) != DP_OK) {
		json_decref(ev);
		return rc;
	}
	if (!json_is_array(events = json_object_get(m, "doppel:events")))
		json_object_set_new(m, "doppel:events", events = json_array());
	json_array_append(events, ev);
	if (strcmp(cid, dp_mf_str(m, "doppel:contentId") ? dp_mf_str(m, "doppel:contentId") : "") != 0)
		rc = dp_err_set(err, DP_SOFTWARE, "contentId changed by a governance change");
	if (rc == DP_OK && (rc = dp_mf_write_at(vfd, DP_MF_FILE, m, err)) == DP_OK)
		rc = audit(dir, m, ev, err);
	json_decref(ev);
	return rc;
}

static int update(const char *dir, change_fn fn, const dp_mf_gov *g, dp_err *err)
{
	char vdir[PATH_MAX];
	json_t *m = NULL;
	int vfd = -1, lockfd = -1, rc;

	if ((rc = dp_mf_locate(dir, vdir, err)) == DP_OK && (rc = dp_mf_open_dir(vdir, &vfd, err)) == DP_OK
	    && (rc = dp_mf_dirlock(vfd, 0, err)) == DP_OK
	    && (rc = dp_mf_lock(vfd, DP_MF_LOCK_WAIT_MS, &lockfd, err)) == DP_OK
	    && (rc = dp_mf_load_at(vfd, DP_MF_FILE, vdir, DP_MF_MANIFEST, &m, err)) == DP_OK)
		rc = apply(vdir, vfd, m, fn, g, err);
	json_decref(m);
	dp_mf_unlock(lockfd);
	if (vfd >= 0)
		close(vfd);
	return rc;
}

int dp_mf_hold(const char *dir, int active, const dp_mf_gov *g, dp_err *err)
{
	return update(dir, active ? hold_on : hold_off, g, err);
}

int dp_mf_retention(const char *dir, const dp_mf_gov *g, dp_err *err)
{
	if (!g->cls && !g->expires && !g->retain_until)
		return dp_err_set(err, DP_USAGE, "retention wants --class, --expires or --retain-until");
	return update(dir, change_retention, g, err);
}
