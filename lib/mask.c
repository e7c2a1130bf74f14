/* mask.c - masked display of detected values (mask.h), one shape per type family.
 * Works on UTF-8 code points: a multi-byte character is copied whole or not at all, a
 * byte that is not well-formed UTF-8 counts as one character and is shown as '?'. */
#include "config.h"
#include "mask.h"
#include "utf8.h"

#include <string.h>

#include "types.h"

typedef struct dp_mout {
	char *out;
	size_t outsz, len;
	int full;   /* something did not fit: append nothing more */
} dp_mout;

static void dp_mput(dp_mout *m, const char *s, size_t n)
{
	if (m->full || m->outsz == 0)
		return;
	if (n > m->outsz - 1 - m->len) {
		m->full = 1;
		return;
	}
	memcpy(m->out + m->len, s, n);
	m->len += n;
	m->out[m->len] = '\0';
}

static void dp_mputs(dp_mout *m, const char *s)
{
	dp_mput(m, s, strlen(s));
}

/* Copies the character at v[i] (or '?' for a bad byte); returns its length. */
static size_t dp_mcopy(dp_mout *m, const char *v, size_t n, size_t i)
{
	long cp;
	size_t k = dp_utf8_next((const unsigned char *)v + i, n - i, &cp);

	if (cp < 0)
		dp_mputs(m, "?");
	else
		dp_mput(m, v + i, k);
	return k;
}

/* Copies v[from, to) character by character. */
static void dp_mspan_copy(dp_mout *m, const char *v, size_t from, size_t to)
{
	while (from < to)
		from += dp_mcopy(m, v, to, from);
}

static size_t dp_mcount(const char *v, size_t n)
{
	size_t count = 0;
	long cp;

	for (size_t i = 0; i < n; count++)
		i += dp_utf8_next((const unsigned char *)v + i, n - i, &cp);
	return count;
}

/* One '*' per character of v[from, to). */
static void dp_mstars(dp_mout *m, const char *v, size_t from, size_t to)
{
	for (size_t k = dp_mcount(v + from, to - from); k > 0; k--)
		dp_mputs(m, "*");
}

/* First character, then '*' for every other one: "Иван" -> "И***". */
static void dp_mask_first(dp_mout *m, const char *v, size_t n)
{
	size_t k;

	if (n == 0)
		return;
	k = dp_mcopy(m, v, n, 0);
	dp_mstars(m, v, k, n);
}

/* john.doe@example.com -> j*******@e******.com */
static void dp_mask_email(dp_mout *m, const char *v, size_t n)
{
	const char *at = memrchr(v, '@', n), *dom, *dot;
	size_t dn;

	if (!at || at == v || at == v + n - 1) {
		dp_mask_first(m, v, n);
		return;
	}
	dp_mask_first(m, v, (size_t)(at - v));
	dp_mputs(m, "@");
	dom = at + 1;
	dn = n - (size_t)(dom - v);
	dot = memrchr(dom, '.', dn);
	if (!dot || dot == dom || dot == dom + dn - 1) {
		dp_mask_first(m, dom, dn);
		return;
	}
	dp_mask_first(m, dom, (size_t)(dot - dom));
	dp_mspan_copy(m, dom, (size_t)(dot - dom), dn);
}

/* Separators kept by the id masks: ASCII punctuation and spaces, odd dashes and spaces. */
static int dp_mask_is_sep(long cp)
{
	if (cp < 0)
		return 0;
	if (cp < 0x80)
		return !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
		         (cp >= 'A' && cp <= 'Z'));
	return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x2015) || (cp >= 0x2028 && cp <= 0x202F) ||
	       cp == 0x205F || cp == 0x2212 || cp == 0x3000 || cp == 0xFE58 || cp == 0xFE63 ||
	       cp == 0xFEFF || cp == 0xFF0D;
}

static size_t dp_mask_alnums(const char *v, size_t n)
{
	size_t count = 0;
	long cp;

	for (size_t i = 0; i < n;) {
		i += dp_utf8_next((const unsigned char *)v + i, n - i, &cp);
		count += !dp_mask_is_sep(cp);
	}
	return count;
}

/* 4111 1111 1111 1111 -> **** **** **** 1111; the last 2 shown under 10 characters. */
static void dp_mask_id(dp_mout *m, const char *v, size_t n)
{
	size_t total = dp_mask_alnums(v, n), keep = total >= 10 ? 4 : 2, seen = 0;
	long cp;

	if (keep > total / 2)
		keep = total / 2;
	for (size_t i = 0; i < n;) {
		size_t k = dp_utf8_next((const unsigned char *)v + i, n - i, &cp);
		if (dp_mask_is_sep(cp) || seen++ >= total - keep)
			dp_mcopy(m, v, n, i);
		else
			dp_mputs(m, "*");
		i += k;
	}
}

/* First 4 characters and a fixed "****" (fewer shown for values under 16 characters). */
static void dp_mask_secret(dp_mout *m, const char *v, size_t n)
{
	size_t total = dp_mcount(v, n), show = total >= 16 ? 4 : total / 4, i = 0;

	for (size_t c = 0; c < show; c++)
		i += dp_mcopy(m, v, n, i);
	dp_mputs(m, "****");
}

static size_t dp_mspan(const char *v, size_t n, size_t i, const char *stops)
{
	while (i < n && !strchr(stops, v[i]))
		i++;
	return i;
}

/* Query and fragment: keys kept, every value "****". */
static void dp_mask_params(dp_mout *m, const char *v, size_t n, size_t i)
{
	while (i < n) {
		size_t end, eq;
		dp_mput(m, v + i, 1);   /* '?', '#', '&' or ';' */
		i++;
		end = dp_mspan(v, n, i, "&;#");
		eq = dp_mspan(v, end, i, "=");
		if (eq < end) {
			dp_mspan_copy(m, v, i, eq + 1);
			if (eq + 1 < end)
				dp_mputs(m, "****");
		} else if (i < end) {
			dp_mputs(m, "****");
		}
		i = end;
	}
}

/* URL: the userinfo ("user:pw@") becomes "****@", query and fragment values "****";
 * scheme, host and path are kept. */
static void dp_mask_url(dp_mout *m, const char *v, size_t n)
{
	const char *sep = memmem(v, n, "://", 3), *at;
	size_t a, e, q;

	if (!sep) {
		at = memrchr(v, '@', n);
		if (!at) {
			dp_mask_first(m, v, n);
			return;
		}
		dp_mputs(m, "****");
		dp_mspan_copy(m, v, (size_t)(at - v), n);
		return;
	}
	a = (size_t)(sep - v) + 3;
	dp_mspan_copy(m, v, 0, a);
	e = dp_mspan(v, n, a, "/?#");
	at = memrchr(v + a, '@', e - a);
	if (at) {
		dp_mputs(m, "****");
		a = (size_t)(at - v);
	}
	q = dp_mspan(v, n, a, "?#");
	dp_mspan_copy(m, v, a, q);
	dp_mask_params(m, v, n, q);
}

/* 192.168.1.10 -> 192.*.*.* */
static void dp_mask_ipv4(dp_mout *m, const char *v, size_t n)
{
	size_t i = dp_mspan(v, n, 0, ".");

	if (i == n || i == 0) {
		dp_mask_first(m, v, n);
		return;
	}
	dp_mspan_copy(m, v, 0, i);
	for (; i < n; i++)
		if (v[i] == '.')
			dp_mputs(m, ".*");
}

/* First group kept, later groups masked: a '*' per group (ipv6) or per character (mac). */
static void dp_mask_groups(dp_mout *m, const char *v, size_t n, int per_char)
{
	int kept = 0;

	for (size_t i = 0; i < n;) {
		size_t end = dp_mspan(v, n, i, ":-.");
		if (end == i) {
			dp_mput(m, v + i, 1);
			i++;
			continue;
		}
		if (!kept)
			dp_mspan_copy(m, v, i, end);
		else if (per_char)
			dp_mstars(m, v, i, end);
		else
			dp_mputs(m, "*");
		kept = 1;
		i = end;
	}
}

static int dp_mask_is_id(int type)
{
	switch (type) {
	case DP_T_CARD: case DP_T_IBAN: case DP_T_SWIFT_BIC: case DP_T_KZ_IIN: case DP_T_KZ_BIN:
	case DP_T_RU_INN: case DP_T_RU_SNILS: case DP_T_US_SSN: case DP_T_PHONE:
	case DP_T_PASSPORT:
		return 1;
	default:
		return 0;
	}
}

static int dp_mask_is_secret(int type)
{
	return type == DP_T_PRIVATE_KEY || type == DP_T_AWS_ACCESS_KEY || type == DP_T_JWT ||
	       type == DP_T_GITHUB_TOKEN || type == DP_T_SLACK_TOKEN ||
	       type == DP_T_GENERIC_SECRET || type == DP_T_PASSWORD_IN_URL;
}

static void dp_mask_dispatch(dp_mout *m, int type, const char *v, size_t n)
{
	if (type == DP_T_EMAIL || (type == DP_T_CANARY && memchr(v, '@', n)))
		dp_mask_email(m, v, n);
	else if (dp_mask_is_id(type))
		dp_mask_id(m, v, n);
	else if (type == DP_T_PRIVATE_KEY && n >= 10 && memcmp(v, "-----BEGIN", 10) == 0)
		dp_mputs(m, "-----BEGIN ****");
	else if (type == DP_T_PASSWORD_IN_URL && (memmem(v, n, "://", 3) || memchr(v, '@', n)))
		dp_mask_url(m, v, n);
	else if (dp_mask_is_secret(type))
		dp_mask_secret(m, v, n);
	else if (type == DP_T_URL)
		dp_mask_url(m, v, n);
	else if (type == DP_T_IPV4)
		dp_mask_ipv4(m, v, n);
	else if (type == DP_T_IPV6 || type == DP_T_MAC)
		dp_mask_groups(m, v, n, type == DP_T_MAC);
	else
		dp_mask_first(m, v, n);
}

size_t dp_mask(int type, const char *value, size_t n, char *out, size_t outsz)
{
	dp_mout m = {out, outsz, 0, 0};

	if (!out || outsz == 0)
		return 0;
	out[0] = '\0';
	if (!value || n == 0)
		return 0;
	dp_mask_dispatch(&m, type, value, n);
	return m.len;
}
