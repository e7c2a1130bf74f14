/* manifest_hash.c - SHA-256 hashers and file hashing (manifest_hash.h). */
#include "config.h"
#include "manifest_hash.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dp_exit.h"

void dp_mf_hasher_init(dp_mf_hasher *h)
{
	if (sodium_init() < 0)
		abort();   /* idempotent; SHA-256 itself needs no initialisation */
	crypto_hash_sha256_init(&h->st);
	h->bytes = 0;
}

void dp_mf_hasher_update(dp_mf_hasher *h, const void *p, size_t n)
{
	crypto_hash_sha256_update(&h->st, p, n);
	h->bytes += n;
}

void dp_mf_hasher_final(dp_mf_hasher *h, char out[DP_MF_HASH_LEN])
{
	unsigned char md[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_final(&h->st, md);
	memcpy(out, "sha256:", 7);
	sodium_bin2hex(out + 7, DP_MF_HASH_LEN - 7, md, sizeof md);
}

void dp_mf_hash_buf(const void *p, size_t n, char out[DP_MF_HASH_LEN])
{
	dp_mf_hasher h;

	dp_mf_hasher_init(&h);
	dp_mf_hasher_update(&h, p, n);
	dp_mf_hasher_final(&h, out);
}

int dp_mf_hash_file_at(int dirfd, const char *path, char out[DP_MF_HASH_LEN],
                       unsigned long long *bytes, dp_err *err)
{
	char buf[65536];
	dp_mf_hasher h;
	struct stat st;
	ssize_t n;
	int fd = openat(dirfd, path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return dp_err_setf(err, DP_NOINPUT, path, 0, "not a regular file");
	}
	dp_mf_hasher_init(&h);
	while ((n = read(fd, buf, sizeof buf)) > 0)
		dp_mf_hasher_update(&h, buf, (size_t)n);
	close(fd);
	if (n < 0)
		return dp_err_setf(err, DP_IOERR, path, 0, "read error: %s", strerror(errno));
	if (bytes)
		*bytes = h.bytes;
	dp_mf_hasher_final(&h, out);
	return DP_OK;
}

int dp_mf_hash_ok(const char *s)
{
	if (!s || strncmp(s, "sha256:", 7) != 0 || strlen(s) != 71)
		return 0;
	for (s += 7; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return 0;
	return 1;
}

int dp_mf_hasher_tee(const void *buf, size_t n, void *ud)
{
	dp_mf_hasher_update(ud, buf, n);
	return 0;
}
