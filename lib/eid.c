/* eid.c - keyed entity ids and derived seeds (eid.h). */
#include "config.h"
#include "eid.h"

#include <string.h>

/* HMAC(K, label) as the key of a new keyed state */
static void derive(crypto_auth_hmacsha256_state *st, const unsigned char key[32],
                   const char *label)
{
	unsigned char sub[crypto_auth_hmacsha256_BYTES];

	crypto_auth_hmacsha256(sub, (const unsigned char *)label, strlen(label), key);
	crypto_auth_hmacsha256_init(st, sub, sizeof sub);
	sodium_memzero(sub, sizeof sub);
}

void dp_eid_keys_init(dp_eid_keys *k, const unsigned char key[32])
{
	derive(&k->id, key, "doppel/id/" DP_EID_SCHEME);
	derive(&k->fake, key, "doppel/surrogate/" DP_EID_SCHEME);
	derive(&k->date, key, "doppel/dateshift/" DP_EID_SCHEME);
}

void dp_eid_keys_wipe(dp_eid_keys *k)
{
	sodium_memzero(k, sizeof *k);
}

/* HMAC over the parts joined by 0x1F, from a copy of the keyed state */
static void mac(const crypto_auth_hmacsha256_state *base, const void *a, size_t an,
                const void *b, size_t bn, unsigned char out[crypto_auth_hmacsha256_BYTES])
{
	crypto_auth_hmacsha256_state st = *base;
	static const unsigned char sep = 0x1F;

	crypto_auth_hmacsha256_update(&st, (const unsigned char *)DP_EID_SCHEME,
	                              sizeof DP_EID_SCHEME - 1);
	crypto_auth_hmacsha256_update(&st, &sep, 1);
	crypto_auth_hmacsha256_update(&st, a, an);
	crypto_auth_hmacsha256_update(&st, &sep, 1);
	crypto_auth_hmacsha256_update(&st, b, bn);
	crypto_auth_hmacsha256_final(&st, out);
}

void dp_eid(const dp_eid_keys *k, const char *ns, const char *canon, size_t n,
            unsigned char out[DP_EID_BYTES])
{
	unsigned char h[crypto_auth_hmacsha256_BYTES];

	mac(&k->id, ns, strlen(ns), canon, n, h);
	memcpy(out, h, DP_EID_BYTES);
}

void dp_eid_seed(const dp_eid_keys *k, const char *purpose, const unsigned char eid[DP_EID_BYTES],
                 unsigned char out[DP_EID_SEED_BYTES])
{
	mac(&k->fake, purpose, strlen(purpose), eid, DP_EID_BYTES, out);
}

int dp_eid_shift_days(const dp_eid_keys *k, const unsigned char eid[DP_EID_BYTES], int range)
{
	unsigned char h[crypto_auth_hmacsha256_BYTES];
	uint64_t v = 0;

	if (range < 1)
		range = 1;
	mac(&k->date, "shift", 5, eid, DP_EID_BYTES, h);
	for (int i = 0; i < 8; i++)
		v = v << 8 | h[i];
	/* 2 * range nonzero values: -range..-1, 1..range */
	v %= (uint64_t)range * 2;
	return v < (uint64_t)range ? (int)v - range : (int)(v - (uint64_t)range) + 1;
}
