/* lib/validate_secret.c - JWT shape (base64url header/payload that decode to JSON objects) and
 * Shannon entropy. */
#include "config.h"

#include <string.h>

#include "validate.h"

static int b64url_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '-')
		return 62;
	if (c == '_')
		return 63;
	return -1;
}

/* What a streamed JSON-object check needs: first and last non-blank bytes, and whether
 * the key "alg" occurred ("alg" in quotes, then a colon after optional blanks). */
struct json_probe {
	char first, last;
	char win[5];   /* the last 5 bytes seen, oldest first */
	int alg;       /* 0 not seen, 1 "alg" seen and waiting for ':', 2 key found */
};

static void probe_byte(struct json_probe *p, unsigned char b)
{
	int blank = b == ' ' || b == '\t' || b == '\r' || b == '\n';
	if (!blank) {
		if (!p->first)
			p->first = (char)b;
		p->last = (char)b;
		if (p->alg == 1)
			p->alg = b == ':' ? 2 : 0;
	}
	memmove(p->win, p->win + 1, 4);
	p->win[4] = (char)b;
	if (p->alg == 0 && memcmp(p->win, "\"alg\"", 5) == 0)
		p->alg = 1;
}

/* Decodes unpadded base64url s[0..n) into the probe, 4 characters (3 bytes) at a time.
 * Returns 0 on a bad character or an impossible length (n mod 4 == 1). */
static int b64url_probe(const char *s, size_t n, struct json_probe *p)
{
	if (n == 0 || n % 4 == 1)
		return 0;
	for (size_t i = 0; i < n; i += 4) {
		unsigned long acc = 0;
		size_t k = n - i < 4 ? n - i : 4;
		for (size_t j = 0; j < 4; j++) {
			int v = j < k ? b64url_value(s[i + j]) : 0;
			if (v < 0)
				return 0;
			acc = (acc << 6) | (unsigned long)v;
		}
		for (size_t j = 0; j + 1 < k; j++)
			probe_byte(p, (unsigned char)(acc >> (16 - 8 * j)));
	}
	return 1;
}

static int b64url_chars(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (b64url_value(s[i]) < 0)
			return 0;
	}
	return n % 4 != 1;
}

/* header.payload.signature: header and payload decode to text that starts with '{' and
 * ends with '}', the header has an "alg" key; the signature may be empty (alg "none").
 * No padding ('='), no whitespace; JWE (five parts) is rejected. */
int dp_valid_jwt(const char *s, size_t n)
{
	const char *d1 = s ? memchr(s, '.', n) : NULL;
	if (d1 == NULL)
		return 0;
	size_t hlen = (size_t)(d1 - s);
	const char *d2 = memchr(d1 + 1, '.', n - hlen - 1);
	if (d2 == NULL)
		return 0;
	size_t plen = (size_t)(d2 - d1 - 1), slen = n - hlen - plen - 2;
	struct json_probe h = {0}, p = {0};
	if (!b64url_probe(s, hlen, &h) || h.alg != 2 || h.first != '{' || h.last != '}')
		return 0;
	if (!b64url_probe(d1 + 1, plen, &p) || p.first != '{' || p.last != '}')
		return 0;
	return b64url_chars(d2 + 1, slen);
}

/* log2 without libm: x = m * 2^e with m in [1, 2), ln m = 2 atanh((m - 1) / (m + 1)). */
static double dp_log2(double x)
{
	int e = 0;
	while (x >= 2.0) {
		x *= 0.5;
		e++;
	}
	while (x < 1.0) {
		x *= 2.0;
		e--;
	}
	double t = (x - 1.0) / (x + 1.0), t2 = t * t, term = t, sum = 0.0;
	for (int k = 1; k < 40; k += 2) {
		sum += term / k;
		term *= t2;
	}
	return e + 2.0 * sum / 0.69314718055994530942;
}

/* H = log2(n) - (1/n) * sum(c * log2(c)) over the byte counts c; 0 for empty input. */
double dp_shannon_entropy(const char *s, size_t n)
{
	size_t count[256] = {0};
	if (s == NULL || n == 0)
		return 0.0;
	for (size_t i = 0; i < n; i++)
		count[(unsigned char)s[i]]++;
	double acc = 0.0;
	for (int b = 0; b < 256; b++) {
		if (count[b] > 1)
			acc += (double)count[b] * dp_log2((double)count[b]);
	}
	double h = dp_log2((double)n) - acc / (double)n;
	return h < 0.0 ? 0.0 : h;
}
