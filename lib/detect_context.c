/* detect_context.c - context words in English, Russian and Kazakh that raise a
 * candidate's score, and known-fake values that lower it. Each group is one caseless
 * Unicode PCRE2 pattern, matched only inside a small window around a candidate. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "detect_internal.h"

#define WIN_BEFORE 64
#define WIN_AFTER 40
#define WIN_AFTER_SHORT 20   /* Kazakh puts the birth word after the date: "1991-05-22 туған" */

static const char *const ctx_words[CTX_COUNT] = {
	[CTX_PHONE] = "tel|phone|telephone|mobile|mob|cell|call|fax|whatsapp|telegram|contact|"
		"тел|телефон|телефона|телефону|моб|мобильный|сотовый|звоните|позвоните|"
		"ұялы|телефоны|телефонға|хабарласыңыз|қоңырау",
	[CTX_CARD] = "card|credit|debit|visa|mastercard|amex|pan|карта|карты|карту|картой|"
		"карточка|карточки|кредитная|дебетовая|картасы|картаның|төлем",
	[CTX_IBAN] = "iban|account|acct|bank|счет|счёт|счета|р/с|банк|шот|шоты|есепшот",
	[CTX_BIC] = "bic|swift|бик|бск|bank|банк|банкі",
	[CTX_IIN] = "iin|иин|жсн|identification|ідентифікаційний|сәйкестендіру",
	[CTX_BIN] = "bin|бин|бсн|company|компания|организация|ұйым|бизнес|бизнес-сәйкестендіру",
	[CTX_INN] = "inn|инн|taxpayer|tin|налогоплательщика|налоговый",
	[CTX_SNILS] = "snils|снилс|страховой|пенсионный",
	[CTX_SSN] = "ssn|social\\s+security|soc\\.?\\s*sec",
	[CTX_PASSPORT] = "passport|passport\\s+no|паспорт|паспорта|паспортные|паспорту|"
		"төлқұжат|төлқұжаты|төлқұжат\\s+нөмірі|паспорттың|паспорты|удостоверение|куәлік|куәлігі",
	[CTX_DOB] = "born|birth|birthday|birthdate|dob|d\\.o\\.b\\.?|date\\s+of\\s+birth|"
		"родился|родилась|рождения|рождении|рожд\\.?|д\\.р\\.?|др|туған|туылған|туған\\s+күні",
	[CTX_ADDRESS] = "address|addr|live\\s+at|lives\\s+at|resides|residing|ship\\s+to|"
		"адрес|адресу|проживает|проживаю|живу|прописка|мекенжай|мекенжайы|мекен-жайы|тұрамын",
};

int dp_ctx_build(dp_detector *d, dp_err *err)
{
	char pat[2048];

	for (int g = 0; g < CTX_COUNT; g++) {
		snprintf(pat, sizeof pat, "(?<![\\p{L}\\p{N}])(?:%s)(?![\\p{L}\\p{N}])", ctx_words[g]);
		d->ctx[g] = dp_detect_compile(pat, PCRE2_CASELESS, 1, err);
		if (!d->ctx[g])
			return err->code;
	}
	return 0;
}

/* Window [*ws, *we) around the span, cut at line ends and kept on UTF-8 boundaries.
 * For birth and passport words the window stops at the neighbouring numbers and looks
 * only a few words ahead: "born 1960, ... until 06.07.2024" is one birth date. */
static void window(const dp_scanner *s, int before_only, size_t st, size_t en, size_t *ws, size_t *we)
{
	size_t a = st > WIN_BEFORE ? st - WIN_BEFORE : 0;
	size_t b = en + WIN_AFTER < s->n ? en + WIN_AFTER : s->n;
	const char *nl;

	if (before_only) {   /* back to the previous number; ahead only a few words */
		b = en + WIN_AFTER_SHORT < s->n ? en + WIN_AFTER_SHORT : s->n;
		for (size_t k = st; k > a; k--)
			if (isdigit((unsigned char)s->t[k - 1])) {
				a = k;
				break;
			}
		for (size_t k = en; k < b; k++)
			if (isdigit((unsigned char)s->t[k])) {
				b = k;
				break;
			}
	}

	nl = st > a ? memrchr(s->t + a, '\n', st - a) : NULL;
	if (nl)
		a = (size_t)(nl - s->t) + 1;
	nl = b > en ? memchr(s->t + en, '\n', b - en) : NULL;
	if (nl)
		b = (size_t)(nl - s->t);
	while (a < st && ((unsigned char)s->t[a] & 0xC0) == 0x80)
		a++;
	while (b > en && b < s->n && ((unsigned char)s->t[b] & 0xC0) == 0x80)
		b--;
	*ws = a;
	*we = b;
}

static int near(dp_scanner *s, const pcre2_code *re, int before_only, size_t st, size_t en)
{
	size_t a, b;
	int rc;

	window(s, before_only, st, en, &a, &b);
	rc = pcre2_jit_match(re, (PCRE2_SPTR)s->t + a, b - a, 0, 0, s->md, NULL);
	if (rc == PCRE2_ERROR_JIT_BADOPTION)
		rc = pcre2_match(re, (PCRE2_SPTR)s->t + a, b - a, 0, 0, s->md, NULL);
	return rc > 0;
}

int dp_ctx_near_re(dp_scanner *s, const pcre2_code *re, size_t st, size_t en)
{
	return near(s, re, 0, st, en);
}

int dp_ctx_near(dp_scanner *s, int g, size_t st, size_t en)
{
	return near(s, s->d->ctx[g], g == CTX_DOB || g == CTX_PASSPORT, st, en);
}

static int ends_with(const char *s, size_t n, const char *suf)
{
	size_t m = strlen(suf);

	return n >= m && strncasecmp(s + n - m, suf, m) == 0 && (n == m || s[n - m - 1] == '.');
}

/* Reserved domains (RFC 2606, RFC 6761): example.com/.net/.org and the special TLDs. */
int dp_known_fake_email_domain(const char *dom, size_t n)
{
	static const char *const fake[] = {
		"example.com", "example.net", "example.org", "example", "test", "invalid",
		"localhost", "local", NULL
	};

	for (int i = 0; fake[i]; i++)
		if (ends_with(dom, n, fake[i]))
			return 1;
	return 0;
}
