/* detect.h - the shared PII and secret detectors (SPEC section 4).
 *
 * A dp_detector is built once from the built-in types plus an optional rules object:
 * it holds the JIT-compiled PCRE2 patterns and lists, and is read-only afterwards, so
 * several threads may share it. A dp_scanner is the per-thread scratch (match data,
 * normalisation buffers) used to run a detector over text.
 * Ownership: dp_detect_new returns a detector the caller frees with dp_detect_free
 * after freeing every scanner made from it; the rules object passed in must outlive
 * the detector. Findings passed to the callback point into the scanner's scratch
 * memory and are valid only during the callback.
 * Text is matched after NFKC normalisation; spans always point into the original bytes. */
#ifndef DP_DETECT_H
#define DP_DETECT_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "types.h"

struct dp_rules;

typedef struct dp_detector dp_detector;
typedef struct dp_scanner dp_scanner;

typedef struct dp_finding {
	int type;                 /* enum dp_type, or a custom type id from the rules */
	const char *type_id;      /* "email", or the custom type's id */
	size_t start, end;        /* byte span in the original buffer passed to dp_detect_run */
	double score;             /* 0..1 after context and known-fake adjustments */
	const char *detector;     /* "pattern+luhn", "pattern+context", "deny-list", ... */
	const char *norm;         /* normalised value (NUL-terminated; scratch memory) */
	size_t norm_len;
	unsigned flags;           /* DP_F_* below */
} dp_finding;

#define DP_F_CONTEXT   0x1u   /* a context word raised the score */
#define DP_F_KNOWNFAKE 0x2u   /* a known-fake/test value lowered the score */
#define DP_F_VALIDATED 0x4u   /* a checksum or structural validator accepted it */

/* Return 0 to continue, non-zero to stop the run (that value is returned by dp_detect_run). */
typedef int (*dp_finding_cb)(const dp_finding *f, void *ud);

dp_detector *dp_detect_new(const struct dp_rules *rules, dp_err *err);
void dp_detect_free(dp_detector *d);

dp_scanner *dp_scanner_new(const dp_detector *d, dp_err *err);
void dp_scanner_free(dp_scanner *s);

/* Finds every entity in buf[0..len) and calls cb for each, in order of start offset.
 * Findings below the reporting threshold of their type are not passed on unless
 * report_all is set. buf need not be valid UTF-8 or NUL-terminated; may contain NULs. */
int dp_detect_run(dp_scanner *s, const char *buf, size_t len, int report_all,
                  dp_finding_cb cb, void *ud);

/* Number of types the detector knows (built-in plus custom) and their ids. */
int dp_detect_type_count(const dp_detector *d);
const char *dp_detect_type_id(const dp_detector *d, int type);
double dp_detect_min_score(const dp_detector *d, int type);
/* The canonical form of a value of a built-in type, as findings carry it in norm: digits
 * only for numeric ids, E.164 for phones, upper-case alphanumerics for IBANs and passports,
 * lower-case e-mails, upper-case BICs, the text itself otherwise. Writes it, NUL-terminated,
 * to out (at least n + 32 bytes) and returns its length. */
size_t dp_detect_norm(int type, const char *v, size_t n, char *out);
/* The person-name lexicon the detector loaded (owned by it), NULL when person is disabled. */
struct dp_person_lex;
const struct dp_person_lex *dp_detect_person_lex(const dp_detector *d);

#endif
