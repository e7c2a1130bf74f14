/* vault.c - encrypted originals by (namespace, number) in SQLite (vault.h). */
#include "config.h"
#include "vault.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>

#include "dp_exit.h"
#include "fingerprint.h"

#define SEEN_MAX (1u << 22)   /* (ns, num) pairs remembered as stored, then re-checked */

struct dp_vault {
	sqlite3 *db;
	sqlite3_stmt *ins, *sel;
	unsigned char key[crypto_aead_xchacha20poly1305_ietf_KEYBYTES];
	int readonly, in_txn;
	uint64_t *seen;   /* hashes of (ns, num) stored by this process; 0 = empty */
	size_t seen_cap, seen_used;
};

static int vfail(dp_vault *v, dp_err *err, const char *what)
{
	int rc = sqlite3_errcode(v->db);
	int code = (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) ? DP_TEMPFAIL
	         : (rc == SQLITE_NOTADB || rc == SQLITE_CORRUPT) ? DP_DATAERR : DP_IOERR;

	return dp_err_set(err, code, "vault: %s: %s", what, sqlite3_errmsg(v->db));
}

static const char vault_schema[] =
	"CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);"
	"CREATE TABLE IF NOT EXISTS vault (ns TEXT NOT NULL, num INTEGER NOT NULL,"
	" nonce BLOB NOT NULL, ct BLOB NOT NULL, PRIMARY KEY (ns, num)) WITHOUT ROWID;";

/* Creates the tables and records the key fingerprint, or checks it. */
static int check_key(dp_vault *v, const char *path, dp_err *err)
{
	char fp[DP_KEYFP_HEX], have[64] = "";
	sqlite3_stmt *st;
	int rc;

	dp_key_fingerprint(v->key, fp);
	if (!v->readonly) {
		char sql[1024];
		snprintf(sql, sizeof sql, "BEGIN IMMEDIATE; %s INSERT OR IGNORE INTO meta VALUES "
		         "('format', 'doppel-vault'), ('key_fp', '%s'); COMMIT;", vault_schema, fp);
		if (sqlite3_exec(v->db, sql, NULL, NULL, NULL) != SQLITE_OK) {
			rc = vfail(v, err, "cannot create the tables");
			sqlite3_exec(v->db, "ROLLBACK", NULL, NULL, NULL);
			return rc == DP_IOERR ? DP_DATAERR : rc;
		}
	}
	if (sqlite3_prepare_v2(v->db, "SELECT v FROM meta WHERE k = 'key_fp'", -1, &st, NULL) != SQLITE_OK)
		return dp_err_set(err, DP_DATAERR, "%s is not a doppel vault", path);
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(have, sizeof have, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!have[0])
		return dp_err_set(err, DP_DATAERR, "%s is not a doppel vault", path);
	if (strcmp(have, fp) != 0)
		return dp_err_set(err, DP_CONFIG, "vault %s was made with another vault key", path);
	return DP_OK;
}

static int open_file(dp_vault *v, const char *path, int busy_ms, dp_err *err)
{
	int fl = v->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	int fd;

	if (!v->readonly) {
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd >= 0)
			close(fd);
		else if (errno != EEXIST)
			return dp_err_set(err, DP_CANTCREAT, "cannot create vault %s: %s", path,
			                  strerror(errno));
	}
	if (sqlite3_open_v2(path, &v->db, fl | SQLITE_OPEN_NOFOLLOW, NULL) != SQLITE_OK)
		return dp_err_set(err, v->readonly ? DP_NOINPUT : DP_CANTCREAT, "cannot open vault %s",
		                  path);
	sqlite3_busy_timeout(v->db, busy_ms);
	if (!v->readonly && sqlite3_exec(v->db, "PRAGMA journal_mode=WAL", NULL, NULL, NULL) != SQLITE_OK)
		return vfail(v, err, "cannot set the journal mode");
	return DP_OK;
}

int dp_vault_open(dp_vault **out, const char *path, const unsigned char key[32], int readonly,
                  int busy_ms, dp_err *err)
{
	dp_vault *v = calloc(1, sizeof *v);
	int rc;

	*out = NULL;
	if (!v)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	memcpy(v->key, key, sizeof v->key);
	v->readonly = readonly;
	rc = open_file(v, path, busy_ms, err);
	if (rc == DP_OK)
		rc = check_key(v, path, err);
	if (rc == DP_OK &&
	    (sqlite3_prepare_v2(v->db, "INSERT OR IGNORE INTO vault VALUES (?1, ?2, ?3, ?4)", -1,
	                        &v->ins, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(v->db, "SELECT nonce, ct FROM vault WHERE ns = ?1 AND num = ?2", -1,
	                        &v->sel, NULL) != SQLITE_OK))
		rc = vfail(v, err, "cannot prepare a statement");
	if (rc != DP_OK) {
		dp_vault_close(v, NULL);
		return rc;
	}
	*out = v;
	return DP_OK;
}

/* associated data binding an entry to its token */
static size_t make_ad(char *ad, size_t cap, const char *ns, uint64_t num)
{
	int n = snprintf(ad, cap, "doppel-vault-v1\x1f%s\x1f%llu", ns, (unsigned long long)num);

	return n < 0 ? 0 : (size_t)n >= cap ? cap - 1 : (size_t)n;
}

/* 1 when this process already stored (ns, num); else remembers it and returns 0 */
static int seen_before(dp_vault *v, const char *ns, uint64_t num)
{
	uint64_t h = num * 0x9E3779B97F4A7C15ull;
	size_t i;

	for (const char *p = ns; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001B3ull;
	h |= 1;
	if (v->seen_used * 2 >= v->seen_cap) {
		if (v->seen_cap >= SEEN_MAX) {   /* full: forget, the table still dedupes */
			memset(v->seen, 0, v->seen_cap * sizeof *v->seen);
			v->seen_used = 0;
		} else {
			size_t nc = v->seen_cap ? v->seen_cap * 2 : 4096;
			uint64_t *ns2 = calloc(nc, sizeof *ns2);
			if (!ns2)
				return 0;
			for (size_t k = 0; k < v->seen_cap; k++)
				if (v->seen[k]) {
					for (i = v->seen[k] & (nc - 1); ns2[i]; i = (i + 1) & (nc - 1))
						;
					ns2[i] = v->seen[k];
				}
			free(v->seen);
			v->seen = ns2;
			v->seen_cap = nc;
		}
	}
	for (i = h & (v->seen_cap - 1); v->seen[i]; i = (i + 1) & (v->seen_cap - 1))
		if (v->seen[i] == h)
			return 1;
	v->seen[i] = h;
	v->seen_used++;
	return 0;
}

/* length of orig cut to the cap at a UTF-8 boundary */
static size_t capped(const char *s, size_t n)
{
	if (n <= DP_VAULT_VALUE_MAX)
		return n;
	n = DP_VAULT_VALUE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	return n;
}

int dp_vault_put(dp_vault *v, const char *ns, uint64_t num, const char *orig, size_t n,
                 dp_err *err)
{
	unsigned char nonce[crypto_aead_xchacha20poly1305_ietf_NPUBBYTES];
	unsigned char ct[DP_VAULT_VALUE_MAX + crypto_aead_xchacha20poly1305_ietf_ABYTES];
	unsigned long long clen;
	char ad[160];
	size_t adn = make_ad(ad, sizeof ad, ns, num);
	int rc;

	if (v->readonly || seen_before(v, ns, num))
		return DP_OK;
	if (!v->in_txn) {
		if (sqlite3_exec(v->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
			return vfail(v, err, "cannot start a transaction");
		v->in_txn = 1;
	}
	n = capped(orig, n);
	randombytes_buf(nonce, sizeof nonce);
	crypto_aead_xchacha20poly1305_ietf_encrypt(ct, &clen, (const unsigned char *)orig, n,
	                                           (const unsigned char *)ad, adn, NULL, nonce, v->key);
	sqlite3_bind_text(v->ins, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_int64(v->ins, 2, (sqlite3_int64)num);
	sqlite3_bind_blob(v->ins, 3, nonce, sizeof nonce, SQLITE_STATIC);
	sqlite3_bind_blob(v->ins, 4, ct, (int)clen, SQLITE_STATIC);
	rc = sqlite3_step(v->ins);
	sqlite3_reset(v->ins);
	return rc == SQLITE_DONE ? DP_OK : vfail(v, err, "cannot store a value");
}

int dp_vault_get(dp_vault *v, const char *ns, uint64_t num, dp_buf *out, dp_err *err)
{
	unsigned char pt[DP_VAULT_VALUE_MAX];
	unsigned long long plen;
	char ad[160];
	size_t adn = make_ad(ad, sizeof ad, ns, num);
	int rc, found = 0;

	sqlite3_bind_text(v->sel, 1, ns, -1, SQLITE_STATIC);
	sqlite3_bind_int64(v->sel, 2, (sqlite3_int64)num);
	rc = sqlite3_step(v->sel);
	if (rc == SQLITE_ROW) {
		const void *nonce = sqlite3_column_blob(v->sel, 0), *ct = sqlite3_column_blob(v->sel, 1);
		int nl = sqlite3_column_bytes(v->sel, 0), cl = sqlite3_column_bytes(v->sel, 1);
		found = nl == crypto_aead_xchacha20poly1305_ietf_NPUBBYTES && cl >= 16 &&
		        (size_t)cl <= sizeof pt + crypto_aead_xchacha20poly1305_ietf_ABYTES &&
		        crypto_aead_xchacha20poly1305_ietf_decrypt(pt, &plen, NULL, ct,
		                (unsigned long long)cl, (const unsigned char *)ad, adn, nonce, v->key) == 0
		        ? 1 : -1;
	}
	sqlite3_reset(v->sel);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -vfail(v, err, "cannot read a value");
	if (found < 0)
		return -dp_err_set(err, DP_DATAERR, "vault entry %s/%llu does not decrypt (tampered "
		                   "or moved)", ns, (unsigned long long)num);
	if (found && dp_buf_add(out, pt, (size_t)plen) < 0)
		found = -dp_err_set(err, DP_SOFTWARE, "out of memory");
	sodium_memzero(pt, sizeof pt);
	return found;
}

int dp_vault_commit(dp_vault *v, dp_err *err)
{
	if (!v->in_txn)
		return DP_OK;
	if (sqlite3_exec(v->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = vfail(v, err, "cannot commit");
		dp_vault_rollback(v);
		return rc;
	}
	v->in_txn = 0;
	return DP_OK;
}

void dp_vault_rollback(dp_vault *v)
{
	if (v->in_txn)
		sqlite3_exec(v->db, "ROLLBACK", NULL, NULL, NULL);
	v->in_txn = 0;
	if (v->seen)
		memset(v->seen, 0, v->seen_cap * sizeof *v->seen);
	v->seen_used = 0;
}

int dp_vault_close(dp_vault *v, dp_err *err)
{
	dp_err local;
	int rc = DP_OK;

	if (!v)
		return DP_OK;
	if (v->db && v->ins)
		rc = dp_vault_commit(v, err ? err : &local);
	sqlite3_finalize(v->ins);
	sqlite3_finalize(v->sel);
	if (v->db)
		sqlite3_close(v->db);
	sodium_memzero(v->key, sizeof v->key);
	free(v->seen);
	free(v);
	return rc;
}
