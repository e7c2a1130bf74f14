/* surrogate.h - realistic, deterministic surrogate values for anonymization (SPEC section 7,
 * style "surrogate"): a fake of the same kind and shape as an original value, with a valid
 * checksum, from reserved or test ranges where such ranges exist, and names from the locale
 * data packs in the same script and gender.
 * Ownership: dp_sur_new allocates a small object that only points at the caller's packs
 * (not copied, not freed: they must outlive it); dp_sur_free frees the object alone. Every
 * other function writes into the caller's buffer, allocates nothing and keeps no state, so
 * one dp_sur may be used by any number of threads. Nothing prints; nothing fails except by
 * returning 0 (no surrogate for this input, or it does not fit).
 *
 * Determinism: all choices come from BLAKE2b (libsodium crypto_generichash) keyed with the
 * caller's 32-byte seed over ("dp-sur/1", purpose, attempt, round, block), read as integers:
 * the same (seed, attempt, original shape) gives the same bytes on every machine. No global
 * RNG, no clock, no floating point. The caller's seed should be a keyed hash of the entity.
 *
 * Never the original: when a draw equals the original byte for byte, the function redraws
 * internally (the "round" above, up to 8 rounds) and returns 0 if every round equals it. A
 * caller that finds a collision with another entity retries with attempt + 1.
 *
 * What each type gives (dp_sur_value):
 *  email      name-ish local part ("a.smith47", from the en pack's Latin names, else a word
 *             list) in the original's separator style, @ example.com/.org/.net or WORD.example
 *  phone      same country (dp_phone_classify) and the same characters at the same places:
 *             US/CA (NANP): a random area code NXX (no N11) and 555-0100..0199;
 *             GB: the Ofcom drama range of the same kind (07700 900xxx, 020 7946 0xxx,
 *             0113..0191 496 0xxx, 0161 496 0xxx, 028 9018 0xxx, 029 2018 0xxx, 0808 157 0xxx,
 *             0909 879 0xxx, 0306 999 0xxx), else as below;
 *             KZ/RU/DE/FR and others have no reserved fictional ranges: the country code, the
 *             trunk prefix and the first digits of the national number (operator or area code:
 *             3 digits for KZ/RU/DE/GB, 2 for FR; other countries: the first 6 digits of the
 *             international number) are kept
 *             and the subscriber digits are random, so the result may be a real number;
 *             0 when dp_phone_classify does not accept the original
 *  card       same length and grouping, a documented test prefix of the same brand (Visa
 *             400000, Mastercard 555555/222300, Amex 340000/378282, Mir 220000, ...), random
 *             account digits, Luhn check; dp_valid_card accepts it, dp_known_fake_card rarely
 *  iban       same country, length, grouping and letter/digit pattern, random BBAN, mod-97
 *             check digits (national BBAN check digits such as the French RIB key are not kept)
 *  swift_bic  random bank code, same country, location ?0 (a test BIC by ISO 9362), branch
 *             XXX kept, other branches random
 *  kz_iin     a random valid birth date in the century of the original's century/gender digit
 *             (kept), random serial, mod-11 check; kz_bin: random YYMM, type digits kept
 *  ru_inn     10 or 12 digits as the original, region 01..89, check digits
 *  ru_snils   random number above 001-001-998 (where the check applies), mod-101 check
 *  us_ssn     random area 001..899 (not 666), group and serial non-zero, none of the published
 *             samples; no reserved range exists that dp_valid_us_ssn accepts, so the result
 *             can be someone's real SSN
 *  passport   letters stay letters, digits digits, separators and case kept
 *  ipv4       192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24 (host 1..254), the same length
 *             when one of them allows it
 *  ipv6       2001:db8::/32 with the original's groups, "::" and hex case; a form that starts
 *             with "::" or has one group before it becomes 2001:db8::X...
 *  mac        same separators and case, locally administered unicast first octet (x2/x6/xA/xE)
 *  url        same scheme and port, host WORD-N.example (www. kept), user info, path, query and
 *             fragment replaced character by character (letters, digits, %XX; separators
 *             kept); password_in_url the same
 *  date_of_birth  a valid date (1940..2005 for 4-digit years) in the same format: numeric
 *             fields keep their width and order, month names (en, ru, kk) become another month
 *  secrets    aws_access_key (AKIA.. + A-Z2-7), github_token (ghp_, github_pat_), slack_token
 *             (xoxb-, hooks URL), generic_secret (known prefixes such as sk_live_): the prefix
 *             kept, then each letter or digit random of the same class; jwt: a valid JWT of the
 *             same segment lengths ({"alg":"HS256",...} header, {"sub":...} payload); private_key:
 *             the -----BEGIN/END----- and header lines kept, the base64 body random
 *  person, address, custom types: 0 (persons go through dp_sur_name) */
#ifndef DP_SURROGATE_H
#define DP_SURROGATE_H

#include <stddef.h>

#include "datapack.h"

#define DP_SUR_SEED_LEN 32
#define DP_SUR_IN_MAX ((size_t)65536)   /* longer originals get no surrogate */

typedef struct dp_sur dp_sur;

/* Any pack may be NULL: names of that locale are then impossible (dp_sur_name returns 0).
 * Returns NULL when out of memory or libsodium cannot initialise. */
dp_sur *dp_sur_new(const dp_dp_pack *en, const dp_dp_pack *ru, const dp_dp_pack *kk);
void dp_sur_free(dp_sur *s);

/* Writes a surrogate of the same kind as orig[0..n) (type: enum dp_type) to out
 * (NUL-terminated, cap bytes; out must not overlap orig) and returns its length; 0 (and
 * out[0] = '\0' when cap > 0) when this type has no surrogate, orig is not of a shape the
 * type allows, or the result does not fit. s may be NULL (e-mails then use the word list). */
size_t dp_sur_value(const dp_sur *s, int type, const char *orig, size_t n,
                    const unsigned char seed[DP_SUR_SEED_LEN], unsigned attempt,
                    char *out, size_t cap);

/* A reserved domain "WORD-N.example" (RFC 2606/6761) for the caller's domain mapping. */
size_t dp_sur_domain(const unsigned char seed[DP_SUR_SEED_LEN], unsigned attempt,
                     char *out, size_t cap);

enum dp_sur_part { DP_SUR_FIRST, DP_SUR_SURNAME, DP_SUR_PATRONYMIC };
enum dp_sur_script { DP_SUR_LATIN, DP_SUR_CYRILLIC };

/* A first name, surname (gendered form) or patronymic of the given gender from the pack of
 * locale ("en", "ru", "kk"), picked by weight; Cyrillic from the pack's own column, Latin from
 * its Latin column. 0 when the pack is missing, the list is empty (en has no patronymics),
 * Cyrillic is asked of en, or it does not fit. */
size_t dp_sur_name(const dp_sur *s, enum dp_sur_part part, int female, const char *locale,
                   enum dp_sur_script script, const unsigned char seed[DP_SUR_SEED_LEN],
                   unsigned attempt, char *out, size_t cap);

/* Gives sur_lemma the case ending that orig_form has over orig_lemma (Russian: Петрову /
 * Петров + Смирнов -> Смирнову, Петровой / Петрова + Смирнова -> Смирновой, hard and soft
 * stems (Ивану / Иван + Сергей -> Сергею); Kazakh, Cyrillic or Latin: the case suffix is
 * rebuilt for the new stem with vowel harmony and the final sound: Айгүлге / Айгүл + Дана ->
 * Данаға). Best effort: writes sur_lemma unchanged when the ending is not understood.
 * Returns the length written (NUL-terminated) or 0 when it does not fit. */
size_t dp_sur_inflect_like(const char *orig_form, size_t of_len, const char *orig_lemma,
                           size_t ol_len, const char *sur_lemma, size_t sl_len,
                           char *out, size_t cap);

#endif
