/* test_collect.c - unit tests for sharded numbering (collect.h, mapping.h): recording
 * maps per shard, collect files, and a merge that numbers exactly as one process
 * reading the shards in order would have. */
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

#include "collect.h"
#include "dp_exit.h"
#include "mapping.h"

#define FP "00112233aabbccdd"
#define NSHARDS 3

#include "map_fixture.h"

static void path_of(const fx *f, const char *name, char *out)
{
	snprintf(out, PATH_MAX, "%.63s/%.63s", f->dir, name);
}

/* One step of a run: 'n' number entity v; 'a' alias v -> entity t; 'c' the first of
 * aliases v, t that exists, else entity v. */
typedef struct step {
	unsigned shard, rec;
	char op;
	unsigned v, t;
} step;

/* Shard 2 uses the alias shard 1 makes (so its collect's fallback must not be numbered
 * by the merge), shard 3 makes an alias shard 2 will not see, and numbers interleave. */
static const step script[] = {
	{1, 1, 'n', 10, 0}, {1, 1, 'a', 500, 10}, {1, 2, 'n', 11, 0}, {1, 3, 'c', 600, 0},
	{1, 4, 'n', 12, 0},
	{2, 1, 'c', 500, 0}, {2, 2, 'n', 20, 0}, {2, 2, 'c', 700, 0}, {2, 3, 'n', 10, 0},
	{2, 4, 'n', 21, 0}, {2, 4, 'a', 501, 21}, {2, 5, 'c', 501, 0},
	{3, 1, 'c', 502, 0}, {3, 2, 'n', 30, 0}, {3, 2, 'a', 502, 30}, {3, 3, 'c', 502, 0},
	{3, 3, 'n', 11, 0}, {3, 4, 'c', 700, 0},
};
#define NSTEPS (sizeof script / sizeof *script)

/* runs step s on m; the number it resolved to */
static uint64_t do_step(dp_map *m, const step *s)
{
	unsigned char id[DP_EID_BYTES], t[DP_EID_BYTES];
	dp_map_ref refs[2];
	uint64_t num = 0;
	dp_err err;

	id_of(s->v, id);
	dp_map_set_position(m, s->shard, s->rec);
	if (s->op == 'n')
		assert_int_equal(dp_map_number(m, "person", id, &num, &err), DP_OK);
	if (s->op == 'a') {
		id_of(s->t, t);
		assert_int_equal(dp_map_number(m, "person", t, &num, &err), DP_OK);
		assert_int_equal(dp_map_alias_put(m, "person", id, num, &err), DP_OK);
	}
	if (s->op == 'c') {
		refs[0].ns = "person";
		memcpy(refs[0].id, id, DP_EID_BYTES);
		assert_int_equal(dp_map_number_or_alias(m, refs, 1, "person", id, &num, NULL, &err),
		                 DP_OK);
	}
	return num;
}

/* the single run: every step in order on one table at path; numbers into out[] */
static void single_run(const char *path, uint64_t *out)
{
	dp_map *m;
	dp_err err;

	assert_int_equal(dp_map_open(&m, path, FP, 0, 1000, &err), DP_OK);
	for (size_t i = 0; i < NSTEPS; i++)
		out[i] = do_step(m, &script[i]);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
}

/* collect shard k of the script over the starting table start into path */
static void collect(const char *start, unsigned k, const char *path)
{
	dp_col_header h = {FP, "", k, NSHARDS};
	dp_col_writer *w;
	dp_map *m;
	dp_err err;

	assert_int_equal(dp_map_open(&m, start, FP, DP_MAP_RECORD, 1000, &err), DP_OK);
	assert_int_equal(dp_map_base(m, h.base, &err), DP_OK);
	assert_int_equal(dp_col_writer_open(&w, path, &h, &err), DP_OK);
	dp_map_record(m, dp_col_sink, w);
	for (size_t i = 0; i < NSTEPS; i++)
		if (script[i].shard == k)
			do_step(m, &script[i]);
	assert_int_equal(dp_map_record_end(m, &err), DP_OK);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	assert_int_equal(dp_col_writer_close(w, 1, &err), DP_OK);
}

/* apply: every shard read-only over the merged table; the numbers must be the run's */
static void apply_equals(const char *merged, const uint64_t *want)
{
	dp_map *m;
	dp_err err;

	assert_int_equal(dp_map_open(&m, merged, FP, DP_MAP_READONLY, 1000, &err), DP_OK);
	for (size_t i = 0; i < NSTEPS; i++)
		assert_int_equal(do_step(m, &script[i]), want[i]);
	dp_map_close(m, NULL);
}

static void prepare(const fx *f, const char *start, char paths[NSHARDS][PATH_MAX])
{
	for (unsigned k = 1; k <= NSHARDS; k++) {
		char name[32];
		snprintf(name, sizeof name, "c%u.collect", k);
		path_of(f, name, paths[k - 1]);
		collect(start, k, paths[k - 1]);
	}
}

static int merge(const char *db, const char *fp, const char *const *files, size_t n, int *already)
{
	dp_map *m;
	dp_err err;
	int rc;

	if ((rc = dp_map_open(&m, db, fp, 0, 1000, &err)) != DP_OK)
		return rc;
	rc = dp_col_merge(m, files, n, fp, already, &err);
	dp_map_close(m, NULL);
	return rc;
}

static void merge__any_file_order__numbers_of_the_single_run(void **state)
{
	fx *f = *state;
	static const unsigned orders[][NSHARDS] = {{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}};
	char single[PATH_MAX], merged[PATH_MAX], paths[NSHARDS][PATH_MAX];
	uint64_t want[NSTEPS];
	int already;

	path_of(f, "single.db", single);
	single_run(single, want);
	assert_int_equal(want[5], want[0]);    /* shard 2's chain found shard 1's alias */
	assert_int_equal(want[6], 5);          /* so its fallback took no number */
	prepare(f, NULL, paths);
	for (size_t o = 0; o < sizeof orders / sizeof *orders; o++) {
		const char *files[NSHARDS];
		char name[32];
		for (int k = 0; k < NSHARDS; k++)
			files[k] = paths[orders[o][k]];
		snprintf(name, sizeof name, "m%zu.db", o);
		path_of(f, name, merged);
		assert_int_equal(merge(merged, FP, files, NSHARDS, &already), DP_OK);
		assert_false(already);
		apply_equals(merged, want);
	}
}

static void merge__nonempty_start__continues_its_numbers(void **state)
{
	fx *f = *state;
	char single[PATH_MAX], merged[PATH_MAX], paths[NSHARDS][PATH_MAX], cmd[3 * PATH_MAX];
	const char *files[NSHARDS];
	uint64_t want[NSTEPS];
	unsigned char id[DP_EID_BYTES];
	dp_map *m;
	dp_err err;
	uint64_t num;
	int already;

	path_of(f, "start.db", merged);
	assert_int_equal(dp_map_open(&m, merged, FP, 0, 1000, &err), DP_OK);
	for (unsigned v = 40; v < 45; v++) {   /* five entities, and the alias 502 -> 41 */
		id_of(v, id);
		assert_int_equal(dp_map_number(m, "person", id, &num, &err), DP_OK);
	}
	id_of(502, id);
	assert_int_equal(dp_map_alias_put(m, "person", id, 2, &err), DP_OK);
	assert_int_equal(dp_map_close(m, &err), DP_OK);
	path_of(f, "single.db", single);
	snprintf(cmd, sizeof cmd, "cp %s %s", merged, single);
	assert_int_equal(system(cmd), 0);
	single_run(single, want);
	assert_int_equal(want[0], 6);
	assert_int_equal(want[12], 2);         /* the starting table's alias */
	prepare(f, merged, paths);
	for (int k = 0; k < NSHARDS; k++)
		files[k] = paths[NSHARDS - 1 - k];
	assert_int_equal(merge(merged, FP, files, NSHARDS, &already), DP_OK);
	apply_equals(merged, want);
}

static void merge__again__changes_nothing(void **state)
{
	fx *f = *state;
	char merged[PATH_MAX], paths[NSHARDS][PATH_MAX], b1[DP_MAP_BASE_HEX], b2[DP_MAP_BASE_HEX];
	const char *files[NSHARDS] = {paths[1], paths[0], paths[2]};
	dp_map *m;
	dp_err err;
	int already;

	prepare(f, NULL, paths);
	path_of(f, "m.db", merged);
	assert_int_equal(merge(merged, FP, files, NSHARDS, &already), DP_OK);
	assert_int_equal(dp_map_open(&m, merged, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(dp_map_base(m, b1, &err), DP_OK);
	dp_map_close(m, NULL);
	assert_int_equal(merge(merged, FP, files, NSHARDS, &already), DP_OK);
	assert_true(already);
	assert_int_equal(dp_map_open(&m, merged, FP, 0, 1000, &err), DP_OK);
	assert_int_equal(dp_map_base(m, b2, &err), DP_OK);
	dp_map_close(m, NULL);
	assert_string_equal(b1, b2);
}

static void merge__missing_duplicate_or_foreign__refused(void **state)
{
	fx *f = *state;
	char merged[PATH_MAX], paths[NSHARDS][PATH_MAX];
	const char *dup[NSHARDS] = {paths[0], paths[1], paths[1]};
	const char *all[NSHARDS] = {paths[0], paths[1], paths[2]};
	int already;

	prepare(f, NULL, paths);
	path_of(f, "m.db", merged);
	assert_int_equal(merge(merged, FP, all, 2, &already), DP_DATAERR);
	assert_int_equal(merge(merged, FP, dup, NSHARDS, &already), DP_DATAERR);
	path_of(f, "other.db", merged);
	assert_int_equal(merge(merged, "ffffffffffffffff", all, NSHARDS, &already), DP_CONFIG);
}

static void apply__alias_of_a_later_record__not_seen_before_it(void **state)
{
	fx *f = *state;
	char merged[PATH_MAX], paths[NSHARDS][PATH_MAX];
	const char *files[NSHARDS] = {paths[0], paths[1], paths[2]};
	unsigned char id[DP_EID_BYTES];
	dp_map *m;
	dp_err err;
	uint64_t num;
	int already;

	prepare(f, NULL, paths);
	path_of(f, "m.db", merged);
	assert_int_equal(merge(merged, FP, files, NSHARDS, &already), DP_OK);
	assert_int_equal(dp_map_open(&m, merged, FP, DP_MAP_READONLY, 1000, &err), DP_OK);
	id_of(501, id);   /* made at shard 2, record 4 */
	dp_map_set_position(m, 2, 3);
	assert_int_equal(dp_map_alias_get(m, "person", id, &num, &err), 0);
	dp_map_set_position(m, 2, 4);
	assert_int_equal(dp_map_alias_get(m, "person", id, &num, &err), 1);
	dp_map_close(m, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(merge__any_file_order__numbers_of_the_single_run, setup, teardown),
		cmocka_unit_test_setup_teardown(merge__nonempty_start__continues_its_numbers, setup, teardown),
		cmocka_unit_test_setup_teardown(merge__again__changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(merge__missing_duplicate_or_foreign__refused, setup, teardown),
		cmocka_unit_test_setup_teardown(apply__alias_of_a_later_record__not_seen_before_it, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
