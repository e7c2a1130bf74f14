/* outfile.c - atomic output files (outfile.h): temp file in the target's directory,
 * fsync, rename on commit; unlink on abort. */
#include "config.h"
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"

int dp_outfile_open(dp_outfile *o, const char *path, int mode, dp_err *err)
{
	int fd;

	memset(o, 0, sizeof *o);
	o->mode = mode;
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	o->path = strdup(path);
	o->tmp = malloc(strlen(path) + 16);
	if (!o->path || !o->tmp) {
		dp_outfile_abort(o);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	sprintf(o->tmp, "%s.tmpXXXXXX", path);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;

		free(o->tmp);
		o->tmp = NULL;
		dp_outfile_abort(o);
		return dp_err_setf(err, DP_CANTCREAT, path, 0, "cannot create output: %s", strerror(e));
	}
	fchmod(fd, (mode_t)mode);
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		close(fd);
		dp_outfile_abort(o);
		return dp_err_setf(err, DP_CANTCREAT, path, 0, "cannot create output");
	}
	return 0;
}

int dp_outfile_commit(dp_outfile *o, dp_err *err)
{
	int bad;

	if (!o->tmp) {
		bad = fflush(o->fp) != 0 || ferror(o->fp);
		return bad ? dp_err_set(err, DP_IOERR, "write error on standard output") : 0;
	}
	bad = fflush(o->fp) != 0 || ferror(o->fp) || fsync(fileno(o->fp)) != 0;
	if (fclose(o->fp) != 0)
		bad = 1;
	o->fp = NULL;
	if (bad || rename(o->tmp, o->path) != 0) {
		int e = errno;
		char path[DP_ERR_FILE_MAX];

		snprintf(path, sizeof path, "%s", o->path);
		dp_outfile_abort(o);
		return dp_err_setf(err, DP_IOERR, path, 0, "cannot write output: %s", strerror(e));
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return 0;
}

void dp_outfile_abort(dp_outfile *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	o->fp = NULL;
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}
