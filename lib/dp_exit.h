/* dp_exit.h - the one exit-status enum shared by every doppel program (SPEC section 3).
 * Values follow sysexits(3); library functions return these as their status so a
 * program can pass a failure straight to exit(). */
#ifndef DP_EXIT_H
#define DP_EXIT_H

enum dp_exit {
	DP_OK = 0,          /* success, nothing found */
	DP_FINDINGS = 1,    /* findings at or above the threshold, or a policy gate failed */
	DP_USAGE = 64,      /* bad command line */
	DP_DATAERR = 65,    /* bad input data */
	DP_NOINPUT = 66,    /* an input file is missing or unreadable */
	DP_SOFTWARE = 70,   /* internal error */
	DP_CANTCREAT = 73,  /* cannot create an output file */
	DP_IOERR = 74,      /* I/O error while reading or writing */
	DP_TEMPFAIL = 75,   /* temporary failure: a lock is busy */
	DP_CONFIG = 78      /* bad configuration (rules file, key file permissions) */
};

#endif
