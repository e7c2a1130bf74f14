/* test_outfile.c - atomic output: nothing at the target until commit; abort leaves nothing. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "outfile.h"

static char dir[64];

static int count_entries(void)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof cmd, "ls -A %s | wc -l", dir);
	p = popen(cmd, "r");
	if (p && fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void outfile__commit__renames_into_place(void **s)
{
	dp_outfile o;
	dp_err err;
	char path[128];
	struct stat st;

	(void)s;
	snprintf(dir, sizeof dir, "/tmp/dp-out-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.txt", dir);
	assert_int_equal(dp_outfile_open(&o, path, 0600, &err), 0);
	fputs("data\n", o.fp);
	assert_int_equal(stat(path, &st), -1);   /* not there before commit */
	assert_int_equal(dp_outfile_commit(&o, &err), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(count_entries(), 1);
	unlink(path);
	rmdir(dir);
}

static void outfile__abort__leaves_nothing(void **s)
{
	dp_outfile o;
	dp_err err;
	char path[128];

	(void)s;
	snprintf(dir, sizeof dir, "/tmp/dp-out-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/out.txt", dir);
	assert_int_equal(dp_outfile_open(&o, path, 0644, &err), 0);
	fputs("partial", o.fp);
	dp_outfile_abort(&o);
	assert_int_equal(count_entries(), 0);
	rmdir(dir);
}

static void outfile__missing_dir__cantcreat(void **s)
{
	dp_outfile o;
	dp_err err;

	(void)s;
	assert_int_equal(dp_outfile_open(&o, "/nonexistent/dir/x", 0644, &err), DP_CANTCREAT);
	assert_null(o.fp);
}

static void outfile__dash__is_stdout(void **s)
{
	dp_outfile o;
	dp_err err;

	(void)s;
	assert_int_equal(dp_outfile_open(&o, "-", 0644, &err), 0);
	assert_ptr_equal(o.fp, stdout);
	assert_int_equal(dp_outfile_commit(&o, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outfile__commit__renames_into_place),
		cmocka_unit_test(outfile__abort__leaves_nothing),
		cmocka_unit_test(outfile__missing_dir__cantcreat),
		cmocka_unit_test(outfile__dash__is_stdout),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
