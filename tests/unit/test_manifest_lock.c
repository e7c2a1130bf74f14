/* test_manifest_lock.c - the lock protocol: 8 processes recording 20 steps each into one
 * manifest lose none and keep the chain valid; the manifest lock times out with
 * DP_TEMPFAIL; directory locks: shared with shared, exclusive against shared; a sealed
 * version takes no steps. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "manifest_hash.h"
#include "manifest_lock.h"
#include "manifest_step.h"

#define WORKERS 8
#define STEPS 20

static char root[64], target[128], staged[PATH_MAX];

static int setup(void **s)
{
	dp_mf_init_opts o;
	dp_err err;

	(void)s;
	memset(&o, 0, sizeof o);
	snprintf(root, sizeof root, "/tmp/dp-lock-XXXXXX");
	assert_non_null(mkdtemp(root));
	snprintf(target, sizeof target, "%s/ds/1.0.0", root);
	assert_int_equal(dp_mf_init(target, &o, staged, &err), DP_OK);
	return 0;
}

static int teardown(void **s)
{
	char cmd[128];

	(void)s;
	snprintf(cmd, sizeof cmd, "rm -rf %s", root);
	return system(cmd);
}

static int one_step(int w, int i)
{
	char *argv[] = {"worker", NULL};
	char h[DP_MF_HASH_LEN], tag[32];
	dp_mf_step *st;
	dp_err err;

	snprintf(tag, sizeof tag, "%d/%d", w, i);
	dp_mf_hash_buf(tag, strlen(tag), h);
	if (dp_mf_step_begin(&st, target, "doppel-scan", 1, argv, &err) != DP_OK)
		return 1;
	dp_mf_step_io(st, 1, "-", h, 3, -1);
	dp_mf_step_set(st, "worker", json_string(tag));
	return dp_mf_step_end(st, 0, &err) != DP_OK;
}

static void concurrent_writers__lose_no_step(void **s)
{
	pid_t pids[WORKERS];
	json_t *m, *st, *none;
	char seen[WORKERS][STEPS];
	dp_err err;
	size_t i;
	int fd, status;

	(void)s;
	for (int w = 0; w < WORKERS; w++) {
		if ((pids[w] = fork()) == 0) {
			int bad = 0;

			for (int k = 0; k < STEPS; k++)
				bad |= one_step(w, k);
			_exit(bad);
		}
		assert_true(pids[w] > 0);
	}
	for (int w = 0; w < WORKERS; w++) {
		assert_int_equal(waitpid(pids[w], &status, 0), pids[w]);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	fd = open(staged, O_RDONLY | O_DIRECTORY);
	assert_int_equal(dp_mf_load_at(fd, DP_MF_FILE, "m", DP_MF_MANIFEST, &m, &err), DP_OK);
	close(fd);
	assert_int_equal(json_array_size(json_object_get(m, "doppel:steps")), WORKERS * STEPS);
	memset(seen, 0, sizeof seen);
	json_array_foreach(json_object_get(m, "doppel:steps"), i, st) {
		int w, k;

		assert_int_equal(sscanf(dp_mf_str(st, "worker"), "%d/%d", &w, &k), 2);
		assert_int_equal(seen[w][k], 0);
		seen[w][k] = 1;
	}
	none = json_array();
	assert_int_equal(dp_mf_check_chain(m, none, &err), DP_OK);
	json_decref(none);
	json_decref(m);
}

static void manifest_lock__times_out(void **s)
{
	int vfd = open(staged, O_RDONLY | O_DIRECTORY), a = -1, b = -1;
	dp_err err;

	(void)s;
	assert_int_equal(dp_mf_lock(vfd, 1000, &a, &err), DP_OK);
	assert_int_equal(dp_mf_lock(vfd, 100, &b, &err), DP_TEMPFAIL);   /* another open file: conflicts */
	dp_mf_unlock(a);
	assert_int_equal(dp_mf_lock(vfd, 100, &b, &err), DP_OK);
	dp_mf_unlock(b);
	close(vfd);
}

static void dirlock__shared_and_exclusive(void **s)
{
	int a = open(staged, O_RDONLY | O_DIRECTORY), b = open(staged, O_RDONLY | O_DIRECTORY);
	int c = open(staged, O_RDONLY | O_DIRECTORY);
	dp_err err;

	(void)s;
	assert_int_equal(dp_mf_dirlock(a, 0, &err), DP_OK);
	assert_int_equal(dp_mf_dirlock(b, 0, &err), DP_OK);
	assert_int_equal(dp_mf_dirlock(c, 1, &err), DP_TEMPFAIL);
	close(a);
	close(b);
	assert_int_equal(dp_mf_dirlock(c, 1, &err), DP_OK);
	close(c);
}

static void step__refused_while_sealing(void **s)
{
	char *argv[] = {"x", NULL};
	int fd = open(staged, O_RDONLY | O_DIRECTORY);
	dp_mf_step *st;
	dp_err err;

	(void)s;
	assert_int_equal(dp_mf_dirlock(fd, 1, &err), DP_OK);   /* what seal holds */
	assert_int_equal(dp_mf_step_begin(&st, target, "doppel-scan", 1, argv, &err), DP_TEMPFAIL);
	close(fd);
	assert_int_equal(dp_mf_step_begin(&st, "/nonexistent/ds/1", "doppel-scan", 1, argv, &err), DP_NOINPUT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent_writers__lose_no_step),
		cmocka_unit_test(manifest_lock__times_out),
		cmocka_unit_test(dirlock__shared_and_exclusive),
		cmocka_unit_test(step__refused_while_sealing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
