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
 * Sharded runs without a shared file (SPEC section 12) use three more modes: a recording
 * map (DP_MAP_RECORD) reads the starting table, gives new entities provisional numbers
 * and hands a sink every event a merge must replay (dp_map_event); a merge replays the
 * events of shards 1..N in order into the real table (dp_map_replay), noting at which
 * record of which shard each new alias was made; and a read-only map given a position
 * (dp_map_set_position) sees an alias only from the record it was made at, as a single
 * run would have.
 * Ownership: dp_map_open allocates; dp_map_close commits what is pending, frees everything
 * and closes the file. A dp_map is used by one thread. */
#ifndef DP_MAPPING_H
#define DP_MAPPING_H

#include <stdint.h>

#include "eid.h"
#include "error.h"

typedef struct dp_map dp_map;

#define DP_MAP_READONLY 0x1u   /* never assign: an unknown entity is DP_DATAERR */
#define DP_MAP_RECORD 0x2u     /* read the table, never write it; events to the sink */
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
/* ---- sharded runs ---- */
#define DP_MAP_CHAIN_MAX 4      /* aliases tried before a fallback entity */
#define DP_MAP_BASE_HEX 65      /* a table's state digest as hex plus NUL */

typedef struct dp_map_ref {    /* an entity or alias: namespace and keyed id */
	const char *ns;
	unsigned char id[DP_EID_BYTES];
} dp_map_ref;

enum dp_map_ev { DP_MAP_EV_NUMBER = 1, DP_MAP_EV_CHAIN, DP_MAP_EV_ALIAS, DP_MAP_EV_SEEN };

/* One event of a recording map, in the order a single run would need it replayed:
 *  NUMBER: entity ent met first (directly) in this shard, not in the starting table;
 *  CHAIN:  aliases chain[0..nchain) were all unknown, so entity ent was numbered instead;
 *  ALIAS:  alias ent made to name entity target at record n;
 *  SEEN:   entity ent was met n times (emitted by dp_map_record_end). */
typedef struct dp_map_event {
	int kind;
	dp_map_ref ent, target;
	dp_map_ref chain[DP_MAP_CHAIN_MAX];
	size_t nchain;
	uint64_t n;
} dp_map_event;

typedef int (*dp_map_sink)(void *arg, const dp_map_event *ev, dp_err *err);

/* The number of the first alias of aids[0..n) that exists; else that of entity eid in ns
 * (assigned when new). *aliased (may be NULL) says which. n <= DP_MAP_CHAIN_MAX. The
 * aliases are looked up in order and the entity numbered only when none exists: a merge
 * replays exactly this decision. */
int dp_map_number_or_alias(dp_map *m, const dp_map_ref *aids, size_t n, const char *ns,
                           const unsigned char eid[DP_EID_BYTES], uint64_t *num, int *aliased,
                           dp_err *err);
/* The record being processed (counted from 1) of shard (1..N; 0: not sharded). Puts
 * of a recording map are stamped with it; a read-only map with shard > 0 ignores aliases
 * a merge stamped later than it. */
void dp_map_set_position(dp_map *m, uint64_t shard, uint64_t rec);
/* A recording map hands its events to sink(arg, ...) as they happen. */
void dp_map_record(dp_map *m, dp_map_sink sink, void *arg);
/* A recording map's closing events: the sightings of every entity it met. */
int dp_map_record_end(dp_map *m, dp_err *err);
/* A digest of the table's state (counters and row counts) into out: a merge checks that
 * the collects were made from the table it merges into. */
int dp_map_base(dp_map *m, char out[DP_MAP_BASE_HEX], dp_err *err);
/* Starts a merge of batch (an id of its collect files) in one write transaction: *done
 * is set when this batch was merged already (nothing is to be done). Otherwise the table
 * must be in state base (dp_map_base), else DP_DATAERR; the stamps of the previous batch
 * are dropped. */
int dp_map_merge_begin(dp_map *m, const char *batch, const char *base, int *done, dp_err *err);
/* Replays one event of shard into the table being merged. */
int dp_map_replay(dp_map *m, uint64_t shard, const dp_map_event *ev, dp_err *err);
/* Records the batch and commits the merge (dp_map_rollback abandons it). */
int dp_map_merge_end(dp_map *m, const char *batch, dp_err *err);

/* Commits and closes; returns the commit status. m may be NULL. */
int dp_map_close(dp_map *m, dp_err *err);

#endif
