/* purge_tree.h - confined deletion below a directory descriptor: walks only with
 * openat/fstatat(AT_SYMLINK_NOFOLLOW)/unlinkat relative to directory descriptors, never
 * follows a symlink (the link itself is removed), never enters another filesystem
 * (st_dev), never goes up. Used by purge and by init --replace.
 * Ownership: the caller keeps dirfd; removed, when not NULL, gets one {path, bytes} per
 * file removed (paths relative to dirfd). */
#ifndef DP_PURGE_TREE_H
#define DP_PURGE_TREE_H

#include <jansson.h>
#include <sys/types.h>

#include "error.h"

/* Removes everything inside dirfd except the top-level entries named in keep (a
 * NULL-terminated list, may be NULL); names in last (NULL-terminated, may be NULL) are
 * removed after all others. dev is the filesystem the walk may not leave. DP_IOERR when
 * something could not be removed (a mount point, a permission error): the rest is
 * still removed. */
int dp_mf_rmtree_at(int dirfd, dev_t dev, const char *const *keep, const char *const *last,
                    json_t *removed, dp_err *err);

#endif
