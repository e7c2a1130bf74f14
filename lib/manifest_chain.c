/* manifest_chain.c - the checks of a step chain and the scan summary (manifest_build.h). */
#include "config.h"

#include <string.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "manifest_hash.h"

static const json_t *by_key(const json_t *list, const char *key, const char *value)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (dp_mf_str(x, key) && value && strcmp(dp_mf_str(x, key), value) == 0)
			return x;
	return NULL;
}

/* a step other than skip that wrote data with this hash */
static int written_by_step(const json_t *steps, size_t skip, const char *hash)
{
	size_t i;
	json_t *s;

	json_array_foreach(steps, i, s)
		if (i != skip && by_key(json_object_get(s, "out"), "hash", hash))
			return 1;
	return 0;
}

static int check_links(const json_t *steps, dp_err *err)
{
	size_t i;
	json_t *s;
	char prev[DP_MF_HASH_LEN];

	json_array_foreach(steps, i, s) {
		json_t *p = json_object_get(s, "prev");

		if (json_integer_value(json_object_get(s, "seq")) != (json_int_t)i + 1)
			return dp_err_set(err, DP_DATAERR, "step %zu: seq is not %zu (steps removed or reordered)", i + 1, i + 1);
		if (i == 0 ? !json_is_null(p) : !json_is_string(p) || strcmp(json_string_value(p), prev) != 0)
			return dp_err_set(err, DP_DATAERR, "step %zu: prev does not match the step before "
			                  "(the chain of steps was changed)", i + 1);
		if (json_integer_value(json_object_get(s, "exit")) != 0)
			return dp_err_set(err, DP_DATAERR, "step %zu (%s) exited %lld", i + 1, dp_mf_str(s, "tool"),
			                  (long long)json_integer_value(json_object_get(s, "exit")));
		dp_mf_hash_json(s, prev);
	}
	return DP_OK;
}

/* an output inside the version must be the resource at its path, unchanged */
static int check_out(const json_t *x, size_t step, const json_t *resources, dp_err *err)
{
	const char *path = dp_mf_str(x, "path"), *hash = dp_mf_str(x, "hash");
	const json_t *r;

	if (!path || !strcmp(path, "-") || !dp_mf_path_ok(path) || !hash)
		return DP_OK;   /* standard output, or a file outside the version */
	if (!(r = by_key(resources, "path", path)))
		return dp_err_set(err, DP_DATAERR, "step %zu wrote %s, which is not in the version", step, path);
	if (!dp_mf_str(r, "hash") || strcmp(dp_mf_str(r, "hash"), hash) != 0
	    || json_integer_value(json_object_get(r, "bytes")) != json_integer_value(json_object_get(x, "bytes")))
		return dp_err_set(err, DP_DATAERR, "%s changed after step %zu wrote it (%s now, %s then)",
		                  path, step, dp_mf_str(r, "hash") ? dp_mf_str(r, "hash") : "no hash", hash);
	return DP_OK;
}

static int check_in(const json_t *m, const json_t *x, size_t i, const json_t *resources, dp_err *err)
{
	const json_t *steps = json_object_get(m, "doppel:steps");
	const char *hash = dp_mf_str(x, "hash");

	if (!hash || written_by_step(steps, i, hash) || by_key(json_object_get(m, "doppel:inputs"), "hash", hash)
	    || by_key(resources, "hash", hash))
		return DP_OK;
	return dp_err_set(err, DP_DATAERR, "step %zu (%s) read data (%s) that no step wrote and no "
	                  "input declares (doppel-manifest init --input FILE)", i + 1,
	                  dp_mf_str(json_array_get(steps, i), "tool"), hash);
}

int dp_mf_check_chain(const json_t *m, const json_t *resources, dp_err *err)
{
	const json_t *steps = json_object_get(m, "doppel:steps");
	size_t i, k;
	json_t *s, *x;
	int rc;

	if ((rc = check_links(steps, err)) != DP_OK)
		return rc;
	json_array_foreach(steps, i, s) {
		json_array_foreach(json_object_get(s, "out"), k, x)
			if ((rc = check_out(x, i + 1, resources, err)) != DP_OK)
				return rc;
		json_array_foreach(json_object_get(s, "in"), k, x)
			if ((rc = check_in(m, x, i, resources, err)) != DP_OK)
				return rc;
	}
	return DP_OK;
}

static void add_counts(json_t *to, const json_t *from)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)from, k, v) {
		json_int_t old = json_integer_value(json_object_get(to, k));

		json_object_set_new(to, k, json_integer(old + json_integer_value(v)));
	}
}

/* 1 when scan step s read what an anonymizer step wrote */
static int after_anon(const json_t *steps, const json_t *s)
{
	size_t i, k;
	json_t *a, *x;

	json_array_foreach(steps, i, a) {
		if (!dp_mf_str(a, "tool") || strcmp(dp_mf_str(a, "tool"), "doppel-anon") != 0)
			continue;
		json_array_foreach(json_object_get(s, "in"), k, x)
			if (by_key(json_object_get(a, "out"), "hash", dp_mf_str(x, "hash")))
				return 1;
	}
	return 0;
}

static json_int_t total(const json_t *counts)
{
	const char *k;
	json_t *v;
	json_int_t t = 0;

	json_object_foreach((json_t *)counts, k, v)
		t += json_integer_value(v);
	return t;
}

json_t *dp_mf_scan_summary(const json_t *steps)
{
	json_t *findings = json_object(), *s;
	json_int_t suppressed = 0, residual = -1;
	size_t i;

	json_array_foreach(steps, i, s) {
		if (!dp_mf_str(s, "tool") || strcmp(dp_mf_str(s, "tool"), "doppel-scan") != 0)
			continue;
		suppressed += json_integer_value(json_object_get(s, "suppressed"));
		if (after_anon(steps, s))
			residual = (residual < 0 ? 0 : residual) + total(json_object_get(s, "findings"));
		else
			add_counts(findings, json_object_get(s, "findings"));
	}
	return json_pack("{s:o, s:I, s:o}", "findings", findings, "suppressed", suppressed,
	                 "residualAfterAnon", residual < 0 ? json_null() : json_integer(residual));
}
