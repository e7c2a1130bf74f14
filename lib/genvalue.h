/* genvalue.h - value generators for doppel-gen (SPEC 6): checksum-valid cards, IBANs, KZ IIN
 * and BIN, RU INN and SNILS, phones per country, pattern ids, UUIDs, TEST-NET addresses,
 * e-mails and usernames from name parts, and the calendar arithmetic of relative dates.
 *
 * Ownership: every function writes into the caller's buffer and the caller's dp_rng (rng.h)
 * and nothing else: no allocation, no global state, no clock, no floating point.
 *
 * Output: a generator writes a NUL-terminated value into out[0..cap) and returns its length
 * (without the NUL), or 0 when the arguments are bad or the value does not fit (then out[0]
 * is '\0' when cap > 0). Draws: every random choice is a dp_rng_below/dp_rng_next of the
 * caller's stream, in an order fixed by this code, so the same stream state gives the same
 * bytes on every machine. FROZEN like rng.h: changing a draw changes every generated
 * dataset (unit tests hold golden values); add new behaviour under new names or arguments.
 *
 * Reserved ranges: cards use documented test prefixes, e-mails the RFC 2606 example
 * domains, IPv4 the RFC 5737 TEST-NETs, US/CA phones 555-0100..0199 and GB phones the Ofcom
 * drama ranges. KZ IIN/BIN, RU INN/SNILS, IBANs and KZ, RU, DE and FR phones have no
 * reserved fictional range: such a value is only checksum- or shape-valid and MAY BE A REAL
 * PERSON'S OR COMPANY'S number or account. */
#ifndef DP_GENVALUE_H
#define DP_GENVALUE_H

#include <stddef.h>
#include <stdint.h>

#include "rng.h"

/* A payment card number, Luhn-valid and accepted by dp_valid_card, from the documented test
 * prefix of its brand (fakedata.c: Visa 400000, Mastercard 555555 or 222300, Amex 340000 or
 * 378282, Mir 220000; also "discover", "jcb", "diners", "unionpay", "maestro"), then random
 * account digits and the check digit. Length 16 (Amex 15). brand NULL: a weighted mix of
 * visa 45%, mastercard 35%, mir 12%, amex 8%. grouped: "4000 0012 3456 7899" (Amex 4-6-5,
 * 19 digits 4-4-4-4-3), else digits only. 0 for an unknown brand. */
size_t dp_gv_card(dp_rng *r, const char *brand, int grouped, char *out, size_t cap);

/* An IBAN of country cc (two letters, either case; NULL: "KZ") that dp_valid_iban accepts:
 * the registry's BBAN structure with random digits for 'n' and 'c' positions and random
 * upper-case letters for 'a' positions, the French/Monaco RIB key made valid, then the
 * mod-97 check digits. grouped: groups of 4 separated by spaces. 0 for a country the IBAN
 * registry lacks (US, CA, ...); RU is in it (33 characters, since 2020) and is generated. */
size_t dp_gv_iban(dp_rng *r, const char *cc, int grouped, char *out, size_t cap);

/* A Kazakh IIN (12 digits) that dp_valid_kz_iin accepts: birth date YYMMDD, century/gender
 * digit (1800s 1/2, 1900s 3/4, 2000s 5/6; odd male, even female), a 4-digit serial and the
 * mod-11 check; a serial whose check comes out 10 twice (never issued) is drawn again.
 * year 0: a uniform random date 1940-01-01..2007-12-31 (month and day ignored); else the
 * date must be a valid date in 1800..2099. female: 0 male, 1 female, -1 drawn 50/50. */
size_t dp_gv_kz_iin(dp_rng *r, int year, int month, int day, int female, char *out,
                    size_t cap);

/* A Kazakh BIN (12 digits) that dp_valid_kz_bin accepts: registration YYMM (1995..2024),
 * type 4/5/6, kind 0..3, a 5-digit serial and the mod-11 check (redrawn as for the IIN). */
size_t dp_gv_kz_bin(dp_rng *r, char *out, size_t cap);

/* A Russian INN that dp_valid_ru_inn accepts: digits 10 (company) or 12 (person); region
 * 01..89, random digits, check digit(s). 0 for another digit count. */
size_t dp_gv_ru_inn(dp_rng *r, int digits, char *out, size_t cap);

/* A Russian SNILS above 001-001-998 (where the check applies) with its mod-101 check, that
 * dp_valid_ru_snils accepts: formatted "123-456-789 01", else 11 digits. */
size_t dp_gv_ru_snils(dp_rng *r, int formatted, char *out, size_t cap);

/* A phone number of country "us", "ca", "gb", "kz", "ru", "de", "fr" (either case; NULL:
 * "us") in style 0 (international: "+1 212-555-0134", "+44 7700 900123", "+7 701 234 56 78",
 * "+49 151 23456789", "+33 6 12 34 56 78"), 1 (national: "(212) 555-0134", "07700 900123",
 * "8 (701) 234-56-78", "0151 23456789", "06 12 34 56 78") or 2 (E.164: "+77012345678").
 * dp_phone_classify gives every style the country ("US" for us and ca).
 *  us/ca  a random area code (NXX, N 2-9, X 0-8 in the middle, no N11; ca: a Canadian area
 *         code) and 555-0100..0199, reserved for fiction: dp_known_fake_phone accepts it;
 *  gb     an Ofcom drama range: half 07700 900xxx, half a geographic one (020 7946 0xxx,
 *         0113..0191 496 0xxx, 01632 960xxx, 028 9018 0xxx, 029 2018 0xxx): reserved;
 *  kz     mobile 700-708, 747, 771, 775-778 + 7 random digits: NOT reserved;
 *  ru     mobile 9xx + 7 random digits: NOT reserved;
 *  de     mobile 015x (8-digit subscriber) / 016x, 017x: NOT reserved;
 *  fr     mobile 06 or 073-078 + random digits: NOT reserved.
 * NOT reserved: no fictional range is documented there, so the number may be someone's
 * real number. 0 for an unknown country or style. */
size_t dp_gv_phone(dp_rng *r, const char *country, int style, char *out, size_t cap);

/* An id from a pattern: '#' a digit, '?' an upper-case letter A-Z, '@' a lower-case letter
 * a-z, '*' an upper-case letter or digit (36 choices), '\' makes the next byte literal (a
 * trailing '\' is copied), every other byte copied as is (UTF-8 passes through). */
size_t dp_gv_pattern(dp_rng *r, const char *pattern, char *out, size_t cap);

/* A UUID in the RFC 4122 version-4 layout ("xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx",
 * lower-case hex) from two 64-bit draws, written big-endian. */
size_t dp_gv_uuid(dp_rng *r, char *out, size_t cap);

/* An IPv4 address in 192.0.2.0/24, 198.51.100.0/24 or 203.0.113.0/24, host 1..254. */
size_t dp_gv_ipv4(dp_rng *r, char *out, size_t cap);

/* An e-mail address at example.com, example.org or example.net. Name parts (UTF-8, already
 * in Latin script) are lower-cased, characters outside [a-z0-9] dropped and each cut to 24
 * bytes; the local part is one of first.last, f.last, firstlast, first_last, last.first,
 * or first (first: 1-2 digits appended half the time; the others a quarter of the time).
 * With one usable part, that part (plus 1-2 digits half the time); with none (NULL or
 * nothing left), word.word or word + 2 digits from a built-in word list. */
size_t dp_gv_email(dp_rng *r, const char *first_lat, const char *last_lat, char *out,
                   size_t cap);

/* A username from the same name parts: one of ipetrov, ivan.petrov, petrov_ivan,
 * ivan_petrov, ivanp, ivanpetrov, with 1-2 digits appended a third of the time
 * ("ivan.petrov7"); the fallbacks as for dp_gv_email. */
size_t dp_gv_username(dp_rng *r, const char *first_lat, const char *last_lat, char *out,
                      size_t cap);

/* ---- dates: days since 1970-01-01, proleptic Gregorian (Howard Hinnant's algorithms) ---- */

/* The day number of y-m-d (no validation; any y in about +-5.8 million years). */
int32_t dp_gv_days_from_civil(int y, int m, int d);
/* The date of a day number. */
void dp_gv_civil_from_days(int32_t days, int *y, int *m, int *d);
/* "YYYY-MM-DD" (exactly, a real date, years 0001..9999) -> *days; 0 ok, -1 bad. */
int dp_gv_parse_date(const char *s, int32_t *days);
/* An offset "[+|-]N[d|w|m|y]" (N up to 6 digits; no unit: days; "0" is 0) in days: d days,
 * w 7 days, m 30 days, y 365 days (calendar months and years are not used: offsets are
 * spans, not dates). 0 ok, -1 bad. */
int dp_gv_parse_offset(const char *s, int32_t *days);
/* Formats a day number: fmt "iso" (2026-03-14; NULL too), "dmy" (14.03.2026), "mdy"
 * (03/14/2026) or "long" in locale "en" (NULL too) "March 14, 2026", "ru"
 * "14 марта 2026 г.", "kk" "2026 жылғы 14 наурыз". 0 for another fmt or locale, or a year
 * outside 0..9999. */
size_t dp_gv_date_format(int32_t days, const char *fmt, const char *locale, char *out,
                         size_t cap);

#endif
