/* input.h - reading inputs: a file path or stdin, gzip decompressed transparently
 * (detected by magic bytes, concatenated members allowed), with an optional tee that
 * receives the raw bytes exactly as read (for doppel-scan --pass).
 * Ownership: dp_input_open allocates; dp_input_close frees and closes (never closes fd 0). */
#ifndef DP_INPUT_H
#define DP_INPUT_H

#include <stddef.h>
#include <sys/types.h>

#include "dynbuf.h"
#include "error.h"

typedef struct dp_input dp_input;

/* input formats the programs read */
enum dp_format { DP_FMT_AUTO, DP_FMT_TEXT, DP_FMT_JSONL, DP_FMT_CSV, DP_FMT_HTML, DP_FMT_XML };
/* The format a file name says (.jsonl, .ndjson, .csv, .html, .htm, .xhtml, .xml, each
 * also .gz), else DP_FMT_AUTO. */
enum dp_format dp_input_format_by_name(const char *path);

/* Called with raw bytes before decompression; non-zero return aborts reading (DP_IOERR). */
typedef int (*dp_tee_fn)(const void *buf, size_t n, void *ud);

/* path NULL or "-" is stdin. DP_NOINPUT when the file cannot be opened. */
int dp_input_open(dp_input **in, const char *path, dp_err *err);
/* Wraps an open descriptor (e.g. a pipe); dp_input_close closes it (unless it is 0),
 * and so does a failure here. */
int dp_input_open_fd(dp_input **in, int fd, const char *name, dp_err *err);
void dp_input_set_tee(dp_input *in, dp_tee_fn fn, void *ud);
/* Converts the input to UTF-8 from here on: from encoding name (an ICU converter name;
 * a UTF-8 alias converts nothing; unknown: DP_USAGE), or with name NULL from the
 * encoding dp_tc_guess finds in the first bytes (up to 64 KiB of a regular file, what
 * dp_input_peek returns of a stream). Call before reading; the tee still sees the raw
 * bytes. Offsets and lines then count the converted text. */
int dp_input_set_encoding(dp_input *in, const char *name, dp_err *err);
/* The encoding the input is converted from, or NULL when it is read as it is. */
const char *dp_input_encoding(const dp_input *in);
/* Reads up to n decompressed bytes. Returns bytes read, 0 at end, -1 on error
 * (DP_DATAERR for corrupt or truncated gzip, DP_IOERR for a read error). */
ssize_t dp_input_read(dp_input *in, void *buf, size_t n, dp_err *err);
/* Appends the rest of the input to b (a whole document); more than b->cap bytes is
 * DP_DATAERR naming the input and the --max-document-size limit. 0, or the error code. */
int dp_input_slurp(dp_input *in, dp_buf *b, dp_err *err);
/* Peeks at the decompressed bytes without consuming them: at least the first complete
 * line or 8 KiB (less only at the end of input). */
ssize_t dp_input_peek(dp_input *in, const char **p, dp_err *err);
/* Appends the next line, newline included, to line (reset first by the caller).
 * Returns 1 with a line, 0 at end of input, -1 on error; a line over line->cap is
 * DP_DATAERR. */
int dp_input_getline(dp_input *in, dp_buf *line, dp_err *err);
/* 1 when a complete line is already buffered, so the next getline will not block on a
 * read (streaming filters flush their output before that). */
int dp_input_has_line(const dp_input *in);
/* 1 when the input is a regular file (not a pipe, socket or terminal): nobody waits on
 * each line, so a filter may batch more. */
int dp_input_is_regular(const dp_input *in);
int dp_input_is_gzip(const dp_input *in);
const char *dp_input_name(const dp_input *in);  /* path, or "<stdin>" */
unsigned long long dp_input_raw_bytes(const dp_input *in);
void dp_input_close(dp_input *in);

#endif
