/* outfile.h - atomic output: -o FILE is written to a temporary file in the same
 * directory and renamed into place only by dp_outfile_commit, so a failed run never
 * leaves a partial file. Without a path, output goes to stdout unchanged.
 * Ownership: the caller owns the struct; commit or abort releases everything. */
#ifndef DP_OUTFILE_H
#define DP_OUTFILE_H

#include <stdio.h>

#include "error.h"

typedef struct dp_outfile {
	FILE *fp;        /* where to write */
	char *tmp;       /* temporary path, NULL for stdout */
	char *path;      /* final path, NULL for stdout */
	int mode;        /* permission bits of the final file */
} dp_outfile;

/* path NULL or "-" means stdout. mode is e.g. 0644 or 0600. DP_CANTCREAT on failure. */
int dp_outfile_open(dp_outfile *o, const char *path, int mode, dp_err *err);
/* Flushes, fsyncs and renames into place. DP_IOERR on a write error. */
int dp_outfile_commit(dp_outfile *o, dp_err *err);
/* Removes the temporary file (no effect for stdout). */
void dp_outfile_abort(dp_outfile *o);

#endif
