/* translit.c - Cyrillic to Latin by fixed tables (translit.h). One pass over the UTF-8
 * input with ICU's U8_NEXT; each mapped letter has a lower-case, a title-case and an
 * all-capitals form, chosen by the letter's case and its neighbours'. */
#include "config.h"
#include "translit.h"

#include <stdint.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

struct tr {
	const char *lo, *title, *caps;
};

/* а..я (U+0430..U+044F), ICAO Doc 9303 */
static const struct tr ru_tab[32] = {
	{"a", "A", "A"}, {"b", "B", "B"}, {"v", "V", "V"}, {"g", "G", "G"},
	{"d", "D", "D"}, {"e", "E", "E"}, {"zh", "Zh", "ZH"}, {"z", "Z", "Z"},
	{"i", "I", "I"}, {"i", "I", "I"}, {"k", "K", "K"}, {"l", "L", "L"},
	{"m", "M", "M"}, {"n", "N", "N"}, {"o", "O", "O"}, {"p", "P", "P"},
	{"r", "R", "R"}, {"s", "S", "S"}, {"t", "T", "T"}, {"u", "U", "U"},
	{"f", "F", "F"}, {"kh", "Kh", "KH"}, {"ts", "Ts", "TS"}, {"ch", "Ch", "CH"},
	{"sh", "Sh", "SH"}, {"shch", "Shch", "SHCH"}, {"ie", "Ie", "IE"}, {"y", "Y", "Y"},
	{"", "", ""}, {"e", "E", "E"}, {"iu", "Iu", "IU"}, {"ia", "Ia", "IA"},
};
static const struct tr ru_yo = {"e", "E", "E"};

/* а..я in the 2021 Kazakh Latin alphabet (и, й -> i / İ; і below -> ı / I) */
static const struct tr kk_tab[32] = {
	{"a", "A", "A"}, {"b", "B", "B"}, {"v", "V", "V"}, {"g", "G", "G"},
	{"d", "D", "D"}, {"e", "E", "E"}, {"j", "J", "J"}, {"z", "Z", "Z"},
	{"i", "İ", "İ"}, {"i", "İ", "İ"}, {"k", "K", "K"}, {"l", "L", "L"},
	{"m", "M", "M"}, {"n", "N", "N"}, {"o", "O", "O"}, {"p", "P", "P"},
	{"r", "R", "R"}, {"s", "S", "S"}, {"t", "T", "T"}, {"u", "U", "U"},
	{"f", "F", "F"}, {"h", "H", "H"}, {"ts", "Ts", "TS"}, {"ç", "Ç", "Ç"},
	{"ş", "Ş", "Ş"}, {"şş", "Şş", "ŞŞ"}, {"", "", ""}, {"y", "Y", "Y"},
	{"", "", ""}, {"e", "E", "E"}, {"iu", "İu", "İU"}, {"ia", "İa", "İA"},
};

/* the Kazakh letters outside а..я, and ё */
static const struct {
	UChar32 cp;
	struct tr t;
} kk_extra[] = {
	{0x0451, {"io", "İo", "İO"}}, {0x04D9, {"ä", "Ä", "Ä"}}, {0x0493, {"ğ", "Ğ", "Ğ"}},
	{0x049B, {"q", "Q", "Q"}}, {0x04A3, {"ñ", "Ñ", "Ñ"}}, {0x04E9, {"ö", "Ö", "Ö"}},
	{0x04B1, {"ū", "Ū", "Ū"}}, {0x04AF, {"ü", "Ü", "Ü"}}, {0x04BB, {"h", "H", "H"}},
	{0x0456, {"ı", "I", "I"}},
};

dp_translit_scheme dp_translit_for_locale(const char *locale)
{
	if (!locale)
		return DP_TRANSLIT_NONE;
	if (strcmp(locale, "ru") == 0)
		return DP_TRANSLIT_RU_ICAO;
	if (strcmp(locale, "kk") == 0)
		return DP_TRANSLIT_KK_2021;
	return DP_TRANSLIT_NONE;
}

/* The table entry for a lower-case code point, or NULL when it has none. */
static const struct tr *entry(dp_translit_scheme s, UChar32 lo)
{
	size_t i;

	if (s == DP_TRANSLIT_RU_ICAO) {
		if (lo >= 0x0430 && lo <= 0x044F)
			return &ru_tab[lo - 0x0430];
		return lo == 0x0451 ? &ru_yo : NULL;
	}
	if (s != DP_TRANSLIT_KK_2021)
		return NULL;
	if (lo >= 0x0430 && lo <= 0x044F)
		return &kk_tab[lo - 0x0430];
	for (i = 0; i < sizeof kk_extra / sizeof kk_extra[0]; i++)
		if (kk_extra[i].cp == lo)
			return &kk_extra[i].t;
	return NULL;
}

/* The code point after offset i in in[0..len), or -1 at the end. */
static UChar32 peek(const char *in, size_t len, size_t i)
{
	UChar32 c = -1;
	int32_t j = (int32_t)i;

	if (i < len)
		U8_NEXT((const uint8_t *)in, j, (int32_t)len, c);
	return c;
}

/* All capitals when the letter next to an upper-case one is upper case too (the next
 * letter decides; at a word's end the previous one does), else title case. */
static int want_caps(UChar32 prev, UChar32 next)
{
	if (next >= 0 && u_isalpha(next))
		return u_isupper(next);
	return prev >= 0 && u_isalpha(prev) && u_isupper(prev);
}

static void put(char *out, size_t outcap, size_t *n, const char *s, size_t k)
{
	if (*n < outcap) {
		size_t room = outcap - *n;
		memcpy(out + *n, s, k < room ? k : room);
	}
	*n += k;
}

size_t dp_translit(dp_translit_scheme scheme, const char *in, size_t len, char *out,
                   size_t outcap)
{
	size_t n = 0, i = 0;
	UChar32 prev = -1;

	if (len > INT32_MAX)
		len = INT32_MAX;
	while (i < len) {
		int32_t j = (int32_t)i;
		UChar32 c;
		const struct tr *t;

		U8_NEXT((const uint8_t *)in, j, (int32_t)len, c);
		t = c >= 0 ? entry(scheme, u_tolower(c)) : NULL;
		if (!t) {
			put(out, outcap, &n, in + i, (size_t)j - i);
		} else if (u_tolower(c) == c) {
			put(out, outcap, &n, t->lo, strlen(t->lo));
		} else {
			const char *s = want_caps(prev, peek(in, len, (size_t)j)) ? t->caps : t->title;
			put(out, outcap, &n, s, strlen(s));
		}
		prev = c;
		i = (size_t)j;
	}
	if (outcap > 0)
		out[n < outcap ? n : outcap - 1] = '\0';
	return n;
}
