/* validate.h - validators: pure functions over a candidate value that say whether
 * it has a valid shape and checksum. They take (pointer, length) of the raw candidate,
 * ignore the separators each type allows (spaces, dashes, dots, NBSP are not their
 * business: callers pass NFKC-normalised text), allocate nothing and keep no state.
 * Each returns 1 for valid, 0 for invalid. */
#ifndef DP_VALIDATE_H
#define DP_VALIDATE_H

#include <stddef.h>

int dp_valid_luhn(const char *s, size_t n);        /* digits and ' '/'-' only */
int dp_valid_card(const char *s, size_t n);        /* Luhn + issuer prefix + length 12..19 */
int dp_known_fake_card(const char *s, size_t n);   /* documented test card numbers */
int dp_valid_iban(const char *s, size_t n);        /* mod-97 + per-country length, spaces allowed */
int dp_valid_swift_bic(const char *s, size_t n);   /* 8 or 11, ISO 3166 country at 5-6 */
int dp_valid_kz_iin(const char *s, size_t n);      /* 12 digits, birth date, century digit, mod-11 */
int dp_valid_kz_bin(const char *s, size_t n);      /* 12 digits, YYMM, type digit, mod-11 */
int dp_valid_ru_inn(const char *s, size_t n);      /* 10 or 12 digits with check digits */
int dp_valid_ru_snils(const char *s, size_t n);    /* 11 digits, "XXX-XXX-XXX YY" allowed */
int dp_valid_us_ssn(const char *s, size_t n);      /* AAA-GG-SSSS, invalid ranges rejected */
int dp_known_fake_us_ssn(const char *s, size_t n); /* published samples (078-05-1120 ...) */
int dp_valid_ipv4(const char *s, size_t n);        /* dotted quad, octets 0..255, no leading zeros */
int dp_valid_ipv6(const char *s, size_t n);        /* RFC 4291 text forms incl. :: and v4 tail */
int dp_valid_mac(const char *s, size_t n);         /* 6 octets with ':' or '-', or 3x4 with '.' */
int dp_valid_jwt(const char *s, size_t n);         /* header base64url-decodes to JSON with "alg" */
int dp_valid_date(int y, int m, int d);            /* Gregorian calendar date */
double dp_shannon_entropy(const char *s, size_t n);/* bits per byte */

/* Phone numbers: E.164 and national formats. dp_phone_classify parses s[0..n) (digits,
 * '+', spaces, '-', '.', '(' ')') and writes the E.164 form ("+77011234567", NUL-terminated)
 * to e164 (at least 17 bytes). Returns the ISO country ("KZ", "RU", "US", "GB", "DE",
 * "FR", or "" for another valid E.164 country) or NULL when it is not a plausible number. */
const char *dp_phone_classify(const char *s, size_t n, char *e164);
int dp_known_fake_phone(const char *e164);          /* 555-01xx, Ofcom drama ranges */

#endif
