/* template_gen.c - the $generators of doppel-template(5): their names, arguments (checked
 * and pre-parsed at load time) and values (lib/genvalue.c does the checksums and ranges). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "genvalue.h"
#include "template_internal.h"
#include "types.h"

static const tpl_gen_info gens[G_NGEN] = {
	[G_INT] = { "int", 2, 2, V_INT, -1 },
	[G_DECIMAL] = { "decimal", 2, 3, V_NUM, -1 },
	[G_SEQ] = { "seq", 0, 1, V_INT, -1 },
	[G_INDEX] = { "index", 0, 0, V_INT, -1 },
	[G_BOOL] = { "bool", 0, 1, V_BOOL, -1 },
	[G_DATE] = { "date", 2, 3, V_STR, -1 },
	[G_DATETIME] = { "datetime", 2, 2, V_STR, -1 },
	[G_PATTERN] = { "pattern", 1, 1, V_STR, -1 },
	[G_UUID] = { "uuid", 0, 0, V_STR, -1 },
	[G_CARD] = { "card", 0, 1, V_STR, DP_T_CARD },
	[G_IBAN] = { "iban", 0, 1, V_STR, DP_T_IBAN },
	[G_IIN] = { "iin", 0, 1, V_STR, DP_T_KZ_IIN },
	[G_BIN] = { "bin", 0, 0, V_STR, DP_T_KZ_BIN },
	[G_INN] = { "inn", 0, 1, V_STR, DP_T_RU_INN },
	[G_SNILS] = { "snils", 0, 0, V_STR, DP_T_RU_SNILS },
	[G_PHONE] = { "phone", 0, 2, V_STR, DP_T_PHONE },
	[G_EMAIL] = { "email", 0, 0, V_STR, DP_T_EMAIL },
	[G_IPV4] = { "ipv4", 0, 0, V_STR, DP_T_IPV4 },
	[G_PERSON] = { "person", 0, 2, V_PERSON, -1 },
	[G_REF] = { "ref", 1, 1, V_RECORD, -1 },
	[G_LOCALE] = { "locale", 0, 0, V_STR, -1 },
	[G_IF] = { "if", 3, 3, V_STR, -1 },
};

const tpl_gen_info *tpl_gen_get(enum tpl_gen g)
{
	return &gens[g];
}

int tpl_gen_lookup(const char *name, size_t n)
{
	for (int g = 0; g < G_NGEN; g++)
		if (strlen(gens[g].name) == n && !memcmp(gens[g].name, name, n))
			return g;
	return -1;
}

/* A decimal "-12.5" as an integer scaled by 10^digits; -1 when malformed or too large. */
static int parse_scaled(const char *s, int digits, int64_t *v)
{
	int neg = *s == '-', frac = -1;
	int64_t x = 0;

	s += neg || *s == '+';
	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s == '.' && frac < 0) {
			frac = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || x > INT64_MAX / 100 || (frac >= 0 && frac >= digits))
			return -1;
		x = x * 10 + (*s - '0');
		if (frac >= 0)
			frac++;
	}
	for (int i = frac < 0 ? 0 : frac; i < digits; i++) {
		if (x > INT64_MAX / 100)
			return -1;
		x *= 10;
	}
	*v = neg ? -x : x;
	return 0;
}

static int one_of(const char *s, const char *const *set)
{
	for (int i = 0; set[i]; i++)
		if (!strcmp(s, set[i]))
			return i;
	return -1;
}

static int prep_person(tpl_pctx *c, const char *at, tpl_node *nd)
{
	nd->u.gen.iv[0] = -1;
	nd->u.gen.iv[1] = 0;
	for (int i = 0; i < nd->u.gen.nargs; i++) {
		const char *a = nd->u.gen.arg[i];

		if (!strcmp(a, "gender=m") || !strcmp(a, "gender=f"))
			nd->u.gen.iv[0] = a[7] == 'f';
		else if (!strncmp(a, "locale=", 7) && tpl_locale_index(a + 7, strlen(a + 7)))
			nd->u.gen.iv[1] = tpl_locale_index(a + 7, strlen(a + 7));
		else
			return tpl_error(c, at, "$person takes gender=m|f and locale=en|ru|kk, not '%s'", a);
	}
	return 0;
}

static int prep_decimal(tpl_pctx *c, const char *at, tpl_node *nd)
{
	int64_t digits = 2;

	if (nd->u.gen.nargs == 3 && (parse_scaled(nd->u.gen.arg[2], 0, &digits) || digits < 0 || digits > 6))
		return tpl_error(c, at, "$decimal's third argument is the digits after the point, 0..6");
	nd->u.gen.iv[2] = digits;
	if (parse_scaled(nd->u.gen.arg[0], (int)digits, &nd->u.gen.iv[0]) ||
	    parse_scaled(nd->u.gen.arg[1], (int)digits, &nd->u.gen.iv[1]) ||
	    nd->u.gen.iv[0] > nd->u.gen.iv[1])
		return tpl_error(c, at, "$decimal(MIN, MAX[, DIGITS]) needs numbers with MIN <= MAX");
	return 0;
}

static int prep_dates(tpl_pctx *c, const char *at, tpl_node *nd)
{
	static const char *const fmts[] = { "iso", "dmy", "mdy", "long", NULL };
	int32_t a, b;

	if (dp_gv_parse_offset(nd->u.gen.arg[0], &a) || dp_gv_parse_offset(nd->u.gen.arg[1], &b) || a > b)
		return tpl_error(c, at, "$%s(FROM, TO) takes offsets from --ref-date such as -30d, -2y, 0 (FROM <= TO)",
				 gens[nd->u.gen.gen].name);
	nd->u.gen.iv[0] = a;
	nd->u.gen.iv[1] = b;
	if (nd->u.gen.nargs == 3 && one_of(nd->u.gen.arg[2], fmts) < 0)
		return tpl_error(c, at, "$date's format is iso, dmy, mdy or long");
	return 0;
}

static int prep_phone(tpl_pctx *c, const char *at, tpl_node *nd)
{
	static const char *const countries[] = { "us", "gb", "kz", "ru", "de", "fr", NULL };
	static const char *const styles[] = { "intl", "national", "e164", NULL };

	if (nd->u.gen.nargs >= 1 && one_of(nd->u.gen.arg[0], countries) < 0)
		return tpl_error(c, at, "$phone's country is us, gb, kz, ru, de or fr");
	nd->u.gen.iv[1] = nd->u.gen.nargs == 2 ? one_of(nd->u.gen.arg[1], styles) : 0;
	if (nd->u.gen.iv[1] < 0)
		return tpl_error(c, at, "$phone's style is intl, national or e164");
	return 0;
}

static int prep_misc(tpl_pctx *c, const char *at, tpl_node *nd)
{
	static const char *const brands[] = { "visa", "mastercard", "mir", "amex", NULL };
	const char *a = nd->u.gen.nargs ? nd->u.gen.arg[0] : NULL;
	char tmp[64];
	dp_rng r = dp_rng_at(1);

	switch (nd->u.gen.gen) {
	case G_CARD:
		return a && one_of(a, brands) < 0 ? tpl_error(c, at, "$card's brand is visa, mastercard, mir or amex") : 0;
	case G_IBAN:
		return a && !dp_gv_iban(&r, a, 1, tmp, sizeof tmp) ? tpl_error(c, at, "$iban has no country '%s'", a) : 0;
	case G_INN:
		nd->u.gen.iv[0] = a ? atoi(a) : 12;
		return nd->u.gen.iv[0] != 10 && nd->u.gen.iv[0] != 12 ? tpl_error(c, at, "$inn takes 10 or 12 (digits)") : 0;
	case G_PATTERN:
		return !*a ? tpl_error(c, at, "$pattern needs a pattern such as \"TCK-#####\"") : 0;
	default:
		return 0;
	}
}

int tpl_gen_prepare(tpl_pctx *c, const char *at, tpl_node *nd)
{
	const tpl_gen_info *g = &gens[nd->u.gen.gen];
	int n = nd->u.gen.nargs;

	if (n < g->min_args || n > g->max_args)
		return tpl_error(c, at, "$%s takes %d to %d arguments, not %d", g->name, g->min_args, g->max_args, n);
	switch (nd->u.gen.gen) {
	case G_INT:
		if (parse_scaled(nd->u.gen.arg[0], 0, &nd->u.gen.iv[0]) ||
		    parse_scaled(nd->u.gen.arg[1], 0, &nd->u.gen.iv[1]) || nd->u.gen.iv[0] > nd->u.gen.iv[1])
			return tpl_error(c, at, "$int(MIN, MAX) needs integers with MIN <= MAX");
		return 0;
	case G_DECIMAL: return prep_decimal(c, at, nd);
	case G_SEQ:
		nd->u.gen.iv[0] = 1;
		return n && parse_scaled(nd->u.gen.arg[0], 0, &nd->u.gen.iv[0]) ? tpl_error(c, at, "$seq(START) needs an integer") : 0;
	case G_BOOL:
		nd->u.gen.iv[0] = 500000;
		return n && parse_scaled(nd->u.gen.arg[0], 6, &nd->u.gen.iv[0]) | (nd->u.gen.iv[0] < 0) | (nd->u.gen.iv[0] > 1000000)
			? tpl_error(c, at, "$bool(P) needs a probability from 0 to 1") : 0;
	case G_DATE: case G_DATETIME: return prep_dates(c, at, nd);
	case G_PHONE: return prep_phone(c, at, nd);
	case G_PERSON: return prep_person(c, at, nd);
	default: return prep_misc(c, at, nd);
	}
}

/* --- values --------------------------------------------------------------------------- */

static int add_int(dp_tpl_run *r, tpl_out *o, int64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + a % 10);
	while (a /= 10);
	if (v < 0)
		*--p = '-';
	return tpl_add(r, o, p, (size_t)(tmp + sizeof tmp - p));
}

/* v / 10^digits written with exactly `digits` decimals ("-0.05", "12.50"). */
static int add_decimal(dp_tpl_run *r, tpl_out *o, int64_t v, int digits)
{
	char tmp[48], *p = tmp + sizeof tmp;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	for (int i = 0; i < digits; i++, a /= 10)
		*--p = (char)('0' + a % 10);
	if (digits)
		*--p = '.';
	do
		*--p = (char)('0' + a % 10);
	while (a /= 10);
	if (v < 0)
		*--p = '-';
	return tpl_add(r, o, p, (size_t)(tmp + sizeof tmp - p));
}

/* A value from lib/genvalue.c, with its span. */
static int add_typed(dp_tpl_run *r, tpl_out *o, const char *s, size_t n, int type)
{
	size_t start = o->b->len;
	int rc;

	if (n == 0)
		return dp_err_set(r->err, DP_SOFTWARE, "a value generator failed");
	if ((rc = tpl_add(r, o, s, n)) != 0)
		return rc;
	return type >= 0 ? tpl_out_span(r, o, type, start, o->b->len) : 0;
}

static const char *default_country(int loc, int gen)
{
	if (gen == G_IBAN)
		return loc == 1 ? "GB" : "KZ";
	return loc == 1 ? "us" : loc == 2 ? "ru" : "kz";
}

static int gen_dates(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, char *tmp, size_t cap)
{
	int32_t d = r->o.ref_days + (int32_t)dp_rng_range(rng, nd->u.gen.iv[0], nd->u.gen.iv[1]);
	size_t n;

	if (nd->u.gen.gen == G_DATE)
		return (int)dp_gv_date_format(d, nd->u.gen.nargs == 3 ? nd->u.gen.arg[2] : "iso",
					      tpl_locale_name(c->loc), tmp, cap);
	n = dp_gv_date_format(d, "iso", NULL, tmp, cap);
	n += (size_t)snprintf(tmp + n, cap - n, "T%02d:%02d:%02dZ", (int)dp_rng_below(rng, 24),
			      (int)dp_rng_below(rng, 60), (int)dp_rng_below(rng, 60));
	return (int)n;
}

/* $iin or $iin(person): the birth date and gender of the person when named. */
static size_t gen_iin(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, char *tmp, size_t cap)
{
	if (nd->u.gen.nargs == 1) {
		int fi = tpl_field_lookup(&r->t->table[c->table], nd->u.gen.arg[0]);
		const tpl_person *p;
		int y, m, d;

		if (fi < 0 || tpl_field_make(r, c, fi) != 0 || !(p = c->f[fi].person))
			return 0;
		dp_gv_civil_from_days(p->birth, &y, &m, &d);
		return dp_gv_kz_iin(rng, y, m, d, p->female, tmp, cap);
	}
	return dp_gv_kz_iin(rng, 0, 0, 0, (int)dp_rng_below(rng, 2), tmp, cap);
}

/* $email: in a canary record the first one made is the canary. */
static size_t gen_email(dp_tpl_run *r, tpl_ctx *c, dp_rng *rng, char *tmp, size_t cap)
{
	(void)r;
	if (c->canary && !c->canary_used) {
		c->canary_used = 1;
		return (size_t)snprintf(tmp, cap, "%s", c->canary_s);
	}
	return dp_gv_email(rng, NULL, NULL, tmp, cap);
}

static size_t gen_value(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, char *tmp, size_t cap)
{
	const char *a = nd->u.gen.nargs ? nd->u.gen.arg[0] : NULL;

	switch (nd->u.gen.gen) {
	case G_DATE: case G_DATETIME: return (size_t)gen_dates(r, c, nd, rng, tmp, cap);
	case G_PATTERN: return dp_gv_pattern(rng, a, tmp, cap);
	case G_UUID: return dp_gv_uuid(rng, tmp, cap);
	case G_CARD: return dp_gv_card(rng, a, 1, tmp, cap);
	case G_IBAN: return dp_gv_iban(rng, a ? a : default_country(c->loc, G_IBAN), 1, tmp, cap);
	case G_IIN: return gen_iin(r, c, nd, rng, tmp, cap);
	case G_BIN: return dp_gv_kz_bin(rng, tmp, cap);
	case G_INN: return dp_gv_ru_inn(rng, (int)nd->u.gen.iv[0], tmp, cap);
	case G_SNILS: return dp_gv_ru_snils(rng, 1, tmp, cap);
	case G_PHONE:
		return dp_gv_phone(rng, a ? a : default_country(c->loc, G_PHONE), (int)nd->u.gen.iv[1], tmp, cap);
	case G_EMAIL: return gen_email(r, c, rng, tmp, cap);
	case G_IPV4: return dp_gv_ipv4(rng, tmp, cap);
	case G_LOCALE: return (size_t)snprintf(tmp, cap, "%s", tpl_locale_name(c->loc));
	default: return 0;
	}
}

int tpl_gen_eval(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, tpl_out *o)
{
	char tmp[512];
	size_t n;

	switch (nd->u.gen.gen) {
	case G_INT: return add_int(r, o, dp_rng_range(rng, nd->u.gen.iv[0], nd->u.gen.iv[1]));
	case G_DECIMAL:
		return add_decimal(r, o, dp_rng_range(rng, nd->u.gen.iv[0], nd->u.gen.iv[1]), (int)nd->u.gen.iv[2]);
	case G_SEQ: return add_int(r, o, nd->u.gen.iv[0] + (int64_t)c->index);
	case G_INDEX: return add_int(r, o, (int64_t)c->index);
	case G_BOOL:
		return dp_rng_chance(rng, (uint32_t)nd->u.gen.iv[0]) ? tpl_add(r, o, "true", 4) : tpl_add(r, o, "false", 5);
	case G_PERSON: case G_REF: case G_IF:
		return dp_err_set(r->err, DP_SOFTWARE, "generator $%s in the wrong place", gens[nd->u.gen.gen].name);
	default:
		break;
	}
	n = gen_value(r, c, nd, rng, tmp, sizeof tmp);
	if (nd->u.gen.gen == G_LOCALE || nd->u.gen.gen == G_PATTERN || nd->u.gen.gen == G_UUID ||
	    nd->u.gen.gen == G_DATE || nd->u.gen.gen == G_DATETIME)
		return n || nd->u.gen.gen == G_PATTERN ? tpl_add(r, o, tmp, n) : add_typed(r, o, tmp, n, -1);
	return add_typed(r, o, tmp, n, gens[nd->u.gen.gen].pii_type);
}
