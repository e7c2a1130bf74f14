/* fingerprint.c - key files and keyed BLAKE2b fingerprints (fingerprint.h). */
#include "config.h"
#include "fingerprint.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "dp_exit.h"

#define DP_FP_DOMAIN "doppel-fp-v1"
#define DP_KEYID_DOMAIN "doppel-key-id-v1"
#define DP_FP_BYTES 16

int dp_key_init(void)
{
	return sodium_init() < 0 ? -1 : 0;
}

/* Reads up to cap bytes (stops at end of file); -1 on a read error. */
static ssize_t dp_read_all(int fd, unsigned char *buf, size_t cap)
{
	size_t got = 0;

	while (got < cap) {
		ssize_t k = read(fd, buf + got, cap - got);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -1;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static int dp_key_open(const char *path, int *fd, dp_err *err)
{
	/* O_NONBLOCK: a FIFO in place of the key must not hang us (fstat then refuses it) */
	*fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (*fd >= 0)
		return DP_OK;
	if (errno == ENOENT)
		return dp_err_set(err, DP_NOINPUT, "key file %s does not exist", path);
	if (errno == ELOOP)
		return dp_err_set(err, DP_CONFIG, "key file %s is a symbolic link; give the real path",
		                  path);
	return dp_err_set(err, DP_NOINPUT, "cannot open key file %s: %s", path, strerror(errno));
}

static int dp_key_check_stat(int fd, const char *path, dp_err *err)
{
	struct stat st;

	if (fstat(fd, &st) != 0)
		return dp_err_set(err, DP_NOINPUT, "cannot stat key file %s: %s", path,
		                  strerror(errno));
	if (!S_ISREG(st.st_mode))
		return dp_err_set(err, DP_CONFIG, "key file %s is not a regular file", path);
	if ((st.st_mode & 077) != 0)
		return dp_err_set(err, DP_CONFIG,
		                  "key file %s is readable by group or others (chmod 600 %s)",
		                  path, path);
	if (st.st_size != DP_KEY_BYTES)
		return dp_err_set(err, DP_CONFIG, "key file %s must hold exactly %d bytes, not %lld",
		                  path, DP_KEY_BYTES, (long long)st.st_size);
	return DP_OK;
}

int dp_key_load(unsigned char key[DP_KEY_BYTES], const char *path, dp_err *err)
{
	unsigned char buf[DP_KEY_BYTES + 1];
	ssize_t got;
	int fd, rc;

	if (!path || !*path)
		return dp_err_set(err, DP_CONFIG, "no key file given");
	if ((rc = dp_key_open(path, &fd, err)) != DP_OK)
		return rc;
	rc = dp_key_check_stat(fd, path, err);
	if (rc == DP_OK) {
		got = dp_read_all(fd, buf, sizeof buf);
		if (got < 0)
			rc = dp_err_set(err, DP_IOERR, "cannot read key file %s: %s", path,
			                strerror(errno));
		else if (got != DP_KEY_BYTES)
			rc = dp_err_set(err, DP_CONFIG, "key file %s must hold exactly %d bytes",
			                path, DP_KEY_BYTES);
		else
			memcpy(key, buf, DP_KEY_BYTES);
	}
	sodium_memzero(buf, sizeof buf);
	close(fd);
	return rc;
}

static int dp_write_all(int fd, const unsigned char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Writes 32 fresh random bytes to fd, which has mode 0600 whatever the umask. */
static int dp_key_fill(int fd)
{
	unsigned char key[DP_KEY_BYTES];
	int rc;

	randombytes_buf(key, sizeof key);
	rc = fchmod(fd, 0600) == 0 && dp_write_all(fd, key, sizeof key) == 0 &&
	     fsync(fd) == 0 ? 0 : -1;
	sodium_memzero(key, sizeof key);
	return rc;
}

int dp_key_create(const char *path, dp_err *err)
{
	int fd, saved;

	if (!path || !*path)
		return dp_err_set(err, DP_CANTCREAT, "no key file given");
	if (dp_key_init() != 0)
		return dp_err_set(err, DP_SOFTWARE, "libsodium failed to initialise");
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0) {
		if (errno == EEXIST)
			return dp_err_set(err, DP_CANTCREAT,
			                  "key file %s already exists; not overwriting it", path);
		return dp_err_set(err, DP_CANTCREAT, "cannot create key file %s: %s", path,
		                  strerror(errno));
	}
	if (dp_key_fill(fd) != 0) {
		saved = errno;
		close(fd);
		unlink(path);
		return dp_err_set(err, DP_CANTCREAT, "cannot write key file %s: %s", path,
		                  strerror(saved));
	}
	if (close(fd) != 0) {
		saved = errno;
		unlink(path);
		return dp_err_set(err, DP_CANTCREAT, "cannot write key file %s: %s", path,
		                  strerror(saved));
	}
	return DP_OK;
}

/* mkdir -m 0700 for a directory that may already exist. */
static int dp_mkdir_private(const char *dir, dp_err *err)
{
	struct stat st;

	if (mkdir(dir, 0700) == 0 || (errno == EEXIST && stat(dir, &st) == 0 &&
	                              S_ISDIR(st.st_mode)))
		return DP_OK;
	return dp_err_set(err, DP_CANTCREAT, "cannot create directory %s: %s", dir,
	                  strerror(errno));
}

/* Writes the per-user key directory into dir: ${XDG_CONFIG_HOME:-$HOME/.config}/doppel,
 * creating what is missing. */
static int dp_key_user_dir(char *dir, size_t dirsz, dp_err *err)
{
	const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
	int n, rc;

	if (xdg && xdg[0] == '/') {   /* XDG: relative values are ignored */
		n = snprintf(dir, dirsz, "%s", xdg);
	} else {
		if (!home || home[0] != '/')
			return dp_err_set(err, DP_CONFIG, "no key: HOME is not set; use --key-file "
			                  "or DOPPEL_KEY_FILE");
		n = snprintf(dir, dirsz, "%s/.config", home);
	}
	if (n < 0 || (size_t)n + sizeof "/doppel/fingerprint.key.XXXXXX" > dirsz)
		return dp_err_set(err, DP_CONFIG, "key directory path is too long");
	if ((rc = dp_mkdir_private(dir, err)) != DP_OK)
		return rc;
	strcat(dir, "/doppel");
	return dp_mkdir_private(dir, err);
}

/* Creates the per-user key without a window in which another process could read a
 * short file: the key is written under a temporary name, then linked into place
 * (link never replaces an existing file, so a concurrent creator's key wins). */
static int dp_key_create_user(const char *path, dp_err *err)
{
	char tmp[4096];
	unsigned char rnd[6];
	char hex[sizeof rnd * 2 + 1];
	int rc;

	if (dp_key_init() != 0)
		return dp_err_set(err, DP_SOFTWARE, "libsodium failed to initialise");
	randombytes_buf(rnd, sizeof rnd);
	sodium_bin2hex(hex, sizeof hex, rnd, sizeof rnd);
	if (snprintf(tmp, sizeof tmp, "%s.%s", path, hex) >= (int)sizeof tmp)
		return dp_err_set(err, DP_CANTCREAT, "key file path is too long");
	if ((rc = dp_key_create(tmp, err)) != DP_OK)
		return rc;
	if (link(tmp, path) != 0 && errno != EEXIST) {
		rc = dp_err_set(err, DP_CANTCREAT, "cannot create key file %s: %s", path,
		                strerror(errno));
	}
	unlink(tmp);
	return rc;
}

int dp_key_resolve(unsigned char key[DP_KEY_BYTES], const char *explicit_path, dp_err *err)
{
	const char *env = getenv("DOPPEL_KEY_FILE");
	char path[4096];
	int rc;

	if (explicit_path && *explicit_path)
		return dp_key_load(key, explicit_path, err);
	if (env && *env)
		return dp_key_load(key, env, err);
	if ((rc = dp_key_user_dir(path, sizeof path, err)) != DP_OK)
		return rc;
	strcat(path, "/fingerprint.key");
	if (access(path, F_OK) != 0 && errno == ENOENT &&
	    (rc = dp_key_create_user(path, err)) != DP_OK)
		return rc;
	return dp_key_load(key, path, err);
}

void dp_key_fingerprint(const unsigned char key[DP_KEY_BYTES], char out[DP_KEYFP_HEX])
{
	unsigned char h[DP_FP_BYTES];

	crypto_generichash(h, sizeof h, (const unsigned char *)DP_KEYID_DOMAIN,
	                   sizeof DP_KEYID_DOMAIN - 1, key, DP_KEY_BYTES);
	sodium_bin2hex(out, DP_KEYFP_HEX, h, (DP_KEYFP_HEX - 1) / 2);
}

/* Feeds one part as an 8-byte big-endian length and the bytes, so parts cannot run
 * into each other ("ab"+"c" differs from "a"+"bc"). */
static void dp_fp_part(crypto_generichash_state *st, const void *p, size_t n)
{
	unsigned char len[8];
	uint64_t v = (uint64_t)n;

	for (int i = 7; i >= 0; i--) {
		len[i] = (unsigned char)(v & 0xFF);
		v >>= 8;
	}
	crypto_generichash_update(st, len, sizeof len);
	if (n > 0)
		crypto_generichash_update(st, p, n);
}

/* Paths are compared without leading "./", so "./a.txt" and "a.txt" agree. */
static const char *dp_fp_path(const char *path)
{
	if (!path)
		return "";
	while (path[0] == '.' && path[1] == '/' && path[2])
		path += 2;
	return path;
}

void dp_fingerprint(const unsigned char key[DP_KEY_BYTES], const char *type_id,
                    const char *path, const char *norm, size_t n, char out[DP_FP_HEX])
{
	crypto_generichash_state st;
	unsigned char h[DP_FP_BYTES];

	type_id = type_id ? type_id : "";
	path = dp_fp_path(path);
	crypto_generichash_init(&st, key, DP_KEY_BYTES, sizeof h);
	dp_fp_part(&st, DP_FP_DOMAIN, sizeof DP_FP_DOMAIN - 1);
	dp_fp_part(&st, type_id, strlen(type_id));
	dp_fp_part(&st, path, strlen(path));
	dp_fp_part(&st, norm, norm ? n : 0);
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, DP_FP_HEX, h, sizeof h);
	sodium_memzero(&st, sizeof st);
}
