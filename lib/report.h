/* report.h - scan reports in text (grep-like), json, jsonl and SARIF 2.1.0.
 * Reports are streamed: items are written as they are added (json and SARIF write their
 * header at creation and close the document in dp_report_finish), so memory stays flat.
 * Ownership: dp_report_new allocates; dp_report_free releases it but never closes the
 * FILE, which stays the caller's. Item strings are copied or written immediately; the
 * caller's item may be reused after dp_report_add returns. */
#ifndef DP_REPORT_H
#define DP_REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

enum dp_report_format { DP_REPORT_TEXT, DP_REPORT_JSON, DP_REPORT_JSONL, DP_REPORT_SARIF };

typedef struct dp_report_item {
	const char *path;         /* as given or found by the directory walk; "-" for stdin */
	const char *type_id;
	double score;
	const char *detector;
	long line, col;           /* 1-based; col counts Unicode code points */
	long end_line, end_col;   /* end position (exclusive col), for SARIF regions */
	size_t start, end;        /* byte offsets: in the file for text, in the decoded
	                             string value for JSONL, in the cell for CSV */
	long record;              /* JSONL: 1-based line of the record; 0 otherwise */
	const char *field;        /* JSONL: JSON pointer; NULL otherwise */
	long row;                 /* CSV: 1-based data row; 0 otherwise */
	const char *column;       /* CSV: header name (or NULL) */
	long column_index;        /* CSV: 1-based column; 0 otherwise */
	const char *fingerprint;  /* keyed hash, hex */
	const char *masked;       /* masked value */
	const char *value;        /* original value (only with --show-values), else NULL */
	size_t value_len;         /* its length in bytes (0: up to the first NUL) */
	const char *canary_record;/* for canary hits: the record the canary came from */
} dp_report_item;

typedef struct dp_report_rule {
	const char *id, *title, *help;
} dp_report_rule;

typedef struct dp_report_opts {
	enum dp_report_format format;
	const char *tool_version;
	const dp_report_rule *rules;  /* every type the detector knows, for SARIF rules[] */
	size_t nrules;
} dp_report_opts;

typedef struct dp_report dp_report;

/* Run totals only the caller knows. The report counts the findings, and the findings
 * per type, itself from what was added. */
typedef struct dp_report_summary {
	size_t files_scanned;
	size_t files_skipped;     /* binary, excluded or unreadable files passed over */
	size_t records_scanned;   /* JSONL records and CSV rows */
	size_t bytes_scanned;
	size_t suppressed;        /* findings dropped by allow comments, allowlists, baseline */
} dp_report_summary;

/* Parses "text", "json", "jsonl", "sarif"; -1 when unknown. */
int dp_report_format_parse(const char *s);
dp_report *dp_report_new(FILE *out, const dp_report_opts *opts, dp_err *err);
int dp_report_add(dp_report *r, const dp_report_item *it, dp_err *err);
/* Sets the totals dp_report_finish writes: json puts them in "summary" (always present,
 * with "findings" and "byType"), SARIF in runs[0].properties.summary; text and jsonl
 * ignore them. May be called again; the last call wins. Never fails. */
void dp_report_set_summary(dp_report *r, const dp_report_summary *s);
/* Closes the document (json, SARIF). DP_IOERR when writing failed at any point. */
int dp_report_finish(dp_report *r, dp_err *err);
void dp_report_free(dp_report *r);

#endif
