/* purge_tree.c - confined recursive deletion by descriptor (purge_tree.h). */
#include "config.h"
#include "purge_tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"

#define MAX_DEPTH 64

static int in_list(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

static int rm_dir_at(int dirfd, const char *prefix, dev_t dev, int depth, json_t *removed, dp_err *err);

static void note(json_t *removed, const char *prefix, const char *name, const struct stat *st)
{
	if (removed && !S_ISDIR(st->st_mode) && name[0] != '.')
		json_array_append_new(removed, json_pack("{s:s+, s:I}", "path", prefix, name,
		                                         "bytes", (json_int_t)st->st_size));
}

/* removes one entry of dirfd (a subdirectory with all it holds) */
static int rm_entry(int dirfd, const char *prefix, const char *name, dev_t dev, int depth,
                    json_t *removed, dp_err *err)
{
	char sub[4096];
	struct stat st;
	int fd, rc;

	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
		return errno == ENOENT ? DP_OK : dp_err_set(err, DP_IOERR, "%s%s: %s", prefix, name, strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		if (unlinkat(dirfd, name, 0) != 0 && errno != ENOENT)
			return dp_err_set(err, DP_IOERR, "%s%s: cannot remove: %s", prefix, name, strerror(errno));
		note(removed, prefix, name, &st);
		return DP_OK;
	}
	if (st.st_dev != dev)
		return dp_err_set(err, DP_IOERR, "%s%s: another filesystem is mounted here; left alone", prefix, name);
	if (depth >= MAX_DEPTH)
		return dp_err_set(err, DP_IOERR, "%s%s: nested too deeply; left alone", prefix, name);
	fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return dp_err_set(err, DP_IOERR, "%s%s: cannot open: %s", prefix, name, strerror(errno));
	snprintf(sub, sizeof sub, "%s%s/", prefix, name);
	rc = rm_dir_at(fd, sub, dev, depth + 1, removed, err);
	close(fd);
	if (rc == DP_OK && unlinkat(dirfd, name, AT_REMOVEDIR) != 0)
		rc = dp_err_set(err, DP_IOERR, "%s%s: cannot remove: %s", prefix, name, strerror(errno));
	return rc;
}

/* the names in dirfd, sorted (so removal and its record are deterministic) */
static char **list_names(int dirfd, size_t *n)
{
	int fd = dup(dirfd);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	char **v = NULL;
	struct dirent *e;

	*n = 0;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	rewinddir(d);
	while ((e = readdir(d))) {
		char **nv;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (!(nv = realloc(v, (*n + 1) * sizeof *v)) || !(nv[*n] = strdup(e->d_name)))
			break;
		v = nv, (*n)++;
	}
	closedir(d);
	return v;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int rm_dir_at(int dirfd, const char *prefix, dev_t dev, int depth, json_t *removed, dp_err *err)
{
	size_t n;
	char **names = list_names(dirfd, &n);
	int rc = DP_OK;

	qsort(names, n, sizeof *names, cmp_names);
	for (size_t i = 0; i < n; i++) {
		if (rm_entry(dirfd, prefix, names[i], dev, depth, removed, err) != DP_OK)
			rc = DP_IOERR;
		free(names[i]);
	}
	free(names);
	return rc;
}

int dp_mf_rmtree_at(int dirfd, dev_t dev, const char *const *keep, const char *const *last,
                    json_t *removed, dp_err *err)
{
	size_t n;
	char **names = list_names(dirfd, &n);
	int rc = names || n == 0 ? DP_OK : dp_err_set(err, DP_IOERR, "cannot read the directory");

	qsort(names, n, sizeof *names, cmp_names);
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			if (in_list(names[i], keep) || in_list(names[i], last) != pass)
				continue;
			if (rm_entry(dirfd, "", names[i], dev, 0, removed, err) != DP_OK)
				rc = DP_IOERR;
		}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
