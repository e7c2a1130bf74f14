/* error.h - error context: library functions never print; they return a dp_exit
 * status and describe the failure here (libarchive's archive_set_error pattern).
 * Ownership: the caller owns the dp_err (usually on the stack); it holds no heap
 * memory, so there is nothing to free. A later dp_err_set overwrites the message.
 * Messages never contain PII values: callers pass locations and reasons only. */
#ifndef DP_ERROR_H
#define DP_ERROR_H

#include <stddef.h>

#define DP_ERR_MSG_MAX 512
#define DP_ERR_FILE_MAX 1024

typedef struct dp_err {
	int code;                    /* a dp_exit value; DP_OK when no error is set */
	long line;                   /* 1-based line in `file`, 0 when not applicable */
	long col;                    /* 1-based column in that line, 0 when not applicable */
	char file[DP_ERR_FILE_MAX];  /* input or config file the error is about, "" if none */
	char msg[DP_ERR_MSG_MAX];    /* what went wrong, one line, no trailing newline */
} dp_err;

void dp_err_clear(dp_err *err);
/* Sets code and message (printf-style) and returns code, so `return dp_err_set(...)` works. */
int dp_err_set(dp_err *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Like dp_err_set, also recording the file and line the error is about. */
int dp_err_setf(dp_err *err, int code, const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

#endif
