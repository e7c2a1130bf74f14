/* lib/validate_iban.c - IBAN (ISO 13616 mod-97, SWIFT registry lengths/BBAN shapes) and BIC. */
#include "config.h"

#include <string.h>

#include "validate.h"

#define IBAN_MAX 34

/* SWIFT IBAN registry, as in python-stdnum stdnum/iban.dat: country, total length and the
 * BBAN structure as runs of <count><class>: n digits, a upper-case letters, c alphanumerics. */
struct iban_country {
	char cc[3];
	unsigned char len;
	const char *bban;
};

static const struct iban_country iban_countries[] = {
	{"AD", 24, "8n12c"},
	{"AE", 23, "19n"},
	{"AL", 28, "8n16c"},
	{"AT", 20, "16n"},
	{"AZ", 28, "4a20c"},
	{"BA", 20, "16n"},
	{"BE", 16, "12n"},
	{"BG", 22, "4a6n8c"},
	{"BH", 22, "4a14c"},
	{"BI", 27, "23n"},
	{"BR", 29, "23n1a1c"},
	{"BY", 28, "4c4n16c"},
	{"CH", 21, "5n12c"},
	{"CR", 22, "18n"},
	{"CY", 28, "8n16c"},
	{"CZ", 24, "20n"},
	{"DE", 22, "18n"},
	{"DJ", 27, "23n"},
	{"DK", 18, "14n"},
	{"DO", 28, "4c20n"},
	{"EE", 20, "16n"},
	{"EG", 29, "25n"},
	{"ES", 24, "20n"},
	{"FI", 18, "14n"},
	{"FK", 18, "2a12n"},
	{"FO", 18, "14n"},
	{"FR", 27, "10n11c2n"},
	{"GB", 22, "4a14n"},
	{"GE", 22, "2a16n"},
	{"GI", 23, "4a15c"},
	{"GL", 18, "14n"},
	{"GR", 27, "7n16c"},
	{"GT", 28, "24c"},
	{"HN", 28, "4a20n"},
	{"HR", 21, "17n"},
	{"HU", 28, "24n"},
	{"IE", 22, "4a14n"},
	{"IL", 23, "19n"},
	{"IQ", 23, "4a15n"},
	{"IS", 26, "22n"},
	{"IT", 27, "1a10n12c"},
	{"JO", 30, "4a4n18c"},
	{"KW", 30, "4a22c"},
	{"KZ", 20, "3n13c"},
	{"LB", 28, "4n20c"},
	{"LC", 32, "4a24c"},
	{"LI", 21, "5n12c"},
	{"LT", 20, "16n"},
	{"LU", 20, "3n13c"},
	{"LV", 21, "4a13c"},
	{"LY", 25, "21n"},
	{"MC", 27, "10n11c2n"},
	{"MD", 24, "20c"},
	{"ME", 22, "18n"},
	{"MK", 19, "3n10c2n"},
	{"MN", 20, "16n"},
	{"MR", 27, "23n"},
	{"MT", 31, "4a5n18c"},
	{"MU", 30, "4a19n3a"},
	{"NI", 28, "4a20n"},
	{"NL", 18, "4a10n"},
	{"NO", 15, "11n"},
	{"OM", 23, "3n16c"},
	{"PK", 24, "4a16c"},
	{"PL", 28, "24n"},
	{"PS", 29, "4a21c"},
	{"PT", 25, "21n"},
	{"QA", 29, "4a21c"},
	{"RO", 24, "4a16c"},
	{"RS", 22, "18n"},
	{"RU", 33, "14n15c"},
	{"SA", 24, "2n18c"},
	{"SC", 31, "4a20n3a"},
	{"SD", 18, "14n"},
	{"SE", 24, "20n"},
	{"SI", 19, "15n"},
	{"SK", 24, "20n"},
	{"SM", 27, "1a10n12c"},
	{"SO", 23, "19n"},
	{"ST", 25, "21n"},
	{"SV", 28, "4a20n"},
	{"TL", 23, "19n"},
	{"TN", 24, "20n"},
	{"TR", 26, "6n16c"},
	{"UA", 29, "6n19c"},
	{"VA", 22, "18n"},
	{"VG", 24, "4a16n"},
	{"XK", 20, "16n"},
	{"YE", 30, "4a4n18c"},
};

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

static const struct iban_country *iban_find(const char *cc)
{
	for (size_t i = 0; i < sizeof iban_countries / sizeof iban_countries[0]; i++) {
		if (iban_countries[i].cc[0] == cc[0] && iban_countries[i].cc[1] == cc[1])
			return &iban_countries[i];
	}
	return NULL;
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

/* ISO 7064 MOD 97-10 over the rearranged string (BBAN, then country and check digits),
 * one digit at a time so the remainder never exceeds 9 999. */
static int iban_mod97(const char *iban, int len)
{
	unsigned rem = 0;
	for (int i = 0; i < len; i++) {
		char c = iban[(i + 4) % len];
		if (is_digit(c))
			rem = (rem * 10u + (unsigned)(c - '0')) % 97u;
		else
			rem = (rem * 100u + (unsigned)(c - 'A' + 10)) % 97u;
	}
	return (int)rem;
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
	const struct iban_country *c = iban_find(b);
	if (c == NULL || c->len != len || !iban_bban_ok(c->bban, b + 4, len - 4))
		return 0;
	return iban_mod97(b, len) == 1;
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
