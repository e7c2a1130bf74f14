/* lib/validate_kz.c - Kazakhstan IIN (individuals) and BIN (legal entities): 12 digits, mod-11. */
#include "config.h"

#include "fakedata.h"
#include "validate.h"

#define KZ_LEN 12

/* 1 when s[0..n) is exactly 12 ASCII digits (no separators: IIN/BIN are written solid). */
static int kz_digits(const char *s, size_t n)
{
	if (s == NULL || n != KZ_LEN)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

static int kz_num(const char *s, int len)
{
	int v = 0;
	for (int i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int dp_valid_kz_iin(const char *s, size_t n)
{
	if (!kz_digits(s, n))
		return 0;
	int cent = s[6] - '0'; /* 1/2: 1800s, 3/4: 1900s, 5/6: 2000s; odd male, even female */
	if (cent < 1 || cent > 6)
		return 0;
	int year = 1800 + (cent - 1) / 2 * 100 + kz_num(s, 2);
	if (!dp_valid_date(year, kz_num(s + 2, 2), kz_num(s + 4, 2)))
		return 0;
	return dp_fk_kz_check(s) == s[11] - '0';
}

int dp_valid_kz_bin(const char *s, size_t n)
{
	if (!kz_digits(s, n))
		return 0;
	int month = kz_num(s + 2, 2);
	if (month < 1 || month > 12)
		return 0;
	if (s[4] < '4' || s[4] > '6') /* 4 resident, 5 non-resident, 6 joint entrepreneurship */
		return 0;
	if (s[5] > '3') /* 0 head office, 1 branch, 2 representative office, 3 peasant farm */
		return 0;
	return dp_fk_kz_check(s) == s[11] - '0';
}
