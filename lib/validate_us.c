/* lib/validate_us.c - US Social Security Numbers: shape, SSA invalid ranges, published samples. */
#include "config.h"

#include <string.h>

#include "validate.h"

/* Copies the 9 digits of "AAA-GG-SSSS", "AAA GG SSSS" or "AAAGGSSSS" to d (NUL-terminated).
 * Both separators must be the same character; anything else fails. */
static int ssn_digits(const char *s, size_t n, char *d)
{
	size_t k = 0;
	char sep = 0;
	if (s == NULL || (n != 9 && n != 11))
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (n == 11 && (i == 3 || i == 6)) {
			if ((c != '-' && c != ' ') || (sep && c != sep))
				return 0;
			sep = c;
		} else if (c >= '0' && c <= '9') {
			d[k++] = c;
		} else {
			return 0;
		}
	}
	d[k] = '\0';
	return k == 9;
}

static int ssn_num(const char *d, int len)
{
	int v = 0;
	for (int i = 0; i < len; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

static int ssn_all_same(const char *d)
{
	for (int i = 1; i < 9; i++) {
		if (d[i] != d[0])
			return 0;
	}
	return 1;
}

/* Rejects area 000, 666 and 900-999 (ITIN and advertising blocks), group 00, serial 0000,
 * all-same digits and the sequences 123456789 / 98765432x. */
int dp_valid_us_ssn(const char *s, size_t n)
{
	char d[10];
	if (!ssn_digits(s, n, d))
		return 0;
	int area = ssn_num(d, 3);
	if (area == 0 || area == 666 || area >= 900)
		return 0;
	if (ssn_num(d + 3, 2) == 0 || ssn_num(d + 5, 4) == 0)
		return 0;
	if (ssn_all_same(d) || strcmp(d, "123456789") == 0 || strncmp(d, "98765432", 8) == 0)
		return 0;
	return 1;
}

int dp_known_fake_us_ssn(const char *s, size_t n)
{
	static const char *const fakes[] = {"078051120", "219099999", "457555462"};
	char d[10];
	if (!ssn_digits(s, n, d))
		return 0;
	for (size_t i = 0; i < sizeof fakes / sizeof fakes[0]; i++) {
		if (strcmp(d, fakes[i]) == 0)
			return 1;
	}
	return 0;
}
