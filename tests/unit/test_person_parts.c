/* test_person_parts.c - unit tests for person-name parts and canonical forms
 * (person_parts.h) and the lemma of person.h. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "person_parts.h"

static dp_person_lex *lex;

static int setup(void **state)
{
	dp_err err;

	(void)state;
	return dp_person_lex_load(dp_dp_data_dir(), &lex, &err) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	dp_person_lex_free(lex);
	return 0;
}

static dp_pp_name split(const char *s)
{
	dp_pp_name nm;

	dp_pp_split(lex, s, strlen(s), &nm);
	return nm;
}

static void assert_canon(const dp_pp_name *nm, int idx, const char *want)
{
	assert_true(idx >= 0);
	assert_string_equal(nm->part[idx].canon, want);
}

static void person_parts__first_surname__roles_and_canon(void **state)
{
	dp_pp_name a = split("Иван Петров"), b = split("Ivan Petrov");

	(void)state;
	assert_int_equal(a.n, 2);
	assert_canon(&a, a.first, "ivan");
	assert_canon(&a, a.surname, "petrov");
	assert_canon(&b, b.first, "ivan");
	assert_canon(&b, b.surname, "petrov");
	assert_int_equal(a.gender, 'm');
}

static void person_parts__inflected_and_feminine__same_canon(void **state)
{
	dp_pp_name a = split("Петрову Ивану"), b = split("Мария Петрова"), c = split("Петровой");

	(void)state;
	assert_canon(&a, a.surname, "petrov");
	assert_canon(&a, a.first, "ivan");
	assert_canon(&b, b.surname, "petrov");
	assert_int_equal(b.gender, 'f');
	assert_canon(&c, c.surname, "petrov");
}

static void person_parts__initials__first_initial(void **state)
{
	dp_pp_name a = split("И. Петров"), b = split("Петров И.И."), c = split("J. R. Smith");

	(void)state;
	assert_int_equal(a.initial, 'i');
	assert_canon(&a, a.surname, "petrov");
	assert_int_equal(b.initial, 'i');
	assert_canon(&b, b.surname, "petrov");
	assert_int_equal(b.n, 3);
	assert_int_equal(b.part[2].role, DP_PP_INITIAL_MIDDLE);
	assert_int_equal(c.initial, 'j');
	assert_canon(&c, c.surname, "smith");
}

static void person_parts__patronymic__found(void **state)
{
	dp_pp_name a = split("Анна Сергеевна Иванова"), b = split("Нұрлан Сәрсенұлы");

	(void)state;
	assert_true(a.patronymic >= 0);
	assert_canon(&a, a.first, "anna");
	assert_canon(&a, a.surname, "ivanov");
	assert_int_equal(a.gender, 'f');
	assert_true(b.patronymic >= 0);
	assert_canon(&b, b.first, "nurlan");
}

static void person_parts__kazakh_case_and_latin__same_canon(void **state)
{
	dp_pp_name a = split("Нұрланның"), b = split("Nurlan");

	(void)state;
	assert_int_equal(a.n, 1);
	assert_string_equal(a.part[0].canon, "nurlan");
	assert_string_equal(b.part[0].canon, "nurlan");
}

static void person_parts__particles__one_surname(void **state)
{
	dp_pp_name a = split("Pieter van der Merwe");

	(void)state;
	assert_int_equal(a.n, 2);
	assert_canon(&a, a.surname, "van der merwe");
}

static void person_parts__surname_first__order_found(void **state)
{
	dp_pp_name a = split("Петров Иван");

	(void)state;
	assert_canon(&a, a.first, "ivan");
	assert_canon(&a, a.surname, "petrov");
}

static void person_parts__empty_or_punctuation__no_parts(void **state)
{
	dp_pp_name a = split(""), b = split(" . , ");

	(void)state;
	assert_int_equal(a.n, 0);
	assert_int_equal(b.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(person_parts__first_surname__roles_and_canon),
		cmocka_unit_test(person_parts__inflected_and_feminine__same_canon),
		cmocka_unit_test(person_parts__initials__first_initial),
		cmocka_unit_test(person_parts__patronymic__found),
		cmocka_unit_test(person_parts__kazakh_case_and_latin__same_canon),
		cmocka_unit_test(person_parts__particles__one_surname),
		cmocka_unit_test(person_parts__surname_first__order_found),
		cmocka_unit_test(person_parts__empty_or_punctuation__no_parts),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
