/* lib/validate_card.c - payment card checks: Luhn, issuer prefix/length table, test numbers. */
#include "config.h"

#include <string.h>

#include "validate.h"

#define CARD_MAX 19

/* Copies the digits of s[0..n) to out (at most max), skipping ' ' and '-'.
 * Returns the digit count, or -1 on any other byte or when there are too many digits. */
static int card_digits(const char *s, size_t n, char *out, int max)
{
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ' || c == '-')
			continue;
		if (c < '0' || c > '9' || k >= max)
			return -1;
		out[k++] = c;
	}
	return k;
}

int dp_valid_luhn(const char *s, size_t n)
{
	int sum = 0, alt = 0, count = 0;
	for (size_t i = n; i-- > 0;) {
		char c = s[i];
		if (c == ' ' || c == '-')
			continue;
		if (c < '0' || c > '9')
			return 0;
		int d = c - '0';
		if (alt) {
			d *= 2;
			if (d > 9)
				d -= 9;
		}
		sum += d;
		alt = !alt;
		count++;
	}
	return count >= 2 && sum % 10 == 0;
}

/* One issuer range: the first `plen` digits, read as a number, lie in [lo, hi];
 * `lens` is a bit mask of the allowed total lengths (bit L set = length L). */
struct card_range {
	unsigned lo, hi;
	unsigned char plen;
	unsigned lens;
};

#define LEN(l) (1u << (l))
#define LENS(a, b) (((1u << ((b) + 1)) - 1u) & ~((1u << (a)) - 1u))

static const struct card_range card_ranges[] = {
	{4, 4, 1, LEN(13) | LEN(16) | LEN(19)},       /* Visa */
	{51, 55, 2, LEN(16)},                          /* Mastercard */
	{2221, 2720, 4, LEN(16)},                      /* Mastercard 2-series */
	{34, 34, 2, LEN(15)},                          /* Amex */
	{37, 37, 2, LEN(15)},                          /* Amex */
	{6011, 6011, 4, LENS(16, 19)},                 /* Discover */
	{644, 649, 3, LENS(16, 19)},                   /* Discover */
	{65, 65, 2, LENS(16, 19)},                     /* Discover */
	{3528, 3589, 4, LENS(16, 19)},                 /* JCB */
	{300, 305, 3, LENS(14, 19)},                   /* Diners Club */
	{36, 36, 2, LENS(14, 19)},                     /* Diners Club */
	{38, 39, 2, LENS(14, 19)},                     /* Diners Club */
	{62, 62, 2, LENS(16, 19)},                     /* UnionPay */
	{2200, 2204, 4, LENS(16, 19)},                 /* Mir */
	{50, 50, 2, LENS(12, 19)},                     /* Maestro */
	{56, 69, 2, LENS(12, 19)},                     /* Maestro */
};

static unsigned card_prefix(const char *d, int plen)
{
	unsigned v = 0;
	for (int i = 0; i < plen; i++)
		v = v * 10u + (unsigned)(d[i] - '0');
	return v;
}

static int card_issuer_ok(const char *d, int len)
{
	for (size_t i = 0; i < sizeof card_ranges / sizeof card_ranges[0]; i++) {
		const struct card_range *r = &card_ranges[i];
		if (!(r->lens & LEN(len)))
			continue;
		unsigned p = card_prefix(d, r->plen);
		if (p >= r->lo && p <= r->hi)
			return 1;
	}
	return 0;
}

int dp_valid_card(const char *s, size_t n)
{
	char d[CARD_MAX];
	int len = card_digits(s, n, d, CARD_MAX);
	if (len < 12 || len > CARD_MAX)
		return 0;
	return card_issuer_ok(d, len) && dp_valid_luhn(d, (size_t)len);
}

/* Test numbers published by card networks, payment processors (Stripe, Adyen, Braintree,
 * PayPal, datatrans) and the Presidio/freeformatter test pages. */
static const char *const fake_cards[] = {
	"4111111111111111", "4012888888881881", "4222222222222", "4242424242424242",
	"4000056655665556", "4000002500003155", "4000000000003220", "4000000000009995",
	"4000000000000002", "4917610000000000", "4111111145551142",
	"5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
	"5555341244441115", "2222400070000005", "5454545454545454",
	"378282246310005", "371449635398431", "378734493671000", "370000000000002",
	"6011111111111117", "6011000990139424", "6555900000604105", "6011000400000000",
	"3530111333300000", "3566002020360505", "3566111111111113",
	"30569309025904", "38520000023237", "3056930009020004", "36227206271667",
	"36006666333344", "6200000000000005", "6205500000000000004", "6331101999990016",
	"5019717010103742", "6759649826438453", "6799990100000000019",
	"2200000000000004", "2201382000000013",
};

int dp_known_fake_card(const char *s, size_t n)
{
	char d[CARD_MAX];
	int len = card_digits(s, n, d, CARD_MAX);
	if (len <= 0)
		return 0;
	for (size_t i = 0; i < sizeof fake_cards / sizeof fake_cards[0]; i++) {
		if (strlen(fake_cards[i]) == (size_t)len && memcmp(fake_cards[i], d, (size_t)len) == 0)
			return 1;
	}
	return 0;
}
