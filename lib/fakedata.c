/* fakedata.c - the shared number rules and reserved values (fakedata.h). */
#include "config.h"

#include <string.h>

#include "fakedata.h"

/* ---- check digits ---------------------------------------------------------------------- */

char dp_fk_luhn_digit(const char *d, int len)
{
	int sum = 0, dbl = 1;

	for (int i = len; i-- > 0; dbl = !dbl) {
		int x = d[i] - '0';

		if (dbl && (x *= 2) > 9)
			x -= 9;
		sum += x;
	}
	return (char)('0' + (10 - sum % 10) % 10);
}

static char upper(char c) { return (c >= 'a' && c <= 'z') ? (char)(c - 'a' + 'A') : c; }

/* one digit at a time, so the remainder never exceeds 9 999 */
unsigned dp_fk_iban_mod97(const char *b, int len)
{
	unsigned rem = 0;

	for (int i = 0; i < len; i++) {
		char c = upper(b[(i + 4) % len]);

		if (c >= '0' && c <= '9')
			rem = (rem * 10u + (unsigned)(c - '0')) % 97u;
		else
			rem = (rem * 100u + (unsigned)(c - 'A' + 10)) % 97u;
	}
	return rem;
}

void dp_fk_iban_set_check(char *b, int len)
{
	b[2] = b[3] = '0';
	unsigned check = 98u - dp_fk_iban_mod97(b, len);
	b[2] = (char)('0' + check / 10);
	b[3] = (char)('0' + check % 10);
}

/* weights 1..11, mod 11; when that gives 10, weights 3..11,1,2, mod 11 */
int dp_fk_kz_check(const char *d)
{
	int sum = 0, c;

	for (int i = 0; i < 11; i++)
		sum += (d[i] - '0') * (i + 1);
	if ((c = sum % 11) != 10)
		return c;
	sum = 0;
	for (int i = 0; i < 11; i++)
		sum += (d[i] - '0') * ((i + 2) % 11 + 1);
	c = sum % 11;
	return c == 10 ? -1 : c;
}

/* The weights of the 12th digit; the 11th uses them from the second, the 10th (10-digit
 * INN) from the third. */
int dp_fk_inn_digit(const char *d, int k)
{
	static const int w[] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
	const int *wk = w + (11 - k);
	int sum = 0;

	for (int i = 0; i < k; i++)
		sum += wk[i] * (d[i] - '0');
	return sum % 11 % 10;
}

/* weights 9..1; s < 100 -> s, 100/101 -> 00, else s mod 101 (100 -> 00) */
int dp_fk_snils_check(const char *d)
{
	int sum = 0;

	for (int i = 0; i < 9; i++)
		sum += (d[i] - '0') * (9 - i);
	return sum < 100 ? sum : sum % 101 % 100;
}

/* ---- payment cards --------------------------------------------------------------------- */

#define LEN(l) (1u << (l))
#define LENS(a, b) (((1u << ((b) + 1)) - 1u) & ~((1u << (a)) - 1u))

const dp_fk_card dp_fk_cards[] = {
	{4, 4, 1, LEN(13) | LEN(16) | LEN(19), "400000", "visa"},     /* Stripe 4000 00.. */
	{51, 55, 2, LEN(16), "555555", "mastercard"},                  /* 5555 5555 .. */
	{2221, 2720, 4, LEN(16), "222300", "mastercard"},              /* 2223 00.. */
	{34, 34, 2, LEN(15), "340000", "amex"},                        /* 3400 0000 .. */
	{37, 37, 2, LEN(15), "378282", "amex"},                        /* 3782 8224 .. */
	{6011, 6011, 4, LENS(16, 19), "601100", "discover"},           /* 6011 0009 .. */
	{644, 649, 3, LENS(16, 19), "644000", "discover"},
	{65, 65, 2, LENS(16, 19), "655590", "discover"},               /* 6555 9000 .. */
	{3528, 3589, 4, LENS(16, 19), "353011", "jcb"},                /* 3530 1113 .. */
	{300, 305, 3, LENS(14, 19), "305693", "diners"},               /* 3056 9309 .. */
	{36, 36, 2, LENS(14, 19), "362272", "diners"},                 /* 3622 7206 .. */
	{38, 39, 2, LENS(14, 19), "385200", "diners"},                 /* 3852 0000 .. */
	{62, 62, 2, LENS(16, 19), "620000", "unionpay"},               /* 6200 0000 .. */
	{2200, 2204, 4, LENS(16, 19), "220000", "mir"},                /* 2200 0000 .. */
	{50, 50, 2, LENS(12, 19), "501971", "maestro"},                /* 5019 7170 .. */
	{56, 69, 2, LENS(12, 19), "675964", "maestro"},                /* 6759 6498 .. */
};
const size_t dp_fk_ncards = sizeof dp_fk_cards / sizeof dp_fk_cards[0];

static unsigned dnum(const char *d, int len)
{
	unsigned v = 0;

	for (int i = 0; i < len; i++)
		v = v * 10u + (unsigned)(d[i] - '0');
	return v;
}

const dp_fk_card *dp_fk_card_of(const char *d, int len)
{
	for (size_t i = 0; i < dp_fk_ncards; i++) {
		const dp_fk_card *b = &dp_fk_cards[i];

		if (len >= 0 && len < 32 && (b->lens & LEN(len)) && len >= b->plen &&
		    dnum(d, b->plen) >= b->lo && dnum(d, b->plen) <= b->hi)
			return b;
	}
	return NULL;
}

/* ---- IBAN registry ----------------------------------------------------------------------- */

/* SWIFT IBAN registry, as in python-stdnum stdnum/iban.dat */
static const dp_fk_iban iban_countries[] = {
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

const dp_fk_iban *dp_fk_iban_country(const char *cc)
{
	for (size_t i = 0; i < sizeof iban_countries / sizeof iban_countries[0]; i++) {
		if (iban_countries[i].cc[0] == cc[0] && iban_countries[i].cc[1] == cc[1])
			return &iban_countries[i];
	}
	return NULL;
}

/* ---- reserved phone ranges, domains, networks, words ------------------------------------- */

/* GB national number prefix -> the Ofcom drama range (7 digits, then 3 free ones) */
const dp_fk_gb_range dp_fk_gb_ranges[] = {
	{"7", "7700900", "46"}, {"20", "2079460", "244"}, {"1632", "1632960", "46"},
	{"113", "1134960", "334"}, {"114", "1144960", "334"}, {"115", "1154960", "334"},
	{"116", "1164960", "334"}, {"117", "1174960", "334"}, {"118", "1184960", "334"},
	{"121", "1214960", "334"}, {"131", "1314960", "334"}, {"141", "1414960", "334"},
	{"151", "1514960", "334"}, {"161", "1614960", "334"}, {"191", "1914980", "334"},
	{"28", "2890180", "244"}, {"29", "2920180", "244"}, {"80", "8081570", "334"},
	{"90", "9098790", "334"}, {"30", "3069990", "334"},
};
const size_t dp_fk_ngb_ranges = sizeof dp_fk_gb_ranges / sizeof dp_fk_gb_ranges[0];

const char *const dp_fk_domains[3] = {"example.com", "example.org", "example.net"};
const char *const dp_fk_testnets[3] = {"192.0.2.", "198.51.100.", "203.0.113."};

const char *const dp_fk_words[] = {
	"alder", "amber", "anchor", "aspen", "atlas", "beacon", "birch", "bluebell",
	"cedar", "cobalt", "comet", "coral", "crest", "delta", "ember", "falcon", "fern",
	"fjord", "garnet", "glade", "granite", "harbor", "hazel", "heron", "indigo", "iris",
	"juniper", "kestrel", "lagoon", "larch", "linden", "lotus", "maple", "meadow", "nimbus",
	"oak", "onyx", "orchid", "osprey", "pebble", "pine", "quartz", "raven", "ridge", "river",
	"sable", "saffron", "spruce", "summit", "tundra", "umber", "valley", "willow", "zephyr",
};
const size_t dp_fk_nwords = sizeof dp_fk_words / sizeof dp_fk_words[0];
