/* lib/validate_card.c - payment card checks: Luhn, issuer prefix/length table, test numbers. */
#include "config.h"

#include <string.h>

#include "fakedata.h"
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

int dp_valid_card(const char *s, size_t n)
{
	char d[CARD_MAX];
	int len = card_digits(s, n, d, CARD_MAX);
	if (len < 12 || len > CARD_MAX)
		return 0;
	return dp_fk_card_of(d, len) != NULL && dp_valid_luhn(d, (size_t)len);
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
