/* error.c - the error context of error.h. */
#include "config.h"
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void dp_err_clear(dp_err *err)
{
	if (!err)
		return;
	err->code = 0;
	err->line = 0;
	err->col = 0;
	err->file[0] = '\0';
	err->msg[0] = '\0';
}

__attribute__((format(printf, 2, 0)))
static void set_msg(dp_err *err, const char *fmt, va_list ap)
{
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	/* keep the message on one line whatever the caller formatted */
	for (char *p = err->msg; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
}

int dp_err_set(dp_err *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = 0;
	err->col = 0;
	err->file[0] = '\0';
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return code;
}

int dp_err_setf(dp_err *err, int code, const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	err->line = line;
	err->col = 0;
	snprintf(err->file, sizeof err->file, "%s", file ? file : "");
	va_start(ap, fmt);
	set_msg(err, fmt, ap);
	va_end(ap);
	return code;
}
