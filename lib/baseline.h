/* baseline.h - baselines of accepted findings: a JSON file of keyed fingerprints
 * ({"version":1,"keyFingerprint":"...","findings":[{"fingerprint","type","path"}...]}).
 * Loading checks that the baseline was made with the same key.
 * Ownership: dp_baseline_load/dp_baseline_new allocate, dp_baseline_free releases. */
#ifndef DP_BASELINE_H
#define DP_BASELINE_H

#include <stddef.h>

#include "error.h"
#include "fingerprint.h"

typedef struct dp_baseline dp_baseline;

dp_baseline *dp_baseline_new(void);
/* DP_NOINPUT when missing, DP_CONFIG when malformed or made with another key. */
int dp_baseline_load(dp_baseline **out, const char *path, const char keyfp[DP_KEYFP_HEX],
                     dp_err *err);
int dp_baseline_has(const dp_baseline *b, const char *fp_hex);
/* Adds an entry (copied). 0 or -1 on out of memory. Duplicates are kept once. */
int dp_baseline_add(dp_baseline *b, const char *fp_hex, const char *type_id, const char *path);
/* Writes the baseline atomically, entries sorted, so it diffs well in git. */
int dp_baseline_write(const dp_baseline *b, const char *path, const char keyfp[DP_KEYFP_HEX],
                      dp_err *err);
size_t dp_baseline_count(const dp_baseline *b);
void dp_baseline_free(dp_baseline *b);

#endif
