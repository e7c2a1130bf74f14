/* test_fingerprint.c - unit tests for key files and keyed fingerprints (fingerprint.h). */
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
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "fingerprint.h"

typedef struct fx {
	char dir[PATH_MAX];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);

	if (!f || dp_key_init() != 0)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/dp-fp-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	unsetenv("DOPPEL_KEY_FILE");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void path_in(const fx *f, const char *name, char *out)
{
	assert_true(snprintf(out, PATH_MAX, "%s/%s", f->dir, name) < PATH_MAX);
}

static void write_file(const char *path, const void *data, size_t n, mode_t mode)
{
	int fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0600);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, n), (ssize_t)n);
	assert_int_equal(fchmod(fd, mode), 0);
	close(fd);
}

static void key__create_then_load__mode_0600_and_32_bytes(void **state)
{
	fx *f = *state;
	char p[PATH_MAX];
	unsigned char key[DP_KEY_BYTES];
	struct stat st;
	dp_err err;
	mode_t old = umask(0);   /* a permissive umask must not loosen the key */

	path_in(f, "k", p);
	assert_int_equal(dp_key_create(p, &err), DP_OK);
	umask(old);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, DP_KEY_BYTES);
	assert_int_equal(dp_key_load(key, p, &err), DP_OK);
}

static void key__create__never_overwrites(void **state)
{
	fx *f = *state;
	char p[PATH_MAX];
	unsigned char a[DP_KEY_BYTES], b[DP_KEY_BYTES];
	dp_err err;

	path_in(f, "k", p);
	assert_int_equal(dp_key_create(p, &err), DP_OK);
	assert_int_equal(dp_key_load(a, p, &err), DP_OK);
	assert_int_equal(dp_key_create(p, &err), DP_CANTCREAT);
	assert_int_equal(err.code, DP_CANTCREAT);
	assert_int_equal(dp_key_load(b, p, &err), DP_OK);
	assert_memory_equal(a, b, DP_KEY_BYTES);
}

static void key__loose_mode__config_error(void **state)
{
	fx *f = *state;
	char p[PATH_MAX], want[PATH_MAX * 2 + 80];
	unsigned char key[DP_KEY_BYTES] = {0};
	dp_err err;

	path_in(f, "loose", p);
	write_file(p, key, sizeof key, 0640);
	assert_int_equal(dp_key_load(key, p, &err), DP_CONFIG);
	snprintf(want, sizeof want, "key file %s is readable by group or others (chmod 600 %s)",
	         p, p);
	assert_string_equal(err.msg, want);
	write_file(p, key, sizeof key, 0604);
	assert_int_equal(dp_key_load(key, p, &err), DP_CONFIG);
}

static void key__wrong_size__config_error(void **state)
{
	fx *f = *state;
	char p[PATH_MAX];
	unsigned char key[DP_KEY_BYTES + 1] = {0};
	dp_err err;

	path_in(f, "short", p);
	write_file(p, key, 31, 0600);
	assert_int_equal(dp_key_load(key, p, &err), DP_CONFIG);
	write_file(p, key, 33, 0600);
	assert_int_equal(dp_key_load(key, p, &err), DP_CONFIG);
	write_file(p, key, 0, 0600);
	assert_int_equal(dp_key_load(key, p, &err), DP_CONFIG);
}

static void key__symlink_or_dir__refused(void **state)
{
	fx *f = *state;
	char p[PATH_MAX], link_path[PATH_MAX];
	unsigned char key[DP_KEY_BYTES];
	dp_err err;

	path_in(f, "real", p);
	assert_int_equal(dp_key_create(p, &err), DP_OK);
	path_in(f, "link", link_path);
	assert_int_equal(symlink(p, link_path), 0);
	assert_int_equal(dp_key_load(key, link_path, &err), DP_CONFIG);
	assert_int_equal(dp_key_create(link_path, &err), DP_CANTCREAT);
	assert_int_equal(dp_key_load(key, f->dir, &err), DP_CONFIG);
}

static void key__missing__noinput(void **state)
{
	fx *f = *state;
	char p[PATH_MAX];
	unsigned char key[DP_KEY_BYTES];
	dp_err err;

	path_in(f, "absent", p);
	assert_int_equal(dp_key_load(key, p, &err), DP_NOINPUT);
}

static void key__resolve__explicit_then_env_then_user(void **state)
{
	fx *f = *state;
	char a[PATH_MAX], b[PATH_MAX], xdg[PATH_MAX], user[PATH_MAX];
	unsigned char ka[DP_KEY_BYTES], kb[DP_KEY_BYTES], k[DP_KEY_BYTES], ku[DP_KEY_BYTES];
	struct stat st;
	dp_err err;

	path_in(f, "a", a);
	path_in(f, "b", b);
	path_in(f, "xdg", xdg);
	assert_int_equal(dp_key_create(a, &err), DP_OK);
	assert_int_equal(dp_key_create(b, &err), DP_OK);
	assert_int_equal(dp_key_load(ka, a, &err), DP_OK);
	assert_int_equal(dp_key_load(kb, b, &err), DP_OK);
	setenv("DOPPEL_KEY_FILE", b, 1);
	setenv("XDG_CONFIG_HOME", xdg, 1);
	assert_int_equal(dp_key_resolve(k, a, &err), DP_OK);
	assert_memory_equal(k, ka, DP_KEY_BYTES);
	assert_int_equal(dp_key_resolve(k, NULL, &err), DP_OK);
	assert_memory_equal(k, kb, DP_KEY_BYTES);
	unsetenv("DOPPEL_KEY_FILE");
	assert_int_equal(dp_key_resolve(k, NULL, &err), DP_OK);
	assert_true(snprintf(user, sizeof user, "%s/doppel/fingerprint.key", xdg) < PATH_MAX);
	assert_int_equal(stat(user, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(dp_key_load(ku, user, &err), DP_OK);
	assert_memory_equal(k, ku, DP_KEY_BYTES);
	assert_true(snprintf(user, sizeof user, "%s/doppel", xdg) < PATH_MAX);
	assert_int_equal(stat(user, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700);
	/* second resolve reuses the same key */
	assert_int_equal(dp_key_resolve(k, NULL, &err), DP_OK);
	assert_memory_equal(k, ku, DP_KEY_BYTES);
	unsetenv("XDG_CONFIG_HOME");
}

static void key__resolve__env_loose_key__config(void **state)
{
	fx *f = *state;
	char p[PATH_MAX];
	unsigned char k[DP_KEY_BYTES] = {0};
	dp_err err;

	path_in(f, "loose", p);
	write_file(p, k, sizeof k, 0644);
	setenv("DOPPEL_KEY_FILE", p, 1);
	assert_int_equal(dp_key_resolve(k, NULL, &err), DP_CONFIG);
	unsetenv("DOPPEL_KEY_FILE");
}

static void fp__same_input__same_fingerprint(void **state)
{
	unsigned char key[DP_KEY_BYTES];
	char a[DP_FP_HEX], b[DP_FP_HEX];

	(void)state;
	memset(key, 7, sizeof key);
	dp_fingerprint(key, "email", "a.txt", "x@example.com", 13, a);
	dp_fingerprint(key, "email", "a.txt", "x@example.com", 13, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), DP_FP_HEX - 1);
	assert_int_equal(strspn(a, "0123456789abcdef"), DP_FP_HEX - 1);
	dp_fingerprint(key, "email", "./a.txt", "x@example.com", 13, b);
	assert_string_equal(a, b);
}

static void fp__any_part_changes__fingerprint_changes(void **state)
{
	unsigned char key[DP_KEY_BYTES], key2[DP_KEY_BYTES];
	char base[DP_FP_HEX], o[DP_FP_HEX];

	(void)state;
	memset(key, 7, sizeof key);
	memcpy(key2, key, sizeof key);
	key2[31] ^= 1;
	dp_fingerprint(key, "email", "a.txt", "x@example.com", 13, base);
	dp_fingerprint(key2, "email", "a.txt", "x@example.com", 13, o);
	assert_string_not_equal(base, o);
	dp_fingerprint(key, "phone", "a.txt", "x@example.com", 13, o);
	assert_string_not_equal(base, o);
	dp_fingerprint(key, "email", "b.txt", "x@example.com", 13, o);
	assert_string_not_equal(base, o);
	dp_fingerprint(key, "email", "a.txt", "y@example.com", 13, o);
	assert_string_not_equal(base, o);
	/* parts are length-prefixed: moving bytes between parts changes the result */
	dp_fingerprint(key, "ab", "c", "v", 1, base);
	dp_fingerprint(key, "a", "bc", "v", 1, o);
	assert_string_not_equal(base, o);
}

static void keyfp__hex16__differs_per_key(void **state)
{
	unsigned char k1[DP_KEY_BYTES], k2[DP_KEY_BYTES];
	char a[DP_KEYFP_HEX], b[DP_KEYFP_HEX], c[DP_KEYFP_HEX];

	(void)state;
	memset(k1, 1, sizeof k1);
	memset(k2, 2, sizeof k2);
	dp_key_fingerprint(k1, a);
	dp_key_fingerprint(k1, c);
	dp_key_fingerprint(k2, b);
	assert_int_equal(strlen(a), 16);
	assert_string_equal(a, c);
	assert_string_not_equal(a, b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(key__create_then_load__mode_0600_and_32_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(key__create__never_overwrites, setup, teardown),
		cmocka_unit_test_setup_teardown(key__loose_mode__config_error, setup, teardown),
		cmocka_unit_test_setup_teardown(key__wrong_size__config_error, setup, teardown),
		cmocka_unit_test_setup_teardown(key__symlink_or_dir__refused, setup, teardown),
		cmocka_unit_test_setup_teardown(key__missing__noinput, setup, teardown),
		cmocka_unit_test_setup_teardown(key__resolve__explicit_then_env_then_user, setup, teardown),
		cmocka_unit_test_setup_teardown(key__resolve__env_loose_key__config, setup, teardown),
		cmocka_unit_test(fp__same_input__same_fingerprint),
		cmocka_unit_test(fp__any_part_changes__fingerprint_changes),
		cmocka_unit_test(keyfp__hex16__differs_per_key),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
