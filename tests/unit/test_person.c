/* test_person.c - person names (lib/person_lex.c, lib/person_context.c,
 * lib/detect_person.c): gazetteer lookups in en, ru, kk and Latin script, surname and
 * patronymic morphology, Russian case forms, Kazakh case endings, common words, initials,
 * multi-word spans, context scoring, places, placeholders and rules. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "detect.h"
#include "person.h"
#include "rules.h"

#define MAXF 16

typedef struct hits {
	int n;
	char text[MAXF][96];
	double score[MAXF];
	unsigned flags[MAXF];
} hits;

static const char *cur;
static dp_person_lex *lex;
static dp_detector *det;
static dp_scanner *sc;

static int collect(const dp_finding *f, void *ud)
{
	hits *h = ud;

	if (h->n < MAXF && strcmp(f->type_id, "person") == 0) {
		snprintf(h->text[h->n], sizeof h->text[0], "%.*s", (int)(f->end - f->start),
		         cur + f->start);
		h->score[h->n] = f->score;
		h->flags[h->n] = f->flags;
		h->n++;
	}
	return 0;
}

/* the reported person findings of text (report_all: below the threshold too) */
static hits run(dp_scanner *s, const char *text, int all)
{
	hits h;

	memset(&h, 0, sizeof h);
	cur = text;
	assert_int_equal(dp_detect_run(s, text, strlen(text), all, collect, &h), 0);
	return h;
}

static int setup(void **state)
{
	dp_err err;

	(void)state;
	if (dp_person_lex_load(dp_dp_data_dir(), &lex, &err) != 0)
		return -1;
	det = dp_detect_new(NULL, &err);
	sc = det ? dp_scanner_new(det, &err) : NULL;
	return sc ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_scanner_free(sc);
	dp_detect_free(det);
	dp_person_lex_free(lex);
	return 0;
}

static unsigned cls(const char *w)
{
	return dp_person_classify(lex, w, strlen(w));
}

static void person_lex__gazetteer__three_languages_and_scripts(void **state)
{
	(void)state;
	assert_true(cls("Margaret") & DP_PW_FIRST);
	assert_true(cls("Garcia") & DP_PW_SURNAME);
	assert_true(cls("Петров") & DP_PW_SURNAME);
	assert_true(cls("Ivanova") & DP_PW_SURNAME);        /* ru pack, Latin column */
	assert_true(cls("Нұрлан") & DP_PW_FIRST);
	assert_true(cls("Нурлан") & DP_PW_FIRST);           /* written without Kazakh letters */
	assert_true(cls("Aigül") & DP_PW_FIRST);
	assert_true(cls("AIGERIM") & DP_PW_FIRST);
	assert_int_equal(cls("Quarterly") & ~(unsigned)DP_PW_WORD, 0);
	assert_true(cls("Quarterly") & DP_PW_WORD);
	assert_int_equal(cls("Отчёт"), 0);
}

static void person_lex__morphology__surname_and_patronymic_suffixes(void **state)
{
	(void)state;
	assert_true(cls("Сергеевна") & DP_PW_PATRONYMIC);
	assert_true(cls("Кузьминична") & DP_PW_PATRONYMIC);     /* by its suffix */
	assert_true(cls("Әбдірахманұлы") & DP_PW_PATRONYMIC);
	assert_true(cls("Серікқызы") & DP_PW_PATRONYMIC);
	assert_true(cls("Abdirakhmanuly") & DP_PW_PATRONYMIC);
	assert_true(cls("Tulegenkyzy") & DP_PW_PATRONYMIC);
	assert_true(cls("Тюльпанович") & DP_PW_PATRONYMIC);
	assert_true(cls("Кравцовский") & (DP_PW_SURNAME | DP_PW_SURMORPH));
	assert_true(cls("Zhaksybekova") & (DP_PW_SURNAME | DP_PW_SURMORPH));
	/* a Kazakh genitive is not a surname suffix: "Бүгін" (today) is no name */
	assert_int_equal(cls("Бүгін") & ~(unsigned)DP_PW_COMMON, 0);
	assert_int_equal(cls("Ешкімнің") & (DP_PW_SURMORPH | DP_PW_SURNAME), 0);
	assert_int_equal(cls("Ов") & DP_PW_SURMORPH, 0);         /* too short */
}

static void person_lex__russian_case_forms__map_to_nominative(void **state)
{
	static const char *const sur[] = {"Петрову", "Петровым", "Петрове", "Петровой",
	                                  "Петровою", "Смирновой", NULL};
	static const char *const first[] = {"Анне", "Анну", "Анной", "Ивану", "Иваном",
	                                    "Марии", "Марию", "Марией", "Сергея", "Сергею",
	                                    "Игорем", "Ольги", "Наташей", NULL};

	(void)state;
	for (int i = 0; sur[i]; i++)
		assert_int_equal(cls(sur[i]) & (DP_PW_SURNAME | DP_PW_INFLECTED),
		                 DP_PW_SURNAME | DP_PW_INFLECTED);
	for (int i = 0; first[i]; i++)
		assert_int_equal(cls(first[i]) & (DP_PW_FIRST | DP_PW_INFLECTED),
		                 DP_PW_FIRST | DP_PW_INFLECTED);
	assert_true(cls("Ивана") & DP_PW_FIRST);       /* Ivana is a name of its own */
	assert_true(cls("Ивановича") & DP_PW_PATRONYMIC);
	assert_true(cls("Сергеевне") & DP_PW_PATRONYMIC);
	assert_true(cls("Кравцовым") & DP_PW_SURMORPH);     /* unknown, but an -ов surname */
}

static void person_lex__kazakh_case_endings__map_to_name(void **state)
{
	static const char *const first[] = {"Айгүлге", "Нұрланның", "Асанмен", "Айгүлдің",
	                                    "Нұрланға", "Асанды", "Айгүлден", NULL};

	(void)state;
	for (int i = 0; first[i]; i++)
		assert_int_equal(cls(first[i]) & (DP_PW_FIRST | DP_PW_INFLECTED),
		                 DP_PW_FIRST | DP_PW_INFLECTED);
	assert_true(cls("Серіковтің") & (DP_PW_SURNAME | DP_PW_SURMORPH));
	assert_true(cls("Ольгаға") & DP_PW_FIRST);        /* a Russian name, a Kazakh ending */
	assert_false(cls("Төраға") & DP_PW_FIRST);        /* "chairman", not Тора + -ға */
}

static void person_lex__common_words__flagged_per_language(void **state)
{
	(void)state;
	assert_true(cls("Will") & DP_PW_COMMON);
	assert_true(cls("May") & DP_PW_COMMON);
	assert_true(cls("Роза") & DP_PW_COMMON);
	assert_true(cls("Надежда") & DP_PW_COMMON);
	assert_true(cls("Арман") & DP_PW_COMMON);
	assert_true(cls("Jūldyz") & DP_PW_COMMON);      /* the Latin form of a Kazakh word */
	assert_false(cls("Arman") & DP_PW_COMMON);      /* also an English-pack name (tr_TR) */
	assert_true(cls("Розы") & DP_PW_COMMON);        /* inflected */
	assert_false(cls("Dana") & DP_PW_COMMON);       /* an English name, not Kazakh "дана" */
	assert_false(cls("Анна") & DP_PW_COMMON);
}

static void assert_one(const char *text, const char *name)
{
	hits h = run(sc, text, 0);

	if (h.n != 1 || strcmp(h.text[0], name) != 0)
		fail_msg("%s: expected one person \"%s\", got %d (%s)", text, name, h.n,
		         h.n ? h.text[0] : "-");
}

static void assert_none(const char *text)
{
	hits h = run(sc, text, 0);

	if (h.n)
		fail_msg("%s: expected no person, got \"%s\" (%.2f)", text, h.text[0], h.score[0]);
}

static void detect_person__spans__full_names_initials_one_finding(void **state)
{
	(void)state;
	assert_one("Приказ подписал Петров Иван Сергеевич вчера.", "Петров Иван Сергеевич");
	assert_one("Документ подписал Петров И.И.", "Петров И.И.");
	assert_one("Отчёт принял И. Петров.", "И. Петров");
	assert_one("Approved by J. R. Smith yesterday.", "J. R. Smith");
	assert_one("Ask Mr. Gonzalez's team.", "Gonzalez");
	assert_one("Жиналысты Нұрлан Серікұлы ашты.", "Нұрлан Серікұлы");
	assert_one("The meeting with Pieter van der Merwe is at noon.", "Pieter van der Merwe");
	assert_one("I met Anna Kowalczyk today.", "Anna Kowalczyk");
	assert_one("Contact Hughes-Wilson tomorrow.", "Hughes-Wilson");
	assert_one("Reviewed by Olga Ivanova and", "Olga Ivanova");
	assert_one("Вчера к Петровой Анне Сергеевне пришли.", "Петровой Анне Сергеевне");
}

static void detect_person__context__common_words_need_it(void **state)
{
	(void)state;
	assert_none("Will you come tomorrow?");
	assert_one("Dear Will,\nthe report is ready.", "Will");
	assert_none("Роза расцвела в саду.");
	assert_one("Меня зовут Роза.", "Роза");
	assert_none("Арман орындалды.");
	assert_one("Құрметті Арман, хатыңызды алдық.", "Арман");
	assert_none("Wells Fargo and Morgan Stanley reported earnings.");
	assert_none("The Rose Garden opens in May.");
}

static void detect_person__context__raises_the_score(void **state)
{
	hits plain = run(sc, "Report from Patel arrived.", 1);
	hits titled = run(sc, "Report from Dr. Patel arrived.", 1);

	(void)state;
	assert_int_equal(plain.n, 1);
	assert_int_equal(titled.n, 1);
	assert_true(titled.score[0] > plain.score[0]);
	assert_true(titled.flags[0] & DP_F_CONTEXT);
	assert_one("Hello Mrs. Whitcombe,", "Whitcombe");            /* unknown, but titled */
	assert_one("Best regards,\nDmitry Sokolov", "Dmitry Sokolov"); /* signature line */
	assert_one("Сәуле апай келді.", "Сәуле");
}

static void detect_person__places__streets_and_companies_are_not_people(void **state)
{
	(void)state;
	assert_none("Офис на ул. Пушкина, дом 5.");
	assert_none("Кеңсе Абай даңғылында орналасқан.");
	assert_none("The flat on Jackson Street is ready.");
	assert_one("Әйгерім Сәрсенова Абай даңғылында тұрады.", "Әйгерім Сәрсенова");
	assert_none("NASA and the API team");
	assert_none("Иван-чай заварили.");
	/* a capital inside a Cyrillic or Latin-1 word starts no name (char_before once
	 * decoded the wrong bytes there) */
	assert_one("сообщениеАнна Петрова", "Петрова");
	assert_none("see the résuméMaria Garcia");
	assert_none("Және ол келді. Кеше жаңбыр жауды.");   /* "and", "yesterday" */
	assert_none("Installed on Mac OS yesterday.");
	/* review findings, each once wrong */
	assert_none("The pub on Robert Burns Street is closed.");
	assert_none("Ми жили у Харкові, потім у Полтаві.");   /* Ukrainian і is no Kazakh */
	assert_one("Вчера звонили Раскольникову.", "Раскольникову");
	assert_one("We met Ahmed al Farsi today.", "Ahmed al Farsi");
	assert_one("We met Ștefania Popescu today.", "Ștefania Popescu");
	assert_none("Біз кеше «Данабекке» бардық.");          /* in quotes: a shop, a brand */
	/* a Kazakh case ending on the word after a first name, Latin script too ("-ğa") */
	assert_one("Keshe Äsem Türkıstanda boldy.", "Äsem");
	assert_one("Keshe Äsem Türkıstanğa ketti.", "Äsem");
}

static void detect_person__placeholders__known_fake_below_threshold(void **state)
{
	hits h = run(sc, "Signed: John Doe", 1);

	(void)state;
	assert_int_equal(h.n, 1);
	assert_true(h.flags[0] & DP_F_KNOWNFAKE);
	assert_true(h.score[0] < 0.5);
	assert_none("Signed: Jane Roe");
}

static void detect_person__rules__disable_allow_deny(void **state)
{
	dp_rules r;
	dp_deny_term dt;
	char *allow[] = {"Anna Smith"};
	char *disable[] = {"person"};
	dp_detector *d2;
	dp_scanner *s2;
	dp_err err;
	hits h;

	(void)state;
	memset(&r, 0, sizeof r);
	r.allow_values = allow;
	r.nallow_values = 1;
	dt.term = "Zorblax Quux";
	dt.type = "person";
	r.deny = &dt;
	r.ndeny = 1;
	d2 = dp_detect_new(&r, &err);
	assert_non_null(d2);
	s2 = dp_scanner_new(d2, &err);
	h = run(s2, "Anna Smith met Zorblax Quux and Maria Garcia.", 0);
	assert_int_equal(h.n, 2);
	assert_string_equal(h.text[0], "Zorblax Quux");   /* deny list: always a person */
	assert_string_equal(h.text[1], "Maria Garcia");
	dp_scanner_free(s2);
	dp_detect_free(d2);

	memset(&r, 0, sizeof r);
	r.disable = disable;
	r.ndisable = 1;
	d2 = dp_detect_new(&r, &err);
	assert_non_null(d2);
	s2 = dp_scanner_new(d2, &err);
	h = run(s2, "Maria Garcia", 1);
	assert_int_equal(h.n, 0);
	dp_scanner_free(s2);
	dp_detect_free(d2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_lex__gazetteer__three_languages_and_scripts),
		cmocka_unit_test(person_lex__morphology__surname_and_patronymic_suffixes),
		cmocka_unit_test(person_lex__russian_case_forms__map_to_nominative),
		cmocka_unit_test(person_lex__kazakh_case_endings__map_to_name),
		cmocka_unit_test(person_lex__common_words__flagged_per_language),
		cmocka_unit_test(detect_person__spans__full_names_initials_one_finding),
		cmocka_unit_test(detect_person__context__common_words_need_it),
		cmocka_unit_test(detect_person__context__raises_the_score),
		cmocka_unit_test(detect_person__places__streets_and_companies_are_not_people),
		cmocka_unit_test(detect_person__placeholders__known_fake_below_threshold),
		cmocka_unit_test(detect_person__rules__disable_allow_deny),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
