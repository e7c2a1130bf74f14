/* manifest_lock.c - directory and manifest locks (manifest_lock.h). */
#include "config.h"
#include "manifest_lock.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dp_exit.h"

int dp_mf_open_dir(const char *path, int *fd, dp_err *err)
{
	*fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open the directory: %s", strerror(errno));
	return DP_OK;
}

int dp_mf_dirlock(int dirfd, int exclusive, dp_err *err)
{
	if (flock(dirfd, (exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) == 0)
		return DP_OK;
	if (errno == EWOULDBLOCK)
		return dp_err_set(err, DP_TEMPFAIL, "the version is in use by another process");
	return dp_err_set(err, DP_IOERR, "cannot lock the version directory: %s", strerror(errno));
}

/* 1 when the lock file at dirfd is still the file fd has open */
static int still_current(int dirfd, int fd)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && fstatat(dirfd, DP_MF_LOCKFILE, &b, AT_SYMLINK_NOFOLLOW) == 0
	       && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
}

static void pause_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

int dp_mf_lock(int dirfd, int wait_ms, int *lockfd, dp_err *err)
{
	int waited = 0, step = 1;

	for (;;) {
		int fd = openat(dirfd, DP_MF_LOCKFILE, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);

		if (fd < 0)
			return dp_err_set(err, DP_CANTCREAT, "cannot create %s: %s", DP_MF_LOCKFILE, strerror(errno));
		if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
			if (still_current(dirfd, fd)) {
				*lockfd = fd;
				return DP_OK;
			}
		} else if (errno != EWOULDBLOCK) {
			close(fd);
			return dp_err_set(err, DP_IOERR, "cannot lock %s: %s", DP_MF_LOCKFILE, strerror(errno));
		}
		close(fd);
		if (waited >= wait_ms)
			return dp_err_set(err, DP_TEMPFAIL, "the manifest is locked by another process");
		pause_ms(step);
		waited += step;
		step = step < 50 ? step * 2 : 50;
	}
}

void dp_mf_unlock(int lockfd)
{
	if (lockfd >= 0)
		close(lockfd);
}
