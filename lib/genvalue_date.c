/* genvalue_date.c - calendar arithmetic for generated dates (genvalue.h): day numbers since
 * 1970-01-01 in the proleptic Gregorian calendar (Howard Hinnant, "chrono-Compatible
 * Low-Level Date Algorithms"), ISO date and offset parsing, and formats in en, ru and kk. */
#include "config.h"

#include <string.h>

#include "genvalue.h"
#include "strout.h"

int32_t dp_gv_days_from_civil(int y, int m, int d)
{
	int64_t yy = (int64_t)y - (m <= 2);
	int64_t era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return (int32_t)(era * 146097 + doe - 719468);
}

void dp_gv_civil_from_days(int32_t days, int *y, int *m, int *d)
{
	int64_t z = (int64_t)days + 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;

	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
	static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap);
}

/* n ASCII digits at s as a number, -1 when one is not a digit */
static int num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int dp_gv_parse_date(const char *s, int32_t *days)
{
	if (s == NULL || days == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = num(s, 4), m = num(s + 5, 2), d = num(s + 8, 2);
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
		return -1;
	*days = dp_gv_days_from_civil(y, m, d);
	return 0;
}

int dp_gv_parse_offset(const char *s, int32_t *days)
{
	int sign = 1, k = 0;
	int32_t v = 0, unit = 1;

	if (s == NULL || days == NULL)
		return -1;
	if (*s == '+' || *s == '-')
		sign = *s++ == '-' ? -1 : 1;
	for (; *s >= '0' && *s <= '9'; s++, k++) {
		if (k == 6)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (k == 0)
		return -1;
	if (*s) {   /* a unit: the last byte */
		if (strchr("dwmy", *s) == NULL || s[1] != '\0')
			return -1;
		unit = *s == 'd' ? 1 : *s == 'w' ? 7 : *s == 'm' ? 30 : 365;
	}
	*days = sign * v * unit;
	return 0;
}

static const char *const months_en[12] = {
	"January", "February", "March", "April", "May", "June", "July", "August", "September",
	"October", "November", "December",
};
static const char *const months_ru_gen[12] = {   /* genitive: "14 марта" */
	"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
	"октября", "ноября", "декабря",
};
static const char *const months_kk[12] = {
	"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
	"қазан", "қараша", "желтоқсан",
};

/* the "long" form in locale; 0 for an unknown locale */
static int put_long(dp_sout *o, const char *locale, int y, int m, int d)
{
	if (locale == NULL || strcmp(locale, "en") == 0) {
		dp_sout_puts(o, months_en[m - 1]);
		dp_sout_putc(o, ' ');
		dp_sout_putu(o, (unsigned)d, 0);
		dp_sout_puts(o, ", ");
		dp_sout_putu(o, (unsigned)y, 4);
	} else if (strcmp(locale, "ru") == 0) {
		dp_sout_putu(o, (unsigned)d, 0);
		dp_sout_putc(o, ' ');
		dp_sout_puts(o, months_ru_gen[m - 1]);
		dp_sout_putc(o, ' ');
		dp_sout_putu(o, (unsigned)y, 4);
		dp_sout_puts(o, " г.");
	} else if (strcmp(locale, "kk") == 0) {
		dp_sout_putu(o, (unsigned)y, 4);
		dp_sout_puts(o, " жылғы ");
		dp_sout_putu(o, (unsigned)d, 0);
		dp_sout_putc(o, ' ');
		dp_sout_puts(o, months_kk[m - 1]);
	} else {
		return 0;
	}
	return 1;
}

/* three numbers a sep b sep c with widths wa, wb, wc */
static void put3(dp_sout *o, int a, int wa, int b, int wb, int c, int wc, char sep)
{
	dp_sout_putu(o, (unsigned)a, wa);
	dp_sout_putc(o, sep);
	dp_sout_putu(o, (unsigned)b, wb);
	dp_sout_putc(o, sep);
	dp_sout_putu(o, (unsigned)c, wc);
}

size_t dp_gv_date_format(int32_t days, const char *fmt, const char *locale, char *out,
                         size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);
	int y, m, d;

	dp_gv_civil_from_days(days, &y, &m, &d);
	if (y < 0 || y > 9999)
		return 0;
	if (fmt == NULL || strcmp(fmt, "iso") == 0)
		put3(&o, y, 4, m, 2, d, 2, '-');
	else if (strcmp(fmt, "dmy") == 0)
		put3(&o, d, 2, m, 2, y, 4, '.');
	else if (strcmp(fmt, "mdy") == 0)
		put3(&o, m, 2, d, 2, y, 4, '/');
	else if (strcmp(fmt, "long") != 0 || !put_long(&o, locale, y, m, d))
		return 0;
	return dp_sout_end(&o);
}
