/* manifest.c - parse, check, dump and atomically write manifests (manifest.h). */
#include "config.h"
#include "manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"
#include "dynbuf.h"
#include "manifest_check.h"
#include "manifest_hash.h"

const char *dp_mf_str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

const char *dp_mf_status(const json_t *m)
{
	return dp_mf_str(m, "doppel:status");
}

static int charset_ok(const char *s, size_t max, const char *extra, int upper)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (upper && c >= 'A' && c <= 'Z')
		      || (i > 0 && strchr(extra, c))))
			return 0;
	}
	return 1;
}

int dp_mf_name_ok(const char *s)
{
	return charset_ok(s, 100, "._-", 0);
}

int dp_mf_version_ok(const char *s)
{
	return charset_ok(s, 64, "._+-", 1);
}

int dp_mf_path_ok(const char *p)
{
	if (!p || !*p || *p == '/' || strlen(p) > 4096)
		return 0;
	for (const char *c = p; *c; c++)
		if (*c == '\\' || (unsigned char)*c < 0x20)
			return 0;
	for (const char *seg = p; seg; ) {
		const char *slash = strchr(seg, '/');
		size_t len = slash ? (size_t)(slash - seg) : strlen(seg);

		if (len == 0 || seg[0] == '.')
			return 0;   /* "//", "/" at the end, ".", "..", hidden */
		seg = slash ? slash + 1 : NULL;
	}
	return 1;
}

void dp_mf_uuid(char out[DP_MF_ID_LEN], const char *seed)
{
	unsigned char b[crypto_hash_sha256_BYTES];
	char hex[33];

	if (sodium_init() < 0)
		abort();
	if (seed)
		crypto_hash_sha256(b, (const unsigned char *)seed, strlen(seed));
	else
		randombytes_buf(b, 16);
	b[6] = (unsigned char)((b[6] & 0x0f) | (seed ? 0x80 : 0x40));
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	sodium_bin2hex(hex, sizeof hex, b, 16);
	snprintf(out, DP_MF_ID_LEN, "urn:uuid:%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12,
	         hex + 16, hex + 20);
}

void dp_mf_hash_json(const json_t *v, char out[72])
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);

	dp_mf_hash_buf(s ? s : "", s ? strlen(s) : 0, out);
	free(s);
}

char *dp_mf_dump(const json_t *m)
{
	char *s = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER), *r;
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	if ((r = realloc(s, n + 2)) == NULL) {
		free(s);
		return NULL;
	}
	r[n] = '\n';
	r[n + 1] = '\0';
	return r;
}

int dp_mf_parse(const char *buf, size_t n, const char *file, enum dp_mf_kind kind,
                json_t **out, dp_err *err)
{
	json_error_t je;
	json_t *m;
	int rc;

	*out = NULL;
	if (n > DP_MF_MAX_BYTES)
		return dp_err_setf(err, DP_DATAERR, file, 0, "manifest larger than %u bytes", DP_MF_MAX_BYTES);
	m = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &je);
	if (!m)
		return dp_err_setf(err, DP_DATAERR, file, je.line > 0 ? je.line : 0, "bad JSON: %s", je.text);
	if ((rc = dp_mf_check(m, kind, file, err)) != DP_OK) {
		json_decref(m);
		return rc;
	}
	*out = m;
	return DP_OK;
}

static int read_all(int fd, dp_buf *b, const char *display, dp_err *err)
{
	char tmp[65536];
	ssize_t r;

	while ((r = read(fd, tmp, sizeof tmp)) > 0)
		if (dp_buf_add(b, tmp, (size_t)r) != 0)
			return dp_err_setf(err, DP_DATAERR, display, 0, "manifest too large");
	return r < 0 ? dp_err_setf(err, DP_IOERR, display, 0, "read error: %s", strerror(errno)) : DP_OK;
}

int dp_mf_load_at(int dirfd, const char *name, const char *display, enum dp_mf_kind kind,
                  json_t **out, dp_err *err)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	struct stat st;
	dp_buf b;
	int rc;

	*out = NULL;
	if (fd < 0)
		return dp_err_setf(err, errno == ENOENT ? DP_NOINPUT : DP_DATAERR, display, 0,
		                   "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return dp_err_setf(err, DP_DATAERR, display, 0, "not a regular file");
	}
	dp_buf_init(&b, DP_MF_MAX_BYTES);
	rc = read_all(fd, &b, display, err);
	close(fd);
	if (rc == DP_OK)
		rc = dp_mf_parse(b.len ? b.data : "", b.len, display, kind, out, err);
	dp_buf_free(&b);
	return rc;
}

/* a new temporary file next to name: NAME.tmp<random> */
static int open_tmp(int dirfd, const char *name, char *tmp, size_t cap)
{
	for (int tries = 0; tries < 100; tries++) {
		int fd;

		snprintf(tmp, cap, ".%s.tmp%08x", name, randombytes_random());
		fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t w = write(fd, s, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w, n -= (size_t)w;
	}
	return 0;
}

int dp_mf_write_at(int dirfd, const char *name, const json_t *m, dp_err *err)
{
	char tmp[256];
	char *s = dp_mf_dump(m);
	int fd, bad;

	if (!s)
		return dp_err_setf(err, DP_SOFTWARE, name, 0, "cannot serialise the manifest");
	if (sodium_init() < 0)
		abort();
	if ((fd = open_tmp(dirfd, name, tmp, sizeof tmp)) < 0) {
		free(s);
		return dp_err_setf(err, DP_CANTCREAT, name, 0, "cannot create a temporary file: %s", strerror(errno));
	}
	bad = write_all(fd, s, strlen(s)) != 0 || fsync(fd) != 0;
	bad |= close(fd) != 0;
	free(s);
	if (bad || renameat(dirfd, tmp, dirfd, name) != 0) {
		int e = errno;

		unlinkat(dirfd, tmp, 0);
		return dp_err_setf(err, DP_IOERR, name, 0, "cannot write: %s", strerror(e));
	}
	if (fsync(dirfd) != 0)
		return dp_err_setf(err, DP_IOERR, name, 0, "cannot sync the directory: %s", strerror(errno));
	return DP_OK;
}
