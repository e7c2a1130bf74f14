/* manifest_check.h - structural checks of a parsed manifest or tombstone (used by
 * dp_mf_parse). Ownership: reads m only. */
#ifndef DP_MANIFEST_CHECK_H
#define DP_MANIFEST_CHECK_H

#include <jansson.h>

#include "error.h"
#include "manifest.h"

/* DP_OK, or DP_DATAERR naming file and the JSON path that is wrong. */
int dp_mf_check(const json_t *m, enum dp_mf_kind kind, const char *file, dp_err *err);

#endif
