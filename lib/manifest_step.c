/* manifest_step.c - recording a filter's step (manifest_step.h). */
#include "config.h"
#include "manifest_step.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_hash.h"
#include "manifest_lock.h"
#include "retention.h"

struct dp_mf_step {
	int dirfd;
	char dir[PATH_MAX];      /* the version directory (real path) */
	json_t *body;            /* tool, toolVersion, argv, started */
	json_t *in, *out, *extra;
	json_t *sources;         /* files read from outside the version: doppel:inputs */
	time_t started;
};

static int has_manifest(const char *dir)
{
	char p[PATH_MAX + 32];
	struct stat st;

	if (snprintf(p, sizeof p, "%s/%s", dir, DP_MF_FILE) >= (int)sizeof p)
		return 0;
	return lstat(p, &st) == 0 && S_ISREG(st.st_mode);
}

int dp_mf_locate(const char *dir, char out[PATH_MAX], dp_err *err)
{
	char tmp[PATH_MAX], staged[PATH_MAX + 32];
	char *slash;

	snprintf(tmp, sizeof tmp, "%s", dir);
	while (strlen(tmp) > 1 && tmp[strlen(tmp) - 1] == '/')
		tmp[strlen(tmp) - 1] = '\0';
	if (has_manifest(tmp) && realpath(tmp, out))
		return DP_OK;
	slash = strrchr(tmp, '/');
	if (slash)
		*slash = '\0';
	snprintf(staged, sizeof staged, "%s/%s/%s", slash ? tmp : ".", DP_MF_STAGING, slash ? slash + 1 : tmp);
	if (has_manifest(staged) && realpath(staged, out))
		return DP_OK;
	return dp_err_setf(err, DP_NOINPUT, dir, 0, "no dataset version being built here "
	                   "(doppel-manifest init makes one)");
}

static int secret_option(const char *a, size_t n)
{
	static const char *const words[] = {"password", "passwd", "secret", "token"};

	if (n == 5 && strncmp(a, "--key", 5) == 0)
		return 1;
	for (size_t i = 0; i < sizeof words / sizeof *words; i++)
		if (memmem(a, n, words[i], strlen(words[i])))
			return 1;
	return 0;
}

json_t *dp_mf_argv(int argc, char *const *argv)
{
	json_t *a = json_array();
	int redact_next = 0;

	for (int i = 0; i < argc && a; i++) {
		const char *s = argv[i], *eq = strchr(s, '=');
		int opt = strncmp(s, "--", 2) == 0 && s[2];

		if (redact_next) {
			json_array_append_new(a, json_string("(redacted)"));
			redact_next = 0;
		} else if (opt && eq && secret_option(s, (size_t)(eq - s))) {
			json_array_append_new(a, json_sprintf("%.*s=(redacted)", (int)(eq - s), s));
		} else {
			redact_next = opt && !eq && secret_option(s, strlen(s));
			json_array_append_new(a, json_string_nocheck(s));
		}
	}
	return a;
}

json_t *dp_mf_ruleset(const char *path, dp_err *err)
{
	char h[DP_MF_HASH_LEN];

	if (!path)
		return json_pack("{s:s}", "id", "builtin");
	if (dp_mf_hash_file_at(AT_FDCWD, path, h, NULL, err) != DP_OK)
		return NULL;
	return json_pack("{s:s, s:s}", "id", path, "hash", h);
}

static int check_building(dp_mf_step *s, dp_err *err)
{
	json_t *m;
	int rc = dp_mf_load_at(s->dirfd, DP_MF_FILE, s->dir, DP_MF_MANIFEST, &m, err);

	if (rc != DP_OK)
		return rc;
	if (strcmp(dp_mf_status(m), "building") != 0)
		rc = dp_err_setf(err, DP_CANTCREAT, s->dir, 0, "the version is sealed: it takes no more steps");
	json_decref(m);
	return rc;
}

int dp_mf_step_begin(dp_mf_step **sp, const char *dir, const char *tool, int argc,
                     char *const *argv, dp_err *err)
{
	char started[DP_MF_TIME_LEN];
	dp_mf_step *s = calloc(1, sizeof *s);
	int rc;

	*sp = NULL;
	if (!s)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	s->dirfd = -1;
	if ((rc = dp_mf_locate(dir, s->dir, err)) != DP_OK || (rc = dp_mf_open_dir(s->dir, &s->dirfd, err))
	    || (rc = dp_mf_dirlock(s->dirfd, 0, err)) || (rc = check_building(s, err))
	    || (rc = dp_mf_build_time(&s->started, err))) {
		dp_mf_step_free(s);
		return rc;
	}
	dp_mf_time_format(s->started, started);
	s->body = json_pack("{s:s, s:s, s:o, s:s}", "tool", tool, "toolVersion", PACKAGE_VERSION,
	                    "argv", dp_mf_argv(argc, argv), "started", started);
	s->in = json_array();
	s->out = json_array();
	s->extra = json_object();
	s->sources = json_array();
	if (!s->body || !s->in || !s->out || !s->extra || !s->sources) {
		dp_mf_step_free(s);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	*sp = s;
	return DP_OK;
}

void dp_mf_step_free(dp_mf_step *s)
{
	if (!s)
		return;
	if (s->dirfd >= 0)
		close(s->dirfd);
	json_decref(s->body);
	json_decref(s->in);
	json_decref(s->out);
	json_decref(s->extra);
	json_decref(s->sources);
	free(s);
}

/* path relative to the version when it lies inside it (*inside = 1), else as given */
static json_t *rel_path(const dp_mf_step *s, const char *path, int *inside)
{
	char abs[PATH_MAX];
	size_t n = strlen(s->dir);

	*inside = strcmp(path, "-") != 0 && realpath(path, abs) && strncmp(abs, s->dir, n) == 0
	          && abs[n] == '/';
	return json_string(*inside ? abs + n + 1 : path);
}

/* a file read from outside the version becomes one of the version's inputs */
static void add_source(dp_mf_step *s, const char *path, const char *hash, unsigned long long bytes)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	json_array_append_new(s->sources, json_pack("{s:s, s:s, s:I, s:s}", "name", base, "uri", path,
	                                             "bytes", (json_int_t)bytes, "hash", hash));
}

int dp_mf_step_io(dp_mf_step *s, int output, const char *path, const char *hash,
                  unsigned long long bytes, long long records)
{
	json_t *x = json_object();
	int inside;

	if (!x)
		return -1;
	json_object_set_new(x, "path", rel_path(s, path, &inside));
	if (!output && !inside && strcmp(path, "-") != 0)
		add_source(s, path, hash, bytes);
	json_object_set_new(x, "hash", json_string(hash));
	json_object_set_new(x, "bytes", json_integer((json_int_t)bytes));
	if (records >= 0)
		json_object_set_new(x, "records", json_integer(records));
	return json_array_append_new(output ? s->out : s->in, x);
}

int dp_mf_step_io_file(dp_mf_step *s, int output, const char *path, long long records,
                       dp_err *err)
{
	char h[DP_MF_HASH_LEN];
	unsigned long long n;
	int rc = dp_mf_hash_file_at(AT_FDCWD, path, h, &n, err);

	if (rc != DP_OK)
		return rc;
	return dp_mf_step_io(s, output, path, h, n, records) == 0 ? DP_OK
	       : dp_err_set(err, DP_SOFTWARE, "out of memory");
}

void dp_mf_step_set(dp_mf_step *s, const char *key, json_t *value)
{
	if (value)
		json_object_set_new(s->extra, key, value);
}

void dp_mf_step_count(dp_mf_step *s, const char *group, const char *type, unsigned long long n)
{
	json_t *g = json_object_get(s->extra, group), *v;

	if (!g) {
		g = json_object();
		json_object_set_new(s->extra, group, g);
	}
	v = json_object_get(g, type);
	json_object_set_new(g, type, json_integer((json_int_t)(n + (v ? (unsigned long long)json_integer_value(v) : 0))));
}

static int has_hash(const json_t *list, const char *hash)
{
	size_t i;
	json_t *x;

	json_array_foreach(list, i, x)
		if (dp_mf_str(x, "hash") && strcmp(dp_mf_str(x, "hash"), hash) == 0)
			return 1;
	return 0;
}

/* the step as recorded: seq and prev first, then the body, in and out, the extras */
static json_t *final_step(const dp_mf_step *s, const json_t *steps, int exit_status)
{
	size_t n = json_array_size(steps);
	char prev[DP_MF_HASH_LEN], ended[DP_MF_TIME_LEN];
	time_t t = s->started;
	json_t *st;
	dp_err e;

	if (n)
		dp_mf_hash_json(json_array_get(steps, n - 1), prev);
	if (dp_mf_build_time(&t, &e) != DP_OK || t < s->started)
		t = s->started;
	dp_mf_time_format(t, ended);
	st = json_pack("{s:I, s:o}", "seq", (json_int_t)n + 1, "prev", n ? json_string(prev) : json_null());
	if (!st)
		return NULL;
	json_object_update(st, s->body);
	json_object_set_new(st, "ended", json_string(ended));
	json_object_set_new(st, "exit", json_integer(exit_status));
	json_object_set(st, "in", s->in);
	json_object_set(st, "out", s->out);
	json_object_update(st, s->extra);
	return st;
}

static int append_step(dp_mf_step *s, json_t *m, int exit_status, dp_err *err)
{
	json_t *steps = json_object_get(m, "doppel:steps"), *inputs, *src, *st;
	size_t i;

	if (strcmp(dp_mf_status(m), "building") != 0)
		return dp_err_setf(err, DP_CANTCREAT, s->dir, 0, "the version was sealed during the run");
	if (!steps)
		json_object_set_new(m, "doppel:steps", steps = json_array());
	if (!(inputs = json_object_get(m, "doppel:inputs")))
		json_object_set_new(m, "doppel:inputs", inputs = json_array());
	if (!json_is_array(inputs) || !(st = final_step(s, steps, exit_status)))
		return dp_err_setf(err, DP_DATAERR, s->dir, 0, "bad doppel:inputs in the manifest");
	json_array_append_new(steps, st);
	json_array_foreach(s->sources, i, src)
		if (!has_hash(inputs, dp_mf_str(src, "hash")))
			json_array_append(inputs, src);
	return DP_OK;
}

int dp_mf_step_end(dp_mf_step *s, int exit_status, dp_err *err)
{
	json_t *m = NULL;
	int lockfd = -1, rc;

	rc = dp_mf_lock(s->dirfd, DP_MF_LOCK_WAIT_MS, &lockfd, err);
	if (rc == DP_OK)
		rc = dp_mf_load_at(s->dirfd, DP_MF_FILE, s->dir, DP_MF_MANIFEST, &m, err);
	if (rc == DP_OK)
		rc = append_step(s, m, exit_status, err);
	if (rc == DP_OK)
		rc = dp_mf_write_at(s->dirfd, DP_MF_FILE, m, err);
	dp_mf_unlock(lockfd);
	json_decref(m);
	dp_mf_step_free(s);
	return rc;
}
