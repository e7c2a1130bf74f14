/* anon_surrogate.c - the surrogate style: realistic fakes (lib/surrogate.h) seeded by the
 * keyed id of what they replace, so the same value always gets the same fake.
 *  - structured values: a fake of the same type and shape (valid checksum, reserved or
 *    test ranges) from the value's id;
 *  - persons, part by part: each first name, surname and patronymic from the id of its
 *    canonical form, in the original's script, gender and language, re-inflected like the
 *    original (Петрову -> Смирнову), so two people who share a surname still share one;
 *  - e-mails: the local part from the person it names (ivan.petrov -> the person's fake
 *    first.last) or from the address's id, the domain from the domain's id (one domain, one
 *    fake domain).
 * When no surrogate can be made (no pack for the script, a shape the generator does not
 * take) the marker is used instead, so nothing passes through unchanged. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include <unicode/ustring.h>

#include "anon.h"
#include "anon_internal.h"
#include "dp_exit.h"
#include "person_parts.h"
#include "surrogate.h"

#define SUR_MAX 512

/* seed for "purpose" + canon */
static void seed_of(anon_ctx *c, const char *purpose, const char *canon, size_t n,
                    unsigned char seed[DP_EID_SEED_BYTES])
{
	unsigned char id[DP_EID_BYTES];

	dp_eid(&c->ek, purpose, canon, n, id);
	dp_eid_seed(&c->ek, purpose, id, seed);
}

int anon_sur_value(anon_ctx *c, anon_find *f, dp_err *err)
{
	unsigned char seed[DP_EID_SEED_BYTES];
	char out[SUR_MAX];
	const char *canon = c->rec.norm.data + f->norm_off;
	size_t n;

	seed_of(c, dp_detect_type_id(c->det, f->type), canon, f->norm_len, seed);
	n = dp_sur_value(c->sur, f->type, anon_orig_of(&c->rec, f), f->end - f->start, seed, 0,
	                 out, sizeof out);
	if (!n)
		return anon_put_marker(c, f, err);
	return anon_put_rep(c, f, out, n, err);
}

static unsigned known(const anon_ctx *c, int lang, const char *w, size_t n)
{
	return c->lex && c->lex->pack[lang] ? dp_dp_lookup(c->lex->pack[lang], w, n, NULL) : 0;
}

/* The language of a name, from its surname (else its first part): kk for Kazakh letters
 * or a name only the kk pack knows, ru for other Cyrillic and for Latin spellings of
 * Russian names (so Petrov and Петров get the same fake), else en. */
static const char *name_locale(const anon_ctx *c, const dp_pp_name *nm)
{
	static const char *const kk_letters[] = {"ә", "ғ", "қ", "ң", "ө", "ұ", "ү", "һ", "і"};
	const dp_pp_part *p = &nm->part[nm->surname >= 0 ? nm->surname : 0];
	const char *w = p->lemma;
	size_t n = strlen(w);
	unsigned ru = known(c, DP_PL_RU, w, n), kk = known(c, DP_PL_KK, w, n);

	for (size_t i = 0; p->cyrillic && i < sizeof kk_letters / sizeof *kk_letters; i++)
		if (strstr(w, kk_letters[i]))
			return "kk";
	if (kk && !ru)
		return "kk";
	if (p->cyrillic || ru)
		return "ru";
	return "en";
}

/* upper case of s in place (ICU), for names written in capitals */
static size_t upper(char *s, size_t n, size_t cap)
{
	UChar u[SUR_MAX], v[SUR_MAX];
	int32_t un = 0, vn, on = 0;
	UErrorCode e = U_ZERO_ERROR;

	u_strFromUTF8(u, SUR_MAX, &un, s, (int32_t)n, &e);
	vn = U_SUCCESS(e) ? u_strToUpper(v, SUR_MAX, u, un, "", &e) : 0;
	if (U_SUCCESS(e))
		u_strToUTF8(s, (int32_t)cap, &on, v, vn, &e);
	return U_SUCCESS(e) && (size_t)on < cap ? (size_t)on : n;
}

/* whether a drawn name is the part's own (Иван for Иван, Ivanov for Ivanov) */
static int same_name(const char *name, size_t n, const dp_pp_part *p)
{
	char canon[DP_PP_CANON_MAX];
	size_t k = p->role == DP_PP_INITIAL_FIRST || p->role == DP_PP_INITIAL_MIDDLE ? 0
	         : dp_pp_canon(NULL, name, n, p->role, canon, sizeof canon);

	return k && strcmp(canon, p->canon) == 0;
}

static const char *part_purpose(int role, enum dp_sur_part *sp)
{
	switch (role) {
	case DP_PP_SURNAME: *sp = DP_SUR_SURNAME; return "name:surname";
	case DP_PP_PATRONYMIC: *sp = DP_SUR_PATRONYMIC; return "name:patronymic";
	case DP_PP_INITIAL_FIRST: case DP_PP_INITIAL_MIDDLE: *sp = DP_SUR_FIRST; return "name:initial";
	default: *sp = DP_SUR_FIRST; return "name:first";
	}
}

/* The surrogate of one part of name (NFKC text of the finding) into out. */
static size_t sur_part(anon_ctx *c, const char *name, const dp_pp_part *p, int gender,
                       const char *loc, char *out, size_t cap)
{
	unsigned char seed[DP_EID_SEED_BYTES];
	enum dp_sur_part sp;
	const char *purpose = part_purpose(p->role, &sp);
	int female = (p->gender != '?' ? p->gender : gender) == 'f';
	char lemma[SUR_MAX], form[SUR_MAX];
	size_t n, fn;

	seed_of(c, purpose, p->canon, strlen(p->canon), seed);
	for (unsigned attempt = 0; attempt < 8; attempt++) {   /* never the original itself */
		n = dp_sur_name(c->sur, sp, female, loc, p->cyrillic ? DP_SUR_CYRILLIC : DP_SUR_LATIN,
		                seed, attempt, lemma, sizeof lemma);
		if (!n || !same_name(lemma, n, p))
			break;
	}
	if (!n)
		return 0;
	if (sp == DP_SUR_FIRST && (p->role == DP_PP_INITIAL_FIRST || p->role == DP_PP_INITIAL_MIDDLE))
		n = (size_t)(((unsigned char)lemma[0] & 0x80) ? 2 : 1);   /* its first letter */
	lemma[n] = '\0';
	fn = dp_dp_key("ru", name + p->start, p->end - p->start, form, sizeof form);
	if (fn && strcmp(form, p->lemma) != 0 && p->role != DP_PP_INITIAL_FIRST &&
	    p->role != DP_PP_INITIAL_MIDDLE)
		n = dp_sur_inflect_like(form, fn, p->lemma, strlen(p->lemma), lemma, n, out, cap);
	else if (n < cap)
		memcpy(out, lemma, n + 1);
	else
		n = 0;
	return n && p->upper ? upper(out, n, cap) : n;
}

int anon_sur_person(anon_ctx *c, anon_find *f, dp_err *err)
{
	const char *name = c->rec.norm.data + f->norm_off;
	dp_pp_name nm;
	dp_buf *b = &c->rec.line2;
	char part[SUR_MAX];
	size_t pos = 0, n;
	const char *loc;

	dp_pp_split(c->lex, name, f->norm_len, &nm);
	if (!nm.n)
		return anon_put_marker(c, f, err);
	loc = name_locale(c, &nm);
	dp_buf_reset(b);
	for (size_t i = 0; i < nm.n; i++) {
		const dp_pp_part *p = &nm.part[i];
		if (!(n = sur_part(c, name, p, nm.gender, loc, part, sizeof part)))
			return anon_put_marker(c, f, err);
		if (dp_buf_add(b, name + pos, p->start - pos) < 0 || dp_buf_add(b, part, n) < 0)
			return dp_err_set(err, DP_SOFTWARE, "out of memory");
		pos = p->end;
	}
	if (dp_buf_add(b, name + pos, f->norm_len - pos) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	return anon_put_rep(c, f, b->data, b->len, err);
}

/* lower-case ASCII in place */
static void ascii_lower(char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		s[i] = (char)tolower((unsigned char)s[i]);
}

/* The fake local part for a local part that is a name (ivan.petrov, i.petrov), else 0. */
static size_t local_from_name(anon_ctx *c, const char *local, size_t n, char *out, size_t cap)
{
	char words[SUR_MAX], a[SUR_MAX], b[SUR_MAX];
	const char *sep = anon_name_local_sep(local, n);
	dp_pp_name nm;
	size_t an, bn;

	if (!sep || n >= sizeof words)
		return 0;
	memcpy(words, local, n);
	words[sep - local] = sep - local == 1 ? '.' : ' ';   /* i.petrov: an initial */
	words[n] = '\0';
	words[0] = (char)toupper((unsigned char)words[0]);   /* capitals, or they read as particles */
	words[sep - local + 1] = (char)toupper((unsigned char)words[sep - local + 1]);
	dp_pp_split(c->lex, words, n, &nm);
	if (nm.n != 2 || nm.surname < 0 || (nm.first < 0 && !nm.initial))
		return 0;
	an = sur_part(c, words, &nm.part[0], nm.gender, name_locale(c, &nm), a, sizeof a);
	bn = sur_part(c, words, &nm.part[1], nm.gender, name_locale(c, &nm), b, sizeof b);
	if (!an || !bn || an + bn + 2 > cap || (a[0] & 0x80) || (b[0] & 0x80))
		return 0;
	ascii_lower(a, an);
	ascii_lower(b, bn);
	return (size_t)snprintf(out, cap, "%s%c%s", a, *sep, b);
}

int anon_sur_email(anon_ctx *c, anon_find *f, dp_err *err)
{
	const char *v = c->rec.norm.data + f->norm_off, *at = memchr(v, '@', f->norm_len);
	unsigned char seed[DP_EID_SEED_BYTES];
	char local[SUR_MAX], dom[SUR_MAX], out[2 * SUR_MAX];
	size_t ln = at ? (size_t)(at - v) : f->norm_len, n;

	if (!at)
		return anon_put_marker(c, f, err);
	if (!(n = local_from_name(c, v, ln, local, sizeof local))) {
		char *a;
		seed_of(c, "email", v, f->norm_len, seed);
		if (!dp_sur_value(c->sur, DP_T_EMAIL, v, f->norm_len, seed, 0, local, sizeof local) ||
		    !(a = strchr(local, '@')))
			return anon_put_marker(c, f, err);
		*a = '\0';
	}
	seed_of(c, "domain", at + 1, f->norm_len - ln - 1, seed);
	if (!dp_sur_domain(seed, 0, dom, sizeof dom))
		return anon_put_marker(c, f, err);
	n = (size_t)snprintf(out, sizeof out, "%s@%s", local, dom);
	return anon_put_rep(c, f, out, n, err);
}
