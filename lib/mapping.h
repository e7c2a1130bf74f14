/* mapping.h - the mapping table of doppel-anon (SPEC section 7): an SQLite file that
 * numbers entities per namespace in order of first appearance ("Client_12") and never
 * renumbers them. It stores, per entity, the namespace, the keyed entity id (eid.h), the
 * number and how often it was seen; never an original value, never the key (only the key's
 * fingerprint, and a table made with another key is refused).
 * Several processes may share one table: numbers are assigned inside BEGIN IMMEDIATE
 * transactions with a busy timeout, so none is lost or given twice. A process caches what
 * it has looked up (numbers never change, so the cache cannot go stale) and opens a write
 * transaction only when it meets an entity it has not seen; dp_map_commit ends it. The
 * caller must not publish output that uses numbers assigned since the last successful
 * commit until dp_map_commit returns DP_OK (a failed commit rolls them back).
 * Aliases map a secondary id (a person's surname alone) to an entity's number; the first
 * alias written for an id wins.
 * Ownership: dp_map_open allocates; dp_map_close commits what is pending, frees everything
 * and closes the file. A dp_map is used by one thread. */
#ifndef DP_MAPPING_H
#define DP_MAPPING_H

#include <stdint.h>

#include "eid.h"
#include "error.h"

typedef struct dp_map dp_map;

#define DP_MAP_READONLY 0x1u   /* never assign: an unknown entity is DP_DATAERR */
#define DP_MAP_NS_MAX 64       /* bytes in a namespace name */
#define DP_MAP_NS_COUNT 256    /* namespaces one process may use */

/* Opens (creating, mode 0600) the table at path, or an in-memory table when path is NULL.
 * keyfp identifies the key (fingerprint.h); a table created with another key is refused
 * with DP_CONFIG. busy_ms bounds how long to wait for another process's transaction
 * (then DP_TEMPFAIL). Errors: DP_CANTCREAT, DP_DATAERR (not a doppel table), DP_CONFIG. */
int dp_map_open(dp_map **out, const char *path, const char *keyfp, unsigned flags, int busy_ms,
                dp_err *err);
/* The number of entity eid in namespace ns, assigning the next one when it is new. */
int dp_map_number(dp_map *m, const char *ns, const unsigned char eid[DP_EID_BYTES],
                  uint64_t *num, dp_err *err);
/* Adds delta sightings to an entity this process already numbered (for callers that
 * cache numbers in front of the table); an entity it has not numbered is ignored. */
void dp_map_add_seen(dp_map *m, const char *ns, const unsigned char eid[DP_EID_BYTES],
                     uint32_t delta);
/* The number an alias points to: 1 found, 0 not found, or a negative -DP_* status. */
int dp_map_alias_get(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES],
                     uint64_t *num, dp_err *err);
/* Records alias aid -> num unless aid already points somewhere. */
int dp_map_alias_put(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES],
                     uint64_t num, dp_err *err);
/* Ends the current write transaction (when one is open); the seen counts are written
 * with it when many are pending, and always by dp_map_close. */
int dp_map_commit(dp_map *m, dp_err *err);
/* Rolls back what is pending (numbers assigned since the last commit are forgotten). */
void dp_map_rollback(dp_map *m);
/* Statistics of this process: entities looked up, assigned new, transactions committed. */
void dp_map_stats(const dp_map *m, unsigned long long *lookups, unsigned long long *assigned,
                  unsigned long long *commits);
/* Commits and closes; returns the commit status. m may be NULL. */
int dp_map_close(dp_map *m, dp_err *err);

#endif
