/* genvalue.c - value generators (genvalue.h): cards, IBANs, KZ IIN/BIN, RU INN/SNILS,
 * pattern ids, UUIDs and TEST-NET addresses. Phones are in genvalue_phone.c, e-mails and
 * usernames in genvalue_text.c, dates in genvalue_date.c. The number rules (check digits,
 * test prefixes, IBAN registry) are fakedata.c's, shared with the validators and the
 * anonymizer's surrogates. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "fakedata.h"
#include "genvalue.h"
#include "genvalue_internal.h"
#include "strout.h"
#include "validate.h"

#define GV_TRIES 64     /* redraws of a serial whose check digit does not exist */
#define CARD_MAX 19
#define IBAN_MAX 34

/* ---- cards ----------------------------------------------------------------------------- */

/* the ranges of brand in fakedata's table, picked uniformly; NULL for an unknown brand */
static const dp_fk_card *card_pick(dp_rng *r, const char *brand)
{
	const dp_fk_card *match[8];
	unsigned k = 0;

	for (size_t i = 0; i < dp_fk_ncards && k < 8; i++) {
		if (strcasecmp(dp_fk_cards[i].brand, brand) == 0)
			match[k++] = &dp_fk_cards[i];
	}
	return k ? match[gv_below(r, k)] : NULL;
}

/* NULL brand: visa 45%, mastercard 35%, mir 12%, amex 8% */
static const char *card_mix(dp_rng *r)
{
	unsigned p = gv_below(r, 100);

	return p < 45 ? "visa" : p < 80 ? "mastercard" : p < 92 ? "mir" : "amex";
}

/* digits d[0..len) in groups of 4 (15 digits: 4-6-5) */
static void card_put(dp_sout *o, const char *d, int len, int grouped)
{
	for (int i = 0; i < len; i++) {
		int gap = len == 15 ? (i == 4 || i == 10) : (i > 0 && i % 4 == 0);

		if (grouped && gap)
			dp_sout_putc(o, ' ');
		dp_sout_putc(o, d[i]);
	}
}

size_t dp_gv_card(dp_rng *r, const char *brand, int grouped, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);
	char d[CARD_MAX + 1];

	if (r == NULL)
		return 0;
	const dp_fk_card *b = card_pick(r, brand ? brand : card_mix(r));
	if (b == NULL)
		return 0;
	int len = (b->lens & (1u << 16)) ? 16 : 15;
	size_t tl = strlen(b->test);
	memcpy(d, b->test, tl);
	gv_digits(r, d + tl, len - 1 - (int)tl);
	d[len - 1] = dp_fk_luhn_digit(d, len - 1);
	card_put(&o, d, len, grouped);
	return dp_sout_end(&o);
}

/* ---- IBAN ------------------------------------------------------------------------------ */

/* b[0..len) reduced mod 97 as a decimal number (digits only) */
static unsigned dec_mod97(const char *b, int len)
{
	unsigned rem = 0;

	for (int i = 0; i < len; i++)
		rem = (rem * 10u + (unsigned)(b[i] - '0')) % 97u;
	return rem;
}

/* The French RIB key of the all-digit BBAN "bank(5) branch(5) account(11) key(2)":
 * 97 - (89 bank + 15 branch + 3 account) mod 97. */
static void rib_key(char *bban)
{
	unsigned s = 89u * dec_mod97(bban, 5) + 15u * dec_mod97(bban + 5, 5) +
	             3u * dec_mod97(bban + 10, 11);

	gv_setnum(bban + 21, 2, 97u - s % 97u);
}

/* Fills the BBAN b[0..) after the structure fmt ("4a14n"); returns its length. */
static int bban_fill(dp_rng *r, const char *fmt, char *b)
{
	int pos = 0;

	while (*fmt) {
		int count = 0;

		while (*fmt >= '0' && *fmt <= '9')
			count = count * 10 + (*fmt++ - '0');
		char cls = *fmt++;
		for (int i = 0; i < count && pos < IBAN_MAX; i++, pos++)
			b[pos] = cls == 'a' ? (char)('A' + gv_below(r, 26)) : (char)('0' + gv_below(r, 10));
	}
	return pos;
}

size_t dp_gv_iban(dp_rng *r, const char *cc, int grouped, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);
	char b[IBAN_MAX + 4], up[3] = "KZ";

	if (r == NULL || (cc && strlen(cc) != 2))
		return 0;
	for (int i = 0; cc && i < 2; i++)
		up[i] = (char)((cc[i] >= 'a' && cc[i] <= 'z') ? cc[i] - 'a' + 'A' : cc[i]);
	const dp_fk_iban *c = dp_fk_iban_country(up);
	if (c == NULL)
		return 0;
	memcpy(b, up, 2);
	int len = 4 + bban_fill(r, c->bban, b + 4);
	if (len != c->len)
		return 0;
	if (strcmp(c->bban, "10n11c2n") == 0)   /* FR, MC: all digits here, so the key applies */
		rib_key(b + 4);
	dp_fk_iban_set_check(b, len);
	for (int i = 0; i < len; i++) {
		if (grouped && i > 0 && i % 4 == 0)
			dp_sout_putc(&o, ' ');
		dp_sout_putc(&o, b[i]);
	}
	return dp_sout_end(&o);
}

/* ---- Kazakhstan IIN / BIN -------------------------------------------------------------- */

/* Draws d[from..11) until the mod-11 check exists, then sets d[11]; 0 after GV_TRIES. */
static int kz_finish(dp_rng *r, char *d, int from)
{
	for (int t = 0; t < GV_TRIES; t++) {
		gv_digits(r, d + from, 11 - from);
		int c = dp_fk_kz_check(d);

		if (c >= 0) {
			d[11] = (char)('0' + c);
			return 1;
		}
	}
	return 0;
}

static size_t put_digits(const char *d, int n, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);

	dp_sout_put(&o, d, (size_t)n);
	return dp_sout_end(&o);
}

size_t dp_gv_kz_iin(dp_rng *r, int year, int month, int day, int female, char *out,
                    size_t cap)
{
	char d[13];

	if (cap > 0 && out)
		out[0] = '\0';
	if (r == NULL)
		return 0;
	if (year == 0) {
		int32_t lo = dp_gv_days_from_civil(1940, 1, 1), hi = dp_gv_days_from_civil(2007, 12, 31);

		dp_gv_civil_from_days((int32_t)dp_rng_range(r, lo, hi), &year, &month, &day);
	} else if (year < 1800 || year > 2099 || !dp_valid_date(year, month, day)) {
		return 0;
	}
	if (female < 0)
		female = (int)gv_below(r, 2);
	gv_setnum(d, 2, (unsigned)(year % 100));
	gv_setnum(d + 2, 2, (unsigned)month);
	gv_setnum(d + 4, 2, (unsigned)day);
	d[6] = (char)('1' + (year - 1800) / 100 * 2 + (female != 0));
	if (!kz_finish(r, d, 7))
		return 0;
	return put_digits(d, 12, out, cap);
}

size_t dp_gv_kz_bin(dp_rng *r, char *out, size_t cap)
{
	char d[13];

	if (cap > 0 && out)
		out[0] = '\0';
	if (r == NULL)
		return 0;
	gv_setnum(d, 2, (95u + gv_below(r, 30)) % 100u);
	gv_setnum(d + 2, 2, 1u + gv_below(r, 12));
	d[4] = (char)('4' + gv_below(r, 3));
	d[5] = (char)('0' + gv_below(r, 4));
	if (!kz_finish(r, d, 6))
		return 0;
	return put_digits(d, 12, out, cap);
}

/* ---- Russia INN / SNILS ------------------------------------------------------------------ */

size_t dp_gv_ru_inn(dp_rng *r, int digits, char *out, size_t cap)
{
	char d[13];

	if (cap > 0 && out)
		out[0] = '\0';
	if (r == NULL || (digits != 10 && digits != 12))
		return 0;
	gv_setnum(d, 2, 1u + gv_below(r, 89));
	gv_digits(r, d + 2, digits == 10 ? 7 : 8);
	for (int k = digits == 10 ? 9 : 10; k < digits; k++)
		d[k] = (char)('0' + dp_fk_inn_digit(d, k));
	return put_digits(d, digits, out, cap);
}

size_t dp_gv_ru_snils(dp_rng *r, int formatted, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);
	char d[12];

	if (r == NULL)
		return 0;
	gv_setnum(d, 9, 1002000u + gv_below(r, 999999999u - 1002000u + 1u));
	gv_setnum(d + 9, 2, (unsigned)dp_fk_snils_check(d));
	for (int i = 0; i < 11; i++) {
		if (formatted && (i == 3 || i == 6 || i == 9))
			dp_sout_putc(&o, i == 9 ? ' ' : '-');
		dp_sout_putc(&o, d[i]);
	}
	return dp_sout_end(&o);
}

/* ---- patterns, UUIDs, addresses ---------------------------------------------------------- */

static char pattern_char(dp_rng *r, char c)
{
	static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	switch (c) {
	case '#': return (char)('0' + gv_below(r, 10));
	case '?': return (char)('A' + gv_below(r, 26));
	case '@': return (char)('a' + gv_below(r, 26));
	case '*': return alnum[gv_below(r, 36)];
	default: return c;
	}
}

size_t dp_gv_pattern(dp_rng *r, const char *pattern, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);

	if (r == NULL || pattern == NULL)
		return 0;
	for (const char *p = pattern; *p && !o.full; p++) {
		if (*p == '\\' && p[1])
			dp_sout_putc(&o, *++p);
		else
			dp_sout_putc(&o, pattern_char(r, *p));
	}
	return dp_sout_end(&o);
}

size_t dp_gv_uuid(dp_rng *r, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);
	unsigned char b[16];

	if (r == NULL)
		return 0;
	for (int w = 0; w < 2; w++) {
		uint64_t v = dp_rng_next(r);

		for (int i = 0; i < 8; i++)
			b[w * 8 + i] = (unsigned char)(v >> (56 - 8 * i));
	}
	b[6] = (unsigned char)((b[6] & 0x0fu) | 0x40u);   /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3fu) | 0x80u);   /* variant 10xx */
	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			dp_sout_putc(&o, '-');
		dp_sout_putc(&o, "0123456789abcdef"[b[i] >> 4]);
		dp_sout_putc(&o, "0123456789abcdef"[b[i] & 15u]);
	}
	return dp_sout_end(&o);
}

size_t dp_gv_ipv4(dp_rng *r, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);

	if (r == NULL)
		return 0;
	dp_sout_puts(&o, dp_fk_testnets[gv_below(r, 3)]);
	dp_sout_putu(&o, 1u + gv_below(r, 254), 0);
	return dp_sout_end(&o);
}
