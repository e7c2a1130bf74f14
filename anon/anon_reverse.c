/* anon_reverse.c - doppel-anon --reverse: finds the tokens of the marker style in text
 * (Label_12; label_12@domain-3.example) and replaces each with the original stored in
 * the vault. Tokens the vault does not know (a model's invention, or made without the
 * vault) are left as they are and counted. An e-mail derived from a person
 * (person_1@domain-2.example) gets its domain back; its local part stays, since the
 * token names the person and not the address. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "dp_exit.h"

static int word_char(unsigned char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
	       ch == '_';
}

/* Splits word w[0..n) as LABEL_DIGITS; returns the label length, 0 when it is not one. */
static size_t split_token(const char *w, size_t n, uint64_t *num)
{
	size_t u = n;

	while (u > 0 && w[u - 1] >= '0' && w[u - 1] <= '9')
		u--;
	if (u == n || u < 2 || w[u - 1] != '_' || n - u > 18 || w[u] == '0')
		return 0;
	*num = strtoull(w + u, NULL, 10);
	return u - 1;
}

/* the type whose label (or lower-case label when lower) is l[0..n), or -1 */
static int type_of_label(const anon_ctx *c, const char *l, size_t n, int lower)
{
	int types = dp_detect_type_count(c->det);

	for (int t = 0; t < types; t++) {
		const char *lab = c->label[t];
		if (strlen(lab) != n)
			continue;
		if (lower ? strncasecmp(lab, l, n) == 0 : strncmp(lab, l, n) == 0)
			return t;
	}
	return -1;
}

/* Records a finding over [s, e) of the current string replaced by the vault's value of
 * (ns, num). */
static int restore(anon_ctx *c, size_t s, size_t e, const char *ns, uint64_t num, dp_err *err)
{
	anon_rec *r = &c->rec;
	size_t mark = r->rep.len;
	int f = dp_vault_get(c->vault, ns, num, &r->rep, err);
	long k;

	if (f < 0)
		return -f;
	if (f == 0) {
		c->unknown_tokens++;
		return DP_OK;
	}
	if ((k = anon_rec_add_find(r)) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	r->find[k].type = -1;
	r->find[k].start = s;
	r->find[k].end = e;
	r->find[k].rep_off = mark;
	r->find[k].rep_len = r->rep.len - mark;
	return DP_OK;
}

/* label_N@domain-M.example at s[i..n): its end, 0 when it is not one; *dnum = M */
static size_t email_tail(const char *s, size_t i, size_t n, uint64_t *dnum)
{
	static const char pre[] = "@domain-", post[] = ".example";
	size_t k = i + sizeof pre - 1, d;

	if (n - i < sizeof pre + sizeof post || memcmp(s + i, pre, sizeof pre - 1) != 0)
		return 0;
	for (d = k; d < n && s[d] >= '0' && s[d] <= '9'; d++)
		;
	if (d == k || n - d < sizeof post - 1 || memcmp(s + d, post, sizeof post - 1) != 0)
		return 0;
	*dnum = strtoull(s + k, NULL, 10);
	return d + sizeof post - 1;
}

/* One token at s[w..e): restores it (and its e-mail domain); returns the
 * offset to go on from. */
static size_t one_token(anon_ctx *c, const char *s, size_t n, size_t w, size_t e, int *rc,
                        dp_err *err)
{
	uint64_t num, dnum;
	size_t ll = split_token(s + w, e - w, &num), end;
	int t;

	if (!ll)
		return e;
	if ((end = email_tail(s, e, n, &dnum)) != 0) {
		t = type_of_label(c, s + w, ll, 1);
		if (t == DP_T_EMAIL)
			*rc = restore(c, w, end, "email", num, err);
		else if (t == DP_T_PERSON)
			*rc = restore(c, e + 1, end, "domain", dnum, err);
		return end;
	}
	if ((t = type_of_label(c, s + w, ll, 0)) >= 0)
		*rc = restore(c, w, e, dp_detect_type_id(c->det, t), num, err);
	return e;
}

int anon_reverse_string(anon_ctx *c, size_t i, dp_err *err)
{
	const anon_str *st = &c->rec.str[i];
	const char *s = c->rec.text.data + st->off;
	size_t n = st->len, p = 0;
	int rc = DP_OK;

	while (p < n && rc == DP_OK) {
		size_t w = p, e;
		if (!word_char((unsigned char)s[p]) || (p > 0 && word_char((unsigned char)s[p - 1]))) {
			p++;
			continue;
		}
		for (e = w; e < n && word_char((unsigned char)s[e]); e++)
			;
		p = one_token(c, s, n, w, e, &rc, err);
	}
	return rc;
}
