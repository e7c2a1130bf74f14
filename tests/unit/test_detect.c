/* test_detect.c - the detector end to end over short texts: each type's true
 * positives, near misses (checksum failures), context effects, known fakes, spans in
 * original bytes, overlap resolution, and rules (custom types, deny, allow, disable). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "detect.h"
#include "rules.h"

#define MAXF 32

typedef struct hits {
	int n;
	char type[MAXF][24];
	size_t s[MAXF], e[MAXF];
	double score[MAXF];
	char norm[MAXF][64];
} hits;

static int collect(const dp_finding *f, void *ud)
{
	hits *h = ud;

	if (h->n < MAXF) {
		snprintf(h->type[h->n], sizeof h->type[0], "%s", f->type_id);
		snprintf(h->norm[h->n], sizeof h->norm[0], "%s", f->norm);
		h->s[h->n] = f->start;
		h->e[h->n] = f->end;
		h->score[h->n] = f->score;
		h->n++;
	}
	return 0;
}

static dp_detector *det;
static dp_scanner *sc;

static int setup(void **state)
{
	dp_err err;

	(void)state;
	det = dp_detect_new(NULL, &err);
	sc = det ? dp_scanner_new(det, &err) : NULL;
	return sc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_scanner_free(sc);
	dp_detect_free(det);
	return 0;
}

/* Runs the detector (all scores) and returns the index of the first finding of type, or -1. */
static int find(hits *h, const char *text, const char *type)
{
	memset(h, 0, sizeof *h);
	assert_int_equal(dp_detect_run(sc, text, strlen(text), 1, collect, h), 0);
	for (int i = 0; i < h->n; i++)
		if (strcmp(h->type[i], type) == 0)
			return i;
	return -1;
}

/* The type is reported at its default threshold. */
static void expect_reported(const char *text, const char *type, const char *value)
{
	hits h;
	int i = find(&h, text, type);

	if (i < 0)
		fail_msg("%s not found in \"%s\"", type, text);
	assert_true(h.score[i] >= 0.5);
	if (value) {
		const char *p = strstr(text, value);

		assert_non_null(p);
		assert_int_equal(h.s[i], (size_t)(p - text));
		assert_int_equal(h.e[i], (size_t)(p - text) + strlen(value));
	}
}

static void expect_not_reported(const char *text, const char *type)
{
	hits h;
	int i = find(&h, text, type);

	if (i >= 0 && h.score[i] >= 0.5)
		fail_msg("%s unexpectedly reported (%.2f) in \"%s\"", type, h.score[i], text);
}

/* No reported finding of type covers exactly value. */
static void expect_span_not_reported(const char *text, const char *type, const char *value)
{
	hits h;
	const char *p = strstr(text, value);

	assert_non_null(p);
	find(&h, text, type);
	for (int i = 0; i < h.n; i++)
		if (strcmp(h.type[i], type) == 0 && h.score[i] >= 0.5 && h.s[i] == (size_t)(p - text))
			fail_msg("%s \"%s\" unexpectedly reported in \"%s\"", type, value, text);
}

static void detect__email__found_with_span(void **s)
{
	(void)s;
	expect_reported("write to dana.whitfield@acme-logistics.co.uk now", "email", "dana.whitfield@acme-logistics.co.uk");
	expect_not_reported("write to jane@example.com", "email");
	expect_not_reported("a@b is not an address", "email");
}

static void detect__phone__national_and_e164(void **s)
{
	(void)s;
	expect_reported("call +44 20 7123 4567", "phone", "+44 20 7123 4567");
	expect_reported("тел. 8 (916) 123-45-67", "phone", "8 (916) 123-45-67");
	expect_reported("телефон +7 701 234 56 78", "phone", "+7 701 234 56 78");
	expect_reported("Tel: 06 12 34 56 78", "phone", "06 12 34 56 78");
	expect_not_reported("call (212) 555-0123", "phone");
	expect_not_reported("mobile 07700 900123", "phone");
}

static void detect__card__luhn_and_fakes(void **s)
{
	hits h;

	(void)s;
	expect_reported("card 4556 7375 8689 9855", "card", "4556 7375 8689 9855");
	expect_reported("4556737586899855", "card", "4556737586899855");
	expect_not_reported("card 4556 7375 8689 9856", "card");   /* Luhn fails */
	expect_not_reported("test card 4111 1111 1111 1111", "card");
	assert_true(find(&h, "test card 4111 1111 1111 1111", "card") >= 0);
	assert_true(h.score[0] <= 0.1);
}

static void detect__iban__mod97_and_trailing_words(void **s)
{
	hits h;
	int i;

	(void)s;
	expect_reported("IBAN DE62 3704 0044 0532 0130 01 EUR", "iban", "DE62 3704 0044 0532 0130 01");
	expect_reported("KZ80125KZT5004100111", "iban", "KZ80125KZT5004100111");
	expect_not_reported("IBAN DE63 3704 0044 0532 0130 01", "iban");
	i = find(&h, "IBAN DE62 3704 0044 0532 0130 01", "iban");
	assert_string_equal(h.norm[i], "DE62370400440532013001");
}

static void detect__national_ids__checksums_and_context(void **s)
{
	hits h, h2;
	int i, j;

	(void)s;
	expect_reported("ЖСН 850101300124", "kz_iin", "850101300124");
	expect_not_reported("ЖСН 850101300125", "kz_iin");
	expect_reported("БИН 050440001239", "kz_bin", "050440001239");
	expect_reported("ИНН 7707083893", "ru_inn", "7707083893");
	expect_not_reported("number 7707083893", "ru_inn");   /* 10 digits need context */
	expect_reported("СНИЛС 112-233-445 95", "ru_snils", "112-233-445 95");
	expect_not_reported("СНИЛС 112-233-445 96", "ru_snils");
	expect_reported("SSN 512-48-3921", "us_ssn", "512-48-3921");
	expect_not_reported("SSN 666-48-3921", "us_ssn");
	expect_not_reported("SSN 078-05-1120", "us_ssn");
	/* context raises the score */
	i = find(&h, "id 850101300124", "kz_iin");
	j = find(&h2, "ИИН 850101300124", "kz_iin");
	assert_true(i >= 0 && j >= 0);
	assert_true(h2.score[j] > h.score[i]);
}

static void detect__passport_dob_address__need_context(void **s)
{
	(void)s;
	expect_reported("паспорт 45 06 123456", "passport", "45 06 123456");
	expect_not_reported("ref 45 06 123456", "passport");
	expect_reported("Passport No N12345678", "passport", "N12345678");
	expect_reported("born 14/03/1987 in Leeds", "date_of_birth", "14/03/1987");
	expect_reported("дата рождения 01.02.1985", "date_of_birth", "01.02.1985");
	expect_reported("born on 5 March 1985", "date_of_birth", "5 March 1985");
	expect_not_reported("shipped 14/03/1987", "date_of_birth");
	expect_not_reported("born 31/02/1987", "date_of_birth");
	expect_reported("lives at 221 Baker Street", "address", "221 Baker Street");
	expect_reported("Адрес: ул. Ленина, д. 5, кв. 12", "address", "ул. Ленина, д. 5, кв. 12");
	expect_reported("мекенжайы: Абай даңғылы, 10", "address", "Абай даңғылы, 10");
}

static void detect__network__validated(void **s)
{
	(void)s;
	expect_reported("host 203.0.114.25 up", "ipv4", "203.0.114.25");
	expect_not_reported("version 1.2.3.456", "ipv4");
	expect_not_reported("doc 192.0.2.10", "ipv4");
	expect_reported("mac 3c:22:fb:71:a0:4e", "mac", "3c:22:fb:71:a0:4e");
	expect_reported("addr fe80::1ff:fe23:4567:890a ok", "ipv6", "fe80::1ff:fe23:4567:890a");
	expect_not_reported("doc 2001:db8::1", "ipv6");
	expect_not_reported("at 12:30:45 today", "ipv6");
}

static void detect__secrets__prefixes_and_entropy(void **s)
{
	(void)s;
	expect_reported("key AKIAQX4TR7ZP2MNB5K3Q", "aws_access_key", "AKIAQX4TR7ZP2MNB5K3Q");
	expect_not_reported("key AKIAIOSFODNN7EXAMPLE", "aws_access_key");
	expect_reported("token ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5", "github_token", NULL);
	expect_reported("SLACK=xoxb-1234567890-abcdefghijkl", "slack_token", "xoxb-1234567890-abcdefghijkl");
	expect_reported("-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----", "private_key", NULL);
	expect_reported("api_token = \"tq8ZrV3nL5xPwY7mK2bJ9dHfA4sGcE6u\"", "generic_secret", "tq8ZrV3nL5xPwY7mK2bJ9dHfA4sGcE6u");
	expect_not_reported("api_token = \"changeme-changeme\"", "generic_secret");
	expect_not_reported("title = \"tq8ZrV3nL5xPwY7mK2bJ9dHfA4sGcE6u\"", "generic_secret");
	expect_reported("db https://admin:Winter2024!@db.acme.internal/x", "password_in_url", NULL);
	expect_reported("see https://api.acme.internal/v1?access_token=abc123def456", "url", NULL);
}

/* regressions from scanning /usr/include: prose after a key word is not a secret,
 * section numbers and multicast groups are not (reportable) IPv4 addresses */
static void detect__prose__no_secret_or_ip(void **s)
{
	(void)s;
	expect_not_reported(" * Author: Joerg-Stephan Vogt", "generic_secret");
	expect_not_reported(" * @sopass: SecureOn(tm) password; used for WAKE_MAGICSECURE", "generic_secret");
	expect_reported("db_password: hunter2x", "generic_secret", "hunter2x");
	expect_reported("author_token = \"Q3v9LmZt2Rk8WpX4\"", "generic_secret", "Q3v9LmZt2Rk8WpX4");
	expect_reported("Authorization: Bearer uFJVQNbuPSoUncfea0QX8Zay4zexBnEmxF3Hmm20", "generic_secret",
	                "uFJVQNbuPSoUncfea0QX8Zay4zexBnEmxF3Hmm20");
	expect_not_reported("described in section 8.4.26.1 of ECMA-119", "ipv4");
	expect_not_reported("ALL-SYSTEMS group 224.0.0.1", "ipv4");
	expect_reported("client 8.4.26.1 connected", "ipv4", "8.4.26.1");
}

/* regression: a phone after a version number on the same line was swallowed into one
 * unreadable digit run ("2.8.28536.6099 447-553-3840") */
static void detect__run_after_unreadable_run__still_found(void **s)
{
	(void)s;
	expect_reported("build 2.8.28536.6099 call 447-553-3840", "phone", "447-553-3840");
	expect_reported("v 2.8.28536.6099 447-553-3840", "phone", "447-553-3840");
	expect_reported("see https://example.org/article/79757 04.01.2020 2.8.28536.6099 447-553-3840",
	                "phone", "447-553-3840");
}

/* regressions from the labelled corpus (tests/corpus/structured.jsonl) */
static void detect__corpus_regressions__found(void **s)
{
	(void)s;
	/* a value followed by "(34 ms)" was swallowed into a longer unreadable run */
	expect_reported("SSN: 512-48-3921 (34 ms)", "us_ssn", "512-48-3921");
	expect_reported("ИНН 500100732259 (34 мс)", "ru_inn", "500100732259");
	/* MACs with dashes, dots, and before a full stop */
	expect_reported("mac=28-61-D2-D4-AF-33 seen", "mac", "28-61-D2-D4-AF-33");
	expect_reported("MAC: 8045.8d23.f071 up", "mac", "8045.8d23.f071");
	expect_reported("MAC-адрес f0:72:ee:16:de:1e.", "mac", "f0:72:ee:16:de:1e");
	/* birth dates: month first, Russian abbreviation */
	expect_reported("she was born on March 13, 1950 in Ohio", "date_of_birth", "March 13, 1950");
	expect_reported("Дата рожд.: 06.04.1991", "date_of_birth", "06.04.1991");
	/* Kazakh context words */
	expect_reported("паспорттың нөмірі N52482003", "passport", "N52482003");
	expect_reported("БСК BOILKZCKXXX", "swift_bic", "BOILKZCKXXX");
	/* Russian and Kazakh key words */
	expect_reported("пароль: RBcWSUNNQ5GMJQfd0WkTMyYWge5", "generic_secret", "RBcWSUNNQ5GMJQfd0WkTMyYWge5");
	expect_reported("құпиясөз = Qx7pL2mZ9tR4", "generic_secret", "Qx7pL2mZ9tR4");
	/* a sentence's full stop is not part of the secret */
	expect_reported("SECRET_KEY=vrbbKDORfVzpCErXeJmqyuYMVHaSMhr8j. Next", "generic_secret",
	                "vrbbKDORfVzpCErXeJmqyuYMVHaSMhr8j");
	/* Russian address without "д." ("house, flat" after the street name) */
	expect_reported("доставка: ул. Пушкина, 227-45, звонить заранее", "address", "ул. Пушкина, 227-45");
	/* Kazakh addresses with -үй / -пәтер and two-word street names */
	expect_reported("мекенжайы: Достық көшесі 139, 86-пәтер", "address", "Достық көшесі 139, 86-пәтер");
	expect_reported("мекенжай Қабанбай батыр көшесі, 196-үй", "address", "Қабанбай батыр көшесі, 196-үй");
}

static void detect__corpus_regressions__not_reported(void **s)
{
	(void)s;
	expect_not_reported("invoice INV-2023-669354 is overdue", "phone");
	expect_not_reported("ref 4124 0888 9449 9122 closed", "phone");
	expect_not_reported("Встреча у Пушкина, 12 человек", "address");
	expect_span_not_reported("родилась 25.03.1960, ок? (срок до 06.07.2024)", "date_of_birth", "06.07.2024");
	expect_reported("родилась 25.03.1960, ок? (срок до 06.07.2024)", "date_of_birth", "25.03.1960");
	expect_span_not_reported("order #437122572 shipped | my passport is 548096114", "passport", "437122572");
	expect_reported("order #437122572 shipped | my passport is 548096114", "passport", "548096114");
}

static void detect__jwt__header_must_decode(void **s)
{
	(void)s;
	expect_reported("Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlLWJ5dGVz", "jwt", NULL);
	expect_not_reported("eyJub3RoaW5nIjoxfQ.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2ln", "jwt");
}

static void detect__overlap__best_reading_wins(void **s)
{
	hits h;

	(void)s;
	/* a valid IIN is not also reported as a phone or INN */
	find(&h, "ЖСН 850101300124", "kz_iin");
	assert_int_equal(h.n, 1);
}

static void detect__hostile_bytes__no_crash(void **s)
{
	char buf[4096];
	hits h;

	(void)s;
	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (char)((i * 131 + 7) & 0xff);
	memset(&h, 0, sizeof h);
	assert_int_equal(dp_detect_run(sc, buf, sizeof buf, 1, collect, &h), 0);
	assert_int_equal(dp_detect_run(sc, "", 0, 1, collect, &h), 0);
}

/* regressions (fuzz_detect): reads past the end of a buffer that is not NUL-terminated
 * (ASan finds them): a digit word measured with strspn; a dotted MAC compared with a
 * 17-byte known-fake string; an IPv6 prefix compared with "2001:db8:". */
static void detect__digits_at_buffer_end__no_overread(void **s)
{
	const char *texts[] = {"id 12345", "4556737586899855", "gh", "xox", "x=12345678",
		"b2.282c.f07f.0b7f", "mac 0b7f.682c.f07f", "ip 2001:db8::1", "2001:d", "a -----BEGIN"};
	hits h;

	(void)s;
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		size_t n = strlen(texts[i]);
		char *exact = malloc(n);

		memcpy(exact, texts[i], n);
		memset(&h, 0, sizeof h);
		assert_int_equal(dp_detect_run(sc, exact, n, 1, collect, &h), 0);
		free(exact);
	}
}

static void detect__rules__custom_deny_allow_disable(void **s)
{
	dp_rules r;
	dp_custom_type ct;
	dp_deny_term dt;
	char *ctx[] = {"employee", NULL};
	char *allow[] = {"dana.whitfield@acme-logistics.co.uk"};
	char *disable[] = {"ipv4"};
	dp_detector *d2;
	dp_scanner *s2;
	dp_err err;
	hits h;
	const char *text = "employee EMP-123456 on Project Falcon mailed dana.whitfield@acme-logistics.co.uk from 203.0.114.25";

	(void)s;
	memset(&r, 0, sizeof r);
	memset(&ct, 0, sizeof ct);
	ct.id = "employee_id";
	ct.pattern = "EMP-[0-9]{6}";
	ct.context = ctx;
	ct.score = 0.6;
	ct.context_boost = 0.3;
	ct.needs_context = 1;
	r.custom = &ct;
	r.ncustom = 1;
	dt.term = "project falcon";
	dt.type = "internal_project";
	r.deny = &dt;
	r.ndeny = 1;
	r.allow_values = allow;
	r.nallow_values = 1;
	r.disable = disable;
	r.ndisable = 1;
	d2 = dp_detect_new(&r, &err);
	assert_non_null(d2);
	s2 = dp_scanner_new(d2, &err);
	memset(&h, 0, sizeof h);
	dp_detect_run(s2, text, strlen(text), 0, collect, &h);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.type[0], "employee_id");
	assert_true(h.score[0] > 0.85);
	assert_string_equal(h.type[1], "internal_project");
	assert_int_equal(h.s[1], (size_t)(strstr(text, "Project") - text));
	dp_scanner_free(s2);
	dp_detect_free(d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(detect__email__found_with_span),
		cmocka_unit_test(detect__phone__national_and_e164),
		cmocka_unit_test(detect__card__luhn_and_fakes),
		cmocka_unit_test(detect__iban__mod97_and_trailing_words),
		cmocka_unit_test(detect__national_ids__checksums_and_context),
		cmocka_unit_test(detect__passport_dob_address__need_context),
		cmocka_unit_test(detect__network__validated),
		cmocka_unit_test(detect__secrets__prefixes_and_entropy),
		cmocka_unit_test(detect__prose__no_secret_or_ip),
		cmocka_unit_test(detect__run_after_unreadable_run__still_found),
		cmocka_unit_test(detect__corpus_regressions__found),
		cmocka_unit_test(detect__corpus_regressions__not_reported),
		cmocka_unit_test(detect__jwt__header_must_decode),
		cmocka_unit_test(detect__overlap__best_reading_wins),
		cmocka_unit_test(detect__hostile_bytes__no_crash),
		cmocka_unit_test(detect__digits_at_buffer_end__no_overread),
		cmocka_unit_test(detect__rules__custom_deny_allow_disable),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
