/* manifest_check.c - the structural checks of dp_mf_parse (manifest.h): what every
 * reader of a manifest or tombstone may rely on without checking again. */
#include "config.h"

#include <string.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_check.h"
#include "manifest_hash.h"
#include "retention.h"

#define BAD(...) dp_err_setf(err, DP_DATAERR, file, 0, __VA_ARGS__)

static int opt_string(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return !v || json_is_string(v);
}

static int opt_time(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	time_t t;

	return !v || json_is_null(v) || (json_is_string(v) && dp_mf_time_parse(json_string_value(v), &t) == 0);
}

static int opt_count(const json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	return !v || json_is_null(v) || (json_is_integer(v) && json_integer_value(v) >= 0);
}

/* a list of {path, bytes?, hash?} (resources, tombstone file lists) */
static int check_files(const json_t *a, const char *what, const char *file, dp_err *err)
{
	size_t i;
	json_t *r;

	if (!json_is_array(a))
		return BAD("/%s: not an array", what);
	json_array_foreach(a, i, r) {
		const char *h = dp_mf_str(r, "hash");

		if (!json_is_object(r) || !dp_mf_path_ok(dp_mf_str(r, "path")))
			return BAD("/%s/%zu: wants a relative \"path\" inside the version", what, i);
		if ((json_object_get(r, "hash") && !dp_mf_hash_ok(h)) || !opt_count(r, "bytes")
		    || !opt_string(r, "name") || !opt_count(r, "doppel:records"))
			return BAD("/%s/%zu: bad hash, bytes, records or name", what, i);
	}
	return DP_OK;
}

static int check_io(const json_t *a)
{
	size_t i;
	json_t *x;

	if (!a)
		return 1;
	if (!json_is_array(a))
		return 0;
	json_array_foreach(a, i, x) {
		const char *h = dp_mf_str(x, "hash");

		if (!json_is_object(x) || !json_is_string(json_object_get(x, "path"))
		    || (h && !dp_mf_hash_ok(h)) || !opt_count(x, "bytes") || !opt_count(x, "records"))
			return 0;
	}
	return 1;
}

static int check_steps(const json_t *a, const char *file, dp_err *err)
{
	size_t i;
	json_t *s;

	if (!json_is_array(a))
		return BAD("/doppel:steps: not an array");
	json_array_foreach(a, i, s) {
		json_t *prev = json_object_get(s, "prev");

		if (!json_is_object(s) || !json_is_integer(json_object_get(s, "seq"))
		    || !json_is_string(json_object_get(s, "tool")) || !json_is_integer(json_object_get(s, "exit")))
			return BAD("/doppel:steps/%zu: wants seq, tool and exit", i);
		if (!check_io(json_object_get(s, "in")) || !check_io(json_object_get(s, "out"))
		    || !(json_is_null(prev) || dp_mf_hash_ok(json_string_value(prev)))
		    || !opt_time(s, "started") || !opt_time(s, "ended"))
			return BAD("/doppel:steps/%zu: bad in, out, prev or times", i);
	}
	return DP_OK;
}

static int check_retention(const json_t *r, const char *file, dp_err *err)
{
	json_t *h = json_object_get(r, "legalHold");

	if (!json_is_object(r) || !json_is_string(json_object_get(r, "class")))
		return BAD("/doppel:retention: wants an object with a class");
	if (!opt_time(r, "expires") || !opt_time(r, "retainUntil") || !opt_time(r, "basisTime")
	    || !opt_string(r, "maxAge"))
		return BAD("/doppel:retention: bad expires, retainUntil, basisTime or maxAge");
	if (h && (!json_is_object(h) || !json_is_boolean(json_object_get(h, "active"))))
		return BAD("/doppel:retention/legalHold: wants {\"active\": true|false, ...}");
	return DP_OK;
}

static int check_events(const json_t *a, const char *file, dp_err *err)
{
	size_t i;
	json_t *e;

	if (!json_is_array(a))
		return BAD("/doppel:events: not an array");
	json_array_foreach(a, i, e)
		if (!json_is_object(e) || !json_is_string(json_object_get(e, "event")) || !opt_time(e, "at")
		    || !json_object_get(e, "at"))
			return BAD("/doppel:events/%zu: wants at and event", i);
	return DP_OK;
}

static int check_status(const json_t *m, enum dp_mf_kind kind, const char *file, dp_err *err)
{
	json_t *v = json_object_get(m, "doppel:manifestVersion");
	const char *st = dp_mf_status(m);

	if (!json_is_integer(v))
		return BAD("not a doppel manifest (no doppel:manifestVersion)");
	if (json_integer_value(v) != DP_MF_VERSION)
		return BAD("unknown doppel:manifestVersion %lld (this doppel reads %d)",
		           (long long)json_integer_value(v), DP_MF_VERSION);
	if (kind == DP_MF_MANIFEST ? !st || (strcmp(st, "building") && strcmp(st, "sealed"))
	                           : !st || (strcmp(st, "purging") && strcmp(st, "purged")))
		return BAD("bad doppel:status");
	if (!dp_mf_name_ok(dp_mf_str(m, "name")) || !dp_mf_version_ok(dp_mf_str(m, "version")))
		return BAD("bad name or version");
	return DP_OK;
}

int dp_mf_check(const json_t *m, enum dp_mf_kind kind, const char *file, dp_err *err)
{
	static const char *const lists[] = {"resources", "planned", "removed"};
	json_t *v;
	int rc;

	if (!json_is_object(m))
		return BAD("not a JSON object");
	if ((rc = check_status(m, kind, file, err)) != DP_OK)
		return rc;
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++)
		if ((v = json_object_get(m, lists[i])) && (rc = check_files(v, lists[i], file, err)))
			return rc;
	if ((v = json_object_get(m, "doppel:steps")) && (rc = check_steps(v, file, err)))
		return rc;
	if ((v = json_object_get(m, "doppel:retention")) && (rc = check_retention(v, file, err)))
		return rc;
	if ((v = json_object_get(m, "doppel:events")) && (rc = check_events(v, file, err)))
		return rc;
	if (!opt_time(m, "created") || !opt_time(m, "doppel:sealed") || !opt_string(m, "id"))
		return BAD("bad created, doppel:sealed or id");
	return DP_OK;
}
