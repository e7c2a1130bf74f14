/* manifest_hash.h - SHA-256 for manifests (libsodium): streaming hashers for what a
 * filter reads and writes, and whole files, as "sha256:<64 hex>" strings.
 * Ownership: a dp_mf_hasher is a plain struct owned by the caller; nothing to free. */
#ifndef DP_MANIFEST_HASH_H
#define DP_MANIFEST_HASH_H

#include <sodium.h>
#include <stddef.h>

#include "error.h"

#define DP_MF_HASH_LEN 72   /* "sha256:" + 64 hex digits + NUL */

typedef struct dp_mf_hasher {
	crypto_hash_sha256_state st;
	unsigned long long bytes;   /* bytes hashed so far */
} dp_mf_hasher;

void dp_mf_hasher_init(dp_mf_hasher *h);
void dp_mf_hasher_update(dp_mf_hasher *h, const void *p, size_t n);
/* Writes "sha256:<hex>"; the hasher must be initialised again before reuse. */
void dp_mf_hasher_final(dp_mf_hasher *h, char out[DP_MF_HASH_LEN]);
void dp_mf_hash_buf(const void *p, size_t n, char out[DP_MF_HASH_LEN]);
/* Hashes a regular file opened relative to dirfd (AT_FDCWD for a plain path) without
 * following a final symlink. DP_NOINPUT when it cannot be opened, DP_IOERR on a read
 * error. bytes may be NULL. */
int dp_mf_hash_file_at(int dirfd, const char *path, char out[DP_MF_HASH_LEN],
                       unsigned long long *bytes, dp_err *err);
/* A dp_tee_fn (input.h) that hashes what an input reads: ud is a dp_mf_hasher. */
int dp_mf_hasher_tee(const void *buf, size_t n, void *ud);
/* 1 when s has the form "sha256:<64 lowercase hex>". */
int dp_mf_hash_ok(const char *s);

#endif
