/* test_datapack.c - unit tests of the locale data packs (lib/datapack.c) and the
 * transliteration tables (lib/translit.c): the shipped packs meet the minimum
 * counts (this fails when the data falls short, on purpose), names are found in every
 * locale and script with their gender and list, the Latin columns agree with
 * lib/translit.c on every row, weighted picks are deterministic, and malformed files
 * fail with DP_DATAERR and their file:line. The data is found through $DP_SRCDIR. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "datapack.h"
#include "dp_exit.h"
#include "error.h"
#include "translit.h"

/* ---- helpers ---------------------------------------------------------------------- */

/* templates/data of the source tree: $DP_SRCDIR, else found from __FILE__. */
static const char *datadir(void)
{
	static char dir[PATH_MAX];
	const char *src = getenv("DP_SRCDIR"), *slash = strrchr(__FILE__, '/');

	if (dir[0])
		return dir;
	if (src && *src)
		snprintf(dir, sizeof dir, "%s/templates/data", src);
	else
		snprintf(dir, sizeof dir, "%.*s/../../templates/data",
		         slash ? (int)(slash - __FILE__) : 1, slash ? __FILE__ : ".");
	return dir;
}

static dp_dp_pack *packs[3];
static const char *const locales[3] = {"en", "ru", "kk"};

static int setup_packs(void **state)
{
	dp_err err;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		dp_err_clear(&err);
		if (dp_dp_load(datadir(), locales[i], &packs[i], &err) != DP_OK) {
			print_error("%s: %s:%ld: %s\n", locales[i], err.file, err.line, err.msg);
			return -1;
		}
	}
	return 0;
}

static int teardown_packs(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 3; i++)
		dp_dp_free(packs[i]);
	return 0;
}

static unsigned look(int pack, const char *name, dp_dp_match *m)
{
	return dp_dp_lookup(packs[pack], name, strlen(name), m);
}

enum { EN, RU, KK };

/* ---- counts --------------------------------------------------------------------------- */

static void check_counts(int pack, size_t first_min, size_t surname_min, int patronymics)
{
	size_t first = dp_dp_count(packs[pack], DP_DP_FIRST_MALE)
	               + dp_dp_count(packs[pack], DP_DP_FIRST_FEMALE);

	print_message("%s: %zu first names (%zu male, %zu female), %zu surnames, %zu patronymics\n",
	              locales[pack], first, dp_dp_count(packs[pack], DP_DP_FIRST_MALE),
	              dp_dp_count(packs[pack], DP_DP_FIRST_FEMALE),
	              dp_dp_count(packs[pack], DP_DP_SURNAME),
	              dp_dp_count(packs[pack], DP_DP_PATRONYMIC));
	assert_true(first >= first_min);
	assert_true(dp_dp_count(packs[pack], DP_DP_FIRST_MALE) > 0);
	assert_true(dp_dp_count(packs[pack], DP_DP_FIRST_FEMALE) > 0);
	assert_true(dp_dp_count(packs[pack], DP_DP_SURNAME) >= surname_min);
	if (patronymics)
		assert_true(dp_dp_count(packs[pack], DP_DP_PATRONYMIC) > 0);
}

static void datapack__shipped_counts__meet_minimums(void **state)
{
	(void)state;
	check_counts(EN, 1000, 2000, 0);
	check_counts(RU, 1000, 2000, 1);
	check_counts(KK, 500, 1000, 1);
	assert_string_equal(dp_dp_locale(packs[KK]), "kk");
	assert_null(dp_dp_entry_at(packs[EN], DP_DP_PATRONYMIC, 0));
}

/* ---- lookups -------------------------------------------------------------------------- */

static void datapack__ru_surname__both_genders_and_case(void **state)
{
	dp_dp_match m;

	(void)state;
	assert_int_equal(look(RU, "Петров", &m), DP_DP_F_SURNAME_M);
	assert_string_equal(m.entry[DP_DP_SURNAME]->form[1], "Петрова");
	assert_int_equal(look(RU, "петрова", &m), DP_DP_F_SURNAME_F);
	assert_string_equal(m.entry[DP_DP_SURNAME]->form[0], "Петров");
	assert_string_equal(m.entry[DP_DP_SURNAME]->latin[1], "Petrova");
	assert_true(look(RU, "СМИРНОВА", NULL) & DP_DP_F_SURNAME_F);
	assert_true(look(RU, "Kuznetsova", NULL) & DP_DP_F_SURNAME_F);
	assert_true(look(RU, "Соловьёв", NULL) & DP_DP_F_SURNAME_M);   /* ё folded */
	assert_int_equal(look(RU, "Qwertyuiop", &m), 0);
	assert_null(m.entry[DP_DP_SURNAME]);
}

static void datapack__ru_first_names__gender_and_latin(void **state)
{
	dp_dp_match m;

	(void)state;
	assert_true(look(RU, "Иван", &m) & DP_DP_F_FIRST_MALE);
	assert_string_equal(m.entry[DP_DP_FIRST_MALE]->latin[0], "Ivan");
	assert_true(look(RU, "Ivan", NULL) & DP_DP_F_FIRST_MALE);
	assert_true(look(RU, "Петр", NULL) & DP_DP_F_FIRST_MALE);
	assert_true(look(RU, "ПЁТР", NULL) & DP_DP_F_FIRST_MALE);
	assert_true(look(RU, "Наталья", &m) & DP_DP_F_FIRST_FEMALE);
	assert_false(m.flags & DP_DP_F_FIRST_MALE);
	assert_true(look(RU, "Iuliia", NULL) & DP_DP_F_FIRST_FEMALE);
}

static void datapack__ru_patronymics__rules_and_special_cases(void **state)
{
	dp_dp_match m;

	(void)state;
	assert_int_equal(look(RU, "Иванович", &m), DP_DP_F_PATRONYMIC_M);
	assert_string_equal(m.entry[DP_DP_PATRONYMIC]->form[1], "Ивановна");
	assert_int_equal(look(RU, "Ильинична", &m), DP_DP_F_PATRONYMIC_F);
	assert_string_equal(m.entry[DP_DP_PATRONYMIC]->form[0], "Ильич");
	assert_true(look(RU, "Никитична", NULL) & DP_DP_F_PATRONYMIC_F);
	assert_true(look(RU, "Петрович", NULL) & DP_DP_F_PATRONYMIC_M);
	assert_true(look(RU, "Дмитриевна", NULL) & DP_DP_F_PATRONYMIC_F);
	assert_true(look(RU, "Юрьевич", NULL) & DP_DP_F_PATRONYMIC_M);
	assert_true(look(RU, "Sergeevna", NULL) & DP_DP_F_PATRONYMIC_F);
}

static void datapack__en_names__found_in_any_case(void **state)
{
	dp_dp_match m;

	(void)state;
	assert_int_equal(look(EN, "Smith", &m) & (DP_DP_F_SURNAME_M | DP_DP_F_SURNAME_F),
	                 DP_DP_F_SURNAME_M | DP_DP_F_SURNAME_F);
	assert_non_null(m.entry[DP_DP_SURNAME]);
	assert_true(look(EN, "Smith", NULL) & DP_DP_F_COMMON);     /* common.txt: "smith" */
	assert_false(look(EN, "Garcia", NULL) & DP_DP_F_COMMON);
	assert_true(look(EN, "MARY", NULL) & DP_DP_F_FIRST_FEMALE);
	assert_true(look(EN, "james", NULL) & DP_DP_F_FIRST_MALE);
	assert_int_equal(look(EN, "Петров", NULL), 0);
}

static void datapack__kk_names__both_scripts_and_folds(void **state)
{
	dp_dp_match m;

	(void)state;
	assert_true(look(KK, "Айгүл", &m) & DP_DP_F_FIRST_FEMALE);
	assert_string_equal(m.entry[DP_DP_FIRST_FEMALE]->latin[0], "Aigül");
	assert_true(look(KK, "Aigül", NULL) & DP_DP_F_FIRST_FEMALE);
	assert_true(look(KK, "AIGÜL", NULL) & DP_DP_F_FIRST_FEMALE);
	assert_true(look(KK, "Айгуль", NULL) & DP_DP_F_FIRST_FEMALE);  /* Russian spelling */
	assert_true(look(KK, "Нурлан", NULL) & DP_DP_F_FIRST_MALE);
	assert_true(look(KK, "Serik", NULL) & DP_DP_F_FIRST_MALE);     /* Serık typed with i */
	assert_true(look(KK, "Нұрланова", &m) & DP_DP_F_SURNAME_F);
	assert_string_equal(m.entry[DP_DP_SURNAME]->form[0], "Нұрланов");
	assert_true(look(KK, "Нұрланұлы", &m) & DP_DP_F_PATRONYMIC_M);
	assert_true(m.flags & DP_DP_F_SURNAME_M);
	assert_string_equal(m.entry[DP_DP_PATRONYMIC]->form[1], "Нұрланқызы");
	assert_true(look(KK, "Nūrlanqyzy", NULL) & DP_DP_F_PATRONYMIC_F);
	assert_true(look(KK, "Нұрлановна", NULL) & DP_DP_F_PATRONYMIC_F);
}

static void datapack__lookup__rejects_long_and_invalid(void **state)
{
	char big[DP_DP_NAME_MAX + 2];

	(void)state;
	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(look(EN, big, NULL), 0);
	assert_int_equal(dp_dp_lookup(packs[EN], "\xff\xfe", 2, NULL), 0);
	assert_int_equal(dp_dp_lookup(packs[EN], "", 0, NULL), 0);
	assert_int_equal(dp_dp_lookup(NULL, "Mary", 4, NULL), 0);
}

static void datapack__key__normalises_case_nfc_and_folds(void **state)
{
	char k[64];

	(void)state;
	assert_int_equal(dp_dp_key("ru", "ПЁТР", strlen("ПЁТР"), k, sizeof k), strlen("петр"));
	assert_string_equal(k, "петр");
	/* е + combining diaeresis (NFD ё) is composed, then folded */
	dp_dp_key("ru", "Пе\xcc\x88тр", strlen("Пе\xcc\x88тр"), k, sizeof k);
	assert_string_equal(k, "петр");
	dp_dp_key("kk", "İlias", strlen("İlias"), k, sizeof k);
	assert_string_equal(k, "ilias");
	dp_dp_key("kk", "Айгүль", strlen("Айгүль"), k, sizeof k);
	assert_string_equal(k, "айгул");
	assert_int_equal(dp_dp_key("en", "Mary", 4, k, 4), 0);   /* does not fit */
}

/* UTF-8 of code point c into b; returns its length */
static size_t put_utf8(char *b, unsigned c)
{
	if (c < 0x80) {
		b[0] = (char)c;
		return 1;
	}
	b[0] = (char)(0xC0 | (c >> 6));
	b[1] = (char)(0x80 | (c & 0x3F));
	return 2;
}

/* dp_dp_key equals its ICU reference for every code point below U+0500 (each alone, after
 * a capital and before a letter), for every locale, and for every capacity of a name */
static void datapack__key__same_without_icu(void **state)
{
	static const char *const loc[] = {"en", "ru", "kk"};
	char name[16], a[16], b[16];

	(void)state;
	for (int l = 0; l < 3; l++) {
		for (unsigned c = 1; c < 0x500; c++) {
			size_t n = put_utf8(name, 'A'), cap;

			n += put_utf8(name + n, c);
			n += put_utf8(name + n, 0x0416);   /* Ж */
			for (size_t off = 0; off < 2; off++) {
				for (cap = 1; cap <= sizeof a; cap++) {
					size_t x = dp_dp_key(loc[l], name + off, n - off, a, cap);
					size_t y = dp_dp_key_icu(loc[l], name + off, n - off, b, cap);

					assert_int_equal(x, y);
					if (x)
						assert_memory_equal(a, b, x + 1);
				}
			}
		}
	}
}

/* ---- transliteration ----------------------------------------------------------------- */

static void tr_is(dp_translit_scheme s, const char *in, const char *want)
{
	char out[128];
	size_t n = dp_translit(s, in, strlen(in), out, sizeof out);

	assert_int_equal(n, strlen(want));
	assert_string_equal(out, want);
}

static void translit__icao_and_kk2021__tables_and_case(void **state)
{
	char small[4];

	(void)state;
	tr_is(DP_TRANSLIT_RU_ICAO, "Щукин", "Shchukin");
	tr_is(DP_TRANSLIT_RU_ICAO, "ЩУКИН", "SHCHUKIN");
	tr_is(DP_TRANSLIT_RU_ICAO, "Юлия Хорошевская", "Iuliia Khoroshevskaia");
	tr_is(DP_TRANSLIT_RU_ICAO, "Объедков", "Obieedkov");
	tr_is(DP_TRANSLIT_RU_ICAO, "Пётр Ильич", "Petr Ilich");
	tr_is(DP_TRANSLIT_RU_ICAO, "ИЛЬЯ Ж", "ILIA Zh");
	tr_is(DP_TRANSLIT_KK_2021, "Шыңғыс", "Şyñğys");
	tr_is(DP_TRANSLIT_KK_2021, "Ілияс Әлиұлы", "Iliias Äliūly");
	tr_is(DP_TRANSLIT_KK_2021, "ЮРИЙ Щ", "İURİİ Şş");
	tr_is(DP_TRANSLIT_KK_2021, "Өмірзақ Чокин", "Ömırzaq Çokin");
	tr_is(DP_TRANSLIT_NONE, "Иван", "Иван");
	tr_is(DP_TRANSLIT_RU_ICAO, "a\xff-", "a\xff-");
	assert_int_equal(dp_translit(DP_TRANSLIT_RU_ICAO, "Щукин", strlen("Щукин"), small,
	                             sizeof small), 8);
	assert_string_equal(small, "Shc");
	assert_int_equal(dp_translit_for_locale("kk"), DP_TRANSLIT_KK_2021);
	assert_int_equal(dp_translit_for_locale("en"), DP_TRANSLIT_NONE);
}

/* Every row's Latin columns are what lib/translit.c makes of its native columns. */
static void datapack__latin_columns__match_translit(void **state)
{
	int pack, li, f;
	size_t i, rows = 0;
	char out[4 * DP_DP_NAME_MAX];

	(void)state;
	for (pack = RU; pack <= KK; pack++) {
		dp_translit_scheme s = dp_translit_for_locale(locales[pack]);

		for (li = 0; li < DP_DP_NLISTS; li++) {
			for (i = 0; i < dp_dp_count(packs[pack], li); i++, rows++) {
				const dp_dp_entry *e = dp_dp_entry_at(packs[pack], li, i);

				for (f = 0; f < 2; f++) {
					dp_translit(s, e->form[f], strlen(e->form[f]), out, sizeof out);
					if (strcmp(out, e->latin[f]) != 0)
						fail_msg("%s list %d line %u: %s -> %s, file has %s", locales[pack],
						         li, e->line, e->form[f], out, e->latin[f]);
				}
			}
		}
	}
	assert_true(rows > 5000);
}

/* ---- picks ----------------------------------------------------------------------------- */

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15u);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
	return z ^ (z >> 31);
}

static void datapack__pick__deterministic_and_weighted(void **state)
{
	const dp_dp_entry *first = dp_dp_entry_at(packs[RU], DP_DP_FIRST_MALE, 0);
	size_t n = dp_dp_count(packs[RU], DP_DP_FIRST_MALE), hits = 0, i;
	uint64_t seed = 7, total = 0, expect;

	(void)state;
	assert_ptr_equal(dp_dp_pick(packs[RU], DP_DP_FIRST_MALE, 0), first);
	assert_string_equal(first->form[0], "Александр");
	assert_ptr_equal(dp_dp_pick(packs[RU], DP_DP_FIRST_MALE, UINT64_MAX),
	                 dp_dp_entry_at(packs[RU], DP_DP_FIRST_MALE, n - 1));
	assert_ptr_equal(dp_dp_pick(packs[KK], DP_DP_SURNAME, 0x123456789abcdefu),
	                 dp_dp_pick(packs[KK], DP_DP_SURNAME, 0x123456789abcdefu));
	assert_string_equal(dp_dp_pick(packs[EN], DP_DP_SURNAME, 1u << 20)->form[0], "Smith");
	assert_null(dp_dp_pick(packs[EN], DP_DP_PATRONYMIC, 1));
	for (i = 0; i < n; i++)
		total += dp_dp_entry_at(packs[RU], DP_DP_FIRST_MALE, i)->weight;
	for (i = 0; i < 20000; i++)
		hits += dp_dp_pick(packs[RU], DP_DP_FIRST_MALE, splitmix(&seed)) == first;
	/* expected share first->weight / total, within a wide margin */
	expect = (uint64_t)20000 * first->weight / total;
	assert_true(hits > expect * 8 / 10 && hits < expect * 12 / 10);
}

/* The guided search of dp_dp_pick finds the row a plain scan of the weights finds, for
 * random draws and for draws at every bucket and row boundary. */
static const dp_dp_entry *pick_by_scan(const dp_dp_pack *p, enum dp_dp_list li, uint64_t r)
{
	size_t n = dp_dp_count(p, li), i;
	uint64_t total = 0, acc = 0, target;

	for (i = 0; i < n; i++)
		total += dp_dp_entry_at(p, li, i)->weight;
	target = (uint64_t)(((unsigned __int128)r * total) >> 64);
	for (i = 0; i < n; i++) {
		acc += dp_dp_entry_at(p, li, i)->weight;
		if (acc > target)
			return dp_dp_entry_at(p, li, i);
	}
	return NULL;
}

static void datapack__pick__equals_a_plain_scan(void **state)
{
	uint64_t seed = 11;

	(void)state;
	for (int k = 0; k < 3; k++)
		for (int li = 0; li < DP_DP_NLISTS; li++) {
			if (!dp_dp_count(packs[k], (enum dp_dp_list)li))
				continue;
			for (int i = 0; i < 300; i++) {
				uint64_t r = splitmix(&seed);

				assert_ptr_equal(dp_dp_pick(packs[k], (enum dp_dp_list)li, r),
				                 pick_by_scan(packs[k], (enum dp_dp_list)li, r));
			}
			for (uint64_t b = 0; b <= 1024; b += 1) {   /* bucket edges, and just below */
				uint64_t r = b == 1024 ? UINT64_MAX : (b << 54);

				assert_ptr_equal(dp_dp_pick(packs[k], (enum dp_dp_list)li, r),
				                 pick_by_scan(packs[k], (enum dp_dp_list)li, r));
				if (r)
					assert_ptr_equal(dp_dp_pick(packs[k], (enum dp_dp_list)li, r - 1),
					                 pick_by_scan(packs[k], (enum dp_dp_list)li, r - 1));
			}
		}
}

/* A pack loaded for picking draws the same rows and looks nothing up. */
static void datapack__pick_only__same_draws_no_lookups(void **state)
{
	dp_dp_pack *p;
	dp_err err;
	uint64_t seed = 5;

	(void)state;
	assert_int_equal(dp_dp_load_pick(datadir(), "ru", &p, &err), DP_OK);
	for (int li = 0; li < DP_DP_NLISTS; li++) {
		assert_int_equal(dp_dp_count(p, (enum dp_dp_list)li), dp_dp_count(packs[RU], (enum dp_dp_list)li));
		for (int i = 0; i < 200; i++) {
			uint64_t r = splitmix(&seed);

			assert_string_equal(dp_dp_pick(p, (enum dp_dp_list)li, r)->form[1],
			                    dp_dp_pick(packs[RU], (enum dp_dp_list)li, r)->form[1]);
		}
	}
	assert_int_equal(dp_dp_lookup(p, "Иван", strlen("Иван"), NULL), 0);
	assert_int_not_equal(dp_dp_lookup(packs[RU], "Иван", strlen("Иван"), NULL), 0);
	dp_dp_free(p);
}

/* ---- malformed packs -------------------------------------------------------------------- */

static char tmpdir[PATH_MAX];

static void write_file(const char *name, const char *text)
{
	char path[PATH_MAX + 64];
	FILE *f;

	snprintf(path, sizeof path, "%s/xx/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

#define H3 "# doppel data pack v1: name\tweight\tlatin\n"
#define H5 "# doppel data pack v1: masculine\tfeminine\tweight\tlatin_masculine\tlatin_feminine\n"

static int setup_tmp(void **state)
{
	char path[PATH_MAX + 8];

	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "%s/dp_datapack_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	if (!mkdtemp(tmpdir))
		return -1;
	snprintf(path, sizeof path, "%s/xx", tmpdir);
	if (mkdir(path, 0700) != 0)
		return -1;
	write_file("first_male.tsv", H3 "Ivan\t10\tIvan\n");
	write_file("first_female.tsv", H3 "# a comment\n\nMaria\t5\tMaria\r\n");
	write_file("surname.tsv", H5 "Petrov\tPetrova\t3\tPetrov\tPetrova");
	return 0;
}

static int teardown_tmp(void **state)
{
	char cmd[PATH_MAX + 16];

	(void)state;
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

/* Loads the xx pack; expects rc, and for errors the file's name and line in err. */
static void load_xx(int rc, const char *file, long line)
{
	dp_dp_pack *p = NULL;
	dp_err err;

	dp_err_clear(&err);
	assert_int_equal(dp_dp_load(tmpdir, "xx", &p, &err), rc);
	if (rc == DP_OK) {
		assert_non_null(p);
		dp_dp_free(p);
		return;
	}
	assert_null(p);
	assert_int_equal(err.code, rc);
	assert_non_null(strstr(err.file, file));
	assert_int_equal(err.line, line);
}

static void datapack__small_pack__loads_without_patronymics(void **state)
{
	dp_dp_pack *p = NULL;
	dp_err err;

	(void)state;
	dp_err_clear(&err);
	assert_int_equal(dp_dp_load(tmpdir, "xx", &p, &err), DP_OK);
	assert_int_equal(dp_dp_count(p, DP_DP_FIRST_FEMALE), 1);
	assert_int_equal(dp_dp_count(p, DP_DP_PATRONYMIC), 0);
	assert_int_equal(dp_dp_lookup(p, "maria", 5, NULL), DP_DP_F_FIRST_FEMALE);
	assert_int_equal(dp_dp_lookup(p, "PETROVA", 7, NULL), DP_DP_F_SURNAME_F);
	assert_int_equal(dp_dp_pick(p, DP_DP_SURNAME, 42)->weight, 3);
	dp_dp_free(p);
}

static void datapack__bad_column_count__dataerr_with_line(void **state)
{
	(void)state;
	write_file("surname.tsv", H5 "Petrov\tPetrova\t3\tPetrov\tPetrova\nIvanov\tIvanova\t2\tIvanov\n");
	load_xx(DP_DATAERR, "xx/surname.tsv", 3);
	write_file("surname.tsv", H5 "Petrov\tPetrova\t3\tPetrov\tPetrova\n");
	load_xx(DP_OK, NULL, 0);
}

static void datapack__malformed_rows__dataerr_with_line(void **state)
{
	char longline[DP_DP_LINE_MAX + 64];

	(void)state;
	write_file("first_male.tsv", "# doppel data pack v2: name\tweight\tlatin\nIvan\t1\tIvan\n");
	load_xx(DP_DATAERR, "first_male.tsv", 1);
	write_file("first_male.tsv", H3 "Ivan\t0\tIvan\n");
	load_xx(DP_DATAERR, "first_male.tsv", 2);
	write_file("first_male.tsv", H3 "Ivan\t1x\tIvan\n");
	load_xx(DP_DATAERR, "first_male.tsv", 2);
	write_file("first_male.tsv", H3 "Ivan\t1\tIvan\nIv\xff\t1\tIv\n");
	load_xx(DP_DATAERR, "first_male.tsv", 3);
	write_file("first_male.tsv", H3 "Ivan\t\tIvan\n");
	load_xx(DP_DATAERR, "first_male.tsv", 2);
	write_file("first_male.tsv", "");
	load_xx(DP_DATAERR, "first_male.tsv", 1);
	memset(longline, 'a', sizeof longline);
	memcpy(longline, H3, strlen(H3));
	longline[sizeof longline - 1] = '\0';
	write_file("first_male.tsv", longline);
	load_xx(DP_DATAERR, "first_male.tsv", 2);
	write_file("first_male.tsv", H3 "Ivan\t10\tIvan\n");
	load_xx(DP_OK, NULL, 0);
}

static void datapack__caps_and_paths__refused(void **state)
{
	char path[PATH_MAX + 64];
	dp_dp_pack *p = NULL;
	dp_err err;
	FILE *f;

	(void)state;
	dp_err_clear(&err);
	assert_int_equal(dp_dp_load(tmpdir, "../xx", &p, &err), DP_USAGE);
	assert_int_equal(dp_dp_load(tmpdir, "yy", &p, &err), DP_NOINPUT);
	assert_non_null(strstr(err.file, "yy/first_male.tsv"));
	snprintf(path, sizeof path, "%s/xx/first_male.tsv", tmpdir);
	f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(ftruncate(fileno(f), (off_t)DP_DP_FILE_MAX + 1), 0);
	fclose(f);
	load_xx(DP_DATAERR, "first_male.tsv", 0);
	write_file("first_male.tsv", H3 "Ivan\t10\tIvan\n");
	load_xx(DP_OK, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest shipped[] = {
		cmocka_unit_test(datapack__shipped_counts__meet_minimums),
		cmocka_unit_test(datapack__pick__equals_a_plain_scan),
		cmocka_unit_test(datapack__pick_only__same_draws_no_lookups),
		cmocka_unit_test(datapack__ru_surname__both_genders_and_case),
		cmocka_unit_test(datapack__ru_first_names__gender_and_latin),
		cmocka_unit_test(datapack__ru_patronymics__rules_and_special_cases),
		cmocka_unit_test(datapack__en_names__found_in_any_case),
		cmocka_unit_test(datapack__kk_names__both_scripts_and_folds),
		cmocka_unit_test(datapack__lookup__rejects_long_and_invalid),
		cmocka_unit_test(datapack__latin_columns__match_translit),
		cmocka_unit_test(datapack__pick__deterministic_and_weighted),
	};
	const struct CMUnitTest files[] = {
		cmocka_unit_test(datapack__key__normalises_case_nfc_and_folds),
		cmocka_unit_test(datapack__key__same_without_icu),
		cmocka_unit_test(translit__icao_and_kk2021__tables_and_case),
		cmocka_unit_test(datapack__small_pack__loads_without_patronymics),
		cmocka_unit_test(datapack__bad_column_count__dataerr_with_line),
		cmocka_unit_test(datapack__malformed_rows__dataerr_with_line),
		cmocka_unit_test(datapack__caps_and_paths__refused),
	};
	int rc = cmocka_run_group_tests_name("datapack_shipped", shipped, setup_packs, teardown_packs);

	return rc + cmocka_run_group_tests_name("datapack_files", files, setup_tmp, teardown_tmp);
}
