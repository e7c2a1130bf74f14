/* fingerprint.h - keys and keyed fingerprints (libsodium). A fingerprint is a keyed
 * BLAKE2b hash, never a plain hash of a PII value, so a baseline or report cannot be
 * brute-forced without the key.
 * Key sources, in order: an explicit --key-file, DOPPEL_KEY_FILE, then the per-user key
 * ${XDG_CONFIG_HOME:-$HOME/.config}/doppel/fingerprint.key (created 0600 on first use).
 * A key file readable by group or others is refused (DP_CONFIG).
 * Ownership: keys live in caller-provided 32-byte arrays; wipe with sodium_memzero. */
#ifndef DP_FINGERPRINT_H
#define DP_FINGERPRINT_H

#include <stddef.h>

#include "error.h"

#define DP_KEY_BYTES 32
#define DP_FP_HEX 33      /* 16-byte fingerprint as hex plus NUL */
#define DP_KEYFP_HEX 17   /* 8-byte key fingerprint as hex plus NUL */

int dp_key_init(void);   /* sodium_init; 0 or -1 */
/* Reads exactly 32 bytes from path, refusing loose permissions. */
int dp_key_load(unsigned char key[DP_KEY_BYTES], const char *path, dp_err *err);
/* Creates a new random key file with mode 0600 (O_EXCL: never overwrites). */
int dp_key_create(const char *path, dp_err *err);
/* Resolves the key as described above (explicit path may be NULL). */
int dp_key_resolve(unsigned char key[DP_KEY_BYTES], const char *explicit_path, dp_err *err);
/* Identifies a key without revealing it: hex of 8 bytes of a keyed hash of a constant. */
void dp_key_fingerprint(const unsigned char key[DP_KEY_BYTES], char out[DP_KEYFP_HEX]);
/* Fingerprint of a finding: keyed hash over (type id, path, normalised value). It does
 * not depend on line numbers, so it survives lines moving. */
void dp_fingerprint(const unsigned char key[DP_KEY_BYTES], const char *type_id,
                    const char *path, const char *norm, size_t n, char out[DP_FP_HEX]);

#endif
