/* test_purge.c - the purge planner (every verdict, failing closed) and confinement:
 * deletion by descriptor never follows a symlink out of the tree, keeps what it is told
 * to keep, removes the manifest last and records what it removed. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "purge_plan.h"
#include "purge_tree.h"
#include "retention.h"

static json_t *sealed(const char *expires, int hold, const char *until)
{
	return json_pack("{s:s, s:{s:s, s:s, s:{s:b}, s:s?}}", "doppel:status", "sealed", "doppel:retention",
	                 "class", "draft", "expires", expires, "legalHold", "active", hold, "retainUntil", until);
}

static enum dp_mf_verdict verdict(const json_t *m, const json_t *t, const char *now)
{
	dp_err none;
	dp_mf_plan p;
	time_t n;

	dp_err_clear(&none);
	assert_int_equal(dp_mf_time_parse(now, &n), 0);
	dp_mf_classify(m, &none, t, &none, n, &p);
	assert_true(p.why[0] != '\0');
	return p.verdict;
}

static void plan__verdicts(void **s)
{
	json_t *m = sealed("2026-01-31T00:00:00Z", 0, NULL);
	json_t *h = sealed("2026-01-31T00:00:00Z", 1, NULL);
	json_t *r = sealed("2026-01-31T00:00:00Z", 0, "2026-06-01T00:00:00Z");
	json_t *purging = json_pack("{s:s}", "doppel:status", "purging");
	json_t *purged = json_pack("{s:s}", "doppel:status", "purged");

	(void)s;
	assert_int_equal(verdict(m, NULL, "2026-01-30T23:59:59Z"), DP_MF_KEEP);
	assert_int_equal(verdict(m, NULL, "2026-01-31T00:00:00Z"), DP_MF_DUE);   /* at expiry */
	assert_int_equal(verdict(h, NULL, "2030-01-01"), DP_MF_HOLD);
	assert_int_equal(verdict(r, NULL, "2026-03-01"), DP_MF_RETAINED);
	assert_int_equal(verdict(r, NULL, "2026-06-01"), DP_MF_DUE);
	assert_int_equal(verdict(m, purging, "2026-01-01"), DP_MF_RESUME);   /* the tombstone decides */
	assert_int_equal(verdict(NULL, purging, "2026-01-01"), DP_MF_RESUME);
	assert_int_equal(verdict(NULL, purged, "2026-01-01"), DP_MF_PURGED);
	json_decref(m);
	json_decref(h);
	json_decref(r);
	json_decref(purging);
	json_decref(purged);
}

static void plan__fails_closed(void **s)
{
	json_t *building = json_pack("{s:s}", "doppel:status", "building");
	json_t *noexp = json_pack("{s:s, s:{s:s}}", "doppel:status", "sealed", "doppel:retention", "class", "x");
	json_t *baduntil = sealed("2026-01-31T00:00:00Z", 0, "whenever");
	dp_err bad, none;
	dp_mf_plan p;

	(void)s;
	assert_int_equal(verdict(NULL, NULL, "2030-01-01"), DP_MF_BAD);
	assert_int_equal(verdict(building, NULL, "2030-01-01"), DP_MF_BAD);
	assert_int_equal(verdict(noexp, NULL, "2030-01-01"), DP_MF_BAD);
	assert_int_equal(verdict(baduntil, NULL, "2030-01-01"), DP_MF_BAD);
	dp_err_set(&bad, DP_DATAERR, "bad JSON");
	dp_err_clear(&none);
	dp_mf_classify(NULL, &bad, NULL, &none, 0, &p);
	assert_int_equal(p.verdict, DP_MF_BAD);
	assert_string_equal(p.why, "bad JSON");
	dp_mf_classify(baduntil, &none, NULL, &bad, 0, &p);   /* an unreadable tombstone */
	assert_int_equal(p.verdict, DP_MF_BAD);
	assert_string_equal(dp_mf_verdict_name(DP_MF_DUE), "due");
	json_decref(building);
	json_decref(noexp);
	json_decref(baduntil);
}

static char base[64];

static void mk(const char *rel, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", base, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static int exists(const char *rel)
{
	char p[256];
	struct stat st;

	snprintf(p, sizeof p, "%s/%s", base, rel);
	return lstat(p, &st) == 0;
}

static void tree__confined(void **s)
{
	static const char *const keep[] = {"tombstone.json", NULL};
	static const char *const last[] = {"datapackage.json", NULL};
	char p[256], q[256];
	json_t *removed = json_array();
	struct stat st;
	dp_err err;
	int fd;

	(void)s;
	snprintf(base, sizeof base, "/tmp/dp-tree-XXXXXX");
	assert_non_null(mkdtemp(base));
	snprintf(q, sizeof q, "mkdir -p %s/v/data/sub %s/outside/dir", base, base);
	assert_int_equal(system(q), 0);
	mk("outside/secret.txt", "keep me");
	mk("outside/dir/x", "keep me too");
	mk("v/data/a.csv", "a");
	mk("v/data/sub/b.csv", "bb");
	mk("v/datapackage.json", "{}");
	mk("v/tombstone.json", "{}");
	snprintf(p, sizeof p, "%s/outside/secret.txt", base);
	snprintf(q, sizeof q, "%s/v/data/link", base);
	assert_int_equal(symlink(p, q), 0);
	snprintf(p, sizeof p, "%s/outside/dir", base);
	snprintf(q, sizeof q, "%s/v/data/sub/dirlink", base);
	assert_int_equal(symlink(p, q), 0);
	snprintf(p, sizeof p, "%s/v", base);
	fd = open(p, O_RDONLY | O_DIRECTORY);
	fstat(fd, &st);
	assert_int_equal(dp_mf_rmtree_at(fd, st.st_dev, keep, last, removed, &err), DP_OK);
	close(fd);
	assert_true(exists("v/tombstone.json"));
	assert_false(exists("v/data"));
	assert_false(exists("v/datapackage.json"));
	assert_true(exists("outside/secret.txt"));
	assert_true(exists("outside/dir/x"));
	/* sorted, the manifest last; links recorded as the links they were */
	assert_int_equal(json_array_size(removed), 5);   /* a.csv, link, b.csv, dirlink, manifest */
	assert_string_equal(dp_mf_str(json_array_get(removed, 0), "path"), "data/a.csv");
	assert_string_equal(dp_mf_str(json_array_get(removed, 4), "path"), "datapackage.json");
	json_decref(removed);
	snprintf(q, sizeof q, "rm -rf %s", base);
	assert_int_equal(system(q), 0);
}

static void tree__other_filesystem_left_alone(void **s)
{
	char p[128];
	struct stat st;
	dp_err err;
	int fd;

	(void)s;
	snprintf(base, sizeof base, "/tmp/dp-tree-XXXXXX");
	assert_non_null(mkdtemp(base));
	snprintf(p, sizeof p, "mkdir -p %s/v/d", base);
	assert_int_equal(system(p), 0);
	mk("v/d/f", "x");
	snprintf(p, sizeof p, "%s/v", base);
	fd = open(p, O_RDONLY | O_DIRECTORY);
	fstat(fd, &st);
	/* pretend the walk started on another device: every directory is "another filesystem" */
	assert_int_equal(dp_mf_rmtree_at(fd, st.st_dev + 1, NULL, NULL, NULL, &err), DP_IOERR);
	close(fd);
	assert_true(exists("v/d/f"));
	snprintf(p, sizeof p, "rm -rf %s", base);
	assert_int_equal(system(p), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(plan__verdicts),
		cmocka_unit_test(plan__fails_closed),
		cmocka_unit_test(tree__confined),
		cmocka_unit_test(tree__other_filesystem_left_alone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
