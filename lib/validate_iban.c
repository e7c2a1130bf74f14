/* lib/validate_iban.c - IBAN (ISO 13616 mod-97, SWIFT registry lengths/BBAN shapes, both in
 * fakedata.c) and BIC. */
#include "config.h"

#include <string.h>

#include "fakedata.h"
#include "validate.h"

#define IBAN_MAX 34

/* ISO 3166-1 alpha-2 codes (iso-codes 4.15) plus XK (Kosovo, used by SWIFT). */
static const char iso3166[] =
	"ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQ"
	"BRBSBTBVBWBYBZCACCCDCFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDM"
	"DODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGFGGGHGIGLGMGNGPGQGRGS"
	"GTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKN"
	"KPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQ"
	"MRMSMTMUMVMWMXMYMZNANCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPM"
	"PNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSISJSKSLSMSNSOSRSSSTSV"
	"SXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI"
	"VNVUWFWSXKYEYTZAZMZW";

static int is_upper(char c) { return c >= 'A' && c <= 'Z'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alnum_upper(char c) { return is_upper(c) || is_digit(c); }

static char to_upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

/* Copies s[0..n) without spaces to out, upper-casing letters after the country code (which
 * must already be upper case). Returns the length, or -1 on any other byte or when too long. */
static int iban_compact(const char *s, size_t n, char *out, int max)
{
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == ' ')
			continue;
		if (k >= 2)
			c = to_upper(c);
		if (!is_alnum_upper(c) || k >= max)
			return -1;
		out[k++] = c;
	}
	return k;
}

static int iban_class_ok(char cls, char c)
{
	switch (cls) {
	case 'n': return is_digit(c);
	case 'a': return is_upper(c);
	default: return is_alnum_upper(c);
	}
}

/* Checks bban[0..len) against a structure such as "4a14n". */
static int iban_bban_ok(const char *fmt, const char *bban, int len)
{
	int pos = 0;
	while (*fmt) {
		int count = 0;
		while (is_digit(*fmt))
			count = count * 10 + (*fmt++ - '0');
		char cls = *fmt++;
		for (int i = 0; i < count; i++, pos++) {
			if (pos >= len || !iban_class_ok(cls, bban[pos]))
				return 0;
		}
	}
	return pos == len;
}

int dp_valid_iban(const char *s, size_t n)
{
	char b[IBAN_MAX];
	int len = iban_compact(s, n, b, IBAN_MAX);
	if (len < 15 || !is_upper(b[0]) || !is_upper(b[1]) || !is_digit(b[2]) || !is_digit(b[3]))
		return 0;
	int check = (b[2] - '0') * 10 + (b[3] - '0');
	if (check < 2 || check > 98)
		return 0;
	const dp_fk_iban *c = dp_fk_iban_country(b);
	if (c == NULL || c->len != len || !iban_bban_ok(c->bban, b + 4, len - 4))
		return 0;
	return dp_fk_iban_mod97(b, len) == 1;
}

static int iso3166_known(const char *cc)
{
	for (size_t i = 0; i + 1 < sizeof iso3166; i += 2) {
		if (iso3166[i] == cc[0] && iso3166[i + 1] == cc[1])
			return 1;
	}
	return 0;
}

int dp_valid_swift_bic(const char *s, size_t n)
{
	if (n != 8 && n != 11)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (i < 6 ? !is_upper(s[i]) : !is_alnum_upper(s[i]))
			return 0;
	}
	return iso3166_known(s + 4);
}
