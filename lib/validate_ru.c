/* lib/validate_ru.c - Russian INN (10/12 digits, weighted mod-11) and SNILS (mod-101). */
#include "config.h"

#include "fakedata.h"
#include "validate.h"

static int all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

/* INN: solid digits only. The region code (first two digits) 00 is rejected. */
int dp_valid_ru_inn(const char *s, size_t n)
{
	if (s == NULL || (n != 10 && n != 12) || !all_digits(s, n))
		return 0;
	if (s[0] == '0' && s[1] == '0')
		return 0;
	for (int k = n == 10 ? 9 : 10; k < (int)n; k++) {
		if (dp_fk_inn_digit(s, k) != s[k] - '0')
			return 0;
	}
	return 1;
}

/* Collects the 11 SNILS digits. Accepted shapes: "XXXXXXXXXXX" or groups 3-3-3-2 where each
 * of the three boundaries holds nothing or exactly one '-' or ' ' ("112-233-445 95",
 * "112 233 445 95", "112-233-445-95"); separators anywhere else are rejected. */
static int snils_digits(const char *s, size_t n, char *d)
{
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c >= '0' && c <= '9') {
			if (k >= 11)
				return 0;
			d[k++] = c;
		} else if (c != '-' && c != ' ') {
			return 0;
		} else if ((k != 3 && k != 6 && k != 9) || i == 0 || s[i - 1] < '0' || s[i - 1] > '9') {
			return 0;
		}
	}
	return k == 11;
}

/* SNILS: weights 9..1 over the 9-digit number; checksum s < 100 -> s, 100/101 -> 00,
 * else s mod 101 (100 -> 00). Numbers up to 001-001-998 were issued before the check
 * existed: they are accepted whatever the last two digits, unless the number is 000-000-000. */
int dp_valid_ru_snils(const char *s, size_t n)
{
	char d[11];
	if (s == NULL || !snils_digits(s, n, d))
		return 0;
	long num = 0;
	for (int i = 0; i < 9; i++)
		num = num * 10 + (d[i] - '0');
	if (num == 0)
		return 0;
	if (num <= 1001998)
		return 1;
	return dp_fk_snils_check(d) == (d[9] - '0') * 10 + (d[10] - '0');
}
