/* msg.h - the programs' one message module: diagnostics on stderr as
 * "doppel-PROG: FILE:LINE: message" (or "doppel-PROG: message"). The library never
 * prints; programs report a dp_err through dp_msg_err. Holds only a static program
 * name; nothing to free. */
#ifndef DP_MSG_H
#define DP_MSG_H

#include "error.h"

void dp_msg_init(const char *prog);
const char *dp_msg_prog(void);
void dp_msg_quiet(int quiet);   /* suppress warnings and notes (errors still print) */
/* file may be NULL; line 0 omits the line. */
void dp_msg_error(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void dp_msg_warn(const char *file, long line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prints err as an error and returns err->code (or fallback if no code is set). */
int dp_msg_err(const dp_err *err, int fallback);
/* "doppel-PROG: message" plus the --help hint; returns DP_USAGE. */
int dp_msg_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
