/* msg.c - diagnostics for the programs (msg.h). */
#include "config.h"
#include "msg.h"

#include <stdarg.h>
#include <stdio.h>

#include "dp_exit.h"

static const char *prog_name = "doppel";
static int quiet_mode;

void dp_msg_init(const char *prog)
{
	prog_name = prog;
}

const char *dp_msg_prog(void)
{
	return prog_name;
}

void dp_msg_quiet(int quiet)
{
	quiet_mode = quiet;
}

__attribute__((format(printf, 4, 0)))
static void vmsg(const char *kind, const char *file, long line, const char *fmt, va_list ap)
{
	fflush(stdout);
	fprintf(stderr, "%s: ", prog_name);
	if (file && *file && line > 0)
		fprintf(stderr, "%s:%ld: ", file, line);
	else if (file && *file)
		fprintf(stderr, "%s: ", file);
	if (kind)
		fprintf(stderr, "%s: ", kind);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void dp_msg_error(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, file, line, fmt, ap);
	va_end(ap);
}

void dp_msg_warn(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (quiet_mode)
		return;
	va_start(ap, fmt);
	vmsg("warning", file, line, fmt, ap);
	va_end(ap);
}

int dp_msg_err(const dp_err *err, int fallback)
{
	if (err->file[0] && err->line > 0 && err->col > 0) {
		fflush(stdout);
		fprintf(stderr, "%s: %s:%ld:%ld: %s\n", prog_name, err->file, err->line, err->col,
			err->msg[0] ? err->msg : "unknown error");
	} else
		dp_msg_error(err->file, err->line, "%s", err->msg[0] ? err->msg : "unknown error");
	return err->code ? err->code : fallback;
}

int dp_msg_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", prog_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog_name);
	return DP_USAGE;
}
