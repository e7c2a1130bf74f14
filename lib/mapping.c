/* mapping.c - the SQLite mapping table with a per-process cache (mapping.h). */
#include "config.h"
#include "mapping.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "dp_exit.h"

#define SCHEMA_VERSION "1"
#define COUNT_FLUSH 65536   /* seen counts pending before they force a transaction */

enum { K_ENTITY = 1, K_ALIAS = 2, K_CHAIN = 3 };   /* K_CHAIN: a recorded chain's digest */

/* one cached lookup; slot empty when kind == 0 */
typedef struct slot {
	unsigned char eid[DP_EID_BYTES];
	uint16_t ns;
	uint8_t kind;
	uint8_t pending;  /* numbered in the open transaction, its row written at commit */
	uint8_t listed;   /* in the dirty list */
	uint8_t logged;   /* recording: its NUMBER event was emitted */
	uint64_t num;
	uint32_t delta;   /* times seen since the counts were last written */
} slot;

typedef struct nsinfo {
	char name[DP_MAP_NS_MAX];
	uint64_t next;    /* next number while a write transaction holds it, 0 when unknown */
	int dirty;
	uint64_t pbase;   /* recording: the first provisional number */
	unsigned char (*prov)[DP_EID_BYTES];   /* recording: ids by provisional number - pbase */
	size_t nprov, aprov;
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
	dp_map_sink sink;       /* recording: where events go */
	void *sink_arg;
	uint64_t pos_shard, pos_rec;   /* dp_map_set_position */
	int nocount;            /* replaying: sightings come as SEEN events */
	sqlite3_stmt *st_stamp; /* read-only with a position: the stamps of aliases */
};

static const char schema_sql[] =
	"CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS counter (ns TEXT PRIMARY KEY, next INTEGER NOT NULL);"
	"CREATE TABLE IF NOT EXISTS entity (ns TEXT NOT NULL, eid BLOB NOT NULL,"
	" num INTEGER NOT NULL, seen INTEGER NOT NULL, PRIMARY KEY (ns, eid)) WITHOUT ROWID;"
	"CREATE UNIQUE INDEX IF NOT EXISTS entity_num ON entity (ns, num);"
	"CREATE TABLE IF NOT EXISTS alias (ns TEXT NOT NULL, aid BLOB NOT NULL,"
	" num INTEGER NOT NULL, PRIMARY KEY (ns, aid)) WITHOUT ROWID;"
	"CREATE TABLE IF NOT EXISTS alias_at (ns TEXT NOT NULL, aid BLOB NOT NULL,"
	" shard INTEGER NOT NULL, rec INTEGER NOT NULL, PRIMARY KEY (ns, aid)) WITHOUT ROWID;";

/* the table file is only read: read-only and recording maps over a file */
static int db_readonly(const dp_map *m, const char *path)
{
	return path && (m->flags & (DP_MAP_READONLY | DP_MAP_RECORD));
}

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
	int ro = db_readonly(m, path);
	int fl = ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int rc;

	if (path && !ro && (rc = precreate(path, err)) != DP_OK)
		return rc;
	if (sqlite3_open_v2(path ? path : ":memory:", &m->db, fl | SQLITE_OPEN_NOFOLLOW, NULL) !=
	    SQLITE_OK)
		return dp_err_set(err, ro ? DP_NOINPUT : DP_CANTCREAT,
		                  "cannot open mapping table %s: %s", path ? path : ":memory:",
		                  m->db ? sqlite3_errmsg(m->db) : "out of memory");
	sqlite3_busy_timeout(m->db, busy_ms);
	/* pages through the OS cache by mmap, and a larger page cache: lookups without reads */
	sqlite3_exec(m->db, "PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768", NULL, NULL, NULL);
	if (path && !ro &&
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
		rc = db_readonly(m, path) ? check_readonly(m, path, keyfp, err)
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
	if ((m->flags & DP_MAP_READONLY) || m->nocount)
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
		n->pbase = n->next;
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
	if (!m->in_txn && !(m->flags & DP_MAP_RECORD)) {
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

/* Notes provisional number num of namespace i (a recording map) for alias targets. */
static int note_provisional(dp_map *m, size_t i, uint64_t num,
                            const unsigned char eid[DP_EID_BYTES])
{
	nsinfo *n = &m->ns[i];

	if (!(m->flags & DP_MAP_RECORD))
		return 0;
	if (num != n->pbase + n->nprov)
		return -1;
	if (n->nprov == n->aprov) {
		size_t na = n->aprov ? n->aprov * 2 : 256;
		void *nl = realloc(n->prov, na * sizeof *n->prov);
		if (!nl)
			return -1;
		n->prov = nl;
		n->aprov = na;
	}
	memcpy(n->prov[n->nprov++], eid, DP_EID_BYTES);
	return 0;
}

/* The cache slot of entity eid in namespace i, looked up or numbered, counted seen. */
static int number_slot(dp_map *m, int i, const unsigned char eid[DP_EID_BYTES], slot **out,
                       dp_err *err)
{
	slot *s;
	uint64_t num;
	int rc;

	if (i < 0)
		return dp_err_set(err, DP_USAGE, "too many namespaces, or a namespace name too long");
	m->lookups++;
	s = find_slot(m->tab, m->cap, eid, (unsigned)i, K_ENTITY);
	if (!s->kind) {
		int fresh = 0;
		if ((rc = fetch_or_assign(m, (unsigned)i, eid, &num, &fresh, err)) != DP_OK)
			return rc;
		if (!(s = cache_put(m, eid, (unsigned)i, K_ENTITY, num)) ||
		    (fresh && push(&m->pend, &m->npend, &m->apend, (size_t)(s - m->tab)) < 0) ||
		    (fresh && note_provisional(m, (size_t)i, num, eid) < 0))
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		s->pending = (uint8_t)fresh;
	}
	if (mark_seen(m, s) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	*out = s;
	return DP_OK;
}

static void ref_of(const dp_map *m, const slot *s, dp_map_ref *r)
{
	r->ns = m->ns[s->ns].name;
	memcpy(r->id, s->eid, DP_EID_BYTES);
}

static int emit(dp_map *m, const dp_map_event *ev, dp_err *err)
{
	return m->sink ? m->sink(m->sink_arg, ev, err) : DP_OK;
}

int dp_map_number(dp_map *m, const char *ns, const unsigned char eid[DP_EID_BYTES],
                  uint64_t *num, dp_err *err)
{
	slot *s;
	int rc = number_slot(m, ns_index(m, ns), eid, &s, err);

	if (rc != DP_OK)
		return rc;
	*num = s->num;
	if ((m->flags & DP_MAP_RECORD) && s->pending && !s->logged) {
		dp_map_event ev = {.kind = DP_MAP_EV_NUMBER};
		s->logged = 1;
		ref_of(m, s, &ev.ent);
		return emit(m, &ev, err);
	}
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

/* Whether a read-only map at its position may see alias aid: a merge stamped the record
 * each alias of its batch was made at, and a single run would not have seen it before. */
static int alias_visible(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES])
{
	int rc, vis = 1;

	if (!(m->flags & DP_MAP_READONLY) || !m->pos_shard)
		return 1;
	if (!m->st_stamp && sqlite3_prepare_v2(m->db, "SELECT shard, rec FROM alias_at WHERE "
	                                       "ns = ?1 AND aid = ?2", -1, &m->st_stamp, NULL) != SQLITE_OK)
		return 1;   /* a table no merge has written */
	sqlite3_bind_text(m->st_stamp, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_blob(m->st_stamp, 2, aid, DP_EID_BYTES, SQLITE_STATIC);
	rc = sqlite3_step(m->st_stamp);
	if (rc == SQLITE_ROW) {
		uint64_t sh = (uint64_t)sqlite3_column_int64(m->st_stamp, 0);
		uint64_t rec = (uint64_t)sqlite3_column_int64(m->st_stamp, 1);
		vis = sh < m->pos_shard || (sh == m->pos_shard && rec <= m->pos_rec);
	}
	sqlite3_reset(m->st_stamp);
	return vis;
}

/* alias aid of namespace i: 1 found, 0 not, or a negative -DP_* status */
static int alias_lookup(dp_map *m, int i, const unsigned char aid[DP_EID_BYTES], uint64_t *num,
                        dp_err *err)
{
	const char *ns;
	slot *s;
	int f;

	if (i < 0)
		return -dp_err_set(err, DP_USAGE, "too many namespaces, or a namespace name too long");
	ns = m->ns[i].name;
	s = find_slot(m->tab, m->cap, aid, (unsigned)i, K_ALIAS);
	if (s->kind) {
		*num = s->num;
		return 1;
	}
	begin_read(m);
	f = select_num(m, ST_SEL_A, ns, aid, num);
	if (f < 0)
		return -db_fail(m, err, "cannot look an alias up");
	if (f && !alias_visible(m, ns, aid))
		return 0;
	if (f && !cache_put(m, aid, (unsigned)i, K_ALIAS, *num))
		return -dp_err_set(err, DP_SOFTWARE, "out of memory");
	return f;
}

int dp_map_alias_get(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES],
                     uint64_t *num, dp_err *err)
{
	return alias_lookup(m, ns_index(m, ns), aid, num, err);
}

/* The id of the entity numbered num in namespace i (a recording map's alias target). */
static int entity_of(dp_map *m, size_t i, uint64_t num, unsigned char eid[DP_EID_BYTES],
                     dp_err *err)
{
	nsinfo *n = &m->ns[i];
	sqlite3_stmt *st;
	int rc;

	if (n->nprov && num >= n->pbase && num - n->pbase < n->nprov) {
		memcpy(eid, n->prov[num - n->pbase], DP_EID_BYTES);
		return DP_OK;
	}
	if (sqlite3_prepare_v2(m->db, "SELECT eid FROM entity WHERE ns = ?1 AND num = ?2", -1, &st,
	                       NULL) != SQLITE_OK)
		return db_fail(m, err, "cannot prepare a statement");
	sqlite3_bind_text(st, 1, n->name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)num);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 0) == DP_EID_BYTES)
		memcpy(eid, sqlite3_column_blob(st, 0), DP_EID_BYTES);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? DP_OK : dp_err_set(err, DP_DATAERR, "an alias names number %llu "
	                                             "of namespace %s, which no entity has",
	                                             (unsigned long long)num, n->name);
}

/* A recording map's new alias: kept in the cache, and an ALIAS event. */
static int record_alias(dp_map *m, int i, const unsigned char aid[DP_EID_BYTES], uint64_t num,
                        dp_err *err)
{
	dp_map_event ev = {.kind = DP_MAP_EV_ALIAS, .n = m->pos_rec};
	int rc;

	if (!cache_put(m, aid, (unsigned)i, K_ALIAS, num))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	ev.ent.ns = ev.target.ns = m->ns[i].name;
	memcpy(ev.ent.id, aid, DP_EID_BYTES);
	if ((rc = entity_of(m, (size_t)i, num, ev.target.id, err)) != DP_OK)
		return rc;
	return emit(m, &ev, err);
}

/* Writes alias aid -> num of namespace i inside the write transaction (first wins). */
static int write_alias(dp_map *m, int i, const unsigned char aid[DP_EID_BYTES], uint64_t num,
                       dp_err *err)
{
	const char *ns = m->ns[i].name;
	uint64_t have = num;
	int rc;

	if ((rc = begin(m, err)) != DP_OK)
		return rc;
	if (insert_num(m, ST_INS_A, ns, aid, num) < 0)
		return db_fail(m, err, "cannot record an alias");
	/* INSERT OR IGNORE: another process may have won; then read back what holds */
	if (sqlite3_changes(m->db) == 0 && select_num(m, ST_SEL_A, ns, aid, &have) <= 0)
		return db_fail(m, err, "cannot read an alias back");
	if (!cache_put(m, aid, (unsigned)i, K_ALIAS, have))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return DP_OK;
}

int dp_map_alias_put(dp_map *m, const char *ns, const unsigned char aid[DP_EID_BYTES],
                     uint64_t num, dp_err *err)
{
	uint64_t have;
	int i = ns_index(m, ns), f = alias_lookup(m, i, aid, &have, err);

	if (f != 0 || (m->flags & DP_MAP_READONLY))
		return f < 0 ? -f : DP_OK;
	if (m->flags & DP_MAP_RECORD)
		return record_alias(m, i, aid, num, err);
	return write_alias(m, i, aid, num, err);
}

/* A recording map's chain that ended in a new entity: one CHAIN event per distinct chain. */
static int record_chain(dp_map *m, const dp_map_ref *aids, size_t n, const slot *e, dp_err *err)
{
	dp_map_event ev = {.kind = DP_MAP_EV_CHAIN, .nchain = n};
	crypto_generichash_state h;
	unsigned char d[DP_EID_BYTES];
	slot *s;

	crypto_generichash_init(&h, NULL, 0, sizeof d);
	for (size_t k = 0; k < n; k++) {
		crypto_generichash_update(&h, (const unsigned char *)aids[k].ns, strlen(aids[k].ns) + 1);
		crypto_generichash_update(&h, aids[k].id, DP_EID_BYTES);
		ev.chain[k] = aids[k];
	}
	crypto_generichash_update(&h, e->eid, DP_EID_BYTES);
	crypto_generichash_final(&h, d, sizeof d);
	s = find_slot(m->tab, m->cap, d, e->ns, K_CHAIN);
	if (s->kind)
		return DP_OK;
	if (!cache_put(m, d, e->ns, K_CHAIN, 0))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	ref_of(m, e, &ev.ent);
	return emit(m, &ev, err);
}

int dp_map_number_or_alias(dp_map *m, const dp_map_ref *aids, size_t n, const char *ns,
                           const unsigned char eid[DP_EID_BYTES], uint64_t *num, int *aliased,
                           dp_err *err)
{
	slot *s;
	int rc;

	if (n > DP_MAP_CHAIN_MAX)
		return dp_err_set(err, DP_SOFTWARE, "too many aliases in a chain");
	if (n == 0) {
		if (aliased)
			*aliased = 0;
		return dp_map_number(m, ns, eid, num, err);
	}
	for (size_t k = 0; k < n; k++) {
		int f = alias_lookup(m, ns_index(m, aids[k].ns), aids[k].id, num, err);
		if (f < 0)
			return -f;
		if (f) {
			if (aliased)
				*aliased = 1;
			return DP_OK;
		}
	}
	if (aliased)
		*aliased = 0;
	if ((rc = number_slot(m, ns_index(m, ns), eid, &s, err)) != DP_OK)
		return rc;
	*num = s->num;
	if ((m->flags & DP_MAP_RECORD) && s->pending && n)
		return record_chain(m, aids, n, s, err);
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
	if (m->flags & DP_MAP_RECORD)
		return DP_OK;   /* nothing is ever written */
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
	sqlite3_finalize(m->st_stamp);
	for (size_t i = 0; i < m->nns; i++)
		free(m->ns[i].prov);
	if (m->db)
		sqlite3_close(m->db);
	free(m->tab);
	free(m->dirty);
	free(m->pend);
	free(m);
	return rc;
}

/* ---- sharded runs ------------------------------------------------------------- */

void dp_map_set_position(dp_map *m, uint64_t shard, uint64_t rec)
{
	m->pos_shard = shard;
	m->pos_rec = rec;
}

void dp_map_record(dp_map *m, dp_map_sink sink, void *arg)
{
	m->sink = sink;
	m->sink_arg = arg;
}

int dp_map_record_end(dp_map *m, dp_err *err)
{
	int rc;

	for (size_t i = 0; i < m->cap; i++) {
		const slot *s = &m->tab[i];
		dp_map_event ev = {.kind = DP_MAP_EV_SEEN};
		if (s->kind != K_ENTITY || !s->delta)
			continue;
		ev.n = s->delta;
		ref_of(m, s, &ev.ent);
		if ((rc = emit(m, &ev, err)) != DP_OK)
			return rc;
	}
	return DP_OK;
}

/* hashes the rows of one query (text and integers) into h */
static int hash_rows(dp_map *m, crypto_generichash_state *h, const char *sql)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(m->db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int k = 0; k < sqlite3_column_count(st); k++) {
			const unsigned char *v = sqlite3_column_text(st, k);
			crypto_generichash_update(h, v ? v : (const unsigned char *)"", v ? strlen((const char *)v) + 1 : 1);
		}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int dp_map_base(dp_map *m, char out[DP_MAP_BASE_HEX], dp_err *err)
{
	crypto_generichash_state h;
	unsigned char d[32];

	crypto_generichash_init(&h, NULL, 0, sizeof d);
	if (hash_rows(m, &h, "SELECT ns, next FROM counter ORDER BY ns") < 0 ||
	    hash_rows(m, &h, "SELECT count(*) FROM entity") < 0 ||
	    hash_rows(m, &h, "SELECT count(*) FROM alias") < 0)
		return db_fail(m, err, "cannot read the table's state");
	crypto_generichash_final(&h, d, sizeof d);
	sodium_bin2hex(out, DP_MAP_BASE_HEX, d, sizeof d);
	return DP_OK;
}

int dp_map_merge_begin(dp_map *m, const char *batch, const char *base, int *done, dp_err *err)
{
	char have[DP_MAP_BASE_HEX];
	int rc, f;

	*done = 0;
	if ((rc = begin(m, err)) != DP_OK)
		return rc;
	if ((f = meta_get(m, "merge_batch", have, sizeof have)) < 0)
		return db_fail(m, err, "cannot read the table");
	if (f && strcmp(have, batch) == 0) {
		*done = 1;
		return DP_OK;
	}
	if ((rc = dp_map_base(m, have, err)) != DP_OK)
		return rc;
	if (strcmp(have, base) != 0)
		return dp_err_set(err, DP_DATAERR, "the collect files were made from another state "
		                  "of the mapping table (merge into the table they were collected "
		                  "with, or collect again)");
	return exec(m, "DELETE FROM alias_at", err);
}

/* the number of an entity that must be in the table (a replayed alias's target) */
static int known_number(dp_map *m, const dp_map_ref *r, uint64_t *num, dp_err *err)
{
	int i = ns_index(m, r->ns), f;
	slot *s;

	if (i < 0)
		return dp_err_set(err, DP_DATAERR, "a bad namespace in a collect file");
	s = find_slot(m->tab, m->cap, r->id, (unsigned)i, K_ENTITY);
	if (s->kind) {
		*num = s->num;
		return DP_OK;
	}
	if ((f = select_num(m, ST_SEL_E, r->ns, r->id, num)) < 0)
		return db_fail(m, err, "cannot look an entity up");
	return f ? DP_OK : dp_err_set(err, DP_DATAERR, "a collect file names an alias of an "
	                              "entity it never numbered (a damaged file?)");
}

/* ALIAS: a new alias is written with the record it was made at */
static int replay_alias(dp_map *m, uint64_t shard, const dp_map_event *ev, dp_err *err)
{
	sqlite3_stmt *st;
	uint64_t num;
	int i = ns_index(m, ev->ent.ns), f = alias_lookup(m, i, ev->ent.id, &num, err), rc;

	if (f != 0)
		return f < 0 ? -f : DP_OK;
	if ((rc = known_number(m, &ev->target, &num, err)) != DP_OK ||
	    (rc = write_alias(m, i, ev->ent.id, num, err)) != DP_OK)
		return rc;
	if (sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO alias_at (ns, aid, shard, rec) "
	                       "VALUES (?1, ?2, ?3, ?4)", -1, &st, NULL) != SQLITE_OK)
		return db_fail(m, err, "cannot prepare a statement");
	sqlite3_bind_text(st, 1, ev->ent.ns, -1, SQLITE_STATIC);
	sqlite3_bind_blob(st, 2, ev->ent.id, DP_EID_BYTES, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)shard);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)ev->n);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? DP_OK : db_fail(m, err, "cannot stamp an alias");
}

/* SEEN: sightings added to an entity the table has (a chain may have found an alias) */
static int replay_seen(dp_map *m, const dp_map_event *ev, dp_err *err)
{
	int i = ns_index(m, ev->ent.ns), f;
	uint64_t num;
	slot *s;

	if (i < 0)
		return dp_err_set(err, DP_DATAERR, "a bad namespace in a collect file");
	s = find_slot(m->tab, m->cap, ev->ent.id, (unsigned)i, K_ENTITY);
	if (!s->kind) {
		if ((f = select_num(m, ST_SEL_E, ev->ent.ns, ev->ent.id, &num)) <= 0)
			return f < 0 ? db_fail(m, err, "cannot look an entity up") : DP_OK;
		if (!(s = cache_put(m, ev->ent.id, (unsigned)i, K_ENTITY, num)))
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	if (mark_seen(m, s) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	s->delta += (uint32_t)ev->n - 1;
	return DP_OK;
}

int dp_map_replay(dp_map *m, uint64_t shard, const dp_map_event *ev, dp_err *err)
{
	uint64_t num;
	int rc;

	if (ev->kind == DP_MAP_EV_ALIAS)
		return replay_alias(m, shard, ev, err);
	if (ev->kind == DP_MAP_EV_SEEN)
		return ev->n ? replay_seen(m, ev, err) : DP_OK;
	if (ev->kind != DP_MAP_EV_NUMBER && ev->kind != DP_MAP_EV_CHAIN)
		return dp_err_set(err, DP_DATAERR, "an unknown event in a collect file");
	m->nocount = 1;
	rc = dp_map_number_or_alias(m, ev->chain, ev->kind == DP_MAP_EV_CHAIN ? ev->nchain : 0,
	                            ev->ent.ns, ev->ent.id, &num, NULL, err);
	m->nocount = 0;
	return rc;
}

int dp_map_merge_end(dp_map *m, const char *batch, dp_err *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite3_prepare_v2(m->db, "INSERT OR REPLACE INTO meta (k, v) VALUES ('merge_batch', ?1)",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_fail(m, err, "cannot prepare a statement");
	sqlite3_bind_text(st, 1, batch, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return db_fail(m, err, "cannot record the merge");
	return commit(m, 1, err);
}
