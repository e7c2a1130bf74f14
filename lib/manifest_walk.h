/* manifest_walk.h - the versions below a purge root, found without following symlinks
 * or leaving the root's filesystem: ROOT/<dataset>/<version>/ directories (hidden
 * entries, symlinks such as a "current" pointer, and other files are not versions),
 * each with its manifest and tombstone loaded when present. Also the audit log and the
 * actor name recorded in events.
 * Ownership: the descriptors and JSON in a dp_mf_entry belong to the walk and are only
 * valid during the callback (json_incref what you keep). */
#ifndef DP_MANIFEST_WALK_H
#define DP_MANIFEST_WALK_H

#include <jansson.h>
#include <sys/types.h>

#include "error.h"

typedef struct dp_mf_entry {
	const char *dataset, *version;
	int dsfd, vfd;            /* the dataset and version directories */
	dev_t dev;                /* the root's filesystem */
	json_t *manifest;         /* NULL when missing or unreadable (see merr) */
	json_t *tombstone;        /* NULL when there is none or it is unreadable (see terr) */
	dp_err merr, terr;        /* why a file is NULL (code DP_NOINPUT: missing) */
	int symlink;              /* 1: the entry is a symlink, not walked (dataset or version) */
} dp_mf_entry;

/* Called for every version; a non-zero return stops the walk and is returned. */
typedef int (*dp_mf_walk_fn)(const dp_mf_entry *e, void *ud);

/* Walks the root at rootfd (datasets and versions in name order). A dataset or version
 * that is a symlink is passed with symlink = 1 and no descriptors (version "" for a
 * dataset), so callers may report it. */
int dp_mf_walk(int rootfd, dp_mf_walk_fn fn, void *ud, dp_err *err);

/* Opens a purge root: a directory that is not a symlink, not "/", and not writable by
 * others without the sticky bit. DP_NOINPUT when missing, DP_USAGE when refused. */
int dp_mf_open_root(const char *path, int *fd, dp_err *err);

/* Appends one line (event, stolen) to the dataset's purge-log.jsonl (O_APPEND, fsync).
 * DP_CANTCREAT when it cannot be written. */
int dp_mf_audit(int dsfd, json_t *event, dp_err *err);
/* "user@host" for events; "by" from the caller wins when not NULL. */
void dp_mf_actor(char *out, size_t cap, const char *by);

#endif
