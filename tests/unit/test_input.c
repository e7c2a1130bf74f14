/* test_input.c - reading files and pipes with transparent gzip, tee, peek, getline caps. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "dp_exit.h"
#include "input.h"

static char path[64];

static void write_file(const void *p, size_t n)
{
	FILE *f;

	snprintf(path, sizeof path, "/tmp/dp-input-XXXXXX");
	close(mkstemp(path));
	f = fopen(path, "wb");
	fwrite(p, 1, n, f);
	fclose(f);
}

static size_t gzip_buf(const char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream z;

	memset(&z, 0, sizeof z);
	deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (unsigned char *)in;
	z.avail_in = (uInt)n;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return cap - z.avail_out;
}

static int tee_file(const void *p, size_t n, void *ud)
{
	return fwrite(p, 1, n, ud) == n ? 0 : -1;
}

static size_t read_all(dp_input *in, char *buf, size_t cap, int *rc)
{
	size_t got = 0;
	ssize_t r;
	dp_err err;

	while ((r = dp_input_read(in, buf + got, cap - got, &err)) > 0)
		got += (size_t)r;
	*rc = r < 0 ? err.code : 0;
	return got;
}

static void input__plain_file__read_whole(void **s)
{
	dp_input *in;
	dp_err err;
	char buf[64];
	int rc;

	(void)s;
	write_file("hello\nworld", 11);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	assert_int_equal(read_all(in, buf, sizeof buf, &rc), 11);
	assert_int_equal(rc, 0);
	assert_memory_equal(buf, "hello\nworld", 11);
	assert_int_equal(dp_input_is_gzip(in), 0);
	dp_input_close(in);
	unlink(path);
}

static void input__gzip__decompressed_and_tee_sees_raw(void **s)
{
	const char *text = "line one\nline two\n";
	unsigned char gz[256];
	size_t gzn = gzip_buf(text, strlen(text), gz, sizeof gz);
	dp_input *in;
	dp_err err;
	char buf[64];
	int rc;
	size_t n;
	FILE *tee = tmpfile();

	(void)s;
	write_file(gz, gzn);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	dp_input_set_tee(in, tee_file, tee);
	n = read_all(in, buf, sizeof buf, &rc);
	assert_int_equal(ftell(tee), (long)gzn);
	assert_int_equal(rc, 0);
	assert_int_equal(n, strlen(text));
	assert_memory_equal(buf, text, n);
	assert_int_equal(dp_input_is_gzip(in), 1);
	assert_int_equal(dp_input_raw_bytes(in), gzn);
	dp_input_close(in);
	fclose(tee);
	unlink(path);
}

static void input__truncated_gzip__dataerr(void **s)
{
	char text[4096];
	unsigned char gz[8192];
	size_t gzn;
	dp_input *in;
	dp_err err;
	char buf[8192];
	int rc;

	(void)s;
	for (size_t i = 0; i < sizeof text; i++)
		text[i] = (char)('a' + (i * 7) % 26);
	gzn = gzip_buf(text, sizeof text, gz, sizeof gz);
	write_file(gz, gzn / 2);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	read_all(in, buf, sizeof buf, &rc);
	assert_int_equal(rc, DP_DATAERR);
	dp_input_close(in);
	unlink(path);
}

static void input__concatenated_members__all_read(void **s)
{
	unsigned char gz[512];
	size_t a = gzip_buf("first\n", 6, gz, sizeof gz);
	size_t b = gzip_buf("second\n", 7, gz + a, sizeof gz - a);
	dp_input *in;
	dp_err err;
	char buf[64];
	int rc;

	(void)s;
	write_file(gz, a + b);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	assert_int_equal(read_all(in, buf, sizeof buf, &rc), 13);
	assert_int_equal(rc, 0);
	assert_memory_equal(buf, "first\nsecond\n", 13);
	dp_input_close(in);
	unlink(path);
}

static void input__getline__lines_and_cap(void **s)
{
	dp_input *in;
	dp_err err;
	dp_buf line;

	(void)s;
	write_file("ab\r\ncdef\nlast", 13);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	dp_buf_init(&line, 5);
	assert_int_equal(dp_input_getline(in, &line, &err), 1);
	assert_int_equal(line.len, 4);
	assert_memory_equal(line.data, "ab\r\n", 4);
	dp_buf_reset(&line);
	assert_int_equal(dp_input_getline(in, &line, &err), 1);
	assert_string_equal(line.data, "cdef\n");
	dp_buf_reset(&line);
	assert_int_equal(dp_input_getline(in, &line, &err), 1);
	assert_string_equal(line.data, "last");
	dp_buf_reset(&line);
	assert_int_equal(dp_input_getline(in, &line, &err), 0);
	dp_input_close(in);
	write_file("toolongline\n", 12);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	assert_int_equal(dp_input_getline(in, &line, &err), -1);
	assert_int_equal(err.code, DP_DATAERR);
	dp_input_close(in);
	dp_buf_free(&line);
	unlink(path);
}

static void input__peek__does_not_consume(void **s)
{
	dp_input *in;
	dp_err err;
	const char *p;
	char buf[16];
	int rc;

	(void)s;
	write_file("peekaboo", 8);
	assert_int_equal(dp_input_open(&in, path, &err), 0);
	assert_int_equal(dp_input_peek(in, &p, &err), 8);
	assert_memory_equal(p, "peekaboo", 8);
	assert_int_equal(read_all(in, buf, sizeof buf, &rc), 8);
	dp_input_close(in);
	unlink(path);
}

static void input__missing_file__noinput(void **s)
{
	dp_input *in;
	dp_err err;

	(void)s;
	assert_int_equal(dp_input_open(&in, "/nonexistent/x", &err), DP_NOINPUT);
	assert_null(in);
	assert_string_equal(err.file, "/nonexistent/x");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(input__plain_file__read_whole),
		cmocka_unit_test(input__gzip__decompressed_and_tee_sees_raw),
		cmocka_unit_test(input__truncated_gzip__dataerr),
		cmocka_unit_test(input__concatenated_members__all_read),
		cmocka_unit_test(input__getline__lines_and_cap),
		cmocka_unit_test(input__peek__does_not_consume),
		cmocka_unit_test(input__missing_file__noinput),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
