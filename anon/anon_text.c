/* anon_text.c - text input: each line is one record; its newline is kept as it was. */
#include "config.h"

#include <string.h>

#include "anon.h"
#include "dp_exit.h"
#include "msg.h"

/* the line without its "\n" or "\r\n" */
static size_t body_len(const char *s, size_t n)
{
	if (n && s[n - 1] == '\n')
		n--;
	if (n && s[n - 1] == '\r')
		n--;
	return n;
}

static int text_record(anon_ctx *c, const char *line, size_t n, dp_err *err)
{
	size_t body = body_len(line, n), start = c->obuf.len;
	int rc;

	anon_rec_reset(&c->rec);
	if (anon_rec_add(&c->rec, line, body, 1) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if ((rc = anon_rec_detect(c, err)) != DP_OK || (rc = anon_resolve(c, err)) != DP_OK)
		return rc;
	if (anon_rec_render(&c->rec, 0, &c->obuf) < 0 ||
	    dp_buf_add(&c->obuf, line + body, n - body) < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (c->o->verify)
		anon_verify_text(c, c->obuf.data + start, c->obuf.len - start);
	return DP_OK;
}

int anon_text(anon_ctx *c, dp_input *in, const char *path)
{
	dp_buf *line = &c->rec.line;
	long lineno = 0;
	dp_err err;
	int r, rc;

	dp_err_clear(&err);
	while ((r = dp_input_getline(in, line, &err)) == 1) {
		lineno++;
		c->records++;
		c->bytes_in += line->len;
		if ((rc = text_record(c, line->data, line->len, &err)) != DP_OK) {
			err.line = lineno;
			snprintf(err.file, sizeof err.file, "%s", path);
			return dp_msg_err(&err, rc);
		}
		dp_buf_reset(line);
		if (anon_batch_done(c, in) &&
		    (rc = anon_flush(c, &err)) != DP_OK)
			return dp_msg_err(&err, rc);
	}
	if (r < 0)
		return dp_msg_err(&err, DP_IOERR);
	return DP_OK;
}
