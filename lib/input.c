/* input.c - file or stdin input with transparent gzip (input.h). Raw bytes are read
 * from the descriptor in blocks, passed to the tee, and inflated when the input starts
 * with the gzip magic; decompressed bytes collect in `dbuf` for read/peek/getline. */
#include "config.h"
#include "input.h"

#include <errno.h>
#include <fnmatch.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "dp_exit.h"
#include "transcode.h"

#define RAW_BLOCK (256 * 1024)
#define DEC_BLOCK (256 * 1024)
#define PEEK_MAX (8 * 1024)   /* peek at least this much, or up to the first newline */
#define GUESS_MAX (64 * 1024) /* sample the encoding guess reads from a regular file */
#define CBUF (DEC_BLOCK + RAW_BLOCK)

struct dp_input {
	int fd;
	char *name;
	int is_gz, eof_raw, sniffed, stream_end;
	z_stream zs;
	unsigned char *rbuf;       /* raw bytes not yet inflated (gzip only) */
	char *dbuf;                /* decompressed bytes: [dpos, dlen) unread */
	size_t dpos, dlen;
	unsigned long long raw_total;
	dp_tee_fn tee;
	void *tee_ud;
	dp_tc *tc;                 /* --encoding or a guess: converts to UTF-8, else NULL */
	char *cbuf;                /* bytes not yet converted: [0, clen) */
	size_t clen;
	int ceof, cdone;           /* no more bytes to convert / conversion finished */
};

static ssize_t read_raw(dp_input *in, void *buf, size_t n, dp_err *err)
{
	ssize_t r;

	do
		r = read(in->fd, buf, n);
	while (r < 0 && errno == EINTR);
	if (r < 0) {
		dp_err_setf(err, DP_IOERR, in->name, 0, "read error: %s", strerror(errno));
		return -1;
	}
	if (r == 0)
		in->eof_raw = 1;
	in->raw_total += (unsigned long long)r;
	if (r > 0 && in->tee && in->tee(buf, (size_t)r, in->tee_ud) != 0) {
		dp_err_setf(err, DP_IOERR, in->name, 0, "cannot write pass-through output");
		return -1;
	}
	return r;
}

/* Reads the first raw block and decides whether the input is gzip. */
static int sniff(dp_input *in, dp_err *err)
{
	ssize_t r = read_raw(in, in->rbuf, RAW_BLOCK, err);

	if (r < 0)
		return err->code;
	if (r >= 2 && in->rbuf[0] == 0x1f && in->rbuf[1] == 0x8b) {
		in->is_gz = 1;
		if (inflateInit2(&in->zs, 16 + MAX_WBITS) != Z_OK)
			return dp_err_set(err, DP_SOFTWARE, "zlib initialisation failed");
		in->zs.next_in = in->rbuf;
		in->zs.avail_in = (uInt)r;
		return 0;
	}
	memcpy(in->dbuf, in->rbuf, (size_t)r);
	in->dlen = (size_t)r;
	return 0;
}

int dp_input_open(dp_input **out, const char *path, dp_err *err)
{
	int fd = 0;

	*out = NULL;
	if (path && strcmp(path, "-") != 0) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return dp_err_setf(err, DP_NOINPUT, path, 0, "cannot open: %s", strerror(errno));
	} else {
		path = "<stdin>";
	}
	return dp_input_open_fd(out, fd, path, err);
}

void dp_input_set_tee(dp_input *in, dp_tee_fn fn, void *ud)
{
	in->tee = fn;
	in->tee_ud = ud;
}

/* Starts the next gzip member, or fails on trailing garbage. */
static int next_member(dp_input *in, dp_err *err)
{
	if (in->zs.avail_in == 0) {
		ssize_t r = read_raw(in, in->rbuf, RAW_BLOCK, err);

		if (r < 0)
			return -1;
		if (r == 0)
			return 1;   /* clean end */
		in->zs.next_in = in->rbuf;
		in->zs.avail_in = (uInt)r;
	}
	if (in->zs.next_in[0] != 0x1f) {
		dp_err_setf(err, DP_DATAERR, in->name, 0, "trailing garbage after gzip data");
		return -1;
	}
	inflateReset(&in->zs);
	in->stream_end = 0;
	return 0;
}

/* Inflates into dst[0..room); returns bytes added, 0 at the end, -1 on error. */
static ssize_t fill_gz(dp_input *in, char *dst, size_t room, dp_err *err)
{
	for (;;) {
		int zr, nm;
		size_t got;

		if (in->stream_end) {
			nm = next_member(in, err);
			if (nm != 0)
				return nm > 0 ? 0 : -1;
		}
		if (in->zs.avail_in == 0) {
			ssize_t r = read_raw(in, in->rbuf, RAW_BLOCK, err);

			if (r < 0)
				return -1;
			if (r == 0) {
				dp_err_setf(err, DP_DATAERR, in->name, 0, "truncated gzip data (unexpected end of file)");
				return -1;
			}
			in->zs.next_in = in->rbuf;
			in->zs.avail_in = (uInt)r;
		}
		in->zs.next_out = (unsigned char *)dst;
		in->zs.avail_out = (uInt)room;
		zr = inflate(&in->zs, Z_NO_FLUSH);
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			dp_err_setf(err, DP_DATAERR, in->name, 0, "corrupt gzip data");
			return -1;
		}
		if (zr == Z_STREAM_END)
			in->stream_end = 1;
		got = room - in->zs.avail_out;
		if (got > 0)
			return (ssize_t)got;
	}
}

/* The bytes below the conversion: inflated or as read. */
static ssize_t fill_lower(dp_input *in, char *dst, size_t room, dp_err *err)
{
	if (in->is_gz)
		return fill_gz(in, dst, room, err);
	return in->eof_raw ? 0 : read_raw(in, dst, room, err);
}

/* Converts into dbuf[dlen..dlen+room); returns bytes added, 0 at the end, -1. */
static ssize_t fill_conv(dp_input *in, size_t room, dp_err *err)
{
	while (!in->cdone) {
		size_t used;
		int full;
		ssize_t w;

		if (!in->ceof && in->clen < CBUF / 2) {
			ssize_t r = fill_lower(in, in->cbuf + in->clen, CBUF - in->clen, err);

			if (r < 0)
				return -1;
			in->ceof = r == 0;
			in->clen += (size_t)r;
		}
		w = dp_tc_convert(in->tc, in->cbuf, in->clen, &used, in->dbuf + in->dlen, room,
		                  in->ceof, &full, err);
		if (w < 0) {
			char why[DP_ERR_MSG_MAX];

			memcpy(why, err->msg, sizeof why);
			return dp_err_setf(err, DP_DATAERR, in->name, 0, "%s", why), -1;
		}
		memmove(in->cbuf, in->cbuf + used, in->clen - used);
		in->clen -= used;
		in->cdone = in->ceof && in->clen == 0 && !full;
		if (w > 0)
			return w;
	}
	return 0;
}

/* Moves unread bytes to the front and adds more; returns bytes added, 0 at end, -1. */
static ssize_t fill(dp_input *in, dp_err *err)
{
	size_t room;
	ssize_t r;

	if (in->dpos > 0) {
		memmove(in->dbuf, in->dbuf + in->dpos, in->dlen - in->dpos);
		in->dlen -= in->dpos;
		in->dpos = 0;
	}
	if (!in->sniffed) {
		size_t before = in->dlen;

		in->sniffed = 1;
		if (sniff(in, err) != 0)
			return -1;
		if (in->dlen > before || in->eof_raw)
			return (ssize_t)(in->dlen - before);
	}
	room = DEC_BLOCK + RAW_BLOCK - in->dlen;
	if (room == 0)
		return 0;
	r = in->tc ? fill_conv(in, room, err) : fill_lower(in, in->dbuf + in->dlen, room, err);
	if (r > 0)
		in->dlen += (size_t)r;
	return r;
}

ssize_t dp_input_read(dp_input *in, void *buf, size_t n, dp_err *err)
{
	size_t avail;

	/* plain input with nothing buffered: read straight into the caller's buffer */
	if (in->sniffed && !in->is_gz && !in->tc && in->dlen == in->dpos && n >= RAW_BLOCK / 4) {
		if (in->eof_raw)
			return 0;
		return read_raw(in, buf, n, err);
	}
	while (in->dlen == in->dpos) {
		ssize_t r = fill(in, err);

		if (r < 0)
			return -1;
		if (r == 0 && in->dlen == in->dpos)
			return 0;
	}
	avail = in->dlen - in->dpos;
	if (n > avail)
		n = avail;
	memcpy(buf, in->dbuf + in->dpos, n);
	in->dpos += n;
	return (ssize_t)n;
}

int dp_input_slurp(dp_input *in, dp_buf *b, dp_err *err)
{
	char tmp[65536];
	ssize_t r;

	while ((r = dp_input_read(in, tmp, sizeof tmp, err)) > 0)
		if (dp_buf_add(b, tmp, (size_t)r) < 0)
			return dp_err_setf(err, DP_DATAERR, dp_input_name(in), 0,
			                   "document larger than %zu bytes (--max-document-size)", b->cap);
	return r < 0 ? err->code : 0;
}

/* Peeks until the first complete line or 8 KiB, whichever comes first: enough to
 * recognise the format, without holding back a live stream that sends one line. */
ssize_t dp_input_peek(dp_input *in, const char **p, dp_err *err)
{
	while (in->dlen - in->dpos < PEEK_MAX &&
	       !memchr(in->dbuf + in->dpos, '\n', in->dlen - in->dpos)) {
		ssize_t r = fill(in, err);

		if (r < 0)
			return -1;
		if (r == 0)
			break;
	}
	*p = in->dbuf + in->dpos;
	return (ssize_t)(in->dlen - in->dpos);
}

int dp_input_getline(dp_input *in, dp_buf *line, dp_err *err)
{
	for (;;) {
		const char *s = in->dbuf + in->dpos;
		size_t avail = in->dlen - in->dpos;
		const char *nl = avail ? memchr(s, '\n', avail) : NULL;
		size_t take = nl ? (size_t)(nl - s) + 1 : avail;
		ssize_t r;

		if (take && dp_buf_add(line, s, take) < 0)
			return dp_err_setf(err, DP_DATAERR, in->name, 0,
			                   "line longer than %zu bytes", line->cap), -1;
		in->dpos += take;
		if (nl)
			return 1;
		r = fill(in, err);
		if (r < 0)
			return -1;
		if (r == 0 && in->dlen == in->dpos)
			return line->len > 0 ? 1 : 0;
	}
}

int dp_input_is_regular(const dp_input *in)
{
	struct stat st;

	return fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode);
}

int dp_input_has_line(const dp_input *in)
{
	return in->dlen > in->dpos && memchr(in->dbuf + in->dpos, '\n', in->dlen - in->dpos);
}

int dp_input_is_gzip(const dp_input *in)
{
	return in->is_gz;
}

const char *dp_input_name(const dp_input *in)
{
	return in->name;
}

unsigned long long dp_input_raw_bytes(const dp_input *in)
{
	return in->raw_total;
}

void dp_input_close(dp_input *in)
{
	if (!in)
		return;
	if (in->is_gz)
		inflateEnd(&in->zs);
	dp_tc_close(in->tc);
	free(in->cbuf);
	if (in->fd > 0)
		close(in->fd);
	free(in->rbuf);
	free(in->dbuf);
	free(in->name);
	free(in);
}

int dp_input_open_fd(dp_input **out, int fd, const char *name, dp_err *err)
{
	dp_input *in = calloc(1, sizeof *in);

	*out = NULL;
	if (in) {
		in->fd = fd;
		in->name = strdup(name);
		in->rbuf = malloc(RAW_BLOCK);
		in->dbuf = malloc(DEC_BLOCK + RAW_BLOCK);
	}
	if (!in || !in->name || !in->rbuf || !in->dbuf) {
		if (in)
			dp_input_close(in);   /* closes fd too */
		else if (fd > 0)
			close(fd);
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	*out = in;
	return 0;
}

enum dp_format dp_input_format_by_name(const char *path)
{
	size_t n = strlen(path);
	char tmp[4096];

	if (n > 3 && strcmp(path + n - 3, ".gz") == 0 && n - 3 < sizeof tmp) {
		memcpy(tmp, path, n - 3);
		tmp[n - 3] = '\0';
		return dp_input_format_by_name(tmp);
	}
	if (!fnmatch("*.jsonl", path, 0) || !fnmatch("*.ndjson", path, 0))
		return DP_FMT_JSONL;
	if (!fnmatch("*.html", path, 0) || !fnmatch("*.htm", path, 0) || !fnmatch("*.xhtml", path, 0))
		return DP_FMT_HTML;
	if (!fnmatch("*.xml", path, 0))
		return DP_FMT_XML;
	return !fnmatch("*.csv", path, 0) ? DP_FMT_CSV : DP_FMT_AUTO;
}

/* Starts converting from encoding name: the bytes already buffered move below the
 * converter and are converted with the rest. */
static int start_conv(dp_input *in, const char *name, dp_err *err)
{
	if (dp_tc_open(&in->tc, name, err) != 0)
		return err->code;
	if (!(in->cbuf = malloc(CBUF))) {
		dp_tc_close(in->tc);
		in->tc = NULL;
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	}
	in->clen = in->dlen - in->dpos;
	memcpy(in->cbuf, in->dbuf + in->dpos, in->clen);
	in->dpos = in->dlen = 0;
	return 0;
}

/* Buffers at least want bytes (fewer only at the end of input). */
static int buffer_upto(dp_input *in, size_t want, dp_err *err)
{
	while (in->dlen - in->dpos < want) {
		ssize_t r = fill(in, err);

		if (r < 0)
			return -1;
		if (r == 0)
			return 0;
	}
	return 0;
}

int dp_input_set_encoding(dp_input *in, const char *name, dp_err *err)
{
	char guess[64];
	const char *p;
	ssize_t n;

	if (in->tc || (name && dp_tc_is_utf8(name)))
		return 0;
	if (!name || dp_tc_check(name, err) == 0) {
		/* a regular file is sampled further than a stream, which must not stall */
		if ((n = dp_input_peek(in, &p, err)) < 0)
			return err->code;
		if (!name && dp_input_is_regular(in) && buffer_upto(in, GUESS_MAX, err) != 0)
			return err->code;
	} else {
		return err->code;
	}
	if (name)
		return start_conv(in, name, err);
	n = (ssize_t)(in->dlen - in->dpos);
	if (dp_tc_guess(in->dbuf + in->dpos, (size_t)n, in->eof_raw && !in->is_gz, guess, sizeof guess))
		return start_conv(in, guess, err);
	return 0;
}

const char *dp_input_encoding(const dp_input *in)
{
	return in->tc ? dp_tc_name(in->tc) : NULL;
}
