/* fakedata.h - the number rules and reserved values that validators, surrogates
 * (surrogate*.c) and generators (genvalue*.c) share, so each fact is written once: check
 * digits, card issuer ranges with their documented test prefixes, the IBAN registry, the
 * Ofcom drama phone ranges, reserved e-mail domains, TEST-NETs and a small word list.
 * Ownership: static read-only data and pure functions; nothing allocates, prints or keeps
 * state. Digit arguments are ASCII '0'..'9' the caller has checked. */
#ifndef DP_FAKEDATA_H
#define DP_FAKEDATA_H

#include <stddef.h>

/* The Luhn check digit ('0'..'9') for the payload d[0..len). */
char dp_fk_luhn_digit(const char *d, int len);

/* ISO 7064 MOD 97-10 of an IBAN b[0..len) (country, check digits, BBAN; letters of either
 * case): the remainder of BBAN + country + check digits read as a number. */
unsigned dp_fk_iban_mod97(const char *b, int len);
/* Sets the check digits b[2..3] of b[0..len) so that dp_fk_iban_mod97 gives 1. */
void dp_fk_iban_set_check(char *b, int len);

/* KZ IIN/BIN: the mod-11 check digit (0..9) over d[0..11), -1 when the number is never
 * issued (both weight sets give 10). */
int dp_fk_kz_check(const char *d);

/* RU INN: the check digit (0..9) at position k over d[0..k): k = 9 for a 10-digit INN,
 * k = 10 and k = 11 for a 12-digit one. */
int dp_fk_inn_digit(const char *d, int k);

/* RU SNILS: the check number (0..99) over the 9 digits d[0..9). */
int dp_fk_snils_check(const char *d);

/* One card issuer range: the first plen digits, read as a number, lie in [lo, hi]; lens is
 * a bit mask of allowed lengths (bit L = length L); test is a documented test prefix inside
 * the range (6 digits); brand a lower-case name. */
typedef struct dp_fk_card {
	unsigned lo, hi;
	unsigned char plen;
	unsigned lens;
	const char *test;
	const char *brand;
} dp_fk_card;

extern const dp_fk_card dp_fk_cards[];
extern const size_t dp_fk_ncards;
/* The issuer range of the digits d[0..len), or NULL. */
const dp_fk_card *dp_fk_card_of(const char *d, int len);

/* One IBAN country of the SWIFT registry: total length and BBAN structure as runs of
 * <count><class> (n digits, a upper-case letters, c upper-case letters or digits). */
typedef struct dp_fk_iban {
	char cc[3];
	unsigned char len;
	const char *bban;
} dp_fk_iban;

/* The registry entry of the two upper-case letters at cc, or NULL (no IBAN there). */
const dp_fk_iban *dp_fk_iban_country(const char *cc);

/* An Ofcom drama range: national numbers starting with `from` map to the range whose first
 * 7 digits are `to` (3 free digits follow); groups is how the 10 national digits are
 * written after the trunk 0 ("46": 07700 900123, "244": 020 7946 0123). */
typedef struct dp_fk_gb_range {
	const char *from, *to, *groups;
} dp_fk_gb_range;

extern const dp_fk_gb_range dp_fk_gb_ranges[];
extern const size_t dp_fk_ngb_ranges;
#define DP_FK_GB_FIRST_1 2    /* index of the first "1..." (geographic) range */
#define DP_FK_GB_COUNT_1 13   /* how many of them there are */
#define DP_FK_GB_PERSONAL 17  /* ranges [0, 17) are mobile and geographic; then 0808, 0909, 0306 */

/* example.com, example.org, example.net (RFC 2606) */
extern const char *const dp_fk_domains[3];
/* "192.0.2.", "198.51.100.", "203.0.113." (RFC 5737) */
extern const char *const dp_fk_testnets[3];
/* lower-case ASCII nature words for local parts and reserved host names */
extern const char *const dp_fk_words[];
extern const size_t dp_fk_nwords;

#endif
