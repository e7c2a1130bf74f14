/* test_manifest.c - the manifest model: parsing with its structural checks, names and
 * paths, ids, deterministic dumps, atomic writes, argv without secrets. */
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
#include <unistd.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "manifest_step.h"

#define HASH "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static const char good[] =
	"{\"name\": \"customers\", \"version\": \"1.0.0\", \"doppel:manifestVersion\": 1,\n"
	" \"doppel:status\": \"sealed\", \"created\": \"2026-01-01T00:00:00Z\",\n"
	" \"resources\": [{\"name\": \"c\", \"path\": \"data/c.csv\", \"bytes\": 3, \"hash\": \"" HASH "\"}],\n"
	" \"doppel:steps\": [{\"seq\": 1, \"prev\": null, \"tool\": \"doppel-scan\", \"exit\": 0,\n"
	"   \"in\": [{\"path\": \"-\", \"hash\": \"" HASH "\", \"bytes\": 3}]}],\n"
	" \"doppel:retention\": {\"class\": \"draft\", \"expires\": \"2026-01-31T00:00:00Z\",\n"
	"   \"legalHold\": {\"active\": false}},\n"
	" \"doppel:events\": [{\"at\": \"2026-01-01T00:00:00Z\", \"event\": \"sealed\"}]}";

static int parse_with(const char *from, const char *to)
{
	char buf[4096];
	const char *p = strstr(good, from);
	json_t *m;
	dp_err err;
	int rc;

	assert_non_null(p);
	snprintf(buf, sizeof buf, "%.*s%s%s", (int)(p - good), good, to, p + strlen(from));
	dp_err_clear(&err);
	rc = dp_mf_parse(buf, strlen(buf), "m.json", DP_MF_MANIFEST, &m, &err);
	if (rc == DP_OK)
		json_decref(m);
	else
		assert_string_equal(err.file, "m.json");
	return rc;
}

static void parse__accepts_a_manifest(void **s)
{
	json_t *m;
	dp_err err;

	(void)s;
	assert_int_equal(dp_mf_parse(good, strlen(good), "m", DP_MF_MANIFEST, &m, &err), DP_OK);
	assert_string_equal(dp_mf_status(m), "sealed");
	json_decref(m);
	assert_int_equal(dp_mf_parse(good, strlen(good), "m", DP_MF_TOMB, &m, &err), DP_DATAERR);
}

static void parse__refuses_what_readers_rely_on(void **s)
{
	(void)s;
	assert_int_equal(parse_with("\"doppel:manifestVersion\": 1", "\"doppel:manifestVersion\": 2"), DP_DATAERR);
	assert_int_equal(parse_with("\"doppel:manifestVersion\": 1", "\"x\": 1"), DP_DATAERR);
	assert_int_equal(parse_with("\"sealed\", \"created\"", "\"purged\", \"created\""), DP_DATAERR);
	assert_int_equal(parse_with("\"customers\"", "\"../etc\""), DP_DATAERR);
	assert_int_equal(parse_with("\"data/c.csv\"", "\"../c.csv\""), DP_DATAERR);
	assert_int_equal(parse_with("\"data/c.csv\"", "\"/etc/passwd\""), DP_DATAERR);
	assert_int_equal(parse_with("\"bytes\": 3, \"hash\"", "\"bytes\": -3, \"hash\""), DP_DATAERR);
	assert_int_equal(parse_with("\"prev\": null", "\"prev\": \"x\""), DP_DATAERR);
	assert_int_equal(parse_with("\"seq\": 1", "\"seq\": \"1\""), DP_DATAERR);
	assert_int_equal(parse_with("{\"active\": false}", "{\"active\": \"no\"}"), DP_DATAERR);
	assert_int_equal(parse_with("\"expires\": \"2026-01-31T00:00:00Z\"", "\"expires\": \"soon\""), DP_DATAERR);
	assert_int_equal(parse_with("\"event\": \"sealed\"}", "\"what\": 1}"), DP_DATAERR);
	assert_int_equal(parse_with("\"created\": \"2026", "\"created\": \"2026\", \"created\": \"2026"), DP_DATAERR);
	assert_int_equal(parse_with("\"doppel:events\"", "\"doppel:events\": 1, \"y\""), DP_DATAERR);
	assert_int_equal(parse_with("{\"name\"", "[{\"name\""), DP_DATAERR);
}

static void names_and_paths(void **s)
{
	(void)s;
	assert_true(dp_mf_name_ok("customers-2024.v1_x"));
	assert_false(dp_mf_name_ok("Customers"));
	assert_false(dp_mf_name_ok(".staging"));
	assert_false(dp_mf_name_ok("-x"));
	assert_false(dp_mf_name_ok(""));
	assert_true(dp_mf_version_ok("1.3.0-rc.1+build.5"));
	assert_false(dp_mf_version_ok("../1"));
	assert_false(dp_mf_version_ok("1/2"));
	assert_true(dp_mf_path_ok("data/customers.csv"));
	assert_true(dp_mf_path_ok("a"));
	assert_false(dp_mf_path_ok("../a"));
	assert_false(dp_mf_path_ok("a/../b"));
	assert_false(dp_mf_path_ok("a//b"));
	assert_false(dp_mf_path_ok("a/"));
	assert_false(dp_mf_path_ok("/a"));
	assert_false(dp_mf_path_ok("a/.hidden"));
	assert_false(dp_mf_path_ok("a\\b"));
	assert_false(dp_mf_path_ok("a\nb"));
	assert_false(dp_mf_path_ok(NULL));
}

static void uuid__random_and_derived(void **s)
{
	char a[DP_MF_ID_LEN], b[DP_MF_ID_LEN];

	(void)s;
	dp_mf_uuid(a, NULL);
	dp_mf_uuid(b, NULL);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 45);
	assert_int_equal(a[23], '4');   /* version 4 */
	dp_mf_uuid(a, "seed");
	dp_mf_uuid(b, "seed");
	assert_string_equal(a, b);
	assert_int_equal(a[23], '8');   /* version 8: derived */
	dp_mf_uuid(b, "other");
	assert_string_not_equal(a, b);
}

static void write__atomic_and_deterministic(void **s)
{
	char dir[] = "/tmp/dp-mf-XXXXXX", path[64], *d1, *d2;
	json_t *m, *back;
	dp_err err;
	int fd;

	(void)s;
	assert_non_null(mkdtemp(dir));
	fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_int_equal(dp_mf_parse(good, strlen(good), "m", DP_MF_MANIFEST, &m, &err), DP_OK);
	assert_int_equal(dp_mf_write_at(fd, DP_MF_FILE, m, &err), DP_OK);
	assert_int_equal(dp_mf_load_at(fd, DP_MF_FILE, "m", DP_MF_MANIFEST, &back, &err), DP_OK);
	d1 = dp_mf_dump(m);
	d2 = dp_mf_dump(back);
	assert_string_equal(d1, d2);
	assert_int_equal(d1[strlen(d1) - 1], '\n');
	assert_non_null(strstr(d1, "\n  \"version\": \"1.0.0\",\n"));   /* indented, in order */
	free(d1);
	free(d2);
	json_decref(back);
	assert_int_equal(dp_mf_load_at(fd, "missing.json", "x", DP_MF_MANIFEST, &back, &err), DP_NOINPUT);
	snprintf(path, sizeof path, "%s/link.json", dir);
	assert_int_equal(symlink(DP_MF_FILE, path), 0);
	assert_int_equal(dp_mf_load_at(fd, "link.json", "x", DP_MF_MANIFEST, &back, &err), DP_DATAERR);
	unlink(path);
	snprintf(path, sizeof path, "rm -r %s", dir);
	assert_int_equal(system(path), 0);
	json_decref(m);
	close(fd);
}

static void hash_json__key_order_free(void **s)
{
	char a[72], b[72];
	json_t *x = json_pack("{s:i, s:s}", "a", 1, "b", "c"), *y = json_pack("{s:s, s:i}", "b", "c", "a", 1);

	(void)s;
	dp_mf_hash_json(x, a);
	dp_mf_hash_json(y, b);
	assert_string_equal(a, b);
	json_object_set_new(y, "a", json_integer(2));
	dp_mf_hash_json(y, b);
	assert_string_not_equal(a, b);
	json_decref(x);
	json_decref(y);
}

static void argv__secrets_redacted(void **s)
{
	char *argv[] = {"doppel-anon", "--key-file", "k.key", "--password=hunter2", "--api-token", "abc",
	                "--key", "raw", "--map=m.db", "-o", "out.csv", "in.csv"};
	json_t *a = dp_mf_argv(12, argv);
	char *txt = json_dumps(a, JSON_COMPACT);

	(void)s;
	assert_string_equal(txt, "[\"doppel-anon\",\"--key-file\",\"k.key\",\"--password=(redacted)\","
	                    "\"--api-token\",\"(redacted)\",\"--key\",\"(redacted)\",\"--map=m.db\",\"-o\","
	                    "\"out.csv\",\"in.csv\"]");
	free(txt);
	json_decref(a);
}

/* found by fuzz_manifest: a step's output whose resource has no hash crashed the check */
static void chain__resource_without_hash(void **s)
{
	static const char doc[] =
		"{\"name\": \"d\", \"version\": \"1\", \"doppel:manifestVersion\": 1,"
		" \"doppel:status\": \"building\", \"resources\": [{\"path\": \"x.csv\"}],"
		" \"doppel:steps\": [{\"seq\": 1, \"prev\": null, \"tool\": \"t\", \"exit\": 0,"
		" \"out\": [{\"path\": \"x.csv\", \"hash\": \"" HASH "\"}]}]}";
	json_t *m;
	dp_err err;

	(void)s;
	assert_int_equal(dp_mf_parse(doc, strlen(doc), "m", DP_MF_MANIFEST, &m, &err), DP_OK);
	assert_int_equal(dp_mf_check_chain(m, json_object_get(m, "resources"), &err), DP_DATAERR);
	json_decref(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse__accepts_a_manifest),
		cmocka_unit_test(parse__refuses_what_readers_rely_on),
		cmocka_unit_test(names_and_paths),
		cmocka_unit_test(uuid__random_and_derived),
		cmocka_unit_test(write__atomic_and_deterministic),
		cmocka_unit_test(hash_json__key_order_free),
		cmocka_unit_test(argv__secrets_redacted),
		cmocka_unit_test(chain__resource_without_hash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
