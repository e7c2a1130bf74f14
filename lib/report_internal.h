/* report_internal.h - state and helpers shared by report.c and report_sarif.c; not for
 * callers. Ownership: struct dp_report owns its copies of the options' strings and its
 * rule index; dp_report_free releases them (never the FILE). */
#ifndef DP_REPORT_INTERNAL_H
#define DP_REPORT_INTERNAL_H

#include <stddef.h>
#include <stdio.h>

#include <jansson.h>

#include "dynbuf.h"
#include "report.h"

/* jansson flags for every object written: insertion order, one line. */
#define DP_REPORT_DUMP_FLAGS (JSON_PRESERVE_ORDER | JSON_COMPACT | JSON_REAL_PRECISION(6))

typedef struct dp_report_count_entry {
	char *type_id;
	size_t count;
} dp_report_count_entry;

typedef struct dp_rule_slot {
	const dp_report_rule *rule;  /* points into opts->rules (the caller keeps them alive) */
	size_t index;                /* position in SARIF driver.rules[] (rules with an id) */
} dp_rule_slot;

struct dp_report {
	FILE *out;
	enum dp_report_format format;
	char *tool_version;
	const dp_report_rule *rules;   /* the caller's array; see report.h */
	size_t nrules;
	dp_rule_slot *rule_index;      /* rules sorted by id, for bsearch */
	size_t nrules_indexed;
	size_t nitems;                 /* findings added so far */
	int io_failed;                 /* a write failed at some point */
	int finished;
	dp_report_count_entry *counts; /* findings per type, for the summary */
	size_t ncounts, acounts;
	int have_summary;
	dp_report_summary summary;     /* scalars only; by-type counts come from `counts` */
	char *dump;                    /* serialisation buffer reused by dp_report_dump */
	size_t dump_cap;
};

/* Copies s (n bytes) into a new NUL-terminated string that is valid UTF-8: every byte
 * that is not part of a well-formed sequence becomes U+FFFD. NULL on out of memory. */
char *dp_utf8_fix(const char *s, size_t n, size_t *outlen);
/* A jansson string for any bytes (NULL becomes JSON null); NULL on out of memory. */
json_t *dp_json_bytes(const char *s, size_t n);
json_t *dp_json_str(const char *s);
/* Length of the well-formed UTF-8 sequence at p (1..4), or 0 when it is not one. */
size_t dp_utf8_seq(const unsigned char *p, size_t n);
/* Appends the JSON object of a finding (jsonl/json), keys in the documented order,
 * written by hand for speed; 0 or -1 when the buffer cap is reached (report_jsonl.c). */
int dp_report_item_line(dp_buf *b, const dp_report_item *it);

/* Score rounded to two decimals, clamped to [0,1]. */
double dp_report_score(double score);
/* Writes a JSON value compactly; records a failure in r->io_failed. 0 or -1. */
int dp_report_dump(dp_report *r, const json_t *v);
/* Writes raw bytes; records a failure in r->io_failed. 0 or -1. */
int dp_report_puts(dp_report *r, const char *s);
/* The summary object ({"findings":N,"byType":{...},...}); NULL on out of memory. */
json_t *dp_report_summary_json(const dp_report *r);
/* The rule with this id, or NULL. */
const dp_rule_slot *dp_report_rule_find(const dp_report *r, const char *id);

int dp_sarif_begin(dp_report *r, dp_err *err);
int dp_sarif_add(dp_report *r, const dp_report_item *it, dp_err *err);
int dp_sarif_end(dp_report *r, dp_err *err);
/* SARIF artifact URI of a path: relative paths percent-encoded with forward slashes,
 * absolute ones as file:// URIs, "-" as "stdin". Caller frees; NULL on out of memory. */
char *dp_sarif_uri(const char *path);

#endif
