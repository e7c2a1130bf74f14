/* vault.h - the optional vault of doppel-anon (SPEC section 7): the original value of
 * each token, encrypted with a key of its own (XChaCha20-Poly1305, libsodium), so an
 * authorised reviewer can restore originals in text that contains tokens (doppel-anon
 * --reverse) while the mapping table and the anonymized data stay one-way.
 * An entry is keyed by (namespace, number) and bound to them as associated data, so an
 * entry moved to another token does not decrypt. The first original stored for a token
 * wins. The vault records its own key's fingerprint and refuses another key.
 * Ownership: dp_vault_open allocates; dp_vault_close commits, wipes the key copy and
 * frees. Values returned by dp_vault_get are written to the caller's dp_buf. */
#ifndef DP_VAULT_H
#define DP_VAULT_H

#include <stdint.h>

#include "dynbuf.h"
#include "error.h"

typedef struct dp_vault dp_vault;

#define DP_VAULT_VALUE_MAX 4096   /* bytes of one stored original */

/* Opens (creating, mode 0600, unless readonly) the vault at path with the 32-byte key.
 * DP_CONFIG for another key's vault, DP_DATAERR for a file that is no vault,
 * DP_CANTCREAT / DP_NOINPUT when it cannot be created / opened. */
int dp_vault_open(dp_vault **out, const char *path, const unsigned char key[32], int readonly,
                  int busy_ms, dp_err *err);
/* Stores the original of (ns, num) unless one is stored (values over the cap are cut at
 * a UTF-8 boundary). Inside a transaction that dp_vault_commit ends. */
int dp_vault_put(dp_vault *v, const char *ns, uint64_t num, const char *orig, size_t n,
                 dp_err *err);
/* Appends the original of (ns, num) to out: 1 found, 0 not stored, or -status on error
 * (DP_DATAERR when it does not decrypt: tampered, or moved). */
int dp_vault_get(dp_vault *v, const char *ns, uint64_t num, dp_buf *out, dp_err *err);
int dp_vault_commit(dp_vault *v, dp_err *err);
void dp_vault_rollback(dp_vault *v);
int dp_vault_close(dp_vault *v, dp_err *err);

#endif
