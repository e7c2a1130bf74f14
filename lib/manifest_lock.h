/* manifest_lock.h - the two lock scopes of a dataset version (flock(2), local
 * filesystems only): the directory lock, held shared by every filter recording a step
 * for its whole run and exclusively by seal and purge, so purge never deletes a version
 * in use; and the manifest lock, a never-renamed file .manifest.lock taken exclusively
 * for each read-modify-write of datapackage.json. Every descriptor is O_CLOEXEC.
 * Ownership: the caller owns the returned descriptors (dp_mf_unlock closes them). */
#ifndef DP_MANIFEST_LOCK_H
#define DP_MANIFEST_LOCK_H

#include "error.h"

#define DP_MF_LOCKFILE ".manifest.lock"
#define DP_MF_LOCK_WAIT_MS 30000

/* Opens path as a directory (following symlinks: it is the user's own path).
 * DP_NOINPUT when it is missing or not a directory. */
int dp_mf_open_dir(const char *path, int *fd, dp_err *err);
/* flock on the directory descriptor itself, never waiting: DP_TEMPFAIL when another
 * process holds a conflicting lock. */
int dp_mf_dirlock(int dirfd, int exclusive, dp_err *err);
/* Takes the manifest lock of the version at dirfd, waiting up to wait_ms; checks after
 * locking that the lock file is still the one in the directory. DP_TEMPFAIL on timeout,
 * DP_CANTCREAT when the lock file cannot be created. */
int dp_mf_lock(int dirfd, int wait_ms, int *lockfd, dp_err *err);
void dp_mf_unlock(int lockfd);

#endif
