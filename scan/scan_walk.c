/* scan_walk.c - recursive directory walk: entries in sorted order (stable reports),
 * .git and --exclude/config globs skipped, symbolic links never followed. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dp_exit.h"
#include "msg.h"
#include "scan.h"

static int excluded(scan_ctx *c, const char *path, const char *rel, const char *name)
{
	return strcmp(name, ".git") == 0 || scan_path_matches(c, path, rel, 0);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

static void walk_entry(scan_ctx *c, const char *dir, const char *name, int depth);

static void walk_dir(scan_ctx *c, const char *dir, int depth)
{
	struct dirent **ents;
	int n = scandir(dir, &ents, NULL, by_name);

	if (n < 0) {
		dp_err err;

		dp_err_setf(&err, DP_NOINPUT, dir, 0, "cannot read directory: %s", strerror(errno));
		scan_note_error(c, &err);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (strcmp(ents[i]->d_name, ".") && strcmp(ents[i]->d_name, ".."))
			walk_entry(c, dir, ents[i]->d_name, depth);
		free(ents[i]);
	}
	free(ents);
}

static void walk_entry(scan_ctx *c, const char *dir, const char *name, int depth)
{
	char path[PATH_MAX];
	struct stat st;
	size_t dl = strlen(dir);

	if (snprintf(path, sizeof path, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", name) >= (int)sizeof path)
		return;
	if (excluded(c, path, path + c->root_len, name) || lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && depth < 256) {
		walk_dir(c, path, depth + 1);
	} else if (S_ISREG(st.st_mode)) {
		c->rel = path + c->root_len;
		scan_one(c, path, path);
		c->rel = NULL;
	}
}

int scan_walk(scan_ctx *c, const char *dir)
{
	size_t n = strlen(dir);

	c->root_len = n + (n && dir[n - 1] == '/' ? 0 : 1);
	walk_dir(c, dir, 0);
	return 0;
}
