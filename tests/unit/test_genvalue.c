/* tests/unit/test_genvalue.c - the value generators (lib/genvalue*.c): 10,000 draws of each
 * pass their validator; the same stream state gives the same bytes, and golden values for a
 * fixed state freeze the algorithm; reserved ranges (555-01xx and Ofcom phones, example.*
 * domains, TEST-NETs); the cap; date arithmetic, parsing and formats. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "genvalue.h"
#include "validate.h"

#define DRAWS 10000
#define CAP 128
#define GOLDEN_SEED 0x5eed0007u

/* one generator call over (r, out, cap), for the loops below */
typedef size_t (*gen_fn)(dp_rng *r, const void *arg, char *out, size_t cap);

static size_t g_card(dp_rng *r, const void *a, char *o, size_t c) { return dp_gv_card(r, a, 1, o, c); }
static size_t g_card_plain(dp_rng *r, const void *a, char *o, size_t c) { return dp_gv_card(r, a, 0, o, c); }
static size_t g_iban(dp_rng *r, const void *a, char *o, size_t c) { return dp_gv_iban(r, a, 1, o, c); }
static size_t g_iban_plain(dp_rng *r, const void *a, char *o, size_t c) { return dp_gv_iban(r, a, 0, o, c); }
static size_t g_iin(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_kz_iin(r, 0, 0, 0, -1, o, c); }
static size_t g_bin(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_kz_bin(r, o, c); }
static size_t g_inn10(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_ru_inn(r, 10, o, c); }
static size_t g_inn12(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_ru_inn(r, 12, o, c); }
static size_t g_snils(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_ru_snils(r, 1, o, c); }
static size_t g_snils_plain(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_ru_snils(r, 0, o, c); }
static size_t g_uuid(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_uuid(r, o, c); }
static size_t g_ipv4(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_ipv4(r, o, c); }
static size_t g_email(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_email(r, "Ivan", "Petrov", o, c); }
static size_t g_user(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_username(r, "Ivan", "Petrov", o, c); }
static size_t g_pattern(dp_rng *r, const void *a, char *o, size_t c) { return dp_gv_pattern(r, a, o, c); }

/* ---- helpers ------------------------------------------------------------------------- */

static int uuid_ok(const char *s, size_t n)
{
	if (n != 36 || s[14] != '4' || strchr("89ab", s[19]) == NULL)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : strchr("0123456789abcdef", s[i]) == NULL)
			return 0;
	}
	return 1;
}

static int in_testnet(const char *s)
{
	return strncmp(s, "192.0.2.", 8) == 0 || strncmp(s, "198.51.100.", 11) == 0 ||
	       strncmp(s, "203.0.113.", 10) == 0;
}

static int example_domain(const char *s)
{
	const char *at = strchr(s, '@');

	return at && strchr(at + 1, '@') == NULL && at > s &&
	       (strcmp(at + 1, "example.com") == 0 || strcmp(at + 1, "example.org") == 0 ||
	        strcmp(at + 1, "example.net") == 0);
}

/* every byte of s in set */
static int only(const char *s, const char *set)
{
	return strspn(s, set) == strlen(s);
}

/* DRAWS draws from one stream; each must be non-empty and pass ok() */
static void draws_pass(gen_fn g, const void *arg, int (*ok)(const char *, size_t))
{
	dp_rng r = dp_rng_at(1);
	char out[CAP];

	for (int i = 0; i < DRAWS; i++) {
		size_t n = g(&r, arg, out, sizeof out);

		if (n == 0 || n != strlen(out) || !ok(out, n))
			fail_msg("draw %d: \"%s\" (%zu) rejected", i, out, n);
	}
}

/* golden: the first draw from GOLDEN_SEED, and the same state gives the same bytes twice */
static void golden(gen_fn g, const void *arg, const char *want)
{
	dp_rng a = dp_rng_at(GOLDEN_SEED), b = dp_rng_at(GOLDEN_SEED);
	char x[CAP], y[CAP];

	assert_true(g(&a, arg, x, sizeof x) > 0);
	assert_true(g(&b, arg, y, sizeof y) > 0);
	assert_string_equal(x, y);
	assert_int_equal(a.s, b.s);
	if (strcmp(x, want) != 0)
		fail_msg("golden value changed: got \"%s\", want \"%s\"", x, want);
}

/* every cap below the value's size gives 0 and an empty, never overrun buffer */
static void cap_small(gen_fn g, const void *arg)
{
	dp_rng r = dp_rng_at(GOLDEN_SEED);
	char full[CAP], buf[CAP + 1];
	size_t n = g(&r, arg, full, sizeof full);

	assert_true(n > 0);
	for (size_t cap = 0; cap <= n; cap++) {
		memset(buf, 'X', sizeof buf);
		r = dp_rng_at(GOLDEN_SEED);
		assert_int_equal(g(&r, arg, buf, cap), 0);
		if (cap > 0)
			assert_int_equal(buf[0], '\0');
		assert_int_equal(buf[cap], 'X');
	}
	r = dp_rng_at(GOLDEN_SEED);
	assert_int_equal(g(&r, arg, buf, n + 1), n);
}

static int card_grouped_ok(const char *s, size_t n)
{
	return dp_valid_card(s, n) && only(s, "0123456789 ") && (n == 19 || n == 17);
}

static int kz_iin_ok(const char *s, size_t n) { return dp_valid_kz_iin(s, n); }
static int kz_bin_ok(const char *s, size_t n) { return dp_valid_kz_bin(s, n); }
static int ru_inn_ok(const char *s, size_t n) { return dp_valid_ru_inn(s, n); }
static int card_ok(const char *s, size_t n) { return dp_valid_card(s, n) && only(s, "0123456789"); }
static int iban_ok(const char *s, size_t n) { return dp_valid_iban(s, n); }

static int snils_fmt_ok(const char *s, size_t n)
{
	return n == 14 && s[3] == '-' && s[7] == '-' && s[11] == ' ' && dp_valid_ru_snils(s, n);
}

static int snils_plain_ok(const char *s, size_t n)
{
	return n == 11 && only(s, "0123456789") && dp_valid_ru_snils(s, n);
}

static int ipv4_ok(const char *s, size_t n) { return dp_valid_ipv4(s, n) && in_testnet(s); }

static int email_ok(const char *s, size_t n)
{
	(void)n;
	return example_domain(s) && only(s, "abcdefghijklmnopqrstuvwxyz0123456789._@");
}

static int user_ok(const char *s, size_t n)
{
	(void)n;
	return only(s, "abcdefghijklmnopqrstuvwxyz0123456789._") && (strstr(s, "petrov") || strstr(s, "ivan"));
}

/* ---- cards and IBANs ------------------------------------------------------------------ */

static void genvalue__card_each_brand__valid_test_prefix(void **state)
{
	static const char *const brands[] = {"visa", "mastercard", "mir", "amex", "discover",
	                                     "jcb", "diners", "unionpay", "maestro", NULL};

	(void)state;
	for (size_t i = 0; i < sizeof brands / sizeof brands[0]; i++) {
		draws_pass(g_card, brands[i], card_grouped_ok);
		draws_pass(g_card_plain, brands[i], card_ok);
	}
}

static void genvalue__card_brand__prefix_and_grouping(void **state)
{
	dp_rng r = dp_rng_at(3);
	char out[CAP];

	(void)state;
	assert_int_equal(dp_gv_card(&r, "visa", 1, out, sizeof out), 19);
	assert_memory_equal(out, "4000 00", 7);
	assert_int_equal(dp_gv_card(&r, "amex", 1, out, sizeof out), 17);
	assert_true(out[4] == ' ' && out[11] == ' ');
	assert_true(strncmp(out, "3400 00", 7) == 0 || strncmp(out, "3782 82", 7) == 0);
	assert_int_equal(dp_gv_card(&r, "mir", 0, out, sizeof out), 16);
	assert_memory_equal(out, "220000", 6);
	assert_int_equal(dp_gv_card(&r, "MasterCard", 0, out, sizeof out), 16);
	assert_true(strncmp(out, "555555", 6) == 0 || strncmp(out, "222300", 6) == 0);
	assert_int_equal(dp_gv_card(&r, "bogus", 0, out, sizeof out), 0);
	assert_string_equal(out, "");
}

static void genvalue__card_mix__all_four_brands(void **state)
{
	dp_rng r = dp_rng_at(4);
	char out[CAP];
	int seen[10] = {0};

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_true(dp_gv_card(&r, NULL, 0, out, sizeof out) > 0);
		seen[out[0] - '0']++;
	}
	assert_true(seen[4] > 350 && seen[4] < 550);     /* visa 45% */
	assert_true(seen[5] > 0 && seen[2] > 100 && seen[3] > 30);
}

static void genvalue__iban_countries__valid(void **state)
{
	static const char *const cc[] = {"KZ", "DE", "GB", "FR", "kz", "NL", "MC", NULL};

	(void)state;
	for (size_t i = 0; i < sizeof cc / sizeof cc[0]; i++) {
		draws_pass(g_iban, cc[i], iban_ok);
		draws_pass(g_iban_plain, cc[i], iban_ok);
	}
}

static void genvalue__iban_default_and_grouping__kz_in_fours(void **state)
{
	dp_rng r = dp_rng_at(5);
	char out[CAP];

	(void)state;
	assert_int_equal(dp_gv_iban(&r, NULL, 1, out, sizeof out), 24);   /* 20 + 4 spaces */
	assert_memory_equal(out, "KZ", 2);
	assert_true(out[4] == ' ' && out[9] == ' ' && out[14] == ' ' && out[19] == ' ');
	assert_int_equal(dp_gv_iban(&r, "DE", 0, out, sizeof out), 22);
	assert_int_equal(dp_gv_iban(&r, "RU", 0, out, sizeof out), 33);   /* RU is in the registry */
	assert_int_equal(dp_gv_iban(&r, "US", 0, out, sizeof out), 0);
	assert_int_equal(dp_gv_iban(&r, "K", 0, out, sizeof out), 0);
}

/* the French RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97, bank at BBAN 0..5 */
static void genvalue__iban_fr__rib_key_valid(void **state)
{
	dp_rng r = dp_rng_at(6);
	char out[CAP];

	(void)state;
	for (int i = 0; i < 200; i++) {
		assert_int_equal(dp_gv_iban(&r, "FR", 0, out, sizeof out), 27);
		unsigned long long bank = 0, branch = 0, acct = 0;
		int key = (out[25] - '0') * 10 + (out[26] - '0');
		for (int k = 4; k < 9; k++) bank = bank * 10 + (unsigned)(out[k] - '0');
		for (int k = 9; k < 14; k++) branch = branch * 10 + (unsigned)(out[k] - '0');
		for (int k = 14; k < 25; k++) acct = acct * 10 + (unsigned)(out[k] - '0');
		assert_int_equal((int)((89 * bank + 15 * branch + 3 * acct + (unsigned)key) % 97), 0);
	}
}

/* ---- national ids ---------------------------------------------------------------------- */

static void genvalue__ids__validators_accept(void **state)
{
	(void)state;
	draws_pass(g_iin, NULL, kz_iin_ok);
	draws_pass(g_bin, NULL, kz_bin_ok);
	draws_pass(g_inn10, NULL, ru_inn_ok);
	draws_pass(g_inn12, NULL, ru_inn_ok);
	draws_pass(g_snils, NULL, snils_fmt_ok);
	draws_pass(g_snils_plain, NULL, snils_plain_ok);
}

static void genvalue__kz_iin_date_and_gender__encoded(void **state)
{
	dp_rng r = dp_rng_at(7);
	char out[CAP];

	(void)state;
	assert_int_equal(dp_gv_kz_iin(&r, 1985, 7, 3, 0, out, sizeof out), 12);
	assert_memory_equal(out, "8507033", 7);
	assert_int_equal(dp_gv_kz_iin(&r, 2001, 2, 28, 1, out, sizeof out), 12);
	assert_memory_equal(out, "0102286", 7);
	assert_int_equal(dp_gv_kz_iin(&r, 1899, 12, 31, 1, out, sizeof out), 12);
	assert_memory_equal(out, "9912312", 7);
	assert_int_equal(dp_gv_kz_iin(&r, 2001, 2, 29, 0, out, sizeof out), 0);
	assert_int_equal(dp_gv_kz_iin(&r, 2100, 1, 1, 0, out, sizeof out), 0);
	assert_int_equal(dp_gv_ru_inn(&r, 11, out, sizeof out), 0);
}

static void genvalue__kz_iin_random__born_1940_2007(void **state)
{
	dp_rng r = dp_rng_at(8);
	char out[CAP];
	int female = 0;

	(void)state;
	for (int i = 0; i < DRAWS; i++) {
		assert_int_equal(dp_gv_kz_iin(&r, 0, 0, 0, -1, out, sizeof out), 12);
		int yy = (out[0] - '0') * 10 + (out[1] - '0');
		int year = (out[6] <= '4' ? 1900 : 2000) + yy;
		assert_true(out[6] >= '3' && out[6] <= '6');
		assert_true(year >= 1940 && year <= 2007);
		female += (out[6] - '0') % 2 == 0;
	}
	assert_true(female > 4500 && female < 5500);
}

/* a serial whose check is 10 twice is drawn again: the stream moves on past it */
static void genvalue__kz_check_ten__serial_redrawn(void **state)
{
	int redrawn = 0;

	(void)state;
	for (uint64_t s = 0; s < 3000 && !redrawn; s++) {
		dp_rng r = dp_rng_at(s);
		char out[CAP];

		assert_int_equal(dp_gv_kz_iin(&r, 1985, 7, 3, 0, out, sizeof out), 12);
		assert_true(dp_valid_kz_iin(out, 12));
		redrawn = r.s != s + 4 * 0x9e3779b97f4a7c15ULL;   /* more than 4 serial draws */
	}
	assert_true(redrawn);
}

/* ---- phones ---------------------------------------------------------------------------- */

static void phone_draws(const char *country, const char *iso, int reserved)
{
	dp_rng r = dp_rng_at(9);
	char out[CAP], e164[32];

	for (int i = 0; i < DRAWS; i++) {
		for (int style = 0; style < 3; style++) {
			size_t n = dp_gv_phone(&r, country, style, out, sizeof out);
			const char *got = dp_phone_classify(out, n, e164);

			if (n == 0 || got == NULL || strcmp(got, iso) != 0)
				fail_msg("%s style %d: \"%s\" classified %s", country, style, out, got ? got : "NULL");
			if (reserved && !dp_known_fake_phone(e164))
				fail_msg("%s: \"%s\" not in a reserved range", country, out);
			if (style == 2 && strcmp(out, e164) != 0)
				fail_msg("%s: \"%s\" is not E.164 (%s)", country, out, e164);
		}
	}
}

static void genvalue__phone_each_country__classified_right(void **state)
{
	(void)state;
	phone_draws("us", "US", 1);
	phone_draws(NULL, "US", 1);
	phone_draws("ca", "US", 1);
	phone_draws("gb", "GB", 1);
	phone_draws("kz", "KZ", 0);
	phone_draws("ru", "RU", 0);
	phone_draws("de", "DE", 0);
	phone_draws("fr", "FR", 0);
}

/* the three styles of one stream state give the same number */
static void genvalue__phone_styles__documented_shapes(void **state)
{
	static const char *const shapes[][3] = {
		{"us", "+1 ###-555-01##", "(###) 555-01##"},
		{"gb", "+44 7700 900###", "07700 900###"},
		{"kz", "+7 7## ### ## ##", "8 (7##) ###-##-##"},
		{"ru", "+7 9## ### ## ##", "8 (9##) ###-##-##"},
	};

	(void)state;
	for (size_t c = 0; c < 4; c++) {
		for (uint64_t s = 0; s < 50; s++) {
			char o[3][CAP], e[3][32];
			for (int st = 0; st < 3; st++) {
				dp_rng r = dp_rng_at(s);
				assert_true(dp_gv_phone(&r, shapes[c][0], st, o[st], CAP) > 0);
				assert_non_null(dp_phone_classify(o[st], strlen(o[st]), e[st]));
			}
			assert_string_equal(e[0], e[1]);
			assert_string_equal(e[0], e[2]);
			if (strcmp(shapes[c][0], "gb") == 0 && strncmp(o[0], "+44 7", 5) != 0)
				continue;   /* a geographic drama range */
			for (int st = 0; st < 2; st++) {
				const char *p = shapes[c][1 + st], *v = o[st];
				assert_int_equal(strlen(p), strlen(v));
				for (; *p; p++, v++)
					assert_true(*p == '#' ? (*v >= '0' && *v <= '9') : *p == *v);
			}
		}
	}
}

static void genvalue__phone_bad_args__zero(void **state)
{
	dp_rng r = dp_rng_at(10);
	char out[CAP];

	(void)state;
	assert_int_equal(dp_gv_phone(&r, "xx", 0, out, sizeof out), 0);
	assert_int_equal(dp_gv_phone(&r, "us", 3, out, sizeof out), 0);
	assert_int_equal(dp_gv_phone(&r, "us", -1, out, sizeof out), 0);
	assert_int_equal(dp_gv_phone(NULL, "us", 0, out, sizeof out), 0);
}

/* ---- patterns, UUIDs, addresses, e-mails ------------------------------------------------ */

static int pattern_ok(const char *s, size_t n)
{
	static const char *const want = "AB-DDDD-ll-xx #?";   /* D digit, l lower, x upper/digit */

	if (n != strlen(want) + strlen("ж"))
		return 0;
	for (size_t i = 0; want[i]; i++) {
		char c = s[i], w = want[i];
		int ok = w == 'D' ? c >= '0' && c <= '9' : w == 'l' ? c >= 'a' && c <= 'z'
		       : w == 'x' ? (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') : c == w;
		if (!ok)
			return 0;
	}
	return strcmp(s + strlen(want), "ж") == 0;
}

static void genvalue__pattern__classes_and_escapes(void **state)
{
	dp_rng r = dp_rng_at(11);
	char out[CAP];

	(void)state;
	draws_pass(g_pattern, "AB-####-@@-** \\#\\?ж", pattern_ok);
	assert_int_equal(dp_gv_pattern(&r, "??", out, sizeof out), 2);
	assert_true(only(out, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
	assert_int_equal(dp_gv_pattern(&r, "x\\", out, sizeof out), 2);
	assert_string_equal(out, "x\\");
	assert_int_equal(dp_gv_pattern(&r, "", out, sizeof out), 0);
	assert_int_equal(dp_gv_pattern(&r, NULL, out, sizeof out), 0);
}

static void genvalue__uuid_ipv4__layout_and_testnets(void **state)
{
	(void)state;
	draws_pass(g_uuid, NULL, uuid_ok);
	draws_pass(g_ipv4, NULL, ipv4_ok);
}

static void genvalue__email_username__from_names(void **state)
{
	dp_rng r = dp_rng_at(12);
	char out[CAP];
	int styles[6] = {0};

	(void)state;
	draws_pass(g_email, NULL, email_ok);
	draws_pass(g_user, NULL, user_ok);
	for (int i = 0; i < 2000; i++) {
		assert_true(dp_gv_email(&r, "Ivan", "Petrov", out, sizeof out) > 0);
		styles[0] += strncmp(out, "ivan.petrov", 11) == 0;
		styles[1] += strncmp(out, "ipetrov", 7) == 0;
		styles[2] += strncmp(out, "ivanpetrov", 10) == 0;
		styles[3] += strncmp(out, "ivan_petrov", 11) == 0;
		styles[4] += strncmp(out, "petrov.ivan", 11) == 0;
		styles[5] += strncmp(out, "ivan@", 5) == 0 || (strncmp(out, "ivan", 4) == 0 && out[4] >= '0' && out[4] <= '9');
	}
	for (int i = 0; i < 6; i++)
		assert_true(styles[i] > 200);
}

static void genvalue__email_odd_names__ascii_or_words(void **state)
{
	dp_rng r = dp_rng_at(13);
	char out[CAP];

	(void)state;
	for (int i = 0; i < 1000; i++) {
		assert_true(dp_gv_email(&r, "Jean-Luc", "O'Brien", out, sizeof out) > 0);
		assert_true(email_ok(out, strlen(out)));
		assert_non_null(strstr(out, "jeanluc") ? out : strstr(out, "obrien"));
		assert_true(dp_gv_email(&r, NULL, NULL, out, sizeof out) > 0);
		assert_true(email_ok(out, strlen(out)) && out[0] != '@' && out[0] != '.');
		assert_true(dp_gv_email(&r, "Иван", "", out, sizeof out) > 0);   /* nothing Latin */
		assert_true(email_ok(out, strlen(out)) && out[0] != '@');
		assert_true(dp_gv_username(&r, NULL, "Smith", out, sizeof out) > 0);
		assert_memory_equal(out, "smith", 5);
	}
}

/* ---- determinism ------------------------------------------------------------------------- */

static size_t g_phone_kz(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_phone(r, "kz", 0, o, c); }
static size_t g_phone_gb(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_phone(r, "gb", 1, o, c); }
static size_t g_phone_us(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_phone(r, "us", 0, o, c); }
static size_t g_phone_de(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_phone(r, "de", 2, o, c); }
static size_t g_phone_fr(dp_rng *r, const void *a, char *o, size_t c) { (void)a; return dp_gv_phone(r, "fr", 1, o, c); }

static const struct gold {
	gen_fn g;
	const void *arg;
	const char *want;
} golds[] = {
	{g_card, "visa", "4000 0096 6019 9202"},
	{g_card, NULL, "2200 0066 0199 2085"},
	{g_iban, "KZ", "KZ55 8966 0199 2086 0167"},
	{g_iban_plain, "FR", "FR7689660199208601674047805"},
	{g_iin, NULL, "950110466014"},
	{g_bin, NULL, "191252019924"},
	{g_inn10, NULL, "7396601998"},
	{g_inn12, NULL, "739660199299"},
	{g_snils, NULL, "809-391-123 10"},
	{g_phone_kz, NULL, "+7 776 966 01 99"},
	{g_phone_gb, NULL, "07700 900966"},
	{g_phone_us, NULL, "+1 886-555-0160"},
	{g_phone_de, NULL, "+491739660199"},
	{g_phone_fr, NULL, "06 96 60 19 92"},
	{g_pattern, "ID-###-?\?-@@-**", "ID-896-QA-dy-6I"},
	{g_uuid, NULL, "cf27ba36-812e-4a71-bfa1-0a77e7583fff"},
	{g_ipv4, NULL, "203.0.113.254"},
	{g_email, NULL, "petrov.ivan@example.org"},
	{g_user, NULL, "ivanp"},
};

static void genvalue__fixed_state__golden_values(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof golds / sizeof golds[0]; i++)
		golden(golds[i].g, golds[i].arg, golds[i].want);
}

static void genvalue__cap_too_small__zero_no_overrun(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof golds / sizeof golds[0]; i++)
		cap_small(golds[i].g, golds[i].arg);
}

/* ---- dates ------------------------------------------------------------------------------ */

static void genvalue__days_civil__round_trip_1900_2100(void **state)
{
	int32_t first = dp_gv_days_from_civil(1900, 1, 1), last = dp_gv_days_from_civil(2100, 12, 31);
	int y = 1900, m = 1, d = 1;

	(void)state;
	assert_int_equal(dp_gv_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(dp_gv_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(first, -25567);
	for (int32_t z = first; z <= last; z++) {
		int yy, mm, dd;

		dp_gv_civil_from_days(z, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("day %d: %d-%d-%d, want %d-%d-%d", (int)z, yy, mm, dd, y, m, d);
		assert_int_equal(dp_gv_days_from_civil(yy, mm, dd), z);
		if (++d > 28 && !dp_valid_date(y, m, d)) {   /* the next calendar day */
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 2101);
}

static void genvalue__parse_date__valid_and_errors(void **state)
{
	static const char *const bad[] = {
		"2026-02-29", "2026-13-01", "2026-00-10", "2026-01-00", "2026-1-01", "2026/01/01",
		"20260101", "2026-01-011", " 2026-01-01", "0000-01-01", "abcd-ef-gh", "", "1900-02-29",
	};
	int32_t z = 7;

	(void)state;
	assert_int_equal(dp_gv_parse_date("2026-03-14", &z), 0);
	assert_int_equal(z, dp_gv_days_from_civil(2026, 3, 14));
	assert_int_equal(dp_gv_parse_date("2000-02-29", &z), 0);
	assert_int_equal(dp_gv_parse_date("1970-01-01", &z), 0);
	assert_int_equal(z, 0);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		z = 7;
		if (dp_gv_parse_date(bad[i], &z) != -1 || z != 7)
			fail_msg("\"%s\" accepted", bad[i]);
	}
	assert_int_equal(dp_gv_parse_date(NULL, &z), -1);
}

static void genvalue__parse_offset__units_and_errors(void **state)
{
	static const struct {
		const char *s;
		int32_t days;
	} good[] = {
		{"-30d", -30}, {"+2w", 14}, {"-18y", -18 * 365}, {"0", 0}, {"6m", 180}, {"45", 45},
		{"+0d", 0}, {"999999d", 999999},
	};
	static const char *const bad[] = {"", "+", "-", "d", "3x", "3dd", "1000000", " 3d", "3d ",
	                                  "3 d", "--3", "+-3", "3.5d", "3D"};
	int32_t z;

	(void)state;
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		z = 12345;
		assert_int_equal(dp_gv_parse_offset(good[i].s, &z), 0);
		assert_int_equal(z, good[i].days);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		z = 12345;
		if (dp_gv_parse_offset(bad[i], &z) != -1 || z != 12345)
			fail_msg("\"%s\" accepted", bad[i]);
	}
}

static void genvalue__date_format__each_form(void **state)
{
	int32_t z = dp_gv_days_from_civil(2026, 3, 14);
	char out[CAP];

	(void)state;
	assert_int_equal(dp_gv_date_format(z, NULL, NULL, out, sizeof out), 10);
	assert_string_equal(out, "2026-03-14");
	dp_gv_date_format(z, "iso", "ru", out, sizeof out);
	assert_string_equal(out, "2026-03-14");
	dp_gv_date_format(z, "dmy", NULL, out, sizeof out);
	assert_string_equal(out, "14.03.2026");
	dp_gv_date_format(z, "mdy", NULL, out, sizeof out);
	assert_string_equal(out, "03/14/2026");
	dp_gv_date_format(z, "long", NULL, out, sizeof out);
	assert_string_equal(out, "March 14, 2026");
	dp_gv_date_format(z, "long", "ru", out, sizeof out);
	assert_string_equal(out, "14 марта 2026 г.");
	dp_gv_date_format(z, "long", "kk", out, sizeof out);
	assert_string_equal(out, "2026 жылғы 14 наурыз");
	dp_gv_date_format(dp_gv_days_from_civil(1999, 12, 1), "long", "ru", out, sizeof out);
	assert_string_equal(out, "1 декабря 1999 г.");
	assert_int_equal(dp_gv_date_format(z, "long", "de", out, sizeof out), 0);
	assert_int_equal(dp_gv_date_format(z, "ymd", NULL, out, sizeof out), 0);
	assert_int_equal(dp_gv_date_format(z, "iso", NULL, out, 10), 0);
	assert_string_equal(out, "");
	assert_int_equal(dp_gv_date_format(dp_gv_days_from_civil(10000, 1, 1), NULL, NULL, out, sizeof out), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(genvalue__card_each_brand__valid_test_prefix),
		cmocka_unit_test(genvalue__card_brand__prefix_and_grouping),
		cmocka_unit_test(genvalue__card_mix__all_four_brands),
		cmocka_unit_test(genvalue__iban_countries__valid),
		cmocka_unit_test(genvalue__iban_default_and_grouping__kz_in_fours),
		cmocka_unit_test(genvalue__iban_fr__rib_key_valid),
		cmocka_unit_test(genvalue__ids__validators_accept),
		cmocka_unit_test(genvalue__kz_iin_date_and_gender__encoded),
		cmocka_unit_test(genvalue__kz_iin_random__born_1940_2007),
		cmocka_unit_test(genvalue__kz_check_ten__serial_redrawn),
		cmocka_unit_test(genvalue__phone_each_country__classified_right),
		cmocka_unit_test(genvalue__phone_styles__documented_shapes),
		cmocka_unit_test(genvalue__phone_bad_args__zero),
		cmocka_unit_test(genvalue__pattern__classes_and_escapes),
		cmocka_unit_test(genvalue__uuid_ipv4__layout_and_testnets),
		cmocka_unit_test(genvalue__email_username__from_names),
		cmocka_unit_test(genvalue__email_odd_names__ascii_or_words),
		cmocka_unit_test(genvalue__fixed_state__golden_values),
		cmocka_unit_test(genvalue__cap_too_small__zero_no_overrun),
		cmocka_unit_test(genvalue__days_civil__round_trip_1900_2100),
		cmocka_unit_test(genvalue__parse_date__valid_and_errors),
		cmocka_unit_test(genvalue__parse_offset__units_and_errors),
		cmocka_unit_test(genvalue__date_format__each_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
