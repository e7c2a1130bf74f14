/* test_mapping.c - unit tests for the mapping table (mapping.h). */
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
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "dp_exit.h"
#include "mapping.h"

#define FP "00112233aabbccdd"

#include "map_fixture.h"

static uint64_t number(dp_map *m, const char *ns, unsigned v)
{
	unsigned char id[DP_EID_BYTES];
	uint64_t n = 0;
	dp_err err;

	id_of(v, id);
	assert_int_equal(dp_map_number(m, ns, id, &n, &err), DP_OK);
	return n;
}

static void mapping__first_appearance__numbered_in_order_per_namespace(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;

	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(number(m, "email", 10), 1);
	assert_int_equal(number(m, "email", 20), 2);
	assert_int_equal(number(m, "email", 10), 1);
	assert_int_equal(number(m, "phone", 10), 1);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

static void mapping__reopened__numbers_kept_and_continued(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;
	struct stat st;

	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	for (unsigned v = 1; v <= 3000; v++)
		assert_int_equal(number(m, "client", v), v);   /* the cache grows past 1024 */
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	assert_int_equal(stat(f->db, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(number(m, "client", 2999), 2999);
	assert_int_equal(number(m, "client", 5000), 3001);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

static void mapping__other_key__refused(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;

	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	assert_int_equal(dp_map_open(&m, f->db, "ffffffffffffffff", 0, 1000, &err), DP_CONFIG);
	assert_null(m);
	assert_non_null(strstr(err.msg, "another key"));
}

static void mapping__not_a_table__dataerr(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;
	FILE *fp = fopen(f->db, "w");

	assert_non_null(fp);
	fputs("this is not a database, just text that is long enough to be a header....\n", fp);
	fclose(fp);
	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_DATAERR);
}

static void mapping__readonly_unknown__dataerr(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;
	unsigned char id[DP_EID_BYTES];
	uint64_t n;

	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(number(m, "x", 1), 1);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	assert_int_equal(dp_map_open(&m, f->db, FP, DP_MAP_READONLY, 1000, &err), DP_OK);
	assert_int_equal(number(m, "x", 1), 1);
	id_of(2, id);
	assert_int_equal(dp_map_number(m, "x", id, &n, &err), DP_DATAERR);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

static void mapping__rollback__numbers_reused_after(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;

	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(number(m, "x", 1), 1);
	assert_int_equal(dp_map_commit(m, &err), DP_OK);
	assert_int_equal(number(m, "x", 2), 2);
	dp_map_rollback(m);
	assert_int_equal(number(m, "x", 3), 2);   /* 2 was never committed */
	assert_int_equal(number(m, "x", 1), 1);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

static void mapping__alias__first_wins(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;
	unsigned char a[DP_EID_BYTES];
	uint64_t n = 0;

	id_of(77, a);
	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(dp_map_alias_get(m, "person", a, &n, &err), 0);
	assert_int_equal(dp_map_alias_put(m, "person", a, 5, &err), DP_OK);
	assert_int_equal(dp_map_alias_put(m, "person", a, 9, &err), DP_OK);
	assert_int_equal(dp_map_alias_get(m, "person", a, &n, &err), 1);
	assert_int_equal(n, 5);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(dp_map_alias_get(m, "person", a, &n, &err), 1);
	assert_int_equal(n, 5);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

/* sightings are counted exactly, whether the row was written at the commit that
 * numbered it or updated later, and with counts added in front of the table */
static void mapping__seen_counts__exact_across_commits(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;
	sqlite3 *db;
	sqlite3_stmt *st;
	unsigned char id[DP_EID_BYTES];

	assert_int_equal(dp_map_open(&m, f->db, FP, 0, 1000, &err), DP_OK);
	for (int i = 0; i < 3; i++)
		number(m, "x", 1);
	number(m, "x", 2);
	assert_int_equal(dp_map_commit(m, &err), DP_OK);
	number(m, "x", 1);
	number(m, "x", 1);
	id_of(1, id);
	dp_map_add_seen(m, "x", id, 4);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT num, seen FROM entity ORDER BY num", -1, &st,
	                                    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	assert_int_equal(sqlite3_column_int(st, 1), 9);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 1), 1);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* four processes over overlapping values: every value gets one number, none twice */
static void mapping__concurrent_processes__no_lost_or_duplicate_numbers(void **state)
{
	fx *f = *state;
	dp_map *m;
	dp_err err;
	pid_t pid[4];
	uint64_t seen[1001] = {0};

	for (int p = 0; p < 4; p++) {
		pid[p] = fork();
		assert_true(pid[p] >= 0);
		if (pid[p] == 0) {
			int ok = dp_map_open(&m, f->db, FP, 0, 20000, &err) == DP_OK;
			for (unsigned v = 0; ok && v < 1000; v++) {
				unsigned char id[DP_EID_BYTES];
				uint64_t n;
				id_of((v * 7 + (unsigned)p * 250) % 1000, id);
				ok = dp_map_number(m, "c", id, &n, &err) == DP_OK &&
				     (v % 50 || dp_map_commit(m, &err) == DP_OK);
			}
			ok = ok && dp_map_close(m, &err) == DP_OK;
			if (!ok)   /* say why, for the log */
				fprintf(stderr, "process %d: code %d: %s\n", p, err.code, err.msg);
			_exit(ok ? 0 : 1);
		}
	}
	for (int p = 0; p < 4; p++) {
		int st;
		assert_int_equal(waitpid(pid[p], &st, 0), pid[p]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	assert_int_equal(dp_map_open(&m, f->db, FP, DP_MAP_READONLY, 1000, &err), DP_OK);
	for (unsigned v = 0; v < 1000; v++) {
		uint64_t n = number(m, "c", v);
		assert_true(n >= 1 && n <= 1000);
		assert_int_equal(seen[n], 0);
		seen[n] = 1;
	}
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(mapping__first_appearance__numbered_in_order_per_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__reopened__numbers_kept_and_continued, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__other_key__refused, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__not_a_table__dataerr, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__readonly_unknown__dataerr, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__rollback__numbers_reused_after, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__alias__first_wins, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__seen_counts__exact_across_commits, setup, teardown),
		cmocka_unit_test_setup_teardown(mapping__concurrent_processes__no_lost_or_duplicate_numbers, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
