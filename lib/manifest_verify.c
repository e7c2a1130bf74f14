/* manifest_verify.c - verifying a version against its manifest (manifest_gov.h). */
#include "config.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "manifest_gov.h"
#include "manifest_lock.h"
#include "manifest_step.h"

typedef struct vctx {
	dp_mf_problem_fn fn;
	void *ud;
	dp_err *err;
	int problems;
} vctx;

__attribute__((format(printf, 2, 3)))
static void problem(vctx *v, const char *fmt, ...)
{
	char msg[DP_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (!v->problems++)
		dp_err_set(v->err, DP_DATAERR, "%s", msg);
	if (v->fn)
		v->fn(msg, v->ud);
}

static const json_t *find_path(const json_t *list, const char *path)
{
	size_t i;
	json_t *r;

	json_array_foreach(list, i, r)
		if (dp_mf_str(r, "path") && path && strcmp(dp_mf_str(r, "path"), path) == 0)
			return r;
	return NULL;
}

/* the files now in the version against the resources of the manifest */
static void check_files(vctx *v, const json_t *declared, const json_t *actual)
{
	size_t i;
	json_t *r;

	json_array_foreach(declared, i, r) {
		const json_t *a = find_path(actual, dp_mf_str(r, "path"));

		if (!a)
			problem(v, "%s: missing", dp_mf_str(r, "path"));
		else if (!dp_mf_str(r, "hash") || strcmp(dp_mf_str(a, "hash"), dp_mf_str(r, "hash")) != 0
		         || json_integer_value(json_object_get(a, "bytes")) != json_integer_value(json_object_get(r, "bytes")))
			problem(v, "%s: bytes or sha256 differ from the manifest", dp_mf_str(r, "path"));
	}
	json_array_foreach(actual, i, r)
		if (!find_path(declared, dp_mf_str(r, "path")))
			problem(v, "%s: a data file the manifest does not list", dp_mf_str(r, "path"));
}

static void check_sealed(vctx *v, const json_t *m, const json_t *actual)
{
	const json_t *declared = json_object_get(m, "resources");
	const char *cid = dp_mf_str(m, "doppel:contentId");
	char now[72];
	dp_err e;

	check_files(v, declared, actual);
	dp_mf_content_id(declared, now);
	if (!cid || strcmp(cid, now) != 0)
		problem(v, "doppel:contentId does not match the resources");
	dp_err_clear(&e);
	if (dp_mf_check_chain(m, declared, &e) != DP_OK)
		problem(v, "%s", e.msg);
}

static void check_building(vctx *v, const json_t *m, const json_t *actual)
{
	dp_err e;

	dp_err_clear(&e);
	if (dp_mf_check_chain(m, actual, &e) != DP_OK)
		problem(v, "%s", e.msg);
}

int dp_mf_verify(const char *dir, dp_mf_problem_fn fn, void *ud, dp_err *err)
{
	vctx v = {fn, ud, err, 0};
	char vdir[PATH_MAX];
	json_t *m = NULL, *actual = NULL;
	int vfd = -1, lockfd = -1, rc;

	if ((rc = dp_mf_locate(dir, vdir, err)) == DP_OK && (rc = dp_mf_open_dir(vdir, &vfd, err)) == DP_OK
	    && (rc = dp_mf_lock(vfd, DP_MF_LOCK_WAIT_MS, &lockfd, err)) == DP_OK
	    && (rc = dp_mf_load_at(vfd, DP_MF_FILE, vdir, DP_MF_MANIFEST, &m, err)) == DP_OK) {
		dp_err e;

		dp_err_clear(&e);
		if (dp_mf_resources(vfd, &actual, &e) != DP_OK)
			problem(&v, "%s%s%s", e.file, e.file[0] ? ": " : "", e.msg);
		else if (strcmp(dp_mf_status(m), "sealed") == 0)
			check_sealed(&v, m, actual);
		else
			check_building(&v, m, actual);
		rc = v.problems ? DP_DATAERR : DP_OK;
	}
	json_decref(m);
	json_decref(actual);
	dp_mf_unlock(lockfd);
	if (vfd >= 0)
		close(vfd);
	return rc;
}
