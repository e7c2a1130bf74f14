/* surrogate_text.c - surrogates for the text-shaped types (surrogate.h): e-mails, URLs,
 * dates of birth and secrets. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "fakedata.h"
#include "surrogate_internal.h"
#include "validate.h"

#define NAME_TOK 32   /* bytes of a name token in an e-mail local part */
#define JWT_SEG 4096  /* bytes of a decoded JWT header or payload we rebuild */

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }
static int is_alnum(char c) { return is_digit(c) || is_upper(c) || is_lower(c); }
static char lower(char c) { return is_upper(c) ? (char)(c - 'A' + 'a') : c; }
static char upper(char c) { return is_lower(c) ? (char)(c - 'a' + 'A') : c; }

static int is_hex(char c)
{
	return is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
}

/* index of the last c in v[from..to), or `to` */
static size_t last_of(const char *v, size_t from, size_t to, char c)
{
	for (size_t i = to; i-- > from;) {
		if (v[i] == c)
			return i;
	}
	return to;
}

/* index of the first byte of set in v[from..n), or n */
static size_t first_of(const char *v, size_t from, size_t n, const char *set)
{
	while (from < n && strchr(set, v[from]) == NULL)
		from++;
	return from;
}

/* ---- e-mail -------------------------------------------------------------------------------- */

/* the first '.', '_' or '-' of the local part, 0 when none */
static char local_sep(const char *v, size_t n, size_t *at)
{
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '.' || v[i] == '_' || v[i] == '-') {
			*at = i;
			return v[i];
		}
	}
	*at = n;
	return 0;
}

static int all_upper(const char *v, size_t n)
{
	int up = 0;

	for (size_t i = 0; i < n; i++) {
		if (is_lower(v[i]))
			return 0;
		up |= is_upper(v[i]);
	}
	return up;
}

/* a name token, or a word when no pack gives one */
static void name_token(const dp_sur *s, enum dp_sur_part part, int female, sur_rng *r,
                       char *out)
{
	if (dp_sur_ascii_name(s, part, female, r, out, NAME_TOK) == 0) {
		strncpy(out, dp_sur_word(r), NAME_TOK - 1);
		out[NAME_TOK - 1] = '\0';
	}
}

/* "a.smith47": first name (or its initial), the original's separator, surname, digits */
static void email_local(const dp_sur *s, const char *v, size_t ll, sur_rng *r, dp_sout *o)
{
	char first[NAME_TOK], last[NAME_TOK], tok[2 * NAME_TOK + 4];
	size_t at, k = 0;
	char sep = local_sep(v, ll, &at);
	int female = (int)dp_sur_below(r, 2), up = all_upper(v, ll);

	name_token(s, DP_SUR_FIRST, female, r, first);
	name_token(s, DP_SUR_SURNAME, female, r, last);
	if (sep && at > 1)
		k = (size_t)snprintf(tok, sizeof tok, "%s%c%s", first, sep, last);
	else if (sep)
		k = (size_t)snprintf(tok, sizeof tok, "%c%c%s", first[0], sep, last);
	else
		k = (size_t)snprintf(tok, sizeof tok, "%c%s", first[0], last);
	for (size_t i = 0; i < k && i < 60; i++)   /* a local part has at most 64 bytes */
		dp_sout_putc(o, up ? upper(tok[i]) : tok[i]);
	for (size_t i = 0; i < ll; i++) {
		if (is_digit(v[i])) {
			dp_sout_putu(o, 10 + dp_sur_below(r, 90), 2);
			break;
		}
	}
}

int dp_sur_gen_email(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	size_t at = last_of(v, 0, n, '@');
	unsigned pick = dp_sur_below(r, 4);

	if (at == n || at == 0 || at + 1 == n)
		return 0;
	email_local(s, v, at, r, o);
	dp_sout_putc(o, '@');
	if (pick < 3) {
		dp_sout_puts(o, dp_fk_domains[pick]);
	} else {
		dp_sout_puts(o, dp_sur_word(r));
		dp_sout_puts(o, ".example");
	}
	return 1;
}

/* ---- URL ------------------------------------------------------------------------------------- */

/* Each ASCII letter or digit random of its class, %XX random hex, a non-ASCII character one
 * random lower-case letter, everything else kept. */
static void rand_text(dp_sout *o, sur_rng *r, const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];

		if (c == '%' && i + 2 < n && is_hex(v[i + 1]) && is_hex(v[i + 2])) {
			dp_sout_putc(o, '%');
			dp_sout_putc(o, "0123456789ABCDEF"[dp_sur_below(r, 16)]);
			dp_sout_putc(o, "0123456789ABCDEF"[dp_sur_below(r, 16)]);
			i += 2;
		} else if (c >= 0xC0) {
			dp_sout_putc(o, (char)('a' + dp_sur_below(r, 26)));
		} else if (c < 0x80) {
			dp_sout_putc(o, dp_sur_like(r, (char)c));
		}
	}
}

/* where the port (":digits") of host v[a..e) starts, or e */
static size_t port_at(const char *v, size_t a, size_t e)
{
	size_t c = last_of(v, a, e, ':');

	if (c == e || c + 1 == e || (v[a] == '[' && last_of(v, a, e, ']') > c))
		return e;
	for (size_t i = c + 1; i < e; i++) {
		if (!is_digit(v[i]))
			return e;
	}
	return c;
}

int dp_sur_gen_url(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	const char *sch = memmem(v, n, "://", 3);
	size_t a, he, at, port;

	(void)s;
	if (sch == NULL) {
		rand_text(o, r, v, n);
		return 1;
	}
	a = (size_t)(sch - v) + 3;
	dp_sout_put(o, v, a);
	he = first_of(v, a, n, "/?#");
	if ((at = last_of(v, a, he, '@')) < he) {
		rand_text(o, r, v + a, at - a);
		dp_sout_putc(o, '@');
		a = at + 1;
	}
	if (he - a > 4 && strncasecmp(v + a, "www.", 4) == 0)
		dp_sout_put(o, v + a, 4);
	dp_sur_put_domain(o, r);
	port = port_at(v, a, he);
	dp_sout_put(o, v + port, he - port);
	rand_text(o, r, v + he, n - he);
	return 1;
}

/* ---- dates of birth ------------------------------------------------------------------------- */

static const char *const months[4][12] = {
	{"january", "february", "march", "april", "may", "june", "july", "august", "september",
	 "october", "november", "december"},
	{"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"},
	{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
	 "октября", "ноября", "декабря"},
	{"қаңтар", "ақпан", "наурыз", "сәуір", "мамыр", "маусым", "шілде", "тамыз", "қыркүйек",
	 "қазан", "қараша", "желтоқсан"},
};

typedef struct span {
	size_t st, len;
} span;

/* what a date is made of: up to 3 digit runs and a month word */
typedef struct date_shape {
	span run[3];
	int nrun;
	span word;
	int tab;      /* months[] table of the word, -1 without one */
	span ord;     /* an English ordinal suffix after a number ("5th"), len 0 when none */
	int yi, mi, di;   /* run of year, month (-1: the word), day */
} date_shape;

static int eq_fold(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (lower(a[i]) != b[i])
			return 0;
	}
	return b[n] == '\0';
}

/* the months[] table holding v[0..n) as a month name ("Sept" too), -1 when none */
static int month_tab(const char *v, size_t n)
{
	for (int t = 0; t < 4; t++) {
		for (int m = 0; m < 12; m++) {
			if (eq_fold(v, months[t][m], n))
				return t;
		}
	}
	return n == 4 && eq_fold(v, "sept", 4) ? 1 : -1;
}

static int is_letter_byte(char c)
{
	return is_upper(c) || is_lower(c) || (unsigned char)c >= 0x80;
}

static int ordinal(const char *v)
{
	return eq_fold(v, "st", 2) || eq_fold(v, "nd", 2) || eq_fold(v, "rd", 2) || eq_fold(v, "th", 2);
}

/* the ordinal suffix of day d in the case of the original's */
static void put_ordinal(dp_sout *o, const char *v, unsigned d)
{
	const char *suf = (d % 100 >= 11 && d % 100 <= 13) ? "th" : d % 10 == 1 ? "st"
	                  : d % 10 == 2 ? "nd" : d % 10 == 3 ? "rd" : "th";

	for (int i = 0; i < 2; i++)
		dp_sout_putc(o, is_upper(v[i]) ? upper(suf[i]) : suf[i]);
}

/* Splits v into digit runs and the first month word; 0 on more than 3 runs. */
static int date_scan(const char *v, size_t n, date_shape *ds)
{
	memset(ds, 0, sizeof *ds);
	ds->tab = -1;
	for (size_t i = 0, j; i < n; i = j) {
		j = i + 1;
		if (is_digit(v[i])) {
			while (j < n && is_digit(v[j]))
				j++;
			if (ds->nrun == 3)
				return 0;
			ds->run[ds->nrun++] = (span){i, j - i};
		} else if (is_letter_byte(v[i])) {
			while (j < n && is_letter_byte(v[j]))
				j++;
			if (ds->tab < 0 && (ds->tab = month_tab(v + i, j - i)) >= 0)
				ds->word = (span){i, j - i};
			else if (j - i == 2 && i > 0 && is_digit(v[i - 1]) && ordinal(v + i))
				ds->ord = (span){i, 2};
		}
	}
	return 1;
}

static unsigned run_num(const char *v, span s)
{
	unsigned x = 0;

	for (size_t i = 0; i < s.len; i++)
		x = x * 10u + (unsigned)(v[s.st + i] - '0');
	return x;
}

/* which run is year, month and day: Y-M-D, D.M.Y or M/D/Y */
static void date_order(const char *v, date_shape *ds)
{
	unsigned a = run_num(v, ds->run[0]), b = run_num(v, ds->run[1]);
	char sep = v[ds->run[0].st + ds->run[0].len];

	if (ds->tab >= 0) {
		ds->yi = ds->run[0].len == 4 ? 0 : 1;
		ds->di = 1 - ds->yi;
		ds->mi = -1;
	} else if (ds->run[0].len == 4) {
		ds->yi = 0, ds->mi = 1, ds->di = 2;
	} else if (a <= 12 && (b > 12 || sep == '/')) {
		ds->mi = 0, ds->di = 1, ds->yi = 2;
	} else {
		ds->di = 0, ds->mi = 1, ds->yi = 2;
	}
}

/* a random value for a field of width w in [lo, hi] (w == 1: at most 9) */
static unsigned field(sur_rng *r, size_t w, unsigned lo, unsigned hi)
{
	if (w == 1 && hi > 9)
		hi = 9;
	return lo + dp_sur_below(r, hi - lo + 1);
}

/* Draws a valid date fitting the field widths into y, m, d. */
static int date_draw(sur_rng *r, const date_shape *ds, unsigned *y, unsigned *m, unsigned *d)
{
	size_t yw = ds->run[ds->yi].len, dw = ds->run[ds->di].len;
	size_t mw = ds->mi >= 0 ? ds->run[ds->mi].len : 2;

	if ((yw != 4 && yw != 2) || mw > 2 || dw > 2)
		return 0;
	for (int t = 0; t < 64; t++) {
		*y = yw == 4 ? field(r, 4, 1940, 2005) : field(r, 2, 40, 99);
		*m = field(r, mw, 1, 12);
		*d = field(r, dw, 1, 31);
		if (dp_valid_date(yw == 4 ? (int)*y : 1900 + (int)*y, (int)*m, (int)*d))
			return 1;
	}
	return 0;
}

/* the month name for m in table tab with the case of the original word */
static void put_month(dp_sout *o, const char *v, span w, int tab, unsigned m)
{
	const char *name = months[tab][m - 1];
	int up = w.len > 1 && is_upper(v[w.st]) && is_upper(v[w.st + 1]);

	if (tab == 1 && w.len == 4 && m == 9)
		name = "sept";
	for (size_t i = 0; name[i]; i++)
		dp_sout_putc(o, up || (i == 0 && is_upper(v[w.st])) ? upper(name[i]) : name[i]);
}

int dp_sur_gen_date(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	date_shape ds;
	unsigned val[3], y, m, d;

	(void)s;
	if (!date_scan(v, n, &ds) || ds.nrun != (ds.tab >= 0 ? 2 : 3))
		return 0;
	date_order(v, &ds);
	if (!date_draw(r, &ds, &y, &m, &d))
		return 0;
	val[ds.yi] = y;
	val[ds.di] = d;
	if (ds.mi >= 0)
		val[ds.mi] = m;
	for (size_t i = 0, k = 0; i < n;) {
		if (k < (size_t)ds.nrun && i == ds.run[k].st) {
			dp_sout_putu(o, val[k], (int)ds.run[k].len);
			i += ds.run[k++].len;
		} else if (ds.tab >= 0 && i == ds.word.st) {
			put_month(o, v, ds.word, ds.tab, m);
			i += ds.word.len;
		} else if (ds.ord.len && i == ds.ord.st) {
			put_ordinal(o, v + i, d);
			i += ds.ord.len;
		} else {
			dp_sout_putc(o, v[i++]);
		}
	}
	return 1;
}

/* ---- secrets --------------------------------------------------------------------------------- */

/* v[0..keep) as is, then each ASCII letter or digit random of its class (AWS: digits 2-7);
 * 0 when nothing after the prefix can change. */
static int put_secret(dp_sout *o, sur_rng *r, const char *v, size_t n, size_t keep, int b32)
{
	int changed = 0;

	dp_sout_put(o, v, keep);
	for (size_t i = keep; i < n; i++) {
		char c = dp_sur_like(r, v[i]);

		if (b32 && is_digit(c))
			c = (char)('2' + dp_sur_below(r, 6));
		changed |= is_alnum(c);
		dp_sout_putc(o, c);
	}
	return changed;
}

static int starts(const char *v, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n > k && memcmp(v, lit, k) == 0;
}

int dp_sur_gen_aws(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	(void)s;
	return n > 4 && put_secret(o, r, v, n, 4, 1);
}

int dp_sur_gen_github(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	size_t keep = 0;

	(void)s;
	if (starts(v, n, "github_pat_"))
		keep = 11;
	else if (n > 4 && v[0] == 'g' && v[1] == 'h' && v[3] == '_')
		keep = 4;
	return put_secret(o, r, v, n, keep, 0);
}

int dp_sur_gen_slack(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	const char *hook = memmem(v, n, "/services/", 10);
	size_t keep = 0;

	(void)s;
	if (starts(v, n, "xox") && n > 5 && v[4] == '-')
		keep = 5;
	else if (hook != NULL)
		keep = (size_t)(hook - v) + 10;
	return put_secret(o, r, v, n, keep, 0);
}

int dp_sur_gen_generic(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	static const char *const prefixes[] = {
		"sk_live_", "sk_test_", "pk_live_", "pk_test_", "rk_live_", "rk_test_", "whsec_",
		"glpat-", "npm_", "pypi-", "hf_", "sk-proj-", "sk-ant-", "sk-", "AIza", "SG.",
		"xoxb-", "xoxp-", "ghp_", "gho_", "ghs_", "AKIA", NULL};
	size_t keep = 0;

	(void)s;
	for (int i = 0; prefixes[i] && keep == 0; i++) {
		if (starts(v, n, prefixes[i]))
			keep = strlen(prefixes[i]);
	}
	return put_secret(o, r, v, n, keep, 0);
}

/* ---- JWT --------------------------------------------------------------------------------------- */

static void b64url_put(dp_sout *o, const unsigned char *b, size_t len)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	for (size_t i = 0; i < len; i += 3) {
		unsigned long acc = (unsigned long)b[i] << 16;
		size_t k = len - i < 3 ? len - i : 3;

		if (k > 1)
			acc |= (unsigned long)b[i + 1] << 8;
		if (k > 2)
			acc |= b[i + 2];
		for (size_t j = 0; j <= k; j++)
			dp_sout_putc(o, al[(acc >> (18 - 6 * j)) & 63u]);
	}
}

/* random letters and digits */
static void fill_alnum(sur_rng *r, unsigned char *p, size_t k)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	for (size_t i = 0; i < k; i++)
		p[i] = (unsigned char)al[dp_sur_below(r, 62)];
}

/* JSON of exactly len bytes: head, then ,"key":"<random>" when there is room, else blanks */
static int jwt_json(sur_rng *r, unsigned char *b, size_t len, const char *head, const char *key)
{
	size_t hl = strlen(head), kl = strlen(key);

	if (len < hl + 1 || len > JWT_SEG)
		return 0;
	memcpy(b, head, hl);
	if (len >= hl + kl + 3) {
		memcpy(b + hl, key, kl);
		fill_alnum(r, b + hl + kl, len - hl - kl - 2);
		memcpy(b + len - 2, "\"}", 2);
		return 1;
	}
	memset(b + hl, ' ', len - hl - 1);
	b[len - 1] = '}';
	return 1;
}

/* one rebuilt segment of the same encoded length, or the original one */
static void jwt_segment(dp_sout *o, sur_rng *r, const char *seg, size_t len, int header)
{
	unsigned char b[JWT_SEG];
	size_t bytes = len * 3 / 4;
	const char *head = bytes >= 27 ? "{\"alg\":\"HS256\",\"typ\":\"JWT\"" : "{\"alg\":\"HS256\"";
	int ok = header ? jwt_json(r, b, bytes, head, ",\"kid\":\"")
	                : jwt_json(r, b, bytes, "{", "\"sub\":\"");

	if (ok)
		b64url_put(o, b, bytes);
	else
		dp_sout_put(o, seg, len);
}

int dp_sur_gen_jwt(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	const char *d1 = memchr(v, '.', n), *d2;

	(void)s;
	if (!dp_valid_jwt(v, n) || d1 == NULL)
		return 0;
	d2 = memchr(d1 + 1, '.', n - (size_t)(d1 - v) - 1);
	jwt_segment(o, r, v, (size_t)(d1 - v), 1);
	dp_sout_putc(o, '.');
	jwt_segment(o, r, d1 + 1, (size_t)(d2 - d1 - 1), 0);
	dp_sout_putc(o, '.');
	for (const char *p = d2 + 1; p < v + n; p++)
		dp_sout_putc(o, al[dp_sur_below(r, 64)]);
	return 1;
}

/* ---- private keys ------------------------------------------------------------------------------- */

int dp_sur_gen_privkey(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	int changed = 0;

	(void)s;
	for (size_t i = 0; i < n;) {
		size_t e = first_of(v, i, n, "\n");
		int keep = starts(v + i, e - i + 1, "-----") || memchr(v + i, ':', e - i) != NULL;

		if (keep)
			dp_sout_put(o, v + i, e - i);
		else
			changed |= put_secret(o, r, v + i, e - i, 0, 0);
		if (e < n)
			dp_sout_putc(o, '\n');
		i = e + 1;
	}
	return changed;
}
