/* genvalue_phone.c - phone numbers per country (genvalue.h, dp_gv_phone): a national
 * significant number (NSN) is drawn, from a fictional range where one exists (NANP 555-01xx,
 * the Ofcom drama ranges of fakedata.c), then written in the asked style. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "fakedata.h"
#include "genvalue.h"
#include "genvalue_internal.h"
#include "strout.h"

#define NSN_MAX 16

/* A drawn number: country calling code, NSN and how the NSN's digits group in the
 * international (intl) and national (nat) forms, as run lengths ("334"), or as masks. */
struct ph_num {
	const char *cc;
	char nsn[NSN_MAX];
	int len;
	const char *intl, *nat;   /* or: */
	const char *mask[2];      /* international and national masks, '#' a digit */
};

/* NANP: NXX area code (N 2-9, X 0-8 in the middle, no N11), then 555-0100..0199. */
static void draw_us(dp_rng *r, struct ph_num *p)
{
	p->nsn[0] = (char)('2' + gv_below(r, 8));
	p->nsn[1] = (char)('0' + gv_below(r, 9));
	p->nsn[2] = (char)('0' + gv_below(r, 10));
	if (p->nsn[1] == '1' && p->nsn[2] == '1')
		p->nsn[2] = '2';
	memcpy(p->nsn + 3, "55501", 5);
	gv_digits(r, p->nsn + 8, 2);
	p->cc = "1";
	p->len = 10;
	p->mask[0] = "+1 ###-###-####";
	p->mask[1] = "(###) ###-####";
}

/* Canada: a Canadian area code, then 555-0100..0199. */
static void draw_ca(dp_rng *r, struct ph_num *p)
{
	static const char *const area[] = {
		"204", "226", "236", "250", "289", "306", "343", "403", "416", "418", "437",
		"438", "450", "506", "514", "519", "581", "587", "604", "613", "647", "705",
		"709", "778", "780", "807", "819", "867", "902", "905",
	};

	draw_us(r, p);
	memcpy(p->nsn, area[gv_below(r, sizeof area / sizeof area[0])], 3);
}

/* GB: half the time the mobile drama range, else a geographic one. */
static void draw_gb(dp_rng *r, struct ph_num *p)
{
	unsigned i = gv_below(r, 2) ? 0 : 1 + gv_below(r, DP_FK_GB_PERSONAL - 1);
	const dp_fk_gb_range *g = &dp_fk_gb_ranges[i];

	memcpy(p->nsn, g->to, 7);
	gv_digits(r, p->nsn + 7, 3);
	p->cc = "44";
	p->len = 10;
	p->intl = p->nat = g->groups;
}

/* KZ: mobile operator prefixes 700-708, 747, 771, 775-778; RU: 9xx. */
static void draw_kz_ru(dp_rng *r, struct ph_num *p, int kz)
{
	static const char *const kz_ops[] = {
		"700", "701", "702", "703", "704", "705", "706", "707", "708", "747",
		"771", "775", "776", "777", "778",
	};

	if (kz) {
		memcpy(p->nsn, kz_ops[gv_below(r, sizeof kz_ops / sizeof kz_ops[0])], 3);
	} else {
		p->nsn[0] = '9';
		gv_digits(r, p->nsn + 1, 2);
	}
	gv_digits(r, p->nsn + 3, 7);
	p->cc = "7";
	p->len = 10;
	p->mask[0] = "+7 ### ### ## ##";
	p->mask[1] = "8 (###) ###-##-##";
}

/* DE: mobile prefixes with 8-digit (015x, 0176-0178) or 7-digit subscriber numbers. */
static void draw_de(dp_rng *r, struct ph_num *p)
{
	static const char *const ops[] = {
		"1518", "1528", "1578", "1598", "1768", "1778", "1788",
		"1627", "1637", "1707", "1717", "1727", "1737", "1747", "1757", "1797",
	};
	const char *op = ops[gv_below(r, sizeof ops / sizeof ops[0])];   /* prefix, subscriber digits */
	int sub = op[3] - '0';

	memcpy(p->nsn, op, 3);
	gv_digits(r, p->nsn + 3, sub);
	p->cc = "49";
	p->len = 3 + sub;
	p->intl = p->nat = sub == 8 ? "38" : "37";
}

/* FR: mobile 6 + 8 digits or 73-78 + 7 digits, written in pairs after the first digit. */
static void draw_fr(dp_rng *r, struct ph_num *p)
{
	if (gv_below(r, 2)) {
		p->nsn[0] = '6';
		gv_digits(r, p->nsn + 1, 8);
	} else {
		p->nsn[0] = '7';
		p->nsn[1] = (char)('3' + gv_below(r, 6));
		gv_digits(r, p->nsn + 2, 7);
	}
	p->cc = "33";
	p->len = 9;
	p->intl = "12222";
}

/* Draws the NSN of country; 0 for an unknown country. */
static int draw(dp_rng *r, const char *country, struct ph_num *p)
{
	memset(p, 0, sizeof *p);
	if (strcasecmp(country, "us") == 0)
		draw_us(r, p);
	else if (strcasecmp(country, "ca") == 0)
		draw_ca(r, p);
	else if (strcasecmp(country, "gb") == 0)
		draw_gb(r, p);
	else if (strcasecmp(country, "kz") == 0 || strcasecmp(country, "ru") == 0)
		draw_kz_ru(r, p, strcasecmp(country, "kz") == 0);
	else if (strcasecmp(country, "de") == 0)
		draw_de(r, p);
	else if (strcasecmp(country, "fr") == 0)
		draw_fr(r, p);
	else
		return 0;
	return 1;
}

/* the NSN in runs of groups ("334") joined by sep */
static void put_groups(dp_sout *o, const struct ph_num *p, const char *groups, char sep)
{
	int at = 0;

	for (const char *g = groups; *g && at < p->len; g++) {
		if (at > 0)
			dp_sout_putc(o, sep);
		dp_sout_put(o, p->nsn + at, (size_t)(*g - '0'));
		at += *g - '0';
	}
}

/* the mask with each '#' the next NSN digit ("(###) ###-####") */
static void put_mask(dp_sout *o, const struct ph_num *p, const char *mask)
{
	int at = 0;

	for (; *mask; mask++)
		dp_sout_putc(o, *mask == '#' && at < p->len ? p->nsn[at++] : *mask);
}

static void put_style(dp_sout *o, const struct ph_num *p, int style)
{
	if (style == 2) {
		dp_sout_putc(o, '+');
		dp_sout_puts(o, p->cc);
		dp_sout_put(o, p->nsn, (size_t)p->len);
	} else if (p->mask[style]) {
		put_mask(o, p, p->mask[style]);
	} else if (style == 1) {
		dp_sout_putc(o, '0');
		put_groups(o, p, p->nat ? p->nat : p->intl, ' ');
	} else {
		dp_sout_putc(o, '+');
		dp_sout_puts(o, p->cc);
		dp_sout_putc(o, ' ');
		put_groups(o, p, p->intl, ' ');
	}
}

size_t dp_gv_phone(dp_rng *r, const char *country, int style, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);
	struct ph_num p;

	if (r == NULL || style < 0 || style > 2 || !draw(r, country ? country : "us", &p))
		return 0;
	put_style(&o, &p, style);
	return dp_sout_end(&o);
}
