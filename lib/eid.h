/* eid.h - keyed entity ids for doppel-anon (SPEC section 7): every token derives from a
 * keyed hash of (scheme, namespace, canonical value), so the same value with the same key
 * is the same entity in every run, file and shard. One master key gives independent
 * sub-keys per purpose (ids, surrogates, date shifts), so a leaked date-shift pattern
 * reveals nothing about ids. HMAC-SHA-256 (libsodium) with the keyed state computed once.
 * Ownership: a dp_eid_keys is a plain struct the caller owns (on the stack or inside a
 * larger struct); dp_eid_keys_wipe zeroes it. Nothing is allocated. */
#ifndef DP_EID_H
#define DP_EID_H

#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#define DP_EID_BYTES 16      /* entity id: 128 bits of HMAC-SHA-256 */
#define DP_EID_SEED_BYTES 32 /* seed handed to the surrogate generators */
#define DP_EID_SCHEME "v1"   /* canonicalisation and derivation rules; a change is a new scheme */

typedef struct dp_eid_keys {
	crypto_auth_hmacsha256_state id;     /* K_id = HMAC(K, "doppel/id/v1") */
	crypto_auth_hmacsha256_state fake;   /* K_fake: surrogate choices */
	crypto_auth_hmacsha256_state date;   /* K_date: date shifts */
} dp_eid_keys;

/* Derives the three sub-keys from the 32-byte master key. */
void dp_eid_keys_init(dp_eid_keys *k, const unsigned char key[32]);
void dp_eid_keys_wipe(dp_eid_keys *k);

/* The entity id of canon[0..n) in namespace ns. */
void dp_eid(const dp_eid_keys *k, const char *ns, const char *canon, size_t n,
            unsigned char out[DP_EID_BYTES]);
/* The surrogate seed of an entity (from its id, under K_fake). */
void dp_eid_seed(const dp_eid_keys *k, const char *purpose, const unsigned char eid[DP_EID_BYTES],
                 unsigned char out[DP_EID_SEED_BYTES]);
/* A date shift in days in [-range, range] \ {0} for a subject id (range >= 1). */
int dp_eid_shift_days(const dp_eid_keys *k, const unsigned char eid[DP_EID_BYTES], int range);

#endif
