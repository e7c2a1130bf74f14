/* person_parts.c - splitting a person name into parts with canonical forms (person_parts.h). */
#include "config.h"
#include "person_parts.h"

#include <string.h>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "translit.h"

#define NAMEWORD (DP_PW_FIRST | DP_PW_SURNAME | DP_PW_PATRONYMIC | DP_PW_SURMORPH)

/* a word of a name: letters, digits, inner hyphens and apostrophes */
static int word_byte(unsigned char c)
{
	return c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '\'';
}

/* code points in s[0..n), and whether any is lower case */
static size_t letters(const char *s, size_t n, int *has_lower)
{
	size_t i = 0, c = 0;
	UChar32 ch;

	*has_lower = 0;
	while (i < n) {
		U8_NEXT((const uint8_t *)s, i, n, ch);
		if (ch >= 0 && u_islower(ch))
			*has_lower = 1;
		c++;
	}
	return c;
}

/* Latin canonical of a lemma key: Kazakh letters folded, ICAO, lower case */
static size_t latin(const char *lemma, size_t n, char *out, size_t cap)
{
	char kk[DP_PP_CANON_MAX * 2];
	size_t nk = dp_dp_key("kk", lemma, n, kk, sizeof kk), r;

	if (!nk)
		return 0;
	r = dp_translit(DP_TRANSLIT_RU_ICAO, kk, nk, out, cap);
	if (r >= cap)
		return 0;
	for (size_t i = 0; i < r; i++)
		if (out[i] >= 'A' && out[i] <= 'Z')
			out[i] = (char)(out[i] - 'A' + 'a');
	return r;
}

/* replaces suffix from with to at the end of s (length *n, capacity cap) */
static int swap_end(char *s, size_t *n, size_t cap, const char *from, const char *to)
{
	size_t fl = strlen(from), tl = strlen(to);

	if (*n <= fl + 2 || memcmp(s + *n - fl, from, fl) != 0 || *n - fl + tl >= cap)
		return 0;
	memcpy(s + *n - fl, to, tl + 1);
	*n = *n - fl + tl;
	return 1;
}

/* the masculine Latin form of a surname (petrova -> petrov, -skaia/-sky -> -skii) */
static size_t masculine(char *s, size_t n, size_t cap)
{
	static const char *const pairs[][2] = {
		{"skaia", "skii"}, {"skaya", "skii"}, {"tskaia", "tskii"}, {"skiy", "skii"},
		{"sky", "skii"}, {"ova", "ov"}, {"eva", "ev"}, {"ina", "in"}, {"yna", "yn"},
	};

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		if (swap_end(s, &n, cap, pairs[i][0], pairs[i][1]))
			break;
	return n;
}

size_t dp_pp_canon(const dp_person_lex *lx, const char *w, size_t n, int role, char *out,
                   size_t cap)
{
	char lemma[DP_PP_CANON_MAX];
	int g;
	size_t ln = dp_person_lemma(lx, w, n, lemma, sizeof lemma, &g), cn;

	if (!ln || !(cn = latin(lemma, ln, out, cap)))
		return 0;
	return role == DP_PP_SURNAME ? masculine(out, cn, cap) : cn;
}

/* a word read from the name, before roles are known */
typedef struct word {
	size_t s, e;
	int initial;       /* one letter followed by a dot, or a lone capital letter */
	int particle;      /* van, der, de, al: lower case, joins the next word */
	unsigned flags;    /* dp_person_classify */
} word;

/* Reads the words of name[0..n) into w (at most DP_PP_MAX); returns their number. */
static size_t read_words(const dp_person_lex *lx, const char *name, size_t n, word *w)
{
	size_t i = 0, k = 0;
	int lower;

	while (i < n) {
		size_t s;
		while (i < n && !word_byte((unsigned char)name[i]))
			i++;
		if (i == n)
			break;
		for (s = i; i < n && word_byte((unsigned char)name[i]); i++)
			;
		if (k == DP_PP_MAX)
			k--;   /* keep the last word: it is usually the surname */
		w[k].s = s;
		w[k].e = i;
		w[k].initial = letters(name + s, i - s, &lower) == 1;
		w[k].particle = !w[k].initial && lower && (unsigned char)name[s] < 0x80 &&
		                name[s] >= 'a' && name[s] <= 'z';
		w[k].flags = w[k].particle ? 0 : dp_person_classify(lx, name + s, i - s);
		k++;
	}
	return k;
}

static int is_first(unsigned f)
{
	return (f & DP_PW_FIRST) && !(f & (DP_PW_SURMORPH | DP_PW_PATRONYMIC));
}

static int is_surname(unsigned f)
{
	return (f & (DP_PW_SURNAME | DP_PW_SURMORPH)) && !(f & DP_PW_PATRONYMIC);
}

/* Roles of full words (not initials, not patronymics): surname first when the first word
 * is a surname and a later one only a first name (Петров Иван), else the last is the
 * surname, the first the first name, the others middle names. */
static void full_roles(const word *w, size_t k, int *role)
{
	int initials = 0;

	size_t idx[DP_PP_MAX], m = 0;
	int surname_first = 0;

	for (size_t i = 0; i < k; i++) {
		if (role[i] == -1)
			idx[m++] = i;
		initials |= w[i].initial;
	}
	if (m == 0)
		return;
	if (m == 1) {
		/* J. Smith: with initials the one word is the surname */
		role[idx[0]] = is_first(w[idx[0]].flags) && !initials ? DP_PP_FIRST : DP_PP_SURNAME;
		return;
	}
	surname_first = is_surname(w[idx[0]].flags) && !is_first(w[idx[0]].flags) &&
	                is_first(w[idx[1]].flags);
	for (size_t j = 0; j < m; j++)
		role[idx[j]] = DP_PP_MIDDLE;
	role[idx[surname_first ? 0 : m - 1]] = DP_PP_SURNAME;
	role[idx[surname_first ? 1 : 0]] = DP_PP_FIRST;
}

/* Roles of initials: the first one stands for the first name unless a full first name
 * is there; the next ones for a middle name or the patronymic. */
static void initial_roles(const word *w, size_t k, int *role)
{
	int have_first = 0;

	for (size_t i = 0; i < k; i++)
		have_first |= role[i] == DP_PP_FIRST;
	for (size_t i = 0; i < k; i++) {
		if (!w[i].initial)
			continue;
		role[i] = have_first ? DP_PP_INITIAL_MIDDLE : DP_PP_INITIAL_FIRST;
		have_first = 1;
	}
}

/* Joins particles to the word after them (van der Merwe is one surname). */
static size_t join_particles(word *w, size_t k)
{
	size_t o = 0;

	for (size_t i = 0; i < k; i++) {
		if (w[i].particle && i + 1 < k) {
			size_t s = w[i].s;
			while (i + 1 < k && w[i].particle)
				i++;
			w[o] = w[i];
			w[o].s = s;
			o++;
			continue;
		}
		w[o++] = w[i];
	}
	return o;
}

/* Fills part p from word w of name with role r. */
static void fill_part(const dp_person_lex *lx, const char *name, const word *w, int r,
                      dp_pp_part *p)
{
	int lower, g;
	size_t ln, cn;

	p->start = w->s;
	p->end = w->e;
	p->role = r;
	p->cyrillic = (unsigned char)name[w->s] >= 0xD0 && (unsigned char)name[w->s] <= 0xD3;
	p->upper = letters(name + w->s, w->e - w->s, &lower) > 1 && !lower;
	ln = dp_person_lemma(lx, name + w->s, w->e - w->s, p->lemma, sizeof p->lemma, &g);
	if (!ln)
		p->lemma[0] = '\0';
	cn = ln ? latin(p->lemma, ln, p->canon, sizeof p->canon) : 0;
	if (cn && r == DP_PP_SURNAME)
		cn = masculine(p->canon, cn, sizeof p->canon);
	if (cn && (r == DP_PP_INITIAL_FIRST || r == DP_PP_INITIAL_MIDDLE))
		cn = 1;   /* Ж. is z, as zhanna begins */
	p->canon[cn] = '\0';
	if (g == '?' && (r == DP_PP_SURNAME || r == DP_PP_PATRONYMIC) && ln > 2)
		g = p->lemma[ln - 1] == 'a' || !strcmp(p->lemma + ln - 2, "\xd0\xb0") ||
		    !strcmp(p->lemma + ln - 2, "\xd1\x8f") ? 'f' : 'm';   /* -a, -а, -я */
	p->gender = (r == DP_PP_INITIAL_FIRST || r == DP_PP_INITIAL_MIDDLE) ? '?' : g;
}

/* the person's gender: the first name's, else the first part that has one */
static int person_gender(const dp_pp_name *out)
{
	if (out->first >= 0 && out->part[out->first].gender != '?')
		return out->part[out->first].gender;
	for (size_t i = 0; i < out->n; i++)
		if (out->part[i].gender != '?')
			return out->part[i].gender;
	return '?';
}

size_t dp_pp_split(const dp_person_lex *lx, const char *name, size_t n, dp_pp_name *out)
{
	word w[DP_PP_MAX];
	int role[DP_PP_MAX];
	size_t k = join_particles(w, read_words(lx, name, n, w));

	memset(out, 0, sizeof *out);
	out->first = out->surname = out->patronymic = -1;
	for (size_t i = 0; i < k; i++)   /* -1: a full word whose role full_roles decides */
		role[i] = w[i].initial ? -2
		        : (w[i].flags & DP_PW_PATRONYMIC) && !(w[i].flags & DP_PW_FIRST) && k > 1
		        ? DP_PP_PATRONYMIC : -1;
	full_roles(w, k, role);
	initial_roles(w, k, role);
	for (size_t i = 0; i < k; i++) {
		fill_part(lx, name, &w[i], role[i], &out->part[i]);
		if (role[i] == DP_PP_FIRST && out->first < 0)
			out->first = (int)i;
		if (role[i] == DP_PP_SURNAME && out->surname < 0)
			out->surname = (int)i;
		if (role[i] == DP_PP_PATRONYMIC && out->patronymic < 0)
			out->patronymic = (int)i;
		if ((role[i] == DP_PP_FIRST || role[i] == DP_PP_INITIAL_FIRST) && !out->initial)
			out->initial = out->part[i].canon[0];
	}
	out->n = k;
	out->gender = person_gender(out);
	return k;
}
