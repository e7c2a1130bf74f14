/* csv_read.h - RFC 4180 CSV reading on top of libcsv, delivering whole rows with the
 * header names and the physical line each field starts on.
 * Ownership: the caller owns the dp_csv (dp_csv_new/dp_csv_free). A row passed to the
 * callback, its field strings and the header names live in the reader's buffers and are
 * valid only during the callback. Fields are capped at field_cap bytes. */
#ifndef DP_CSV_READ_H
#define DP_CSV_READ_H

#include <stddef.h>

#include "error.h"

typedef struct dp_csv dp_csv;

typedef struct dp_csv_field {
	const char *value;   /* decoded (quotes removed), NUL-terminated */
	size_t len;
	long line;           /* physical 1-based line where the field starts */
	int quoted;          /* 1 when the field was quoted in the input */
} dp_csv_field;

typedef struct dp_csv_row {
	long row;                   /* 1-based data row; 0 for the header row */
	const dp_csv_field *fields;
	size_t nfields;
	const char *const *header;  /* column names (NULL when the input has no header) */
	size_t nheader;
} dp_csv_row;

typedef int (*dp_csv_row_cb)(const dp_csv_row *row, void *ud);

dp_csv *dp_csv_new(int has_header, size_t field_cap);
void dp_csv_free(dp_csv *c);
/* Feeds bytes; calls cb for each complete row. Returns 0, cb's non-zero value, or
 * DP_DATAERR (malformed quoting, field over the cap) with err naming the line. */
int dp_csv_feed(dp_csv *c, const char *buf, size_t len, dp_csv_row_cb cb, void *ud, dp_err *err);
/* Ends the input (flushes the last row; an unterminated quote is DP_DATAERR). */
int dp_csv_finish(dp_csv *c, dp_csv_row_cb cb, void *ud, dp_err *err);

/* Whether column i of row is named by names[0..n) (header names or 1-based numbers);
 * an empty list selects every column. */
int dp_csv_column_selected(char *const *names, size_t n, const dp_csv_row *row, size_t i);

#endif
