/* genvalue_text.c - e-mail addresses and usernames from Latin name parts (genvalue.h):
 * one local-part builder, styles picked per function, reserved example.* domains. */
#include "config.h"

#include <string.h>

#include "fakedata.h"
#include "genvalue.h"
#include "genvalue_internal.h"
#include "strout.h"

#define PART_MAX 24   /* bytes kept of a name part */

enum lp_style { LP_FIRST_DOT_LAST, LP_F_LAST, LP_FIRSTLAST, LP_FIRST_US_LAST, LP_LAST_DOT_FIRST,
                LP_FIRST, LP_LAST_US_FIRST, LP_FIRST_L };

/* the name part lower-cased, [a-z0-9] only, at most PART_MAX bytes (NUL-terminated) */
static void norm_part(const char *s, char *out)
{
	size_t k = 0;

	for (; s && *s && k < PART_MAX; s++) {
		char c = *s;

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			out[k++] = c;
	}
	out[k] = '\0';
}

/* 1-2 random digits ("7", "42") */
static void put_digits12(dp_sout *o, dp_rng *r)
{
	if (gv_below(r, 2))
		dp_sout_putu(o, gv_below(r, 10), 0);
	else
		dp_sout_putu(o, 10u + gv_below(r, 90), 0);
}

/* a local part without names: word.word or word + 2 digits */
static void put_words(dp_sout *o, dp_rng *r)
{
	dp_sout_puts(o, dp_fk_words[gv_below(r, (unsigned)dp_fk_nwords)]);
	if (gv_below(r, 2)) {
		dp_sout_putc(o, '.');
		dp_sout_puts(o, dp_fk_words[gv_below(r, (unsigned)dp_fk_nwords)]);
	} else {
		dp_sout_putu(o, 10u + gv_below(r, 90), 0);
	}
}

static void put_style(dp_sout *o, enum lp_style st, const char *f, const char *l)
{
	switch (st) {
	case LP_FIRST_DOT_LAST: case LP_FIRST_US_LAST: case LP_FIRSTLAST:
		dp_sout_puts(o, f);
		if (st != LP_FIRSTLAST)
			dp_sout_putc(o, st == LP_FIRST_DOT_LAST ? '.' : '_');
		dp_sout_puts(o, l);
		break;
	case LP_F_LAST: dp_sout_putc(o, f[0]); dp_sout_puts(o, l); break;
	case LP_LAST_DOT_FIRST: case LP_LAST_US_FIRST:
		dp_sout_puts(o, l);
		dp_sout_putc(o, st == LP_LAST_DOT_FIRST ? '.' : '_');
		dp_sout_puts(o, f);
		break;
	case LP_FIRST: dp_sout_puts(o, f); break;
	case LP_FIRST_L: dp_sout_puts(o, f); dp_sout_putc(o, l[0]); break;
	}
}

/* The local part: a style of styles[0..ns) with digits 1 in digit_in (or always-half for
 * LP_FIRST and single parts), or the word fallback. */
static void put_local(dp_sout *o, dp_rng *r, const char *first, const char *last,
                      const enum lp_style *styles, unsigned ns, unsigned digit_in)
{
	char f[PART_MAX + 1], l[PART_MAX + 1];

	norm_part(first, f);
	norm_part(last, l);
	if (!f[0] && !l[0]) {
		put_words(o, r);
		return;
	}
	if (!f[0] || !l[0]) {
		dp_sout_puts(o, f[0] ? f : l);
		digit_in = 2;
	} else {
		enum lp_style st = styles[gv_below(r, ns)];

		put_style(o, st, f, l);
		if (st == LP_FIRST)
			digit_in = 2;
	}
	if (gv_below(r, digit_in) == 0)
		put_digits12(o, r);
}

/* the local part, then "@" and a reserved domain when at_domain */
static size_t local_value(dp_rng *r, const char *first, const char *last,
                          const enum lp_style *styles, unsigned ns, unsigned digit_in,
                          int at_domain, char *out, size_t cap)
{
	dp_sout o = dp_sout_at(out, cap);

	if (r == NULL)
		return 0;
	put_local(&o, r, first, last, styles, ns, digit_in);
	if (at_domain) {
		dp_sout_putc(&o, '@');
		dp_sout_puts(&o, dp_fk_domains[gv_below(r, 3)]);
	}
	return dp_sout_end(&o);
}

size_t dp_gv_email(dp_rng *r, const char *first_lat, const char *last_lat, char *out,
                   size_t cap)
{
	static const enum lp_style styles[] = {
		LP_FIRST_DOT_LAST, LP_F_LAST, LP_FIRSTLAST, LP_FIRST_US_LAST, LP_LAST_DOT_FIRST, LP_FIRST,
	};

	return local_value(r, first_lat, last_lat, styles, sizeof styles / sizeof styles[0], 4, 1,
	                   out, cap);
}

size_t dp_gv_username(dp_rng *r, const char *first_lat, const char *last_lat, char *out,
                      size_t cap)
{
	static const enum lp_style styles[] = {
		LP_F_LAST, LP_FIRST_DOT_LAST, LP_LAST_US_FIRST, LP_FIRST_US_LAST, LP_FIRST_L, LP_FIRSTLAST,
	};

	return local_value(r, first_lat, last_lat, styles, sizeof styles / sizeof styles[0], 3, 0,
	                   out, cap);
}
