/* collect.h - the collect files of doppel-anon's sharded runs across hosts (SPEC section
 * 12): what `doppel-anon collect --shard i/N` writes from a recording mapping table
 * (mapping.h), and the merge that replays the files of shards 1..N, in index order
 * whatever order they are given in, into the real table. A collect file is JSON lines:
 * a header (key fingerprint, state of the starting table, shard index and count), the
 * events (namespaces and keyed ids as hex, never an original value), and a trailer with
 * the event count and a SHA-256 of everything before it.
 * Ownership: dp_col_writer_open allocates the writer and dp_col_writer_close frees it
 * (committing the file atomically, or removing it); the merge owns nothing it is given. */
#ifndef DP_COLLECT_H
#define DP_COLLECT_H

#include <stddef.h>

#include "error.h"
#include "fingerprint.h"
#include "mapping.h"

#define DP_COL_SUM_HEX 65   /* SHA-256 as hex plus NUL */

typedef struct dp_col_header {
	char key_fp[DP_KEYFP_HEX];
	char base[DP_MAP_BASE_HEX];   /* dp_map_base of the starting table */
	unsigned shard, of;           /* 1 <= shard <= of */
} dp_col_header;

typedef struct dp_col_writer dp_col_writer;

/* Creates path (mode 0600, through a temporary file) and writes the header. */
int dp_col_writer_open(dp_col_writer **out, const char *path, const dp_col_header *h,
                       dp_err *err);
/* A dp_map_sink: writes one event; arg is the writer. */
int dp_col_sink(void *arg, const dp_map_event *ev, dp_err *err);
/* With ok: writes the trailer and renames the file into place; else removes it. Frees w. */
int dp_col_writer_close(dp_col_writer *w, int ok, dp_err *err);

/* Merges the collect files paths[0..n) into map m (opened writable with the files' key):
 * checks every file whole (trailer, checksum, key, one starting state, shards 1..N each
 * exactly once), then replays them in shard order in one transaction. *already is set
 * when this batch of files was merged before (nothing changes). Errors: DP_NOINPUT,
 * DP_DATAERR (a damaged, duplicate or missing shard), DP_CONFIG (another key). */
int dp_col_merge(dp_map *m, const char *const *paths, size_t n, const char *keyfp,
                 int *already, dp_err *err);

#endif
