/* manifest_walk.c - walking a purge root, the audit log (manifest_walk.h). */
#include "config.h"
#include "manifest_walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* visible entries of dirfd, sorted; NULL with *n = 0 when empty or unreadable */
static char **names_of(int dirfd, size_t *n)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	char **v = NULL, **nv;
	struct dirent *e;

	*n = 0;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && (nv = realloc(v, (*n + 1) * sizeof *v))
		    && (nv[*n] = strdup(e->d_name)))
			v = nv, (*n)++;
		else if (e->d_name[0] != '.')
			break;
	closedir(d);
	if (v)
		qsort(v, *n, sizeof *v, cmp_names);
	return v;
}

static void free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* opens name in dirfd as a directory on dev; -2 for a symlink, -1 for anything else */
static int open_sub(int dirfd, const char *name, dev_t dev)
{
	struct stat st;
	int fd;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return -1;
	if (S_ISLNK(st.st_mode))
		return -2;
	if (!S_ISDIR(st.st_mode) || st.st_dev != dev)
		return -1;
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd >= 0 && (fstat(fd, &st) != 0 || st.st_dev != dev)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int visit_version(dp_mf_entry *e, const char *vname, dp_mf_walk_fn fn, void *ud)
{
	char disp[1024];
	int rc;

	e->version = vname;
	e->symlink = 0;
	if ((e->vfd = open_sub(e->dsfd, vname, e->dev)) == -2) {
		e->symlink = 1;
		return fn(e, ud);
	}
	if (e->vfd < 0)
		return 0;
	dp_err_clear(&e->merr);
	dp_err_clear(&e->terr);
	snprintf(disp, sizeof disp, "%s/%s/%s", e->dataset, vname, DP_MF_FILE);
	dp_mf_load_at(e->vfd, DP_MF_FILE, disp, DP_MF_MANIFEST, &e->manifest, &e->merr);
	snprintf(disp, sizeof disp, "%s/%s/%s", e->dataset, vname, DP_MF_TOMBSTONE);
	dp_mf_load_at(e->vfd, DP_MF_TOMBSTONE, disp, DP_MF_TOMB, &e->tombstone, &e->terr);
	rc = fn(e, ud);
	json_decref(e->manifest);
	json_decref(e->tombstone);
	e->manifest = e->tombstone = NULL;
	close(e->vfd);
	e->vfd = -1;
	return rc;
}

static int visit_dataset(dp_mf_entry *e, int rootfd, const char *name, dp_mf_walk_fn fn, void *ud)
{
	size_t n;
	char **v;
	int rc = 0;

	e->dataset = name;
	if ((e->dsfd = open_sub(rootfd, name, e->dev)) == -2) {
		e->symlink = 1, e->version = "", e->vfd = -1;
		rc = fn(e, ud);
		e->symlink = 0;
		return rc;
	}
	if (e->dsfd < 0)
		return 0;
	v = names_of(e->dsfd, &n);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = visit_version(e, v[i], fn, ud);
	free_names(v, n);
	close(e->dsfd);
	return rc;
}

int dp_mf_walk(int rootfd, dp_mf_walk_fn fn, void *ud, dp_err *err)
{
	dp_mf_entry e;
	struct stat st;
	size_t n;
	char **v;
	int rc = 0;

	memset(&e, 0, sizeof e);
	if (fstat(rootfd, &st) != 0)
		return dp_err_set(err, DP_IOERR, "cannot stat the root: %s", strerror(errno));
	e.dev = st.st_dev;
	v = names_of(rootfd, &n);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = visit_dataset(&e, rootfd, v[i], fn, ud);
	free_names(v, n);
	return rc;
}

int dp_mf_open_root(const char *path, int *fd, dp_err *err)
{
	struct stat st, slash;

	*fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd < 0 && errno == ENOENT)
		return dp_err_setf(err, DP_NOINPUT, path, 0, "no such directory");
	if (*fd < 0)
		return dp_err_setf(err, DP_USAGE, path, 0, "not a directory (a symlink as root is refused): %s",
		                   strerror(errno));
	if (fstat(*fd, &st) != 0 || stat("/", &slash) != 0
	    || (st.st_ino == slash.st_ino && st.st_dev == slash.st_dev)
	    || ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX))) {
		close(*fd);
		*fd = -1;
		return dp_err_setf(err, DP_USAGE, path, 0, "refused as a root: '/' or world-writable without the sticky bit");
	}
	return DP_OK;
}

int dp_mf_audit(int dsfd, json_t *event, dp_err *err)
{
	char *line = json_dumps(event, JSON_COMPACT | JSON_PRESERVE_ORDER);
	int fd = openat(dsfd, DP_MF_LOG, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	int bad = !line || fd < 0;

	if (!bad) {
		size_t n = strlen(line);

		line[n] = '\n';   /* json_dumps leaves room: replaced NUL, written with its length */
		bad = write(fd, line, n + 1) != (ssize_t)(n + 1) || fsync(fd) != 0;
	}
	if (fd >= 0)
		close(fd);
	free(line);
	json_decref(event);
	return bad ? dp_err_set(err, DP_CANTCREAT, "cannot append to %s: %s", DP_MF_LOG, strerror(errno)) : DP_OK;
}

void dp_mf_actor(char *out, size_t cap, const char *by)
{
	char host[256] = "localhost";
	const char *user = getenv("USER");
	struct passwd *pw;

	if (by && *by) {
		snprintf(out, cap, "%s", by);
		return;
	}
	if (!user || !*user)
		user = (pw = getpwuid(getuid())) ? pw->pw_name : "unknown";
	gethostname(host, sizeof host - 1);
	host[sizeof host - 1] = '\0';
	snprintf(out, cap, "%s@%s", user, host);
}
