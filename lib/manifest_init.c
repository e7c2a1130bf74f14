/* manifest_init.c - creating a staging version (manifest_build.h). */
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
#include "manifest_hash.h"
#include "manifest_lock.h"
#include "manifest_walk.h"
#include "purge_tree.h"
#include "retention.h"

int dp_mf_split(const char *target, char root[PATH_MAX], char name[128], char version[80],
                dp_err *err)
{
	char tmp[PATH_MAX];
	char *v, *n;

	snprintf(tmp, sizeof tmp, "%s", target);
	while (strlen(tmp) > 1 && tmp[strlen(tmp) - 1] == '/')
		tmp[strlen(tmp) - 1] = '\0';
	if (!(v = strrchr(tmp, '/')))
		return dp_err_set(err, DP_USAGE, "'%s' is not ROOT/NAME/VERSION", target);
	*v++ = '\0';
	n = strrchr(tmp, '/');
	if (n)
		*n++ = '\0';
	else
		n = tmp;
	if (!dp_mf_name_ok(n) || !dp_mf_version_ok(v))
		return dp_err_set(err, DP_USAGE, "'%s': NAME is [a-z0-9._-] and VERSION [A-Za-z0-9._+-], "
		                  "starting with a letter or digit", target);
	snprintf(root, PATH_MAX, "%s", n == tmp ? "." : tmp[0] ? tmp : "/");
	snprintf(name, 128, "%s", n);
	snprintf(version, 80, "%s", v);
	return DP_OK;
}

static int open_or_make(int dirfd, const char *name, int *fd, dp_err *err)
{
	if (mkdirat(dirfd, name, 0755) != 0 && errno != EEXIST)
		return dp_err_setf(err, DP_CANTCREAT, name, 0, "cannot create: %s", strerror(errno));
	*fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return *fd < 0 ? dp_err_setf(err, DP_CANTCREAT, name, 0, "cannot open: %s", strerror(errno)) : DP_OK;
}

/* the version must not exist yet: sealed, or purged (its tombstone stays) */
static int check_new(int dsfd, const char *version, dp_err *err)
{
	struct stat st;
	char tomb[128];

	if (fstatat(dsfd, version, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return DP_OK;
	snprintf(tomb, sizeof tomb, "%s/%s", version, DP_MF_TOMBSTONE);
	if (fstatat(dsfd, tomb, &st, AT_SYMLINK_NOFOLLOW) == 0)
		return dp_err_set(err, DP_CANTCREAT, "version %s was purged (its tombstone stays): "
		                  "choose a new version", version);
	return dp_err_set(err, DP_CANTCREAT, "version %s exists already: a sealed version never "
	                  "changes; choose a new version", version);
}

/* creates .staging/VERSION; with replace, an unlocked old one is removed first */
static int make_staging(int stfd, const char *version, int replace, int *vfd, dp_err *err)
{
	struct stat st;
	int fd, rc;

	if (mkdirat(stfd, version, 0755) == 0 || errno != EEXIST)
		return open_or_make(stfd, version, vfd, err);
	if (!replace)
		return dp_err_set(err, DP_CANTCREAT, "version %s is being built already (--replace "
		                  "starts it again)", version);
	fd = openat(stfd, version, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) != 0)
		return dp_err_set(err, DP_CANTCREAT, "cannot open the staging version: %s", strerror(errno));
	if ((rc = dp_mf_dirlock(fd, 1, err)) == DP_OK)
		rc = dp_mf_rmtree_at(fd, st.st_dev, NULL, NULL, NULL, err);
	close(fd);
	if (rc != DP_OK)
		return rc;
	if (unlinkat(stfd, version, AT_REMOVEDIR) != 0)
		return dp_err_set(err, DP_CANTCREAT, "cannot remove the old staging version: %s", strerror(errno));
	return open_or_make(stfd, version, vfd, err);
}

static json_t *input_entry(const char *path, const char *collected, dp_err *err)
{
	char h[DP_MF_HASH_LEN];
	unsigned long long n;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	json_t *x;

	if (dp_mf_hash_file_at(AT_FDCWD, path, h, &n, err) != DP_OK)
		return NULL;
	x = json_pack("{s:s, s:s, s:I, s:s}", "name", base, "uri", path, "bytes", (json_int_t)n, "hash", h);
	if (x && collected)
		json_object_set_new(x, "collected", json_string(collected));
	return x;
}

/* id and runId: derived from name, version and SOURCE_DATE_EPOCH when it is set */
static void ids(const char *name, const char *version, char id[DP_MF_ID_LEN], char run[DP_MF_ID_LEN])
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	char seed[512];

	snprintf(seed, sizeof seed, "doppel:%s/%s@%s", name, version, sde ? sde : "");
	dp_mf_uuid(id, sde && *sde ? seed : NULL);
	snprintf(seed, sizeof seed, "doppel-run:%s/%s@%s", name, version, sde ? sde : "");
	dp_mf_uuid(run, sde && *sde ? seed : NULL);
}

static json_t *new_manifest(const char *name, const char *version, const dp_mf_init_opts *o,
                            time_t created, json_t *inputs)
{
	char id[DP_MF_ID_LEN], run[DP_MF_ID_LEN], ctime_s[DP_MF_TIME_LEN], who[256];
	const char *run_env = getenv("DOPPEL_RUN_ID");
	json_t *m;

	ids(name, version, id, run);
	dp_mf_time_format(created, ctime_s);
	dp_mf_actor(who, sizeof who, o->author);
	m = json_pack("{s:s, s:s, s:s}", "$schema", DP_MF_PROFILE, "name", name, "id", id);
	if (!m)
		return NULL;
	if (o->title)
		json_object_set_new(m, "title", json_string(o->title));
	if (o->description)
		json_object_set_new(m, "description", json_string(o->description));
	json_object_set_new(m, "version", json_string(version));
	json_object_set_new(m, "created", json_string(ctime_s));
	json_object_set_new(m, "contributors", json_pack("[{s:s, s:[s]}]", "title", who, "roles", "creator"));
	json_object_set_new(m, "resources", json_array());
	json_object_set_new(m, "doppel:manifestVersion", json_integer(DP_MF_VERSION));
	json_object_set_new(m, "doppel:status", json_string("building"));
	json_object_set_new(m, "doppel:runId", json_string(run_env && *run_env ? run_env : run));
	json_object_set_new(m, "doppel:inputs", inputs);
	json_object_set_new(m, "doppel:steps", json_array());
	json_object_set_new(m, "doppel:retention", json_pack("{s:s}", "class",
	                    o->retention_class ? o->retention_class : "draft"));
	json_object_set_new(m, "doppel:events", json_array());
	return m;
}

/* everything that can be checked before anything is created */
static int prepare(const dp_mf_init_opts *o, json_t **inputs, time_t *created, dp_err *err)
{
	dp_mf_policy pol;
	time_t t;
	int rc;

	if ((rc = dp_mf_policy_load(&pol, o->policy_path, err)) != DP_OK)
		return rc;
	if (!dp_mf_policy_find(&pol, o->retention_class ? o->retention_class : "draft"))
		return dp_err_set(err, DP_CONFIG, "unknown retention class '%s' (the policy has draft, "
		                  "reference and those of --policy)", o->retention_class);
	if (o->collected && dp_mf_time_parse(o->collected, &t) != 0)
		return dp_err_set(err, DP_USAGE, "--collected wants an RFC 3339 time, not '%s'", o->collected);
	if ((rc = dp_mf_build_time(created, err)) != DP_OK)
		return rc;
	*inputs = json_array();
	for (size_t i = 0; i < o->ninputs; i++) {
		json_t *x = input_entry(o->inputs[i], o->collected, err);

		if (!x) {
			json_decref(*inputs);
			return err->code;
		}
		json_array_append_new(*inputs, x);
	}
	return DP_OK;
}

static int create(int rootfd, const char *name, const char *version, const dp_mf_init_opts *o,
                  json_t *m, dp_err *err)
{
	int dsfd = -1, stfd = -1, vfd = -1, rc;

	if ((rc = open_or_make(rootfd, name, &dsfd, err)) == DP_OK && (rc = check_new(dsfd, version, err)) == DP_OK
	    && (rc = open_or_make(dsfd, DP_MF_STAGING, &stfd, err)) == DP_OK
	    && (rc = make_staging(stfd, version, o->replace, &vfd, err)) == DP_OK)
		rc = dp_mf_write_at(vfd, DP_MF_FILE, m, err);
	if (vfd >= 0)
		close(vfd);
	if (stfd >= 0)
		close(stfd);
	if (dsfd >= 0)
		close(dsfd);
	return rc;
}

int dp_mf_init(const char *target, const dp_mf_init_opts *o, char staged[PATH_MAX], dp_err *err)
{
	char root[PATH_MAX], name[128], version[80];
	json_t *inputs = NULL, *m;
	time_t created;
	int rootfd, rc;

	if ((rc = dp_mf_split(target, root, name, version, err)) != DP_OK
	    || (rc = prepare(o, &inputs, &created, err)) != DP_OK)
		return rc;
	if (!(m = new_manifest(name, version, o, created, inputs)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	rootfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		rc = dp_err_setf(err, DP_NOINPUT, root, 0, "the dataset root: %s", strerror(errno));
	else
		rc = create(rootfd, name, version, o, m, err);
	if (rootfd >= 0)
		close(rootfd);
	json_decref(m);
	if (rc == DP_OK && snprintf(staged, PATH_MAX, "%s/%s/%s/%s", root, name, DP_MF_STAGING,
	                            version) >= PATH_MAX)
		rc = dp_err_set(err, DP_CANTCREAT, "path too long");
	return rc;
}
