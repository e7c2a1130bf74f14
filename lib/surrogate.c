/* surrogate.c - deterministic surrogates (surrogate.h): the keyed random stream, the output
 * writer, the dispatch by type, and the national IDs, cards, IBANs and network addresses.
 * E-mails, URLs, dates and secrets are in surrogate_text.c, phones in surrogate_phone.c,
 * names and inflection in surrogate_name.c. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fakedata.h"
#include "surrogate_internal.h"
#include "types.h"
#include "validate.h"

#define SUR_ROUNDS 8     /* internal redraws when a draw equals the original */
#define SUR_TRIES 64     /* redraws inside a generator (invalid check digit, ...) */
#define SUR_DIG_MAX 40   /* digits in one number */

/* ---- random stream ------------------------------------------------------------------- */

static size_t put_le32(unsigned char *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (unsigned char)(v >> (8 * i));
	return 4;
}

static void rng_fill(sur_rng *r)
{
	unsigned char msg[8 + 64 + 1 + 12];
	size_t pl = strlen(r->purpose), k = 8;

	if (pl > 64)
		pl = 64;
	memcpy(msg, "dp-sur/1", 8);
	memcpy(msg + k, r->purpose, pl);
	k += pl;
	msg[k++] = 0;
	k += put_le32(msg + k, r->attempt);
	k += put_le32(msg + k, r->round);
	k += put_le32(msg + k, r->block++);
	crypto_generichash(r->buf, sizeof r->buf, msg, k, r->seed, DP_SUR_SEED_LEN);
	r->pos = 0;
}

void dp_sur_rng_init(sur_rng *r, const unsigned char *seed, const char *purpose,
                     unsigned attempt, unsigned round)
{
	memset(r, 0, sizeof *r);
	r->seed = seed;
	r->purpose = purpose;
	r->attempt = attempt;
	r->round = round;
	r->pos = sizeof r->buf;
}

uint64_t dp_sur_u64(sur_rng *r)
{
	uint64_t v = 0;

	if (r->pos + 8 > sizeof r->buf)
		rng_fill(r);
	for (int i = 0; i < 8; i++)
		v |= (uint64_t)r->buf[r->pos + (unsigned)i] << (8 * i);
	r->pos += 8;
	return v;
}

unsigned dp_sur_below(sur_rng *r, unsigned n)
{
	return n ? (unsigned)(dp_sur_u64(r) % n) : 0;
}

char dp_sur_like(sur_rng *r, char c)
{
	if (c >= '0' && c <= '9')
		return (char)('0' + dp_sur_below(r, 10));
	if (c >= 'A' && c <= 'Z')
		return (char)('A' + dp_sur_below(r, 26));
	if (c >= 'a' && c <= 'z')
		return (char)('a' + dp_sur_below(r, 26));
	return c;
}

/* ---- words and domains ----------------------------------------------------------------- */


const char *dp_sur_word(sur_rng *r)
{
	return dp_fk_words[dp_sur_below(r, (unsigned)dp_fk_nwords)];
}

void dp_sur_put_domain(dp_sout *o, sur_rng *r)
{
	dp_sout_puts(o, dp_sur_word(r));
	dp_sout_putc(o, '-');
	dp_sout_putu(o, 1 + dp_sur_below(r, 999), 0);
	dp_sout_puts(o, ".example");
}

size_t dp_sur_domain(const unsigned char seed[DP_SUR_SEED_LEN], unsigned attempt,
                     char *out, size_t cap)
{
	sur_rng r;
	dp_sout o = {out, cap, 0, 0};

	if (out == NULL || cap == 0 || seed == NULL)
		return 0;
	out[0] = '\0';
	dp_sur_rng_init(&r, seed, "domain", attempt, 0);
	dp_sur_put_domain(&o, &r);
	if (o.full) {
		out[0] = '\0';
		return 0;
	}
	return o.len;
}

/* ---- digits in a template ---------------------------------------------------------------- */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Collects the digits of v into d (NUL-terminated); returns their count, -1 past max. */
int dp_sur_digits_of(const char *v, size_t n, char *d, int max)
{
	int k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!is_digit(v[i]))
			continue;
		if (k >= max)
			return -1;
		d[k++] = v[i];
	}
	d[k] = '\0';
	return k;
}

/* Copies v to o with its digits replaced, in order, by d. */
void dp_sur_put_digits(dp_sout *o, const char *v, size_t n, const char *d)
{
	for (size_t i = 0; i < n; i++)
		dp_sout_putc(o, is_digit(v[i]) ? *d++ : v[i]);
}

void dp_sur_rand_digits(sur_rng *r, char *d, int k)
{
	for (int i = 0; i < k; i++)
		d[i] = (char)('0' + dp_sur_below(r, 10));
}

/* Writes v zero-padded to width digits at d. */
static void set_num(char *d, int width, unsigned v)
{
	for (int i = width; i-- > 0; v /= 10)
		d[i] = (char)('0' + v % 10);
}

/* Copies v to o with each ASCII letter and digit random of its class. */
static int gen_classes(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	(void)s;
	for (size_t i = 0; i < n; i++)
		dp_sout_putc(o, dp_sur_like(r, v[i]));
	return 1;
}

/* ---- payment cards --------------------------------------------------------------------- */

static int gen_card(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char d[SUR_DIG_MAX + 1];
	int len = dp_sur_digits_of(v, n, d, 19);
	const dp_fk_card *b = len >= 12 ? dp_fk_card_of(d, len) : NULL;

	(void)s;
	if (b == NULL)
		return 0;
	size_t tl = strlen(b->test);
	memcpy(d, b->test, tl);
	dp_sur_rand_digits(r, d + tl, len - 1 - (int)tl);
	d[len - 1] = dp_fk_luhn_digit(d, len - 1);
	dp_sur_put_digits(o, v, n, d);
	return 1;
}

/* ---- IBAN and BIC ------------------------------------------------------------------------ */

static int is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

static int gen_iban(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char b[40];
	int k = 0;

	(void)s;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == ' ')
			continue;
		if (k >= 34 || !(is_alpha(v[i]) || is_digit(v[i])))
			return 0;
		b[k] = k < 4 ? v[i] : dp_sur_like(r, v[i]);
		k++;
	}
	if (k < 15 || !is_alpha(b[0]) || !is_alpha(b[1]))
		return 0;
	dp_fk_iban_set_check(b, k);
	for (size_t i = 0, j = 0; i < n; i++)
		dp_sout_putc(o, v[i] == ' ' ? ' ' : b[j++]);
	return 1;
}

/* random bank code, same country, location with '0' second (ISO 9362: a test BIC), branch
 * random unless XXX */
static int gen_bic(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	(void)s;
	if (n != 8 && n != 11)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int keep = (i >= 4 && i < 6) || (n == 11 && i >= 8 && memcmp(v + 8, "XXX", 3) == 0);

		if (i == 7)
			dp_sout_putc(o, '0');
		else
			dp_sout_putc(o, keep ? v[i] : dp_sur_like(r, v[i]));
	}
	return 1;
}

/* ---- Kazakhstan IIN / BIN ----------------------------------------------------------------- */

/* A birth date YYMMDD at d for century digit cent (1/2 1800s, 3/4 1900s, 5/6 2000s). */
static void kz_birth(sur_rng *r, char *d, int cent)
{
	int base = 1800 + (cent - 1) / 2 * 100, y, m, day;

	do {
		y = cent <= 2 ? (int)dp_sur_below(r, 100) : cent <= 4 ? 40 + (int)dp_sur_below(r, 60)
		                                                       : (int)dp_sur_below(r, 21);
		m = 1 + (int)dp_sur_below(r, 12);
		day = 1 + (int)dp_sur_below(r, 31);
	} while (!dp_valid_date(base + y, m, day));
	set_num(d, 2, (unsigned)y);
	set_num(d + 2, 2, (unsigned)m);
	set_num(d + 4, 2, (unsigned)day);
}

/* Draws d[from..11) until the check digit exists, then sets it. */
static int kz_finish(sur_rng *r, char *d, int from)
{
	for (int t = 0; t < SUR_TRIES; t++) {
		dp_sur_rand_digits(r, d + from, 11 - from);
		int c = dp_fk_kz_check(d);

		if (c >= 0) {
			d[11] = (char)('0' + c);
			return 1;
		}
	}
	return 0;
}

static int gen_kz_iin(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char d[SUR_DIG_MAX + 1];

	(void)s;
	if (dp_sur_digits_of(v, n, d, 12) != 12 || d[6] < '1' || d[6] > '6')
		return 0;
	kz_birth(r, d, d[6] - '0');
	if (!kz_finish(r, d, 7))
		return 0;
	dp_sur_put_digits(o, v, n, d);
	return 1;
}

static int gen_kz_bin(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char d[SUR_DIG_MAX + 1];

	(void)s;
	if (dp_sur_digits_of(v, n, d, 12) != 12)
		return 0;
	set_num(d, 2, dp_sur_below(r, 25));
	set_num(d + 2, 2, 1 + dp_sur_below(r, 12));
	if (d[4] < '4' || d[4] > '6')
		d[4] = '4';
	if (d[5] > '3')
		d[5] = '0';
	if (!kz_finish(r, d, 6))
		return 0;
	dp_sur_put_digits(o, v, n, d);
	return 1;
}

/* ---- Russia INN / SNILS, US SSN ------------------------------------------------------------- */

static int gen_ru_inn(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char d[SUR_DIG_MAX + 1];
	int len = dp_sur_digits_of(v, n, d, 12);

	(void)s;
	if (len != 10 && len != 12)
		return 0;
	set_num(d, 2, 1 + dp_sur_below(r, 89));
	dp_sur_rand_digits(r, d + 2, len - 3);
	for (int k = len == 10 ? 9 : 10; k < len; k++)
		d[k] = (char)('0' + dp_fk_inn_digit(d, k));
	dp_sur_put_digits(o, v, n, d);
	return 1;
}

static int gen_ru_snils(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char d[SUR_DIG_MAX + 1];

	(void)s;
	if (dp_sur_digits_of(v, n, d, 11) != 11)
		return 0;
	set_num(d, 9, 1002000u + dp_sur_below(r, 999999999u - 1002000u));
	set_num(d + 9, 2, (unsigned)dp_fk_snils_check(d));
	dp_sur_put_digits(o, v, n, d);
	return 1;
}

static int gen_us_ssn(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	char d[SUR_DIG_MAX + 1];

	(void)s;
	if (dp_sur_digits_of(v, n, d, 9) != 9)
		return 0;
	for (int t = 0; t < SUR_TRIES; t++) {
		unsigned area = 1 + dp_sur_below(r, 899);

		set_num(d, 3, area == 666 ? 665 : area);
		set_num(d + 3, 2, 1 + dp_sur_below(r, 99));
		set_num(d + 5, 4, 1 + dp_sur_below(r, 9999));
		if (dp_valid_us_ssn(d, 9) && !dp_known_fake_us_ssn(d, 9)) {
			dp_sur_put_digits(o, v, n, d);
			return 1;
		}
	}
	return 0;
}

/* ---- network addresses ---------------------------------------------------------------------- */

/* the host range (first, last) with k digits */
static void host_span(int k, unsigned *lo, unsigned *hi)
{
	*lo = k == 1 ? 1 : k == 2 ? 10 : 100;
	*hi = k == 1 ? 9 : k == 2 ? 99 : 254;
}

static int gen_ipv4(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	unsigned first = dp_sur_below(r, 3), lo = 1, hi = 254, net = first;

	(void)s;
	if (!dp_valid_ipv4(v, n))
		return 0;
	for (unsigned i = 0; i < 3; i++) {
		unsigned j = (first + i) % 3;
		size_t k = strlen(dp_fk_testnets[j]);

		if (n > k && n - k <= 3) {
			net = j;
			host_span((int)(n - k), &lo, &hi);
			break;
		}
	}
	dp_sout_puts(o, dp_fk_testnets[net]);
	dp_sout_putu(o, lo + dp_sur_below(r, hi - lo + 1), 0);
	return 1;
}

static int is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* 1 when v has an upper-case hex letter and none in lower case */
static int hex_upper(const char *v, size_t n)
{
	int up = 0, lo = 0;

	for (size_t i = 0; i < n; i++) {
		up |= v[i] >= 'A' && v[i] <= 'F';
		lo |= v[i] >= 'a' && v[i] <= 'f';
	}
	return up && !lo;
}

static char hex_digit(unsigned x, int up)
{
	return (up ? "0123456789ABCDEF" : "0123456789abcdef")[x & 15u];
}

/* k random hex digits */
static void put_hex(dp_sout *o, sur_rng *r, size_t k, int up)
{
	for (size_t i = 0; i < k; i++)
		dp_sout_putc(o, hex_digit(dp_sur_below(r, 16), up));
}

/* Groups before the "::" (or all when there is none); -1 with an IPv4 tail. */
static int v6_lead_groups(const char *v, size_t n, int *groups)
{
	int lead = -1;

	*groups = 0;
	for (size_t i = 0; i < n; i++) {
		if (v[i] == '.')
			return -1;
		if (v[i] == ':' && i + 1 < n && v[i + 1] == ':' && lead < 0)
			lead = *groups;
		if (is_hex(v[i]) && (i == 0 || v[i - 1] == ':'))
			(*groups)++;
	}
	return lead < 0 ? *groups : lead;
}

/* the original's text with its first two groups 2001 and db8, the others random */
static void v6_mapped(const char *v, size_t n, sur_rng *r, dp_sout *o, int up)
{
	int g = -1;

	for (size_t i = 0; i < n;) {
		size_t j = i;

		if (v[i] == ':') {
			dp_sout_putc(o, ':');
			i++;
			continue;
		}
		while (j < n && is_hex(v[j]))
			j++;
		if (++g == 0)
			dp_sout_puts(o, "2001");
		else if (g == 1)
			dp_sout_puts(o, j - i >= 4 ? (up ? "0DB8" : "0db8") : up ? "DB8" : "db8");
		else
			put_hex(o, r, j - i, up);
		i = j;
	}
}

static int gen_ipv6(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	int groups, up = hex_upper(v, n);
	int lead = v6_lead_groups(v, n, &groups);

	(void)s;
	if (!dp_valid_ipv6(v, n))
		return 0;
	if (lead >= 2) {
		v6_mapped(v, n, r, o, up);
		return 1;
	}
	dp_sout_puts(o, up ? "2001:DB8:" : "2001:db8:");
	int k = groups < 2 ? 1 : groups > 6 ? 5 : groups - 1;
	for (int i = 0; i < k; i++) {
		dp_sout_putc(o, ':');
		put_hex(o, r, 1 + dp_sur_below(r, 4), up);
	}
	return 1;
}

static int gen_mac(const dp_sur *s, const char *v, size_t n, sur_rng *r, dp_sout *o)
{
	int up = hex_upper(v, n);
	unsigned first = (dp_sur_below(r, 256) & 0xFCu) | 0x02u;

	(void)s;
	if (!dp_valid_mac(v, n))
		return 0;
	dp_sout_putc(o, hex_digit(first >> 4, up));
	dp_sout_putc(o, hex_digit(first, up));
	for (size_t i = 2; i < n; i++)
		dp_sout_putc(o, is_hex(v[i]) ? hex_digit(dp_sur_below(r, 16), up) : v[i]);
	return 1;
}

/* ---- dispatch -------------------------------------------------------------------------------- */

static sur_gen gen_for(int type)
{
	switch (type) {
	case DP_T_EMAIL: return dp_sur_gen_email;
	case DP_T_PHONE: return dp_sur_gen_phone;
	case DP_T_URL: case DP_T_PASSWORD_IN_URL: return dp_sur_gen_url;
	case DP_T_CARD: return gen_card;
	case DP_T_IBAN: return gen_iban;
	case DP_T_SWIFT_BIC: return gen_bic;
	case DP_T_KZ_IIN: return gen_kz_iin;
	case DP_T_KZ_BIN: return gen_kz_bin;
	case DP_T_RU_INN: return gen_ru_inn;
	case DP_T_RU_SNILS: return gen_ru_snils;
	case DP_T_US_SSN: return gen_us_ssn;
	case DP_T_PASSPORT: return gen_classes;
	case DP_T_IPV4: return gen_ipv4;
	case DP_T_IPV6: return gen_ipv6;
	case DP_T_MAC: return gen_mac;
	case DP_T_DATE_OF_BIRTH: return dp_sur_gen_date;
	case DP_T_PRIVATE_KEY: return dp_sur_gen_privkey;
	case DP_T_AWS_ACCESS_KEY: return dp_sur_gen_aws;
	case DP_T_JWT: return dp_sur_gen_jwt;
	case DP_T_GITHUB_TOKEN: return dp_sur_gen_github;
	case DP_T_SLACK_TOKEN: return dp_sur_gen_slack;
	case DP_T_GENERIC_SECRET: return dp_sur_gen_generic;
	default: return NULL;
	}
}

dp_sur *dp_sur_new(const dp_dp_pack *en, const dp_dp_pack *ru, const dp_dp_pack *kk)
{
	dp_sur *s;

	if (sodium_init() < 0)   /* picks implementations only: the output is the same */
		return NULL;
	if ((s = calloc(1, sizeof *s)) == NULL)
		return NULL;
	s->pack[0] = en;
	s->pack[1] = ru;
	s->pack[2] = kk;
	return s;
}

void dp_sur_free(dp_sur *s)
{
	free(s);
}

/* One round: 1 when out holds a surrogate different from the original. */
static int sur_round(const dp_sur *s, sur_gen gen, const char *purpose, const char *orig,
                     size_t n, const unsigned char *seed, unsigned attempt, unsigned round,
                     dp_sout *o)
{
	sur_rng r;

	dp_sur_rng_init(&r, seed, purpose, attempt, round);
	o->len = 0;
	o->full = 0;
	o->p[0] = '\0';
	if (!gen(s, orig, n, &r, o) || o->full)
		return -1;
	return !(o->len == n && memcmp(o->p, orig, n) == 0);
}

size_t dp_sur_value(const dp_sur *s, int type, const char *orig, size_t n,
                    const unsigned char seed[DP_SUR_SEED_LEN], unsigned attempt,
                    char *out, size_t cap)
{
	sur_gen gen = gen_for(type);
	const dp_type_info *ti = dp_type_get(type);
	dp_sout o = {out, cap, 0, 0};

	if (out == NULL || cap == 0)
		return 0;
	out[0] = '\0';
	if (gen == NULL || ti == NULL || orig == NULL || seed == NULL || n == 0 || n > DP_SUR_IN_MAX)
		return 0;
	for (unsigned round = 0; round < SUR_ROUNDS; round++) {
		int ok = sur_round(s, gen, ti->id, orig, n, seed, attempt, round, &o);

		if (ok < 0)
			break;
		if (ok)
			return o.len;
	}
	out[0] = '\0';
	return 0;
}
