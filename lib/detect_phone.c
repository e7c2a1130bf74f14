/* lib/detect_phone.c - phone numbers: parse, classify (E.164 and KZ/RU/US/GB/DE/FR national
 * formats) and the published fictional ranges. */
#include "config.h"

#include <string.h>

#include "validate.h"

#define PH_MAXD 17   /* "00" + 15 E.164 digits */
#define PH_MAXG 12   /* digit groups */

/* A parsed candidate: its digits, the lengths of the digit runs between separators and
 * whether it started with '+'. */
struct ph {
	char d[PH_MAXD];
	int nd;
	unsigned char g[PH_MAXG];
	int ng;
	int plus;
};

/* ITU-T E.164 country codes in service (geographic; global services left out). */
static const unsigned short cc_table[] = {
	1, 7, 20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49,
	51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86,
	90, 91, 92, 93, 94, 95, 98,
	211, 212, 213, 216, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229,
	230, 231, 232, 233, 234, 235, 236, 237, 238, 239, 240, 241, 242, 243, 244, 245,
	246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260, 261, 262,
	263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 298, 299,
	350, 351, 352, 353, 354, 355, 356, 357, 358, 359, 370, 371, 372, 373, 374, 375,
	376, 377, 378, 379, 380, 381, 382, 383, 385, 386, 387, 389, 420, 421, 423,
	500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591, 592, 593, 594, 595,
	596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682,
	683, 685, 686, 687, 688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886,
	960, 961, 962, 963, 964, 965, 966, 967, 968, 970, 971, 972, 973, 974, 975, 976,
	977, 992, 993, 994, 995, 996, 998,
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int all_same(const char *d, int n)
{
	for (int i = 1; i < n; i++) {
		if (d[i] != d[0])
			return 0;
	}
	return 1;
}

static int ph_num(const char *d, int len)
{
	int v = 0;
	for (int i = 0; i < len; i++)
		v = v * 10 + (d[i] - '0');
	return v;
}

/* Length (1..3) of the country code that starts d[0..n), or 0 when none is known. */
static int cc_length(const char *d, int n)
{
	for (int len = 1; len <= 3 && len < n; len++) {
		unsigned v = (unsigned)ph_num(d, len);
		for (size_t i = 0; i < sizeof cc_table / sizeof cc_table[0]; i++) {
			if (cc_table[i] == v)
				return len;
		}
	}
	return 0;
}

static int ph_end_group(struct ph *p, int *run)
{
	if (*run == 0)
		return 1;
	if (p->ng >= PH_MAXG)
		return 0;
	p->g[p->ng++] = (unsigned char)*run;
	*run = 0;
	return 1;
}

/* At ')': the parenthesised part must hold 1-5 digits. An international "(0)" trunk
 * digit ("+44 (0)20 ...") is dropped. */
static int ph_close_paren(struct ph *p, int open)
{
	int inside = p->nd - open;
	if (open < 0 || inside < 1 || inside > 5)
		return 0;
	if (p->plus && inside == 1 && p->d[open] == '0') {
		p->nd--;
		p->ng--;
	}
	return 1;
}

/* One separator byte at s[i]; *open tracks the '(' (-1 before, -2 after the pair). */
static int ph_separator(struct ph *p, char c, int *run, int *open)
{
	if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')')
		return 0;
	if (!ph_end_group(p, run))
		return 0;
	if (c == '(') {
		if (*open != -1)
			return 0;
		*open = p->nd;
	} else if (c == ')') {
		if (*open < 0 || !ph_close_paren(p, *open))
			return 0;
		*open = -2;
	}
	return 1;
}

/* Splits s[0..n) into digits and groups. Accepts digits, a leading '+', ' ', '-', '.' and
 * one "(...)" pair; at most three separators in a row ("212 - 555"), at most one of them
 * '-' or '.'; must end with a digit or ')'. */
static int ph_parse(const char *s, size_t n, struct ph *p)
{
	int run = 0, open = -1, seps = 0, dashes = 0;
	size_t i = 0;
	memset(p, 0, sizeof *p);
	if (n == 0 || (s[n - 1] != ')' && !is_digit(s[n - 1])))
		return 0;
	if (s[0] == '+') {
		p->plus = 1;
		i = 1;
	}
	for (; i < n; i++) {
		if (is_digit(s[i])) {
			if (p->nd >= PH_MAXD)
				return 0;
			p->d[p->nd++] = s[i];
			run++;
			seps = dashes = 0;
		} else if (++seps > 3 || ((s[i] == '-' || s[i] == '.') && ++dashes > 1) ||
		           !ph_separator(p, s[i], &run, &open)) {
			return 0;
		}
	}
	return ph_end_group(p, &run) && open < 0; /* no unclosed '(' */
}

/* Three groups shaped DD.MM.YYYY or YYYY-MM-DD that form a real date. */
static int ph_is_date(const struct ph *p)
{
	if (p->plus || p->ng != 3 || p->nd != 8)
		return 0;
	if (p->g[0] == 4 && p->g[1] == 2)
		return dp_valid_date(ph_num(p->d, 4), ph_num(p->d + 4, 2), ph_num(p->d + 6, 2));
	if (p->g[0] == 2 && p->g[1] == 2)
		return dp_valid_date(ph_num(p->d + 4, 4), ph_num(p->d + 2, 2), ph_num(p->d, 2));
	return 0;
}

/* Writes "+<cc><nsn>" to out. */
static void ph_e164(char *out, const char *cc, const char *nsn, int nn)
{
	size_t cl = strlen(cc);
	out[0] = '+';
	memcpy(out + 1, cc, cl);
	memcpy(out + 1 + cl, nsn, (size_t)nn);
	out[1 + cl + (size_t)nn] = '\0';
}

/* +7: ten national digits; 6/7 -> Kazakhstan, 3/4/8/9 -> Russia. */
static const char *ph_kz_ru(const char *nsn, int nn, char *out)
{
	const char *iso = NULL;
	if (nn != 10 || all_same(nsn, nn))
		return NULL;
	if (nsn[0] == '6' || nsn[0] == '7')
		iso = "KZ";
	else if (nsn[0] == '3' || nsn[0] == '4' || nsn[0] == '8' || nsn[0] == '9')
		iso = "RU";
	if (iso != NULL)
		ph_e164(out, "7", nsn, nn);
	return iso;
}

/* +1: NANP [2-9]XX[2-9]XXXXXX. Canada and the other NANP members are reported as "US". */
static const char *ph_nanp(const char *nsn, int nn, char *out)
{
	if (nn != 10 || nsn[0] < '2' || nsn[3] < '2' || all_same(nsn, nn))
		return NULL;
	ph_e164(out, "1", nsn, nn);
	return "US";
}

/* Checks the national significant number of a number with a known country code. */
static const char *ph_by_cc(int cc, const char *nsn, int nn, char *out)
{
	switch (cc) {
	case 7: return ph_kz_ru(nsn, nn, out);
	case 1: return ph_nanp(nsn, nn, out);
	case 44:
		if (nn < 9 || nn > 10 || strchr("1235789", nsn[0]) == NULL)
			return NULL;
		ph_e164(out, "44", nsn, nn);
		return "GB";
	case 49:
		if (nn < 6 || nn > 13 || nsn[0] == '0')
			return NULL;
		ph_e164(out, "49", nsn, nn);
		return "DE";
	case 33:
		if (nn != 9 || nsn[0] == '0')
			return NULL;
		ph_e164(out, "33", nsn, nn);
		return "FR";
	default:
		return NULL;
	}
}

/* "+CC..." (or "00CC..."): 8..15 digits with a known country code. */
static const char *ph_international(const char *d, int n, char *out)
{
	char cc[4];
	if (n < 8 || n > 15)
		return NULL;
	int cl = cc_length(d, n);
	if (cl == 0 || all_same(d + cl, n - cl))
		return NULL;
	int code = ph_num(d, cl);
	if (code == 1 || code == 7 || code == 33 || code == 44 || code == 49)
		return ph_by_cc(code, d + cl, n - cl, out);
	memcpy(cc, d, (size_t)cl);
	cc[cl] = '\0';
	ph_e164(out, cc, d + cl, n - cl);
	return "";
}

static int ph_pairs(const struct ph *p)
{
	for (int i = 0; i < p->ng; i++) {
		if (p->g[i] != 2)
			return 0;
	}
	return 1;
}

/* 11 digits with trunk 0, GB or DE (see ph_trunk0). */
static int ph_trunk0_is_de11(const struct ph *p)
{
	const char *d = p->d;
	static const char *const de3[] = {"030", "040", "069", "089"};
	for (size_t i = 0; p->ng == 2 && p->g[0] == 3 && i < sizeof de3 / sizeof de3[0]; i++) {
		if (memcmp(d, de3[i], 3) == 0)
			return 1;
	}
	if (p->ng == 2 && p->g[0] == 4) /* UK city codes 01x1 are written 4-3-4; 0171 is DE */
		return !(d[1] == '1' && d[3] == '1' && d[2] != '7');
	if (p->ng == 1 && d[1] == '1' && (d[2] == '7' || (d[2] == '6' && strchr("023", d[3]))))
		return 1;
	return strchr("123789", d[1]) == NULL;
}

/* National numbers with trunk prefix 0. FR, GB and DE all use it, so the shape decides:
 *  - 10 digits: FR when ungrouped or written in pairs ("06 12 34 56 78"), DE otherwise
 *    ("030 1234567");
 *  - 11 digits: DE when written as area + subscriber in two groups with a DE 3-digit area
 *    code ("030 12345678", 030/040/069/089) or a 4-digit first group that is not a UK
 *    01x1 city code ("0171 1234567"), or ungrouped with a DE 11-digit mobile prefix
 *    (0160, 0162, 0163, 017x); otherwise GB when the next digit is 1-3 or 7-9
 *    ("020 7946 0018", "07700 900123", "0161 496 0123"), else DE ("040 ...");
 *  - 12 digits: DE ("0151 12345678"). Other lengths are not accepted. */
static const char *ph_trunk0(const struct ph *p, char *out)
{
	const char *d = p->d;
	int n = p->nd;
	if (d[1] == '0' || all_same(d + 1, n - 1))
		return NULL;
	if (n == 10 && (p->ng == 1 || ph_pairs(p)))
		return ph_by_cc(33, d + 1, n - 1, out);
	if (n == 10 || n == 12 || (n == 11 && ph_trunk0_is_de11(p)))
		return ph_by_cc(49, d + 1, n - 1, out);
	if (n == 11)
		return ph_by_cc(44, d + 1, n - 1, out);
	return NULL;
}

/* Numbers without '+' or "00": KZ/RU "8 7xx ..."/"7 7xx ..." (11 digits), NANP
 * "1-212-555-0123" / "(212) 555-0123", and trunk-0 FR/GB/DE numbers. */
static const char *ph_national(const struct ph *p, char *out)
{
	const char *d = p->d;
	int n = p->nd;
	if (n < 7)
		return NULL;
	if (d[0] == '0')
		return ph_trunk0(p, out);
	if (n == 11 && (d[0] == '8' || d[0] == '7'))
		return ph_kz_ru(d + 1, 10, out);
	if (n == 11 && d[0] == '1')
		return ph_nanp(d + 1, 10, out);
	if (n == 10)
		return ph_nanp(d, 10, out);
	return NULL;
}

const char *dp_phone_classify(const char *s, size_t n, char *e164)
{
	struct ph p;
	if (s == NULL || e164 == NULL || !ph_parse(s, n, &p) || p.nd < 7 || ph_is_date(&p))
		return NULL;
	if (p.plus)
		return ph_international(p.d, p.nd, e164);
	if (p.nd >= 2 && p.d[0] == '0' && p.d[1] == '0')
		return ph_international(p.d + 2, p.nd - 2, e164);
	if (p.nd > 15)
		return NULL;
	return ph_national(&p, e164);
}

/* Fictional ranges as E.164 patterns, '#' standing for any digit: NANP 555-0100..0199 and
 * the Ofcom numbers reserved for drama. */
static const char *const fake_phones[] = {
	"+1###55501##",
	"+447700900###", "+442079460###", "+441632960###",
	"+441134960###", "+441144960###", "+441154960###", "+441164960###",
	"+441174960###", "+441184960###", "+441214960###", "+441314960###",
	"+441414960###", "+441514960###", "+441614960###", "+441914980###",
	"+442890180###", "+442896496###", "+442920180###",
	"+448081570###", "+449098790###", "+443069990###",
};

static int ph_match(const char *pat, const char *s)
{
	for (; *pat && *s; pat++, s++) {
		if (*pat == '#' ? !is_digit(*s) : *pat != *s)
			return 0;
	}
	return *pat == '\0' && *s == '\0';
}

int dp_known_fake_phone(const char *e164)
{
	if (e164 == NULL)
		return 0;
	for (size_t i = 0; i < sizeof fake_phones / sizeof fake_phones[0]; i++) {
		if (ph_match(fake_phones[i], e164))
			return 1;
	}
	return 0;
}
