/* template_person.c - the $person entity: gender, first name, gendered surname and
 * patronymic from one locale's data pack, their Latin forms from the pack's Latin columns,
 * a birth date, and an e-mail address and user name derived from the Latin name. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "dp_exit.h"
#include "genvalue.h"
#include "template_internal.h"
#include "types.h"

static const struct {
	const char *name;
	enum tpl_vkind kind;
	int type;    /* enum dp_type of the planted value, -1 for none */
} attrs[PA_N] = {
	[PA_FIRST] = { "first", V_STR, DP_T_PERSON },
	[PA_LAST] = { "last", V_STR, DP_T_PERSON },
	[PA_MIDDLE] = { "middle", V_STR, DP_T_PERSON },
	[PA_FULL] = { "full", V_STR, DP_T_PERSON },
	[PA_FORMAL] = { "formal", V_STR, DP_T_PERSON },
	[PA_INITIALS] = { "initials", V_STR, DP_T_PERSON },
	[PA_GENDER] = { "gender", V_STR, -1 },
	[PA_EMAIL] = { "email", V_STR, DP_T_EMAIL },
	[PA_USERNAME] = { "username", V_STR, -1 },
	[PA_BIRTH_DATE] = { "birth_date", V_STR, DP_T_DATE_OF_BIRTH },
	[PA_AGE] = { "age", V_INT, -1 },
	[PA_TITLE] = { "title", V_STR, -1 },
};

int tpl_person_attr(const char *name)
{
	for (int i = 0; i < PA_N; i++)
		if (!strcmp(attrs[i].name, name))
			return i;
	return -1;
}

enum tpl_vkind tpl_person_attr_kind(const char *name)
{
	int a = tpl_person_attr(name);

	return a < 0 ? V_STR : attrs[a].kind;
}

/* Latin letters with diacritics (U+00C0..U+017F) to their ASCII base letter. */
static const char fold_c0[] =
	"aaaaaaaceeeeiiiidnooooo*ouuuuyts"   /* C0..DF */
	"aaaaaaaceeeeiiiidnooooo/ouuuuyty"   /* E0..FF */
	"aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiijjjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"; /* 100..17F */

size_t tpl_ascii_fold(const char *s, char *out, size_t cap)
{
	size_t n = 0;

	while (*s && n + 1 < cap) {
		unsigned char b = (unsigned char)*s;
		long cp = b;
		size_t len = 1;

		if (b >= 0xC0 && b < 0xE0 && (s[1] & 0xC0) == 0x80) {
			cp = ((long)(b & 0x1F) << 6) | (s[1] & 0x3F);
			len = 2;
		} else if (b >= 0x80) {
			while (s[len] && ((unsigned char)s[len] & 0xC0) == 0x80)
				len++;
			cp = -1;
		}
		s += len;
		if (cp >= 0xC0 && cp <= 0x17F)
			cp = fold_c0[cp - 0xC0];
		if (cp >= 'A' && cp <= 'Z')
			cp += 'a' - 'A';
		if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
			out[n++] = (char)cp;
	}
	if (cap)
		out[n] = '\0';
	return n;
}

/* The e-mail address (what 1) or user name (what 2), from the ASCII-folded Latin name,
 * each made once, from a stream of its own. */
static void derive(tpl_person *p, int what)
{
	char f[TPL_NAME_MAX], l[TPL_NAME_MAX];
	dp_rng r = dp_rng_at(dp_rng_mix2(p->drng.s, (uint64_t)what));

	if (p->derived & what)
		return;
	p->derived |= what;
	tpl_ascii_fold(p->first_lat, f, sizeof f);
	tpl_ascii_fold(p->last_lat, l, sizeof l);
	if (what == 1 && !dp_gv_email(&r, f, l, p->email, sizeof p->email))
		dp_gv_email(&r, NULL, NULL, p->email, sizeof p->email);
	if (what == 2 && !dp_gv_username(&r, f, l, p->username, sizeof p->username))
		dp_gv_username(&r, NULL, NULL, p->username, sizeof p->username);
}

int tpl_person_make(dp_tpl_run *r, tpl_ctx *c, const tpl_node *nd, dp_rng *rng, tpl_person *p)
{
	int loc = nd->u.gen.iv[1] ? (int)nd->u.gen.iv[1] : c->loc;
	const dp_dp_pack *pk = r->o.pack[loc - 1];
	const dp_dp_entry *e;

	if (!pk)
		return dp_err_set(r->err, DP_USAGE, "no data pack for locale %s", tpl_locale_name(loc));
	p->loc = loc;
	p->canary = NULL;
	p->derived = 0;
	p->female = nd->u.gen.iv[0] >= 0 ? (int)nd->u.gen.iv[0] : (int)dp_rng_below(rng, 2);
	e = dp_dp_pick(pk, p->female ? DP_DP_FIRST_FEMALE : DP_DP_FIRST_MALE, dp_rng_next(rng));
	p->first = e ? e->form[0] : "";
	p->first_lat = e ? e->latin[0] : "";
	e = dp_dp_pick(pk, DP_DP_SURNAME, dp_rng_next(rng));
	p->last = e ? e->form[p->female] : "";
	p->last_lat = e ? e->latin[p->female] : "";
	e = loc != 1 ? dp_dp_pick(pk, DP_DP_PATRONYMIC, dp_rng_next(rng)) : NULL;
	p->middle = e ? e->form[p->female] : "";
	p->middle_lat = e ? e->latin[p->female] : "";
	p->birth = r->o.ref_days - (int32_t)dp_rng_range(rng, 18 * 365 + 5, 80 * 365);
	p->drng = dp_rng_at(dp_rng_next(rng));
	return 0;
}

/* The first character of s and a dot ("И."), appended to b. */
static int add_initial(dp_buf *b, const char *s)
{
	size_t n = 1;

	if (!*s)
		return 0;
	while (s[n] && ((unsigned char)s[n] & 0xC0) == 0x80)
		n++;
	return dp_buf_add(b, s, n) || dp_buf_addc(b, '.');
}

static int write_names(dp_buf *b, const tpl_person *p, int attr, int lat)
{
	const char *first = lat ? p->first_lat : p->first, *last = lat ? p->last_lat : p->last;
	const char *mid = lat ? p->middle_lat : p->middle;
	int rc = 0;

	switch (attr) {
	case PA_FIRST: return dp_buf_adds(b, first);
	case PA_LAST: return dp_buf_adds(b, last);
	case PA_MIDDLE: return dp_buf_adds(b, mid);
	case PA_FULL:
		return dp_buf_adds(b, first) || dp_buf_addc(b, ' ') || dp_buf_adds(b, last);
	case PA_FORMAL:
		if (p->loc == 1)
			return dp_buf_adds(b, last) || dp_buf_adds(b, ", ") || dp_buf_adds(b, first);
		rc = dp_buf_adds(b, last) || dp_buf_addc(b, ' ') || dp_buf_adds(b, first);
		return rc || (*mid && (dp_buf_addc(b, ' ') || dp_buf_adds(b, mid)));
	case PA_INITIALS:
		rc = add_initial(b, first) || dp_buf_addc(b, ' ');
		if (!rc && *mid)
			rc = add_initial(b, mid) || dp_buf_addc(b, ' ');
		return rc || dp_buf_adds(b, last);
	}
	return 0;
}

static int write_other(dp_tpl_run *r, dp_buf *b, tpl_person *p, int attr, int lat)
{
	static const char *const titles[TPL_NLOC][2] = {
		{ "Mr.", "Ms." }, { "г-н", "г-жа" }, { "мырза", "ханым" }
	};
	char tmp[64];
	int y, m, d, ry, rm, rd, age;

	switch (attr) {
	case PA_GENDER: return dp_buf_adds(b, p->female ? "f" : "m");
	case PA_EMAIL:
		derive(p, 1);
		return dp_buf_adds(b, p->canary ? p->canary : p->email);
	case PA_USERNAME:
		derive(p, 2);
		return dp_buf_adds(b, p->username);
	case PA_BIRTH_DATE:
		dp_gv_date_format(p->birth, "iso", NULL, tmp, sizeof tmp);
		return dp_buf_adds(b, tmp);
	case PA_AGE:
		dp_gv_civil_from_days(p->birth, &y, &m, &d);
		dp_gv_civil_from_days(r->o.ref_days, &ry, &rm, &rd);
		age = ry - y - (rm < m || (rm == m && rd < d));
		snprintf(tmp, sizeof tmp, "%d", age);
		return dp_buf_adds(b, tmp);
	case PA_TITLE:
		return dp_buf_adds(b, lat && p->loc != 1 ? (p->female ? "Ms." : "Mr.") : titles[p->loc - 1][p->female]);
	}
	return 0;
}

int tpl_person_attr_write(dp_tpl_run *r, tpl_person *p, int attr, int lat, tpl_out *o)
{
	size_t start = o->b->len;
	int rc = attr <= PA_INITIALS ? write_names(o->b, p, attr, lat) : write_other(r, o->b, p, attr, lat);

	if (rc)
		return dp_err_set(r->err, DP_DATAERR, "a value is longer than %zu bytes", DP_TPL_VALUE_MAX);
	if (attrs[attr].type >= 0 && o->b->len > start)
		return tpl_out_span(r, o, attrs[attr].type, start, o->b->len);
	return 0;
}
