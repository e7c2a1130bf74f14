/* mapping.c - the SQLite mapping table with a per-process cache (mapping.h). */
#include "config.h"
#include "mapping.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dp_exit.h"

#define SCHEMA_VERSION "1"
#define COUNT_FLUSH 65536   /* seen counts pending before they force a transaction */

enum { K_ENTITY = 1, K_ALIAS = 2 };

/* one cached lookup; slot empty when kind == 0 */
typedef struct slot {
	unsigned char eid[DP_EID_BYTES];
	uint16_t ns;
	uint8_t kind;
	uint8_t pending;  /* numbered in the open transaction, its row written at commit */
	uint8_t listed;   /* in the dirty list */
	uint64_t num;
	uint32_t delta;   /* times seen since the counts were last written */
} slot;

typedef struct nsinfo {
	char name[DP_MAP_NS_MAX];
	uint64_t next;    /* next number while a write transaction holds it, 0 when unknown */
	int dirty;
} nsinfo;

enum { ST_SEL_E, ST_INS_E, ST_SEL_A, ST_INS_A, ST_SEL_C, ST_UPD_C, ST_SEEN, ST_COUNT };

static const char *const sql_text[ST_COUNT] = {
	"SELECT num FROM entity WHERE ns = ?1 AND eid = ?2",
	"INSERT INTO entity (ns, eid, num, seen) VALUES (?1, ?2, ?3, ?4)",
	"SELECT num FROM alias WHERE ns = ?1 AND aid = ?2",
	"INSERT OR IGNORE INTO alias (ns, aid, num) VALUES (?1, ?2, ?3)",
	"SELECT next FROM counter WHERE ns = ?1",
	("INSERT INTO counter (ns, next) VALUES (?1, ?2) "
	 "ON CONFLICT (ns) DO UPDATE SET next = excluded.next"),
	"UPDATE entity SET seen = seen + ?3 WHERE ns = ?1 AND eid = ?2",
};

struct dp_map {
	sqlite3 *db;
	sqlite3_stmt *st[ST_COUNT];
	unsigned flags;
	int in_txn;             /* a write transaction (BEGIN IMMEDIATE) is open */
	int in_read;            /* a read transaction is open: lookups without a lock each */
	slot *tab;
	size_t cap, used;       /* cap is a power of two */
	size_t *dirty;          /* slots with delta > 0 */
	size_t ndirty, adirty;
	size_t *pend;           /* slots numbered in the open transaction, rows not written */
	size_t npend, apend;
	nsinfo ns[DP_MAP_NS_COUNT];
	size_t nns;
	unsigned long long lookups, assigned, commits;
};

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS counter (ns TEXT PRIMARY KEY, next INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS entity (ns TEXT NOT NULL, eid BLOB NOT NULL,"
	" num INTEGER NOT NULL, seen INTEGER NOT NULL, PRIMARY KEY (ns, eid)) WITHOUT ROWID;"
	"CREATE UNIQUE INDEX IF NOT EXISTS entity_num ON entity (ns, num);"
	"CREATE TABLE IF NOT EXISTS alias (ns TEXT NOT NULL, aid BLOB NOT NULL,"
	" num INTEGER NOT NULL, PRIMARY KEY (ns, aid)) WITHOUT ROWID;";

static int db_fail(dp_map *m, dp_err *err, const char *what)
{
	int rc = sqlite3_errcode(m->db);
	int code = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? DP_TEMPFAIL
	         : (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) ? DP_DATAERR : DP_IOERR;

	return dp_err_set(err, code, "mapping table: %s: %s", what, sqlite3_errmsg(m->db));
}

static int exec(dp_map *m, const char *sql, dp_err *err)
{
	if (sqlite3_exec(m->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(m, err, sql);
	return DP_OK;
}

/* Creates the file 0600 when it does not exist, so SQLite never makes it wider. */
static int precreate(const char *path, dp_err *err)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);

	if (fd >= 0)
		return close(fd) == 0 ? DP_OK : dp_err_set(err, DP_CANTCREAT,
		       "cannot create mapping table %s: %s", path, strerror(errno));
	if (errno == EEXIST)
		return DP_OK;
	return dp_err_set(err, DP_CANTCREAT, "cannot create mapping table %s: %s", path,
	                  strerror(errno));
}

/* meta value of k into out (cap bytes): 1 found, 0 absent, negative on error */
static int meta_get(dp_map *m, const char *k, char *out, size_t cap)
{
	sqlite3_stmt *st;
	int rc, found = 0;

	if (sqlite3_prepare_v2(m->db, "SELECT v FROM meta WHERE k = ?1", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *v = sqlite3_column_text(st, 0);
		snprintf(out, cap, "%s", v ? (const char *)v : "");
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	sqlite3_finalize(st);
	return found;
}

static int meta_put(dp_map *m, const char *k, const char *v)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(m->db, "INSERT OR IGNORE INTO meta (k, v) VALUES (?1, ?2)", -1, &st,
	                       NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Creates the tables and records the key fingerprint once; refuses another key's table. */
static int init_schema(dp_map *m, const char *path, const char *keyfp, dp_err *err)
{
	char have[128];
	int rc, found;

	if ((rc = exec(m, "BEGIN IMMEDIATE", err)) != DP_OK)
		return rc;
	if (sqlite3_exec(m->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK ||
	    meta_put(m, "format", "doppel-mapping") || meta_put(m, "schema", SCHEMA_VERSION) ||
	    meta_put(m, "scheme", DP_EID_SCHEME) || meta_put(m, "key_fp", keyfp)) {
		rc = db_fail(m, err, "cannot create the tables");
		sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
		return rc == DP_IOERR ? DP_DATAERR : rc;
	}
	if ((rc = exec(m, "COMMIT", err)) != DP_OK)
		return rc;
	found = meta_get(m, "key_fp", have, sizeof have);
	if (found <= 0)
		return dp_err_set(err, DP_DATAERR, "%s is not a doppel mapping table", path);
	if (strcmp(have, keyfp) != 0)
		return dp_err_set(err, DP_CONFIG, "mapping table %s was made with another key "
		                  "(key fingerprint %s, this key is %s)", path, have, keyfp);
	return DP_OK;
}

/* A read-only table must already be a doppel table made with this key. */
static int check_readonly(dp_map *m, const char *path, const char *keyfp, dp_err *err)
{
	char have[128];
	int found = meta_get(m, "key_fp", have, sizeof have);

	if (found < 0)
		return db_fail(m, err, "cannot read the table");
	if (found == 0)
		return dp_err_set(err, DP_DATAERR, "%s is not a doppel mapping table", path);
	if (strcmp(have, keyfp) != 0)
		return dp_err_set(err, DP_CONFIG, "mapping table %s was made with another key "
		                  "(key fingerprint %s, this key is %s)", path, have, keyfp);
	return DP_OK;
}

/* Switches a new table to WAL. Several processes opening a new table at once race for
 * the switch, and the loser's pragma can fail with SQLITE_BUSY without the busy handler
 * waiting: it is retried for up to busy_ms. */
static int wal_mode(dp_map *m, int busy_ms)
{
	int rc;

	for (int waited = 0;; waited += 10) {
		rc = sqlite3_exec(m->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL);
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) || waited >= busy_ms)
			return rc;
		sqlite3_sleep(10);
	}
}

static int open_db(dp_map *m, const char *path, int busy_ms, dp_err *err)
{
	int fl = (m->flags & DP_MAP_READONLY) ? SQLITE_OPEN_READONLY
	                                      : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc;

	if (path && !(m->flags & DP_MAP_READONLY) && (rc = precreate(path, err)) != DP_OK)
		return rc;
	if (sqlite3_open_v2(path ? path : ":memory:", &m->db, fl | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK)
		return dp_err_set(err, path && (m->flags & DP_MAP_READONLY) ? DP_NOINPUT : DP_CANTCREAT,
		                  "cannot open mapping table %s: %s", path ? path : ":memory:",
		                  m->db ? sqlite3_errmsg(m->db) : "out of memory");
	sqlite3_busy_timeout(m->db, busy_ms);
	/* pages through the OS cache by mmap, and a larger page cache: lookups without reads */
	sqlite3_exec(m->db, "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768", NULL, NULL, NULL);
	if (path && !(m->flags & DP_MAP_READONLY) &&
	    (wal_mode(m, busy_ms) != SQLITE_OK ||
	     /* FULL: a commit is on disk before the output that uses its numbers is written,
	      * so a power loss cannot hand those numbers to other entities later */
	     sqlite3_exec(m->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL) != SQLITE_OK))
		return db_fail(m, err, "cannot set the journal mode");
	return DP_OK;
}

static int prepare_all(dp_map *m, dp_err *err)
{
	for (int i = 0; i < ST_COUNT; i++)
		if (sqlite3_prepare_v3(m->db, sql_text[i], -1, SQLITE_PREPARE_PERSISTENT, &m->st[i],
		                       NULL) != SQLITE_OK)
			return db_fail(m, err, "cannot prepare a statement");
	return DP_OK;
}

int dp_map_open(dp_map **out, const char *path, const char *keyfp, unsigned flags, int busy_ms,
                dp_err *err)
{
	dp_map *m = calloc(1, sizeof *m);
	int rc;

	*out = NULL;
	if (!m)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	m->flags = flags;
	m->cap = 1024;
	m->tab = calloc(m->cap, sizeof *m->tab);
	if (!m->tab) {
		free(m);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	rc = open_db(m, path, busy_ms, err);
	if (rc == DP_OK)
		rc = (flags & DP_MAP_READONLY) ? check_readonly(m, path, keyfp, err)
		                               : init_schema(m, path ? path : ":memory:", keyfp, err);
	if (rc == DP_OK)
		rc = prepare_all(m, err);
	if (rc != DP_OK) {
		dp_map_close(m, NULL);
		return rc;
	}
	*out = m;
	return DP_OK;
}

/* ---- the cache ---------------------------------------------------------------- */

static size_t slot_hash(const unsigned char eid[DP_EID_BYTES], unsigned ns, int kind)
{
	uint64_t h;

	memcpy(&h, eid, sizeof h);   /* an HMAC output: already uniform */
	return (size_t)(h ^ ((uint64_t)(ns * 2 + (unsigned)kind) * 0x9E3779B97F4A7C15ull));
}

/* the slot of (kind, ns, eid), or the empty slot where it would go */
static slot *find_slot(slot *tab, size_t cap, const unsigned char eid[DP_EID_BYTES],
                       unsigned ns, int kind)
{
	size_t i = slot_hash(eid, ns, kind) & (cap - 1);

	while (tab[i].kind && !(tab[i].kind == kind && tab[i].ns == ns &&
	                        memcmp(tab[i].eid, eid, DP_EID_BYTES) == 0))
		i = (i + 1) & (cap - 1);
	return &tab[i];
}

static int grow(dp_map *m)
{
	size_t ncap = m->cap * 2;
	slot *nt = calloc(ncap, sizeof *nt);

	if (!nt)
		return -1;
	for (size_t i = 0; i < m->cap; i++)
		if (m->tab[i].kind)
			*find_slot(nt, ncap, m->tab[i].eid, m->tab[i].ns, m->tab[i].kind) = m->tab[i];
	free(m->tab);
	m->tab = nt;
	m->cap = ncap;
	m->ndirty = m->npend = 0;   /* slot positions moved: the lists are rebuilt */
	for (size_t i = 0; i < m->cap; i++) {
		if (m->tab[i].listed)
			m->dirty[m->ndirty++] = i;
		if (m->tab[i].pending)
			m->pend[m->npend++] = i;
	}
	return 0;
}

/* Inserts (kind, ns, eid) -> num into the cache; returns the slot or NULL (no memory). */
static slot *cache_put(dp_map *m, const unsigned char eid[DP_EID_BYTES], unsigned ns, int kind,
                       uint64_t num)
{
	slot *s;

	if ((m->used + 1) * 4 > m->cap * 3 && grow(m) < 0)
		return NULL;
	s = find_slot(m->tab, m->cap, eid, ns, kind);
	if (!s->kind) {
		memcpy(s->eid, eid, DP_EID_BYTES);
		s->ns = (uint16_t)ns;
		s->kind = (uint8_t)kind;
		s->delta = 0;
		s->pending = 0;
		s->listed = 0;
		m->used++;
	}
	s->num = num;
	return s;
}

/* Forgets everything cached (after a rollback some numbers were never committed). */
static void cache_clear(dp_map *m)
{
	memset(m->tab, 0, m->cap * sizeof *m->tab);
	m->used = 0;
	m->ndirty = 0;
	m->npend = 0;
}

/* Appends v to a size_t list; 0 or -1. */
static int push(size_t **list, size_t *n, size_t *alloc, size_t v)
{
	if (*n == *alloc) {
		size_t na = *alloc ? *alloc * 2 : 1024;
		size_t *nl = realloc(*list, na * sizeof *nl);
		if (!nl)
			return -1;
		*list = nl;
		*alloc = na;
	}
	(*list)[(*n)++] = v;
	return 0;
}

/* Counts one sighting of an entity slot. */
static int mark_seen(dp_map *m, slot *s)
{
	if (m->flags & DP_MAP_READONLY)
		return 0;
	s->delta++;
	if (s->listed)
		return 0;
	s->listed = 1;
	return push(&m->dirty, &m->ndirty, &m->adirty, (size_t)(s - m->tab));
}

/* The index of namespace name, adding it; -1 when there are too many or it is too long. */
static int ns_index(dp_map *m, const char *name)
{
	size_t n = strlen(name);

	for (size_t i = 0; i < m->nns; i++)
		if (strcmp(m->ns[i].name, name) == 0)
			return (int)i;
	if (m->nns == DP_MAP_NS_COUNT || n == 0 || n >= DP_MAP_NS_MAX)
		return -1;
	memcpy(m->ns[m->nns].name, name, n + 1);
	m->ns[m->nns].next = 0;
	m->ns[m->nns].dirty = 0;
	return (int)m->nns++;
}

/* ---- the table ---------------------------------------------------------------- */

/* SELECT num for (ns, id) with statement st: 1 found, 0 absent, -1 error */
static int select_num(dp_map *m, int st, const char *ns, const unsigned char id[DP_EID_BYTES],
                      uint64_t *num)
{
	sqlite3_stmt *s = m->st[st];
	int rc;

	sqlite3_bind_text(s, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, id, DP_EID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*num = (uint64_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* INSERT (ns, id, num) with statement st: 0 or -1 */
static int insert_num(dp_map *m, int st, const char *ns, const unsigned char id[DP_EID_BYTES],
                      uint64_t num)
{
	sqlite3_stmt *s = m->st[st];
	int rc;

	sqlite3_bind_text(s, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, id, DP_EID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)num);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Opens a read transaction for a batch of lookups, so each SELECT does not take and drop
 * the file lock (numbers never change, so reading an older snapshot is safe). */
static void begin_read(dp_map *m)
{
	if (m->in_txn || m->in_read)
		return;
	m->in_read = sqlite3_exec(m->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void end_read(dp_map *m)
{
	if (m->in_read)
		sqlite3_exec(m->db, "COMMIT", NULL, NULL, NULL);
	m->in_read = 0;
}

/* Opens the write transaction when none is open (a read transaction ends first: in WAL
 * mode it cannot be upgraded once another process has written). */
static int begin(dp_map *m, dp_err *err)
{
	if (m->in_txn)
		return DP_OK;
	end_read(m);
	if (sqlite3_exec(m->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		return db_fail(m, err, "cannot start a transaction (another process holds the "
		               "table longer than the busy timeout?)");
	m->in_txn = 1;
	return DP_OK;
}

/* The next free number of namespace i, read from the table once per transaction. */
static int next_number(dp_map *m, size_t i, uint64_t *num, dp_err *err)
{
	nsinfo *n = &m->ns[i];
	sqlite3_stmt *s = m->st[ST_SEL_C];
	int rc;

	if (!n->next) {
		sqlite3_bind_text(s, 1, n->name, -1, SQLITE_STATIC);
		rc = sqlite3_step(s);
		n->next = rc == SQLITE_ROW ? (uint64_t)sqlite3_column_int64(s, 0) : 1;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return db_fail(m, err, "cannot read a counter");
	}
	*num = n->next++;
	n->dirty = 1;
	return DP_OK;
}

/* Looks an entity up in the table, assigning it a number inside a write transaction. */
static int fetch_or_assign(dp_map *m, unsigned ns, const unsigned char eid[DP_EID_BYTES],
                           uint64_t *num, int *fresh, dp_err *err)
{
	const char *name = m->ns[ns].name;
	int rc, f;

	begin_read(m);
	f = select_num(m, ST_SEL_E, name, eid, num);
	if (f < 0)
		return db_fail(m, err, "cannot look an entity up");
	if (f || (m->flags & DP_MAP_READONLY))
		return f ? DP_OK : dp_err_set(err, DP_DATAERR, "an entity of namespace %s is not "
		                              "in the read-only mapping table", name);
	if (!m->in_txn) {
		if ((rc = begin(m, err)) != DP_OK)
			return rc;
		/* another process may have assigned it before we took the write lock (while we
		 * hold it, the first look was already under it) */
		f = select_num(m, ST_SEL_E, name, eid, num);
		if (f < 0)
			return db_fail(m, err, "cannot look an entity up");
		if (f)
			return DP_OK;
	}
	if ((rc = next_number(m, ns, num, err)) != DP_OK)
		return rc;
	*fresh = 1;   /* its row is written at commit, with its count (write_pending) */
	m->assigned++;
	return DP_OK;
}

int dp_map_number(dp_map *m, const char *ns, const unsigned char eid[DP_EID_BYTES],
                  uint64_t *num, dp_err *err)
{
	int i = ns_index(m, ns), rc;
	slot *s;

	if (i < 0)
		return dp_err_set(err, DP_USAGE, "too many namespaces, or a namespace name too long");
	m->lookups++;
	s = find_slot(m->tab, m->cap, eid, (unsigned)i, K_ENTITY);
	if (!s->kind) {
		int fresh = 0;
		if ((rc = fetch_or_assign(m, (unsigned)i, eid, num, &fresh, err)) != DP_OK)
			return rc;
		if (!(s = cache_put(m, eid, (unsigned)i, K_ENTITY, *num)) ||
		    (fresh && push(&m->pend, &m->npend, &m->apend, (size_t)(s - m->tab)) < 0))
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		s->pending = (uint8_t)fresh;
	}
	*num = s->num;
	if (mark_seen(m, s) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return DP_OK;
}

void dp_map_add_seen(dp_map *m, const char *ns, const unsigned char eid[DP_EID_BYTES],
                     uint32_t delta)
{
	int i = ns_index(m, ns);
	slot *s;

	if (i < 0 || !delta || (m->flags & DP_MAP_READONLY))
		return;
	s = find_slot(m->tab, m->cap, eid, (unsigned)i, K_ENTITY);
	if (!s->kind || mark_seen(m, s) < 0)
		return;
	s->delta += delta - 1;   /* mark_seen counted one */
}

int dp_map_alias_get(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES],
                     uint64_t *num, dp_err *err)
{
	int i = ns_index(m, ns), f;
	slot *s;

	if (i < 0)
		return -dp_err_set(err, DP_USAGE, "too many namespaces, or a namespace name too long");
	s = find_slot(m->tab, m->cap, aid, (unsigned)i, K_ALIAS);
	if (s->kind) {
		*num = s->num;
		return 1;
	}
	begin_read(m);
	f = select_num(m, ST_SEL_A, ns, aid, num);
	if (f < 0)
		return -db_fail(m, err, "cannot look an alias up");
	if (f && !cache_put(m, aid, (unsigned)i, K_ALIAS, *num))
		return -dp_err_set(err, DP_SOFTWARE, "out of memory");
	return f;
}

int dp_map_alias_put(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES],
                     uint64_t num, dp_err *err)
{
	uint64_t have;
	int f = dp_map_alias_get(m, ns, aid, &have, err), rc;

	if (f != 0 || (m->flags & DP_MAP_READONLY))
		return f < 0 ? -f : DP_OK;
	if ((rc = begin(m, err)) != DP_OK)
		return rc;
	if (insert_num(m, ST_INS_A, ns, aid, num) < 0)
		return db_fail(m, err, "cannot record an alias");
	/* INSERT OR IGNORE: another process may have won; then read back what holds */
	have = num;
	if (sqlite3_changes(m->db) == 0 && select_num(m, ST_SEL_A, ns, aid, &have) <= 0)
		return db_fail(m, err, "cannot read an alias back");
	if (!cache_put(m, aid, (unsigned)ns_index(m, ns), K_ALIAS, have))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return DP_OK;
}

/* Runs statement st for entity slot e: ?1 namespace, ?2 id, then ?3 the number and ?4 the
 * count (an insert), or ?3 the count alone (an update). 0 or -1. */
static int step_entity(dp_map *m, int st, const slot *e)
{
	sqlite3_stmt *s = m->st[st];
	int rc;

	sqlite3_bind_text(s, 1, m->ns[e->ns].name, -1, SQLITE_STATIC);
	sqlite3_bind_blob(s, 2, e->eid, DP_EID_BYTES, SQLITE_STATIC);
	if (st == ST_INS_E) {
		sqlite3_bind_int64(s, 3, (sqlite3_int64)e->num);
		sqlite3_bind_int64(s, 4, e->delta);
	} else {
		sqlite3_bind_int64(s, 3, e->delta);
	}
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Writes the rows of the entities numbered in this transaction, with their counts. */
static int write_pending(dp_map *m, dp_err *err)
{
	for (size_t i = 0; i < m->npend; i++)
		if (step_entity(m, ST_INS_E, &m->tab[m->pend[i]]) < 0)
			return db_fail(m, err, "cannot record an entity");
	return DP_OK;
}

/* After the commit: pending rows are written and their counts with them. */
static void pending_done(dp_map *m)
{
	for (size_t i = 0; i < m->npend; i++) {
		m->tab[m->pend[i]].pending = 0;
		m->tab[m->pend[i]].delta = 0;
	}
	m->npend = 0;
}

/* Writes the counters this transaction advanced. */
static int write_counters(dp_map *m, dp_err *err)
{
	sqlite3_stmt *s = m->st[ST_UPD_C];

	for (size_t i = 0; i < m->nns; i++) {
		if (!m->ns[i].dirty)
			continue;
		sqlite3_bind_text(s, 1, m->ns[i].name, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, (sqlite3_int64)m->ns[i].next);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return db_fail(m, err, "cannot write a counter");
		}
		sqlite3_reset(s);
		m->ns[i].dirty = 0;
	}
	return DP_OK;
}

/* Adds the pending seen counts to the table (rows written whole by write_pending are
 * skipped). */
static int write_counts(dp_map *m, dp_err *err)
{
	for (size_t i = 0; i < m->ndirty; i++) {
		const slot *e = &m->tab[m->dirty[i]];
		if (!e->pending && e->delta && step_entity(m, ST_SEEN, e) < 0)
			return db_fail(m, err, "cannot write the counts");
	}
	return DP_OK;
}

static void counts_done(dp_map *m)
{
	for (size_t i = 0; i < m->ndirty; i++) {
		m->tab[m->dirty[i]].delta = 0;
		m->tab[m->dirty[i]].listed = 0;
	}
	m->ndirty = 0;
}

/* Commits; the seen counts go with it when many are pending or when closing (they are
 * statistics: writing them at every commit would cost more than the numbers). */
static int commit(dp_map *m, int final, dp_err *err)
{
	int rc, counts = m->ndirty && (final || m->ndirty >= COUNT_FLUSH);

	end_read(m);   /* a batch ends: the next one sees what others wrote meanwhile */
	if (!m->in_txn && !counts)
		return DP_OK;
	if ((m->flags & DP_MAP_READONLY) && !m->in_txn)
		return DP_OK;
	if ((rc = begin(m, err)) != DP_OK || (rc = write_pending(m, err)) != DP_OK ||
	    (rc = write_counters(m, err)) != DP_OK ||
	    (counts && (rc = write_counts(m, err)) != DP_OK)) {
		dp_map_rollback(m);
		return rc;
	}
	if (sqlite3_exec(m->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		rc = db_fail(m, err, "cannot commit");
		dp_map_rollback(m);
		return rc;
	}
	m->in_txn = 0;
	for (size_t i = 0; i < m->nns; i++)
		m->ns[i].next = 0;   /* another process may advance it before our next transaction */
	if (counts)
		counts_done(m);
	pending_done(m);
	m->commits++;
	return DP_OK;
}

int dp_map_commit(dp_map *m, dp_err *err)
{
	return commit(m, 0, err);
}

void dp_map_rollback(dp_map *m)
{
	end_read(m);
	if (m->in_txn)
		sqlite3_exec(m->db, "ROLLBACK", NULL, NULL, NULL);
	m->in_txn = 0;
	for (size_t i = 0; i < m->nns; i++) {
		m->ns[i].next = 0;
		m->ns[i].dirty = 0;
	}
	cache_clear(m);
}

void dp_map_stats(const dp_map *m, unsigned long long *lookups, unsigned long long *assigned,
                  unsigned long long *commits)
{
	*lookups = m->lookups;
	*assigned = m->assigned;
	*commits = m->commits;
}

int dp_map_close(dp_map *m, dp_err *err)
{
	dp_err local;
	int rc = DP_OK;

	if (!m)
		return DP_OK;
	if (!err)
		err = &local;
	if (m->db && m->st[ST_COUNT - 1])
		rc = commit(m, 1, err);
	for (int i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(m->st[i]);
	if (m->db)
		sqlite3_close(m->db);
	free(m->tab);
	free(m->dirty);
	free(m->pend);
	free(m);
	return rc;
}
