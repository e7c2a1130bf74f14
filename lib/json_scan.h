/* json_scan.h - a validating JSON tokenizer that knows where every string is.
 * jansson parses our configuration; this module exists because scan and anon need what
 * jansson cannot give: the raw byte offsets of each string value and its JSON pointer,
 * so findings can be located and anon can rewrite only the strings it changes, keeping
 * key order, whitespace and number spellings byte for byte.
 * Ownership: the caller owns the dp_json_scanner (dp_json_new/dp_json_free). The decoded
 * string and pointer passed to the callback live in the scanner's scratch buffers and are
 * valid only during the callback. Input need not be NUL-terminated. */
#ifndef DP_JSON_SCAN_H
#define DP_JSON_SCAN_H

#include <stddef.h>

#include "error.h"

#define DP_JSON_MAX_DEPTH 512

typedef struct dp_json_scanner dp_json_scanner;

typedef struct dp_json_string {
	int is_key;               /* 1 for an object key, 0 for a string value */
	int is_number;            /* 1 for a number (only with dp_json_report_numbers): str is
	                           * its text as written */
	size_t raw_start;         /* offset of the opening quote in the input */
	size_t raw_end;           /* offset just past the closing quote */
	const char *str;          /* decoded UTF-8 (escapes resolved), NUL-terminated */
	size_t len;
	const char *pointer;      /* RFC 6901 pointer of the value ("/user/name", "/tags/0") */
} dp_json_string;

/* Return 0 to continue; non-zero stops the scan and is returned by dp_json_scan. */
typedef int (*dp_json_cb)(const dp_json_string *s, void *ud);

dp_json_scanner *dp_json_new(size_t max_string);
void dp_json_free(dp_json_scanner *js);
/* Whether s[0..n) holds only JSON whitespace (a blank JSONL line). */
int dp_json_blank(const char *s, size_t n);
/* Also pass numbers to the callback (off by default), so a caller can rewrite them. */
void dp_json_report_numbers(dp_json_scanner *js, int on);
/* Scans exactly one JSON value in buf[0..len) (surrounding whitespace allowed, a trailing
 * "\r\n" or "\n" is fine). Returns 0, the callback's non-zero value, or DP_DATAERR with
 * err->msg naming the byte column (1-based) and what was expected. */
int dp_json_scan(dp_json_scanner *js, const char *buf, size_t len, dp_json_cb cb, void *ud,
                 dp_err *err);
/* For the string last passed to the callback: the raw input offset of decoded byte `off`
 * (off == len gives the offset of the closing quote). */
size_t dp_json_raw_offset(const dp_json_scanner *js, size_t off);

/* Whether JSON pointer ptr is one of prefixes[0..n) or below one ("/user" selects
 * "/user/name"); an empty list selects everything. */
int dp_json_pointer_selected(char *const *prefixes, size_t n, const char *ptr);

#endif
