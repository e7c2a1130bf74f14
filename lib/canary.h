/* canary.h - the canary registry doppel-gen writes (SPEC 6, --canary-registry) and the
 * search doppel-scan runs for its values (SPEC 5, --canaries).
 *
 * Registry: JSONL, one object per line, blank lines skipped. "canary" (a string of
 * DP_CANARY_MIN..DP_CANARY_MAX bytes) is required; "template", "table" (strings), "record"
 * (an integer or a string) and every other key are optional and only name the origin.
 * A value listed twice keeps its first line. Limits: DP_CANARY_FILE_MAX bytes,
 * DP_CANARY_ENTRIES_MAX entries.
 *
 * Search: every registry value is matched literally, byte for byte, anywhere in a buffer;
 * at one position the longest value wins and the search goes on after it (hits never
 * overlap). A hash of the first DP_CANARY_MIN bytes, behind a prefilter (memmem on the
 * values' common prefix such as "dpc-", else a table of first byte pairs), keeps it fast
 * with 100,000 values.
 *
 * Ownership: dp_canary_load allocates a set the caller frees with dp_canary_free; hits
 * point into the set and the caller's buffer and live as long as both. The set is
 * read-only after loading, so threads may share it. Nothing prints: errors go to dp_err
 * (DP_NOINPUT for a missing or unreadable file, DP_DATAERR with file and line for a bad
 * line or a registry over the limits, DP_SOFTWARE when out of memory). */
#ifndef DP_CANARY_H
#define DP_CANARY_H

#include <stddef.h>

#include "error.h"

#define DP_CANARY_MIN 8
#define DP_CANARY_MAX 256
#define DP_CANARY_FILE_MAX ((size_t)64 << 20)
#define DP_CANARY_ENTRIES_MAX ((size_t)1000000)

typedef struct dp_canary_set dp_canary_set;

typedef struct dp_canary_hit {
	size_t start, end;     /* byte span in the searched buffer */
	const char *value;     /* the registry value, value_len bytes (NUL-terminated) */
	size_t value_len;
	const char *origin;    /* "support-ticket ticket record 17" (NUL-terminated; control
	                          bytes replaced by '?'), or "registry line N" without keys */
} dp_canary_hit;

/* Return 0 to go on, non-zero to stop (dp_canary_find returns that value). */
typedef int (*dp_canary_cb)(const dp_canary_hit *h, void *ud);

int dp_canary_load(const char *path, dp_canary_set **out, dp_err *err);
void dp_canary_free(dp_canary_set *s);
size_t dp_canary_count(const dp_canary_set *s);   /* distinct values */
int dp_canary_find(const dp_canary_set *s, const char *buf, size_t n, dp_canary_cb cb,
                   void *ud);

#endif
