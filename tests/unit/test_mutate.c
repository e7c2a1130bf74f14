/* test_mutate.c - the edge-case text mutators: determinism, validity, each kind's effect. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "mutate.h"
#include "transcode.h"
#include "utf8.h"

static const char *const locales[3] = {"en", "ru", "kk"};
static const char *const texts[] = {
	"Hello, world. This is a test of the mutators.",
	"Привет, как дела? Всё хорошо, спасибо.",
	"Сәлеметсіз бе, қалайсыз? Рақмет, бәрі жақсы.",
	"", "a", "ж", "123 456 !!!", "mixed Текст and қазақ words\tend\n",
	"Café naïve ёжик йод", "\xF0\x9F\x98\x80 emoji \xE2\x80\x8B zw",
};
#define NTEXTS (sizeof texts / sizeof texts[0])

/* the mutation of s into b (reset first); asserts success */
static void run(dp_buf *b, int kind, const char *loc, const char *s, uint64_t seed)
{
	dp_buf_reset(b);
	assert_int_equal(dp_mut_apply(kind, loc, s, strlen(s), seed, b), 0);
}

static int same(const dp_buf *b, const char *s)
{
	return b->len == strlen(s) && (b->len == 0 || memcmp(b->data, s, b->len) == 0);
}

static void mutate__names__round_trip(void **state)
{
	(void)state;
	for (int k = 0; k < DP_MUT_COUNT; k++)
		assert_int_equal(dp_mut_by_name(dp_mut_name(k)), k);
	assert_string_equal(dp_mut_name(DP_MUT_TYPO), "typo");
	assert_int_equal(dp_mut_by_name("zero_width"), DP_MUT_ZERO_WIDTH);
	assert_int_equal(dp_mut_by_name("nope"), -1);
	assert_int_equal(dp_mut_by_name(NULL), -1);
	assert_null(dp_mut_name(DP_MUT_COUNT));
}

static void mutate__same_seed__same_bytes(void **state)
{
	dp_buf a, b;

	(void)state;
	dp_buf_init(&a, 1 << 20);
	dp_buf_init(&b, 1 << 20);
	for (int k = 0; k < DP_MUT_COUNT; k++)
		for (size_t t = 0; t < NTEXTS; t++)
			for (uint64_t seed = 0; seed < 20; seed++) {
				run(&a, k, locales[t % 3], texts[t], seed);
				run(&b, k, locales[t % 3], texts[t], seed);
				assert_int_equal(a.len, b.len);
				assert_memory_equal(a.data, b.data, a.len);
			}
	dp_buf_free(&a);
	dp_buf_free(&b);
}

static void mutate__seeds__vary_output(void **state)
{
	dp_buf a, b;
	int differ = 0;

	(void)state;
	dp_buf_init(&a, 1 << 20);
	dp_buf_init(&b, 1 << 20);
	run(&a, DP_MUT_TYPO, "en", texts[0], 0);
	for (uint64_t seed = 1; seed < 10; seed++) {
		run(&b, DP_MUT_TYPO, "en", texts[0], seed);
		differ += !(a.len == b.len && memcmp(a.data, b.data, a.len) == 0);
	}
	assert_true(differ > 5);
	dp_buf_free(&a);
	dp_buf_free(&b);
}

static void mutate__every_kind__valid_utf8(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 20);
	for (int k = 0; k < DP_MUT_COUNT; k++)
		for (size_t t = 0; t < NTEXTS; t++)
			for (uint64_t seed = 0; seed < 60; seed++) {
				run(&b, k, locales[seed % 3], texts[t], seed * 7919);
				if (!dp_tc_valid_utf8(b.data ? b.data : "", b.len, 1))
					fail_msg("%s of %s (seed %u)", dp_mut_name(k), texts[t], (unsigned)seed);
			}
	dp_buf_free(&b);
}

static void mutate__invalid_utf8__no_crash_bytes_kept(void **state)
{
	static const char *const bad[] = {"\xFF", "ab\xC3", "\xE2\x82 typo \xFF\xFE word",
		"\xED\xA0\x80 surrogate", "\xC0\xAF й \xF4\x90\x80\x80"};
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 20);
	for (int k = 0; k < DP_MUT_COUNT; k++)
		for (size_t t = 0; t < 5; t++)
			for (uint64_t seed = 0; seed < 30; seed++)
				run(&b, k, locales[seed % 3], bad[t], seed);
	run(&b, DP_MUT_TYPO, "en", bad[2], 3);
	assert_non_null(memchr(b.data, 0xFF, b.len));
	run(&b, DP_MUT_NFD, "ru", bad[4], 3);
	assert_non_null(memchr(b.data, 0xC0, b.len));
	dp_buf_free(&b);
}

/* kinds that cannot change a text: nfd without decomposable letters, no_kk without Kazakh */
static int may_keep(int k, size_t t)
{
	return (k == DP_MUT_NFD && t == 0) || (k == DP_MUT_NO_KK_LETTERS && t != 2);
}

static void mutate__each_kind__changes_text(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 20);
	for (int k = 0; k < DP_MUT_COUNT; k++)
		for (size_t t = 0; t < 3; t++)
			for (uint64_t seed = 0; seed < 40; seed++) {
				run(&b, k, locales[t], texts[t], seed);
				if (!may_keep(k, t) && same(&b, texts[t]))
					fail_msg("%s kept %s (seed %u)", dp_mut_name(k), texts[t], (unsigned)seed);
			}
	dp_buf_free(&b);
}

static void mutate__no_letters__letter_edits_unchanged(void **state)
{
	static const int kinds[] = {DP_MUT_TYPO, DP_MUT_SWAP, DP_MUT_DROP, DP_MUT_DOUBLE,
		DP_MUT_HOMOGLYPH, DP_MUT_CASE_NOISE, DP_MUT_WRONG_LAYOUT, DP_MUT_NO_KK_LETTERS};
	dp_buf b;
	dp_mut_info info;

	(void)state;
	dp_buf_init(&b, 1 << 20);
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		dp_buf_reset(&b);
		assert_int_equal(dp_mut_apply_info(kinds[k], "kk", "123 456 !!!", 11, 5, &b, &info), 0);
		assert_true(same(&b, "123 456 !!!"));
		assert_int_equal(info.edits, 0);
		assert_int_equal(info.at, SIZE_MAX);
	}
	dp_buf_free(&b);
}

/* every typo of `in` (seeds 0..199) is one of the n alternatives, and each one is seen */
static void check_typos(const char *loc, const char *in, const char *const *alt, size_t n)
{
	dp_buf b;
	unsigned seen = 0;

	dp_buf_init(&b, 1 << 10);
	for (uint64_t seed = 0; seed < 200; seed++) {
		size_t k;

		run(&b, DP_MUT_TYPO, loc, in, seed);
		for (k = 0; k < n && !same(&b, alt[k]); k++)
			;
		if (k == n)
			fail_msg("typo of %s gave %.*s", in, (int)b.len, b.data);
		seen |= 1u << k;
	}
	assert_int_equal(seen, (1u << n) - 1);
	dp_buf_free(&b);
}

static void mutate__typo_latin__qwerty_neighbour(void **state)
{
	static const char *const a[] = {"q", "w", "s", "z"};
	static const char *const up[] = {"Q", "W", "S", "Z"};

	(void)state;
	check_typos("en", "a", a, 4);
	check_typos("kk", "A", up, 4);
}

static void mutate__typo_russian__jcuken_neighbour(void **state)
{
	static const char *const ef[] = {"й", "ц", "ы", "я"};
	static const char *const el[] = {"о", "д", "ш", "щ", "ь", "б"};

	(void)state;
	check_typos("ru", "ф", ef, 4);
	check_typos("ru", "л", el, 6);
}

static void mutate__typo_kazakh__kazakh_neighbour(void **state)
{
	static const char *const qa[] = {"ұ", "ө", "щ", "з"};
	static const char *const ae[] = {"і", "й", "ц"};
	static const char *const ii[] = {"ә", "ң", "ц", "у"};

	(void)state;
	check_typos("kk", "қ", qa, 4);
	check_typos("ru", "ә", ae, 3);
	check_typos("kk", "і", ii, 4);
}

static void expect(int kind, const char *loc, const char *in, const char *want)
{
	dp_buf b;

	dp_buf_init(&b, 1 << 16);
	run(&b, kind, loc, in, 1);
	if (!same(&b, want))
		fail_msg("%s(%s) = %.*s, want %s", dp_mut_name(kind), in, (int)b.len, b.data, want);
	dp_buf_free(&b);
}

static void mutate__wrong_layout__round_trip(void **state)
{
	(void)state;
	expect(DP_MUT_WRONG_LAYOUT, "ru", "привет мир", "ghbdtn vbh");
	expect(DP_MUT_WRONG_LAYOUT, "ru", "ghbdtn vbh", "привет мир");
	expect(DP_MUT_WRONG_LAYOUT, "ru", "Привет, мир!", "Ghbdtn, vbh!");
	expect(DP_MUT_WRONG_LAYOUT, "en", "Ghbdtn, vbh!", "Привет, мир!");
	expect(DP_MUT_WRONG_LAYOUT, "ru", "обед", "j,tl");
	expect(DP_MUT_WRONG_LAYOUT, "en", "j,tl", "обед");
	expect(DP_MUT_WRONG_LAYOUT, "kk", "сәлем", "c2ktv");
	expect(DP_MUT_WRONG_LAYOUT, "en", "hello", "руддщ");
}

static void mutate__no_kk_letters__russian_look_alikes(void **state)
{
	(void)state;
	expect(DP_MUT_NO_KK_LETTERS, "kk", "қғңөұүһәі ҚҒҢӨҰҮҺӘІ", "кгноуухаи КГНОУУХАИ");
	expect(DP_MUT_NO_KK_LETTERS, "kk", "Қазақстан", "Казакстан");
}

/* NFC of UTF-8 s, as UTF-16 in u (cap 256) */
static int32_t nfc16(const char *s, size_t n, UChar *u)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar tmp[256];
	int32_t len;

	u_strFromUTF8(tmp, 256, &len, s, (int32_t)n, &st);
	len = unorm2_normalize(unorm2_getNFCInstance(&st), tmp, len, u, 256, &st);
	assert_true(U_SUCCESS(st));
	return len;
}

static void mutate__nfd__canonically_equivalent_and_longer(void **state)
{
	static const char *const in[] = {"йод ёлка", "Café naïve", "қалай", "Всё хорошо"};
	dp_buf b;
	UChar x[256], y[256];

	(void)state;
	dp_buf_init(&b, 1 << 16);
	for (size_t t = 0; t < 4; t++) {
		int32_t nx, ny;

		run(&b, DP_MUT_NFD, "kk", in[t], 9);
		assert_true(b.len > strlen(in[t]));
		nx = nfc16(in[t], strlen(in[t]), x);
		ny = nfc16(b.data, b.len, y);
		assert_int_equal(nx, ny);
		assert_memory_equal(x, y, (size_t)nx * sizeof(UChar));
	}
	run(&b, DP_MUT_NFD, "ru", "й", 0);
	assert_true(same(&b, "\xD0\xB8\xCC\x86"));
	dp_buf_free(&b);
}

static int is_control(long cp, int bidi)
{
	if (bidi)
		return cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
		       (cp >= 0x2066 && cp <= 0x2069);
	return cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

/* b without the inserted controls, into s (cap 512) */
static size_t strip(const dp_buf *b, int bidi, char *s)
{
	size_t n = 0;

	for (size_t i = 0; i < b->len;) {
		long cp;
		size_t len = dp_utf8_next((const unsigned char *)b->data + i, b->len - i, &cp);

		if (!is_control(cp, bidi))
			memcpy(s + n, b->data + i, len), n += len;
		i += len;
	}
	return n;
}

static void mutate__invisible_controls__strip_gives_input(void **state)
{
	dp_buf b;
	char s[512];

	(void)state;
	dp_buf_init(&b, 1 << 16);
	for (int bidi = 0; bidi < 2; bidi++)
		for (size_t t = 0; t < 9; t++)
			for (uint64_t seed = 0; seed < 50; seed++) {
				run(&b, bidi ? DP_MUT_BIDI : DP_MUT_ZERO_WIDTH, "ru", texts[t], seed);
				assert_true(b.len > strlen(texts[t]));
				assert_int_equal(strip(&b, bidi, s), strlen(texts[t]));
				assert_memory_equal(s, texts[t], strlen(texts[t]));
			}
	dp_buf_free(&b);
}

/* same code points as `in`, or their homoglyph twins; returns the number of twins */
static size_t twins(const char *in, const dp_buf *b)
{
	size_t i = 0, j = 0, n = strlen(in), k = 0;

	while (i < n && j < b->len) {
		long x, y;

		i += dp_utf8_next((const unsigned char *)in + i, n - i, &x);
		j += dp_utf8_next((const unsigned char *)b->data + j, b->len - j, &y);
		if (x != y) {
			assert_int_equal(dp_mut_homoglyph_twin(y), x);
			k++;
		}
	}
	assert_true(i == n && j == b->len);
	return k;
}

static void mutate__homoglyph__maps_back_through_table(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 16);
	for (size_t t = 0; t < 3; t++)
		for (uint64_t seed = 0; seed < 50; seed++) {
			run(&b, DP_MUT_HOMOGLYPH, locales[t], texts[t], seed);
			assert_true(twins(texts[t], &b) >= 1);
		}
	assert_int_equal(dp_mut_homoglyph_twin('a'), 0x430);
	assert_int_equal(dp_mut_homoglyph_twin(0x440), 'p');
	assert_int_equal(dp_mut_homoglyph_twin('z'), -1);
	dp_buf_free(&b);
}

static void mutate__long__at_least_64k(void **state)
{
	static const char *const in[] = {"", "ж", "Hello, world.", "\xF0\x9F\x98\x80"};
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 20);
	for (size_t t = 0; t < 4; t++) {
		run(&b, DP_MUT_LONG, locales[t % 3], in[t], t);
		assert_true(b.len >= DP_MUT_LONG_MIN);
		assert_true(dp_tc_valid_utf8(b.data, b.len, 1));
		assert_memory_equal(b.data, in[t], strlen(in[t]));
	}
	dp_buf_free(&b);
}

static void mutate__small_cap__fails_and_keeps_out(void **state)
{
	dp_buf b;
	dp_mut_info info;

	(void)state;
	dp_buf_init(&b, 40);
	assert_int_equal(dp_buf_adds(&b, "prefix"), 0);
	for (int k = 0; k < DP_MUT_COUNT; k++) {
		int rc = dp_mut_apply_info(k, "en", texts[0], strlen(texts[0]), 3, &b, &info);

		if (k == DP_MUT_EMPTY || k == DP_MUT_ONE_CHAR) {
			assert_int_equal(rc, 0);
			b.len = 6;
			continue;
		}
		assert_int_equal(rc, -1);
		assert_int_equal(b.len, 6);
		assert_string_equal(b.data, "prefix");
		assert_int_equal(info.edits, 0);
	}
	dp_buf_free(&b);
}

static void mutate__case_noise__only_case_changes(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 10);
	for (uint64_t seed = 0; seed < 30; seed++) {
		run(&b, DP_MUT_CASE_NOISE, "en", "Hello World, ok", seed);
		assert_int_equal(b.len, 15);
		for (size_t i = 0; i < b.len; i++)
			assert_int_equal(b.data[i] | 0x20, "Hello World, ok"[i] | 0x20);
		assert_false(same(&b, "Hello World, ok"));
	}
	dp_buf_free(&b);
}

static void mutate__code_switch__other_language_phrase(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 10);
	for (uint64_t seed = 0; seed < 20; seed++) {
		run(&b, DP_MUT_CODE_SWITCH, "en", "just some words", seed);
		assert_true(b.len > 15);
		assert_non_null(memchr(b.data, 0xD0, b.len) ? b.data : memchr(b.data, 0xD1, b.len));
	}
	dp_buf_free(&b);
}

static void mutate__info__names_kind_and_edits(void **state)
{
	dp_buf b;
	dp_mut_info info;

	(void)state;
	dp_buf_init(&b, 1 << 10);
	assert_int_equal(dp_mut_apply_info(DP_MUT_DOUBLE, "en", "abc", 3, 1, &b, &info), 0);
	assert_string_equal(info.name, "double");
	assert_int_equal(info.edits, 1);
	assert_true(info.at < b.len);
	assert_int_equal(b.len, 4);
	dp_buf_free(&b);
}

static int hexval(int ch)
{
	return ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
	       ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
}

/* decodes hex (step 2) or percent (step 3) text into o; returns its length or -1 */
static long unhex(const char *s, size_t n, int step, char *o)
{
	size_t k = 0;

	if (n % (size_t)step)
		return -1;
	for (size_t i = 0; i < n; i += (size_t)step) {
		const char *p = s + i + (step == 3);

		if ((step == 3 && s[i] != '%') || hexval(p[0]) < 0 || hexval(p[1]) < 0)
			return -1;
		o[k++] = (char)(hexval(p[0]) << 4 | hexval(p[1]));
	}
	return (long)k;
}

static long unbase64(const char *s, size_t n, char *o)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t k = 0;
	uint32_t v = 0;
	int bits = 0;

	for (size_t i = 0; i < n && s[i] != '='; i++) {
		const char *q = memchr(al, s[i], 64);

		if (!q)
			return -1;
		v = v << 6 | (uint32_t)(q - al), bits += 6;
		if (bits >= 8)
			o[k++] = (char)(v >> (bits - 8)), bits -= 8;
	}
	return (long)k;
}

static void mutate__encoded__decodes_back(void **state)
{
	static const char *const in = "привет";
	dp_buf b;
	char o[256];
	unsigned seen = 0;

	(void)state;
	dp_buf_init(&b, 1 << 10);
	for (uint64_t seed = 0; seed < 60; seed++) {
		long n;
		int how;

		run(&b, DP_MUT_ENCODED, "ru", in, seed);
		for (how = 0; how < 3; how++) {
			n = how == 0 ? unhex(b.data, b.len, 2, o) : how == 1 ? unhex(b.data, b.len, 3, o)
								       : unbase64(b.data, b.len, o);
			if (n == (long)strlen(in) && memcmp(o, in, (size_t)n) == 0)
				break;
		}
		assert_true(how < 3);
		seen |= 1u << how;
	}
	assert_int_equal(seen, 7);
	dp_buf_free(&b);
}

/* s without spaces, tabs and NBSP, into o */
static size_t squeeze(const char *s, size_t n, char *o)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (i + 1 < n && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA0) {
			i++;
			continue;
		}
		o[k++] = s[i];
	}
	return k;
}

static void mutate__spacing_noise__only_spacing_changes(void **state)
{
	dp_buf b;
	char x[512], y[512];

	(void)state;
	dp_buf_init(&b, 1 << 10);
	for (size_t t = 0; t < 3; t++)
		for (uint64_t seed = 0; seed < 40; seed++) {
			size_t nx = squeeze(texts[t], strlen(texts[t]), x);

			run(&b, DP_MUT_SPACING_NOISE, locales[t], texts[t], seed);
			assert_int_equal(squeeze(b.data, b.len, y), nx);
			assert_memory_equal(x, y, nx);
		}
	run(&b, DP_MUT_SPACING_NOISE, "en", "nospaces", 1);
	assert_int_equal(b.len > 8, 1);
	dp_buf_free(&b);
}

static void mutate__one_char__from_input_or_locale(void **state)
{
	dp_buf b;

	(void)state;
	dp_buf_init(&b, 1 << 10);
	for (uint64_t seed = 0; seed < 30; seed++) {
		long cp;

		run(&b, DP_MUT_ONE_CHAR, "ru", texts[1], seed);
		assert_int_equal(dp_utf8_next((const unsigned char *)b.data, b.len, &cp), b.len);
		assert_non_null(strstr(texts[1], b.data));
		run(&b, DP_MUT_ONE_CHAR, "kk", "", seed);
		assert_int_equal(dp_utf8_next((const unsigned char *)b.data, b.len, &cp), b.len);
		assert_true(cp >= 0x430 && cp <= 0x4E9);
	}
	dp_buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(mutate__names__round_trip),
		cmocka_unit_test(mutate__same_seed__same_bytes),
		cmocka_unit_test(mutate__seeds__vary_output),
		cmocka_unit_test(mutate__every_kind__valid_utf8),
		cmocka_unit_test(mutate__invalid_utf8__no_crash_bytes_kept),
		cmocka_unit_test(mutate__each_kind__changes_text),
		cmocka_unit_test(mutate__no_letters__letter_edits_unchanged),
		cmocka_unit_test(mutate__typo_latin__qwerty_neighbour),
		cmocka_unit_test(mutate__typo_russian__jcuken_neighbour),
		cmocka_unit_test(mutate__typo_kazakh__kazakh_neighbour),
		cmocka_unit_test(mutate__wrong_layout__round_trip),
		cmocka_unit_test(mutate__no_kk_letters__russian_look_alikes),
		cmocka_unit_test(mutate__nfd__canonically_equivalent_and_longer),
		cmocka_unit_test(mutate__invisible_controls__strip_gives_input),
		cmocka_unit_test(mutate__homoglyph__maps_back_through_table),
		cmocka_unit_test(mutate__long__at_least_64k),
		cmocka_unit_test(mutate__small_cap__fails_and_keeps_out),
		cmocka_unit_test(mutate__case_noise__only_case_changes),
		cmocka_unit_test(mutate__code_switch__other_language_phrase),
		cmocka_unit_test(mutate__info__names_kind_and_edits),
		cmocka_unit_test(mutate__encoded__decodes_back),
		cmocka_unit_test(mutate__spacing_noise__only_spacing_changes),
		cmocka_unit_test(mutate__one_char__from_input_or_locale),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
