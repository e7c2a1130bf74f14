/* test_surrogate.c - unit tests of the surrogate values (lib/surrogate*.c): determinism,
 * validators accepting 1,000 surrogates per type, the original's shape kept, reserved ranges
 * (TEST-NETs, 2001:db8::/32, 555-01xx, Ofcom drama numbers, .example domains), never the
 * original, names of the asked gender, script and locale, case endings transferred to the
 * surrogate (ru, kk), and the buffer cap. The data packs are found through $DP_SRCDIR. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "datapack.h"
#include "dp_exit.h"
#include "surrogate.h"
#include "types.h"
#include "validate.h"

#define N_SEEDS 1000
#define OUT_CAP 512

/* ---- helpers ---------------------------------------------------------------------------- */

static const char *datadir(void)
{
	static char dir[PATH_MAX];
	const char *src = getenv("DP_SRCDIR"), *slash = strrchr(__FILE__, '/');

	if (dir[0])
		return dir;
	if (src && *src)
		snprintf(dir, sizeof dir, "%s/templates/data", src);
	else
		snprintf(dir, sizeof dir, "%.*s/../../templates/data",
		         slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	return dir;
}

enum { EN, RU, KK };
static dp_dp_pack *packs[3];
static dp_sur *sur;

static int setup(void **state)
{
	static const char *const locales[3] = {"en", "ru", "kk"};
	dp_err err;

	(void)state;
	for (int i = 0; i < 3; i++) {
		dp_err_clear(&err);
		if (dp_dp_load(datadir(), locales[i], &packs[i], &err) != DP_OK) {
			print_error("%s: %s:%ld: %s\n", locales[i], err.file, err.line, err.msg);
			return -1;
		}
	}
	sur = dp_sur_new(packs[EN], packs[RU], packs[KK]);
	return sur ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_sur_free(sur);
	for (int i = 0; i < 3; i++)
		dp_dp_free(packs[i]);
	return 0;
}

/* seed number i (a stand-in for the caller's keyed hash) */
static const unsigned char *seed_of(unsigned i)
{
	static unsigned char seed[DP_SUR_SEED_LEN];

	memset(seed, 0xA5, sizeof seed);
	for (int k = 0; k < 4; k++)
		seed[k] = (unsigned char)(i >> (8 * k));
	return seed;
}

/* the surrogate of v with seed i, asserted non-empty and of the returned length */
static const char *sur_of(int type, const char *v, unsigned i, unsigned attempt)
{
	static char out[OUT_CAP];
	size_t n = dp_sur_value(sur, type, v, strlen(v), seed_of(i), attempt, out, sizeof out);

	if (n == 0)
		print_error("no surrogate for %s (seed %u)\n", v, i);
	assert_true(n > 0);
	assert_int_equal(strlen(out), n);
	return out;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_lower(char c) { return c >= 'a' && c <= 'z'; }

/* same length; digits, upper and lower letters where the original has them; every other
 * byte the same */
static void assert_same_shape(const char *orig, const char *s)
{
	assert_int_equal(strlen(orig), strlen(s));
	for (size_t i = 0; orig[i]; i++) {
		if (is_digit(orig[i]))
			assert_true(is_digit(s[i]));
		else if (is_upper(orig[i]))
			assert_true(is_upper(s[i]));
		else if (is_lower(orig[i]))
			assert_true(is_lower(s[i]));
		else
			assert_int_equal(orig[i], s[i]);
	}
}

/* same length, non-digits at the same places */
static void assert_same_digit_shape(const char *orig, const char *s)
{
	assert_int_equal(strlen(orig), strlen(s));
	for (size_t i = 0; orig[i]; i++) {
		if (is_digit(orig[i]))
			assert_true(is_digit(s[i]));
		else
			assert_int_equal(orig[i], s[i]);
	}
}

typedef int (*validator)(const char *, size_t);

/* N_SEEDS surrogates of v: valid, of v's shape and never v */
static void check_valid(int type, const char *v, validator ok, int digit_shape)
{
	for (unsigned i = 0; i < N_SEEDS; i++) {
		const char *s = sur_of(type, v, i, 0);

		if (!ok(s, strlen(s)))
			print_error("invalid surrogate %s of %s\n", s, v);
		assert_true(ok(s, strlen(s)));
		assert_string_not_equal(s, v);
		if (digit_shape)
			assert_same_digit_shape(v, s);
		else
			assert_same_shape(v, s);
	}
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && strcmp(s + a - b, suffix) == 0;
}

static int reserved_domain(const char *d)
{
	return strcmp(d, "example.com") == 0 || strcmp(d, "example.org") == 0 ||
	       strcmp(d, "example.net") == 0 || ends_with(d, ".example") || ends_with(d, ".test");
}

/* ---- determinism ---------------------------------------------------------------------------- */

static void surrogate__same_seed__same_output(void **state)
{
	static const int types[] = {DP_T_EMAIL, DP_T_PHONE, DP_T_CARD, DP_T_IBAN, DP_T_IPV4, DP_T_URL};
	static const char *const vals[] = {"ivan.petrov@mail.kz", "+7 701 123 45 67",
		"4111 1111 1111 1111", "DE89370400440532013000", "10.0.0.1", "https://acme.kz/a/b"};
	char a[OUT_CAP], b[OUT_CAP];

	(void)state;
	for (size_t t = 0; t < sizeof types / sizeof types[0]; t++) {
		for (unsigned i = 0; i < 50; i++) {
			size_t na = dp_sur_value(sur, types[t], vals[t], strlen(vals[t]), seed_of(i), 3, a, sizeof a);
			size_t nb = dp_sur_value(sur, types[t], vals[t], strlen(vals[t]), seed_of(i), 3, b, sizeof b);

			assert_true(na > 0);
			assert_int_equal(na, nb);
			assert_string_equal(a, b);
		}
	}
}

/* pinned values: the same bytes on every machine (integer arithmetic, BLAKE2b) */
static void surrogate__fixed_seed__pinned_output(void **state)
{
	unsigned char seed[DP_SUR_SEED_LEN] = {1, 2, 3};
	char out[OUT_CAP];

	(void)state;
	assert_true(dp_sur_value(sur, DP_T_IPV4, "10.1.2.3", 8, seed, 0, out, sizeof out) > 0);
	assert_string_equal(out, "203.0.113.60");
	assert_true(dp_sur_value(sur, DP_T_CARD, "4111 1111 1111 1111", 19, seed, 0, out, sizeof out) > 0);
	assert_string_equal(out, "4000 0098 6148 0351");
}

static void surrogate__other_attempt__usually_different(void **state)
{
	char first[OUT_CAP], out[OUT_CAP];
	int differ = 0;
	const char *v = "+7 701 123 45 67";

	(void)state;
	for (unsigned i = 0; i < 100; i++) {
		dp_sur_value(sur, DP_T_PHONE, v, strlen(v), seed_of(i), 0, first, sizeof first);
		dp_sur_value(sur, DP_T_PHONE, v, strlen(v), seed_of(i), 1, out, sizeof out);
		differ += strcmp(first, out) != 0;
	}
	assert_true(differ >= 98);
}

static void surrogate__other_seed__usually_different(void **state)
{
	char first[OUT_CAP], out[OUT_CAP];
	int differ = 0;
	const char *v = "900101300123";

	(void)state;
	dp_sur_value(sur, DP_T_KZ_IIN, v, strlen(v), seed_of(0), 0, first, sizeof first);
	for (unsigned i = 1; i < 100; i++) {
		dp_sur_value(sur, DP_T_KZ_IIN, v, strlen(v), seed_of(i), 0, out, sizeof out);
		differ += strcmp(first, out) != 0;
	}
	assert_true(differ >= 98);
}

/* ---- checksummed identifiers ------------------------------------------------------------------ */

static void surrogate__card__luhn_valid_same_grouping(void **state)
{
	static const char *const cards[] = {"4111 1111 1111 1111", "5500-0000-0000-0004",
		"378282246310005", "2200123456789010", "6011000990139424", "4222222222222",
		"3530111333300000", "30569309025904", "2223003122003222", "6759649826438453"};
	int fakes = 0;

	(void)state;
	for (size_t c = 0; c < sizeof cards / sizeof cards[0]; c++)
		check_valid(DP_T_CARD, cards[c], dp_valid_card, 1);
	for (unsigned i = 0; i < N_SEEDS; i++) {
		const char *s = sur_of(DP_T_CARD, cards[0], i, 0);

		fakes += dp_known_fake_card(s, strlen(s));
		assert_memory_equal(s, "4000 00", 7);   /* the Stripe test range */
	}
	assert_true(fakes < 5);
}

static void surrogate__iban__mod97_same_country_and_grouping(void **state)
{
	static const char *const ibans[] = {"DE89 3704 0044 0532 0130 00", "KZ86125KZT5004100100",
		"GB29NWBK60161331926819", "FR1420041010050500013M02606", "RU0204452560040702810412345678901",
		"NL91 ABNA 0417 1643 00", "NO9386011117947"};

	(void)state;
	for (size_t c = 0; c < sizeof ibans / sizeof ibans[0]; c++) {
		check_valid(DP_T_IBAN, ibans[c], dp_valid_iban, 0);
		assert_memory_equal(sur_of(DP_T_IBAN, ibans[c], 7, 0), ibans[c], 2);
	}
}

static void surrogate__kz_ids__valid(void **state)
{
	(void)state;
	check_valid(DP_T_KZ_IIN, "900101300123", dp_valid_kz_iin, 1);
	check_valid(DP_T_KZ_IIN, "051224650017", dp_valid_kz_iin, 1);
	check_valid(DP_T_KZ_BIN, "990740000123", dp_valid_kz_bin, 1);
	/* the century/gender digit of an IIN is kept */
	for (unsigned i = 0; i < 100; i++)
		assert_int_equal(sur_of(DP_T_KZ_IIN, "900101400124", i, 0)[6], '4');
}

static void surrogate__ru_ids__valid(void **state)
{
	(void)state;
	check_valid(DP_T_RU_INN, "7707083893", dp_valid_ru_inn, 1);
	check_valid(DP_T_RU_INN, "500100732259", dp_valid_ru_inn, 1);
	check_valid(DP_T_RU_SNILS, "112-233-445 95", dp_valid_ru_snils, 1);
	check_valid(DP_T_RU_SNILS, "11223344595", dp_valid_ru_snils, 1);
}

static int ssn_ok(const char *s, size_t n)
{
	return dp_valid_us_ssn(s, n) && !dp_known_fake_us_ssn(s, n);
}

static void surrogate__us_ssn__valid_not_published_sample(void **state)
{
	(void)state;
	check_valid(DP_T_US_SSN, "123-45-6780", ssn_ok, 1);
	check_valid(DP_T_US_SSN, "123 45 6780", ssn_ok, 1);
	check_valid(DP_T_US_SSN, "123456780", ssn_ok, 1);
}

static int any_ok(const char *s, size_t n)
{
	return s != NULL && n > 0;
}

static void surrogate__passport_and_bic__same_pattern(void **state)
{
	(void)state;
	check_valid(DP_T_PASSPORT, "N12345678", any_ok, 0);
	check_valid(DP_T_PASSPORT, "45 08 123456", any_ok, 0);
	check_valid(DP_T_SWIFT_BIC, "DEUTDEF0500", dp_valid_swift_bic, 0);
	check_valid(DP_T_SWIFT_BIC, "CASPKZK0", dp_valid_swift_bic, 0);
	for (unsigned i = 0; i < 100; i++) {   /* location ?0: a test BIC */
		const char *s = sur_of(DP_T_SWIFT_BIC, "DEUTDEFF500", i, 0);

		assert_true(dp_valid_swift_bic(s, strlen(s)));
		assert_int_equal(s[7], '0');
		assert_memory_equal(s + 4, "DE", 2);
	}
	assert_memory_equal(sur_of(DP_T_SWIFT_BIC, "HSBKKZKXXXX", 1, 0) + 4, "KZ", 2);
	assert_memory_equal(sur_of(DP_T_SWIFT_BIC, "HSBKKZKXXXX", 1, 0) + 8, "XXX", 3);
}

/* ---- phones ---------------------------------------------------------------------------------- */

static void check_phone(const char *v, const char *iso, int fictional)
{
	char e164[32];

	for (unsigned i = 0; i < N_SEEDS; i++) {
		const char *s = sur_of(DP_T_PHONE, v, i, 0);
		const char *got = dp_phone_classify(s, strlen(s), e164);

		if (got == NULL || strcmp(got, iso) != 0)
			print_error("%s -> %s: %s\n", v, s, got ? got : "(null)");
		assert_non_null(got);
		assert_string_equal(got, iso);
		assert_same_digit_shape(v, s);
		assert_string_not_equal(s, v);
		if (fictional)
			assert_true(dp_known_fake_phone(e164));
	}
}

static void surrogate__phone_us__555_01xx(void **state)
{
	char e164[32];

	(void)state;
	check_phone("(212) 555-1234", "US", 1);
	check_phone("+1-212-867-5309", "US", 1);
	check_phone("1 415 555 2671", "US", 1);
	dp_phone_classify(sur_of(DP_T_PHONE, "+12128675309", 5, 0), 12, e164);
	assert_memory_equal(e164 + 5, "55501", 5);
}

static void surrogate__phone_gb__ofcom_drama_ranges(void **state)
{
	(void)state;
	check_phone("+44 (0)20 7123 4567", "GB", 1);
	check_phone("07911 123456", "GB", 1);
	check_phone("+447911123456", "GB", 1);
	check_phone("0161 234 5678", "GB", 1);
	check_phone("0113 234 5678", "GB", 1);
	check_phone("029 2123 4567", "GB", 1);
}

static void surrogate__phone_kz_ru_de_fr__country_and_prefix_kept(void **state)
{
	(void)state;
	check_phone("+7 701 123 45 67", "KZ", 0);
	check_phone("8 (727) 250-12-34", "KZ", 0);
	check_phone("8 (495) 123-45-67", "RU", 0);
	check_phone("+7 912 345-67-89", "RU", 0);
	check_phone("+49 30 12345678", "DE", 0);
	check_phone("0151 12345678", "DE", 0);
	check_phone("06 12 34 56 78", "FR", 0);
	check_phone("+33 1 23 45 67 89", "FR", 0);
	check_phone("+380 44 123 4567", "", 0);
	assert_memory_equal(sur_of(DP_T_PHONE, "+7 701 123 45 67", 3, 0), "+7 701 ", 7);
}

static void surrogate__phone_not_a_phone__none(void **state)
{
	char out[OUT_CAP];

	(void)state;
	assert_int_equal(dp_sur_value(sur, DP_T_PHONE, "12345", 5, seed_of(1), 0, out, sizeof out), 0);
	assert_string_equal(out, "");
}

/* ---- network ---------------------------------------------------------------------------------- */

static int test_net(const char *s)
{
	return strncmp(s, "192.0.2.", 8) == 0 || strncmp(s, "198.51.100.", 11) == 0 ||
	       strncmp(s, "203.0.113.", 10) == 0;
}

static void surrogate__ipv4__in_test_nets(void **state)
{
	static const char *const ips[] = {"10.1.2.3", "172.16.254.100", "8.8.8.8", "192.168.1.10"};

	(void)state;
	for (size_t k = 0; k < sizeof ips / sizeof ips[0]; k++) {
		for (unsigned i = 0; i < N_SEEDS; i++) {
			const char *s = sur_of(DP_T_IPV4, ips[k], i, 0);

			assert_true(dp_valid_ipv4(s, strlen(s)));
			assert_true(test_net(s));
			assert_string_not_equal(s, ips[k]);
			if (strlen(ips[k]) >= 9)   /* no TEST-NET address is shorter */
				assert_int_equal(strlen(s), strlen(ips[k]));
		}
	}
}

static void surrogate__ipv6__in_documentation_prefix(void **state)
{
	static const char *const ips[] = {"2a00:1450:4001:82a::200e", "fe80::1", "::1",
		"2A00:1450:4001:082A:0000:0000:0000:200E", "::ffff:10.0.0.1", "2a02:6b8::2:242"};

	(void)state;
	for (size_t k = 0; k < sizeof ips / sizeof ips[0]; k++) {
		for (unsigned i = 0; i < N_SEEDS; i++) {
			const char *s = sur_of(DP_T_IPV6, ips[k], i, 0);

			assert_true(dp_valid_ipv6(s, strlen(s)));
			assert_true(strncasecmp(s, "2001:db8:", 9) == 0 || strncasecmp(s, "2001:0db8:", 10) == 0);
		}
	}
	/* the mapped form keeps the groups, the "::" and the case */
	assert_int_equal(strlen(sur_of(DP_T_IPV6, ips[3], 1, 0)), strlen(ips[3]));
	assert_non_null(strstr(sur_of(DP_T_IPV6, ips[0], 1, 0), "::"));
	assert_null(strpbrk(sur_of(DP_T_IPV6, ips[3], 1, 0), "abcdef"));
}

static unsigned hexval(char c)
{
	return is_digit(c) ? (unsigned)(c - '0') : (unsigned)((c | 0x20) - 'a' + 10);
}

static void surrogate__mac__locally_administered_unicast(void **state)
{
	static const char *const macs[] = {"00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "0011.2233.4455"};

	(void)state;
	for (size_t k = 0; k < sizeof macs / sizeof macs[0]; k++) {
		for (unsigned i = 0; i < N_SEEDS; i++) {
			const char *s = sur_of(DP_T_MAC, macs[k], i, 0);
			unsigned first = hexval(s[0]) * 16 + hexval(s[1]);

			assert_true(dp_valid_mac(s, strlen(s)));
			assert_true(first & 2u);
			assert_false(first & 1u);
			for (size_t j = 0; macs[k][j]; j++) {
				if (!isxdigit((unsigned char)macs[k][j]))
					assert_int_equal(s[j], macs[k][j]);
			}
		}
	}
	assert_null(strpbrk(sur_of(DP_T_MAC, macs[0], 2, 0), "abcdef"));
	assert_null(strpbrk(sur_of(DP_T_MAC, macs[1], 2, 0), "ABCDEF"));
}

/* ---- e-mail, domains, URLs --------------------------------------------------------------------- */

static void surrogate__email__name_at_reserved_domain(void **state)
{
	static const char *const mails[] = {"ivan.petrov@gmail.com", "jsmith1@acme.kz", "a_b@c.org"};

	(void)state;
	for (size_t k = 0; k < sizeof mails / sizeof mails[0]; k++) {
		for (unsigned i = 0; i < N_SEEDS; i++) {
			const char *s = sur_of(DP_T_EMAIL, mails[k], i, 0);
			const char *at = strchr(s, '@');

			assert_non_null(at);
			assert_true(at > s);
			assert_true(reserved_domain(at + 1));
			assert_null(strchr(at + 1, '@'));
			for (const char *p = s; p < at; p++)
				assert_true(is_lower(*p) || is_digit(*p) || *p == '.' || *p == '_');
		}
	}
	/* the separator style of the local part: "first.last", "flast99" */
	assert_non_null(strchr(sur_of(DP_T_EMAIL, mails[0], 3, 0), '.'));
	assert_true(is_digit(strchr(sur_of(DP_T_EMAIL, mails[1], 3, 0), '@')[-1]));
}

static void surrogate__email_without_packs__word_list(void **state)
{
	dp_sur *bare = dp_sur_new(NULL, NULL, NULL);
	char out[OUT_CAP];

	(void)state;
	assert_non_null(bare);
	assert_true(dp_sur_value(bare, DP_T_EMAIL, "x.y@z.com", 9, seed_of(1), 0, out, sizeof out) > 0);
	assert_true(reserved_domain(strchr(out, '@') + 1));
	assert_int_equal(dp_sur_name(bare, DP_SUR_FIRST, 0, "ru", DP_SUR_CYRILLIC, seed_of(1), 0, out,
	                             sizeof out), 0);
	dp_sur_free(bare);
}

static void surrogate__domain__reserved_example_tld(void **state)
{
	char a[64], b[64];

	(void)state;
	for (unsigned i = 0; i < N_SEEDS; i++) {
		assert_true(dp_sur_domain(seed_of(i), 0, a, sizeof a) > 0);
		assert_true(ends_with(a, ".example"));
		assert_non_null(strchr(a, '-'));
		dp_sur_domain(seed_of(i), 0, b, sizeof b);
		assert_string_equal(a, b);
	}
	assert_int_equal(dp_sur_domain(seed_of(1), 0, a, 5), 0);
	assert_string_equal(a, "");
}

static void surrogate__url__scheme_port_kept_host_reserved_path_random(void **state)
{
	const char *v = "https://www.acme.kz:8443/users/ivan.petrov?id=42#top";

	(void)state;
	for (unsigned i = 0; i < N_SEEDS; i++) {
		const char *s = sur_of(DP_T_URL, v, i, 0);
		const char *path = strchr(s + 8, '/');

		assert_memory_equal(s, "https://www.", 12);
		assert_non_null(path);
		assert_memory_equal(path - 13, ".example:8443", 13);
		assert_same_shape("/users/ivan.petrov?id=42#top", path);
		assert_null(strstr(s, "ivan"));
		assert_null(strstr(s, "users"));
	}
}

static void surrogate__password_in_url__credentials_replaced(void **state)
{
	const char *v = "postgres://admin:s3cret@db.acme.kz:5432/prod";

	(void)state;
	for (unsigned i = 0; i < 100; i++) {
		const char *s = sur_of(DP_T_PASSWORD_IN_URL, v, i, 0);
		const char *at = strchr(s, '@');

		assert_memory_equal(s, "postgres://", 11);
		assert_non_null(at);
		assert_int_equal(at - s, strchr(v, '@') - v);
		assert_int_equal(s[16], ':');
		assert_null(strstr(s, "s3cret"));
		assert_null(strstr(s, "acme"));
		assert_non_null(strstr(s, ".example:5432/"));
	}
}

/* ---- dates ------------------------------------------------------------------------------------ */

static void check_date(const char *v, char sep, int order)
{
	for (unsigned i = 0; i < N_SEEDS; i++) {
		const char *s = sur_of(DP_T_DATE_OF_BIRTH, v, i, 0);
		int a, b, c;
		char s1, s2;

		assert_same_digit_shape(v, s);
		assert_int_equal(sscanf(s, "%d%c%d%c%d", &a, &s1, &b, &s2, &c), 5);
		assert_true(s1 == sep && s2 == sep);
		if (order == 0)   /* Y M D */
			assert_true(dp_valid_date(a, b, c));
		else if (order == 1)   /* D M Y */
			assert_true(dp_valid_date(c, b, a));
		else   /* M D Y */
			assert_true(dp_valid_date(c, a, b));
	}
}

static void surrogate__date__valid_same_format(void **state)
{
	(void)state;
	check_date("15.03.1985", '.', 1);
	check_date("1985-03-15", '-', 0);
	check_date("03/15/1985", '/', 2);
	check_date("5.3.1985", '.', 1);
}

static void surrogate__date_month_name__another_month_same_language(void **state)
{
	static const char *const ru[] = {"января", "февраля", "марта", "апреля", "мая", "июня",
		"июля", "августа", "сентября", "октября", "ноября", "декабря"};
	int other = 0;

	(void)state;
	for (unsigned i = 0; i < 200; i++) {
		const char *s = sur_of(DP_T_DATE_OF_BIRTH, "15 марта 1985", i, 0);
		int found = 0;

		for (int m = 0; m < 12; m++)
			found |= strstr(s, ru[m]) != NULL;
		assert_true(found);
		other += strstr(s, "марта") == NULL;
		s = sur_of(DP_T_DATE_OF_BIRTH, "March 5, 1985", i, 0);
		assert_true(s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'a');
	}
	assert_true(other > 150);
	for (unsigned i = 0; i < 200; i++) {   /* the ordinal suffix follows the new day */
		const char *s = sur_of(DP_T_DATE_OF_BIRTH, "March 1st, 1985", i, 0);
		int d = atoi(strchr(s, ' ') + 1);
		const char *suf = strchr(s, ' ') + 2;

		assert_true(d >= 1 && d <= 9);
		assert_memory_equal(suf, d == 1 ? "st" : d == 2 ? "nd" : d == 3 ? "rd" : "th", 2);
	}
}

/* ---- secrets ------------------------------------------------------------------------------------ */

static void surrogate__secrets__prefix_length_and_class_kept(void **state)
{
	static const struct {
		int type;
		const char *v;
		size_t keep;
	} cases[] = {
		{DP_T_AWS_ACCESS_KEY, "AKIAIOSFODNN7EXAMPLE", 4},
		{DP_T_GITHUB_TOKEN, "ghp_16C7e42F292c6912E7710c838347Ae178B4a", 4},
		{DP_T_GITHUB_TOKEN, "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", 11},
		{DP_T_SLACK_TOKEN, "xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", 5},
		{DP_T_GENERIC_SECRET, "sk_live_4eC39HqLyjWDarjtT1zdp7dc", 8},
		{DP_T_GENERIC_SECRET, "hunter2hunter2", 0},
	};

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		for (unsigned i = 0; i < N_SEEDS; i++) {
			const char *s = sur_of(cases[k].type, cases[k].v, i, 0);

			assert_same_shape(cases[k].v, s);
			assert_memory_equal(s, cases[k].v, cases[k].keep);
			assert_string_not_equal(s, cases[k].v);
		}
	}
	for (unsigned i = 0; i < N_SEEDS; i++)   /* AWS keys are base32: digits 2-7 */
		assert_null(strpbrk(sur_of(DP_T_AWS_ACCESS_KEY, cases[0].v, i, 0), "0189"));
}

static void surrogate__jwt__valid_same_segment_lengths(void **state)
{
	static const char *const jwts[] = {
		"eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
		"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig",
		"eyJhbGciOiJub25lIn0.eyJhIjoxfQ.",
	};

	(void)state;
	for (size_t k = 0; k < sizeof jwts / sizeof jwts[0]; k++) {
		const char *d1 = strchr(jwts[k], '.'), *d2 = strchr(d1 + 1, '.');

		for (unsigned i = 0; i < N_SEEDS; i++) {
			const char *s = sur_of(DP_T_JWT, jwts[k], i, 0);
			const char *e1 = strchr(s, '.');

			assert_true(dp_valid_jwt(s, strlen(s)));
			assert_int_equal(strlen(s), strlen(jwts[k]));
			assert_int_equal(e1 - s, d1 - jwts[k]);
			assert_int_equal(strchr(e1 + 1, '.') - s, d2 - jwts[k]);
			assert_string_not_equal(s, jwts[k]);
			if (k == 0)
				assert_memory_not_equal(e1, d1, (size_t)(d2 - d1));
		}
	}
}

static void surrogate__private_key__armor_kept_body_random(void **state)
{
	const char *v = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
	                "MIIEpAIBAAKCAQEA75/x+abc\nQWERTY==\n-----END RSA PRIVATE KEY-----\n";
	char out[OUT_CAP];

	(void)state;
	for (unsigned i = 0; i < 100; i++) {
		const char *s = sur_of(DP_T_PRIVATE_KEY, v, i, 0);

		assert_same_shape(v, s);
		assert_memory_equal(s, v, 55);   /* BEGIN line and header kept */
		assert_true(ends_with(s, "==\n-----END RSA PRIVATE KEY-----\n"));
		assert_null(strstr(s, "MIIEpAIBAAKCAQEA"));
	}
	/* the armor alone has nothing to replace */
	v = "-----BEGIN PRIVATE KEY-----";
	assert_int_equal(dp_sur_value(sur, DP_T_PRIVATE_KEY, v, strlen(v), seed_of(1), 0, out,
	                              sizeof out), 0);
}

/* ---- never the original, types without surrogate -------------------------------------------------- */

/* A surrogate fed back with the same seed: a draw that depends only on the shape gives the
 * same value again in round 0, so this checks the internal redraw. */
static void surrogate__draw_equals_original__redrawn(void **state)
{
	static const struct {
		int type;
		const char *v;
	} cases[] = {{DP_T_IPV4, "10.1.2.3"}, {DP_T_CARD, "4111111111111111"},
		{DP_T_PHONE, "(212) 555-1234"}, {DP_T_RU_INN, "7707083893"}, {DP_T_MAC, "00:1a:2b:3c:4d:5e"}};
	char once[OUT_CAP], twice[OUT_CAP];

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		for (unsigned i = 0; i < 200; i++) {
			size_t n = dp_sur_value(sur, cases[k].type, cases[k].v, strlen(cases[k].v), seed_of(i),
			                        0, once, sizeof once);

			assert_true(n > 0);
			assert_true(dp_sur_value(sur, cases[k].type, once, n, seed_of(i), 0, twice, sizeof twice) > 0);
			assert_string_not_equal(once, twice);
		}
	}
}

static void surrogate__person_address_custom__none(void **state)
{
	char out[OUT_CAP];

	(void)state;
	assert_int_equal(dp_sur_value(sur, DP_T_PERSON, "Ivan", 4, seed_of(1), 0, out, sizeof out), 0);
	assert_int_equal(dp_sur_value(sur, DP_T_ADDRESS, "1 Main St", 9, seed_of(1), 0, out, sizeof out), 0);
	assert_int_equal(dp_sur_value(sur, DP_T_BUILTIN_COUNT + 1, "x1", 2, seed_of(1), 0, out, sizeof out), 0);
	assert_int_equal(dp_sur_value(sur, -1, "x1", 2, seed_of(1), 0, out, sizeof out), 0);
	assert_string_equal(out, "");
	/* not of the type's shape */
	assert_int_equal(dp_sur_value(sur, DP_T_KZ_IIN, "12345", 5, seed_of(1), 0, out, sizeof out), 0);
	assert_int_equal(dp_sur_value(sur, DP_T_CARD, "1234567890123456", 16, seed_of(1), 0, out, sizeof out), 0);
	assert_int_equal(dp_sur_value(sur, DP_T_IPV4, "1.2.3", 5, seed_of(1), 0, out, sizeof out), 0);
	assert_int_equal(dp_sur_value(sur, DP_T_EMAIL, "nobody", 6, seed_of(1), 0, out, sizeof out), 0);
}

/* ---- names ---------------------------------------------------------------------------------------- */

static int ascii_or_latin(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == 0xD0 || c == 0xD1 || c == 0xD2 || c == 0xD3)   /* Cyrillic lead bytes */
			return 0;
	}
	return 1;
}

static int cyrillic(const char *s)
{
	unsigned char c = (unsigned char)s[0];

	return c >= 0xD0 && c <= 0xD3;
}

static void check_names(int pack, const char *locale, enum dp_sur_part part, int female,
                        unsigned flag)
{
	char out[OUT_CAP];
	dp_dp_match m;

	for (unsigned i = 0; i < 300; i++) {
		for (int script = DP_SUR_LATIN; script <= DP_SUR_CYRILLIC; script++) {
			size_t n = dp_sur_name(sur, part, female, locale, (enum dp_sur_script)script,
			                       seed_of(i), 0, out, sizeof out);

			if (pack == EN && script == DP_SUR_CYRILLIC) {
				assert_int_equal(n, 0);
				continue;
			}
			assert_true(n > 0);
			assert_true(script == DP_SUR_LATIN ? ascii_or_latin(out) : cyrillic(out));
			assert_true(dp_dp_lookup(packs[pack], out, n, &m) & flag);
		}
	}
}

static void surrogate__name__gender_script_locale_kept(void **state)
{
	(void)state;
	check_names(EN, "en", DP_SUR_FIRST, 0, DP_DP_F_FIRST_MALE);
	check_names(EN, "en", DP_SUR_FIRST, 1, DP_DP_F_FIRST_FEMALE);
	check_names(EN, "en", DP_SUR_SURNAME, 1, DP_DP_F_SURNAME_F);
	check_names(RU, "ru", DP_SUR_FIRST, 0, DP_DP_F_FIRST_MALE);
	check_names(RU, "ru", DP_SUR_FIRST, 1, DP_DP_F_FIRST_FEMALE);
	check_names(RU, "ru", DP_SUR_SURNAME, 0, DP_DP_F_SURNAME_M);
	check_names(RU, "ru", DP_SUR_SURNAME, 1, DP_DP_F_SURNAME_F);
	check_names(RU, "ru", DP_SUR_PATRONYMIC, 0, DP_DP_F_PATRONYMIC_M);
	check_names(RU, "ru", DP_SUR_PATRONYMIC, 1, DP_DP_F_PATRONYMIC_F);
	check_names(KK, "kk", DP_SUR_FIRST, 0, DP_DP_F_FIRST_MALE);
	check_names(KK, "kk", DP_SUR_FIRST, 1, DP_DP_F_FIRST_FEMALE);
	check_names(KK, "kk", DP_SUR_SURNAME, 1, DP_DP_F_SURNAME_F);
	check_names(KK, "kk", DP_SUR_PATRONYMIC, 0, DP_DP_F_PATRONYMIC_M);
}

static void surrogate__name__deterministic_and_varied(void **state)
{
	char a[OUT_CAP], b[OUT_CAP];
	int differ = 0;

	(void)state;
	for (unsigned i = 0; i < 100; i++) {
		dp_sur_name(sur, DP_SUR_SURNAME, 1, "ru", DP_SUR_CYRILLIC, seed_of(i), 0, a, sizeof a);
		dp_sur_name(sur, DP_SUR_SURNAME, 1, "ru", DP_SUR_CYRILLIC, seed_of(i), 0, b, sizeof b);
		assert_string_equal(a, b);
		dp_sur_name(sur, DP_SUR_SURNAME, 1, "ru", DP_SUR_CYRILLIC, seed_of(i), 1, b, sizeof b);
		differ += strcmp(a, b) != 0;
	}
	assert_true(differ > 50);   /* weighted picks repeat the common names */
}

/* one row for both genders: a shared surname stays shared (Смирнов, Смирнова) */
static void surrogate__surname_both_genders__same_row(void **state)
{
	char m[OUT_CAP], f[OUT_CAP], ml[OUT_CAP], fl[OUT_CAP];

	(void)state;
	for (unsigned i = 0; i < 100; i++) {
		dp_sur_name(sur, DP_SUR_SURNAME, 0, "ru", DP_SUR_CYRILLIC, seed_of(i), 0, m, sizeof m);
		dp_sur_name(sur, DP_SUR_SURNAME, 1, "ru", DP_SUR_CYRILLIC, seed_of(i), 0, f, sizeof f);
		dp_sur_name(sur, DP_SUR_SURNAME, 0, "ru", DP_SUR_LATIN, seed_of(i), 0, ml, sizeof ml);
		dp_sur_name(sur, DP_SUR_SURNAME, 1, "ru", DP_SUR_LATIN, seed_of(i), 0, fl, sizeof fl);
		if (strcmp(m, f) != 0)   /* -ов/-ова, -ин/-ина: the feminine form adds a letter */
			assert_int_equal(strncmp(m, f, strlen(m) - 2), 0);
		assert_int_equal(strncmp(ml, fl, strlen(ml) - 2 > 0 ? strlen(ml) - 2 : 0), 0);
	}
}

static void surrogate__name__missing_pack_or_list__none(void **state)
{
	dp_sur *ru_only = dp_sur_new(NULL, packs[RU], NULL);
	char out[OUT_CAP];

	(void)state;
	assert_int_equal(dp_sur_name(ru_only, DP_SUR_FIRST, 0, "en", DP_SUR_LATIN, seed_of(1), 0, out,
	                             sizeof out), 0);
	assert_int_equal(dp_sur_name(ru_only, DP_SUR_FIRST, 0, "kk", DP_SUR_CYRILLIC, seed_of(1), 0, out,
	                             sizeof out), 0);
	assert_int_equal(dp_sur_name(ru_only, DP_SUR_FIRST, 0, "de", DP_SUR_LATIN, seed_of(1), 0, out,
	                             sizeof out), 0);
	assert_true(dp_sur_name(ru_only, DP_SUR_FIRST, 0, "ru", DP_SUR_CYRILLIC, seed_of(1), 0, out,
	                        sizeof out) > 0);
	assert_int_equal(dp_sur_name(sur, DP_SUR_PATRONYMIC, 0, "en", DP_SUR_LATIN, seed_of(1), 0, out,
	                             sizeof out), 0);
	dp_sur_free(ru_only);
}

/* ---- inflection ------------------------------------------------------------------------------------- */

static void check_inflect(const char *form, const char *lemma, const char *sur_lemma,
                          const char *want)
{
	char out[OUT_CAP];
	size_t n = dp_sur_inflect_like(form, strlen(form), lemma, strlen(lemma), sur_lemma,
	                               strlen(sur_lemma), out, sizeof out);

	if (strcmp(out, want) != 0)
		print_error("%s / %s + %s -> %s, want %s\n", form, lemma, sur_lemma, out, want);
	assert_string_equal(out, want);
	assert_int_equal(n, strlen(want));
}

static void surrogate__inflect_ru__ending_transferred(void **state)
{
	(void)state;
	check_inflect("Петрову", "Петров", "Смирнов", "Смирнову");
	check_inflect("Петровым", "Петров", "Смирнов", "Смирновым");
	check_inflect("Петровой", "Петрова", "Смирнова", "Смирновой");
	check_inflect("Ивановичем", "Иванович", "Сергеевич", "Сергеевичем");
	check_inflect("Ивановной", "Ивановна", "Сергеевна", "Сергеевной");
	check_inflect("Ивану", "Иван", "Сергей", "Сергею");
	check_inflect("Сергею", "Сергей", "Иван", "Ивану");
	check_inflect("Игорем", "Игорь", "Иван", "Иваном");
	check_inflect("Анной", "Анна", "Мария", "Марией");
	check_inflect("Анне", "Анна", "Мария", "Марии");
	check_inflect("Анны", "Анна", "Ольга", "Ольги");
	check_inflect("Петровскому", "Петровский", "Вишневский", "Вишневскому");
}

static void surrogate__inflect_kk__suffix_rebuilt_with_harmony(void **state)
{
	(void)state;
	check_inflect("Айгүлге", "Айгүл", "Дана", "Данаға");
	check_inflect("Данаға", "Дана", "Әсел", "Әселге");
	check_inflect("Айгүлге", "Айгүл", "Марат", "Маратқа");
	check_inflect("Айгүлдің", "Айгүл", "Марат", "Мараттың");
	check_inflect("Асанның", "Асан", "Дана", "Дананың");
	check_inflect("Асанды", "Асан", "Әсел", "Әселді");
	check_inflect("Асанмен", "Асан", "Жандос", "Жандоспен");
	check_inflect("Асанда", "Асан", "Ерболат", "Ерболатта");
	check_inflect("Асаннан", "Асан", "Дана", "Данадан");
	check_inflect("Aigülge", "Aigül", "Dana", "Danağa");
	check_inflect("Asannyñ", "Asan", "Äsel", "Äseldıñ");
}

static void surrogate__inflect_unsure__nominative(void **state)
{
	(void)state;
	check_inflect("Петровскому", "Петровский", "Смирнов", "Смирнов");
	check_inflect("Ивану", "Иван", "Никита", "Никита");
	check_inflect("Петров", "Петров", "Смирнов", "Смирнов");
	check_inflect("Smith's", "Smith", "Jones", "Jones");
	check_inflect("ПЕТРОВУ", "Петров", "Смирнов", "Смирнов");
}

/* ---- buffer caps ------------------------------------------------------------------------------------ */

static void surrogate__cap_too_small__zero_no_overflow(void **state)
{
	char out[64];
	const char *v = "4111 1111 1111 1111";
	size_t n;

	(void)state;
	memset(out, 'Z', sizeof out);
	n = dp_sur_value(sur, DP_T_CARD, v, strlen(v), seed_of(1), 0, out, strlen(v));
	assert_int_equal(n, 0);
	assert_int_equal(out[0], '\0');
	for (size_t i = strlen(v); i < sizeof out; i++)
		assert_int_equal(out[i], 'Z');
	assert_int_equal(dp_sur_value(sur, DP_T_CARD, v, strlen(v), seed_of(1), 0, out, strlen(v) + 1),
	                 strlen(v));
	assert_int_equal(dp_sur_value(sur, DP_T_CARD, v, strlen(v), seed_of(1), 0, out, 0), 0);
	assert_int_equal(dp_sur_value(sur, DP_T_CARD, v, strlen(v), seed_of(1), 0, NULL, 10), 0);

	memset(out, 'Z', sizeof out);
	assert_int_equal(dp_sur_name(sur, DP_SUR_SURNAME, 0, "ru", DP_SUR_CYRILLIC, seed_of(1), 0, out, 3), 0);
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[3], 'Z');
	memset(out, 'Z', sizeof out);
	assert_int_equal(dp_sur_inflect_like("Петрову", strlen("Петрову"), "Петров", strlen("Петров"),
	                                     "Смирнов", strlen("Смирнов"), out, 15), 0);
	assert_int_equal(out[0], '\0');
	assert_int_equal(out[15], 'Z');
	assert_int_equal(dp_sur_inflect_like("Петрову", strlen("Петрову"), "Петров", strlen("Петров"),
	                                     "Смирнов", strlen("Смирнов"), out, 17), 16);
}

static void surrogate__every_cap__never_overflows(void **state)
{
	static const struct {
		int type;
		const char *v;
	} cases[] = {{DP_T_EMAIL, "ivan.petrov@gmail.com"}, {DP_T_URL, "https://acme.kz/a?b=c"},
		{DP_T_DATE_OF_BIRTH, "15 марта 1985"}, {DP_T_IPV6, "fe80::1"}, {DP_T_PHONE, "+7 701 123 45 67"},
		{DP_T_JWT, "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"}};
	char out[80];

	(void)state;
	for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
		size_t full = dp_sur_value(sur, cases[k].type, cases[k].v, strlen(cases[k].v), seed_of(9), 0,
		                           out, sizeof out);

		assert_true(full > 0 && full < 64);
		for (size_t cap = 1; cap <= full + 1; cap++) {
			memset(out, 'Z', sizeof out);
			size_t n = dp_sur_value(sur, cases[k].type, cases[k].v, strlen(cases[k].v), seed_of(9), 0,
			                        out, cap);

			assert_int_equal(n, cap == full + 1 ? full : 0);
			assert_int_equal(out[cap], 'Z');
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(surrogate__same_seed__same_output),
		cmocka_unit_test(surrogate__fixed_seed__pinned_output),
		cmocka_unit_test(surrogate__other_attempt__usually_different),
		cmocka_unit_test(surrogate__other_seed__usually_different),
		cmocka_unit_test(surrogate__card__luhn_valid_same_grouping),
		cmocka_unit_test(surrogate__iban__mod97_same_country_and_grouping),
		cmocka_unit_test(surrogate__kz_ids__valid),
		cmocka_unit_test(surrogate__ru_ids__valid),
		cmocka_unit_test(surrogate__us_ssn__valid_not_published_sample),
		cmocka_unit_test(surrogate__passport_and_bic__same_pattern),
		cmocka_unit_test(surrogate__phone_us__555_01xx),
		cmocka_unit_test(surrogate__phone_gb__ofcom_drama_ranges),
		cmocka_unit_test(surrogate__phone_kz_ru_de_fr__country_and_prefix_kept),
		cmocka_unit_test(surrogate__phone_not_a_phone__none),
		cmocka_unit_test(surrogate__ipv4__in_test_nets),
		cmocka_unit_test(surrogate__ipv6__in_documentation_prefix),
		cmocka_unit_test(surrogate__mac__locally_administered_unicast),
		cmocka_unit_test(surrogate__email__name_at_reserved_domain),
		cmocka_unit_test(surrogate__email_without_packs__word_list),
		cmocka_unit_test(surrogate__domain__reserved_example_tld),
		cmocka_unit_test(surrogate__url__scheme_port_kept_host_reserved_path_random),
		cmocka_unit_test(surrogate__password_in_url__credentials_replaced),
		cmocka_unit_test(surrogate__date__valid_same_format),
		cmocka_unit_test(surrogate__date_month_name__another_month_same_language),
		cmocka_unit_test(surrogate__secrets__prefix_length_and_class_kept),
		cmocka_unit_test(surrogate__jwt__valid_same_segment_lengths),
		cmocka_unit_test(surrogate__private_key__armor_kept_body_random),
		cmocka_unit_test(surrogate__draw_equals_original__redrawn),
		cmocka_unit_test(surrogate__person_address_custom__none),
		cmocka_unit_test(surrogate__name__gender_script_locale_kept),
		cmocka_unit_test(surrogate__name__deterministic_and_varied),
		cmocka_unit_test(surrogate__surname_both_genders__same_row),
		cmocka_unit_test(surrogate__name__missing_pack_or_list__none),
		cmocka_unit_test(surrogate__inflect_ru__ending_transferred),
		cmocka_unit_test(surrogate__inflect_kk__suffix_rebuilt_with_harmony),
		cmocka_unit_test(surrogate__inflect_unsure__nominative),
		cmocka_unit_test(surrogate__cap_too_small__zero_no_overflow),
		cmocka_unit_test(surrogate__every_cap__never_overflows),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
