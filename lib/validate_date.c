/* lib/validate_date.c - Gregorian calendar dates (leap years), years 1800..2199. */
#include "config.h"

#include "validate.h"

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int dp_valid_date(int y, int m, int d)
{
	static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1)
		return 0;
	int max = days[m - 1] + (m == 2 && is_leap(y));
	return d <= max;
}
