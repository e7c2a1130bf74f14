/* anon_markup.c - HTML and XML inputs: the document (up to --max-document-size bytes)
 * is one record whose strings are its values (text, CDATA, comments, attribute values,
 * internal entity texts; markup.h); the values with findings are replaced in the tree
 * and libxml2 writes the document back as UTF-8, so markup, comments and attributes
 * are kept as libxml2 writes them. A malformed or hostile document is exit 65. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "dp_exit.h"
#include "markup.h"
#include "msg.h"

typedef struct markup_state {
	anon_ctx *c;
	void **node;               /* node of each record string */
	size_t n, alloc;
} markup_state;

static int on_value(const dp_markup_value *v, void *ud)
{
	markup_state *ms = ud;

	if (ms->n == ms->alloc) {
		size_t na = ms->alloc ? ms->alloc * 2 : 256;
		void **nn = realloc(ms->node, na * sizeof *nn);

		if (!nn)
			return DP_SOFTWARE;
		ms->node = nn;
		ms->alloc = na;
	}
	if (anon_rec_add(&ms->c->rec, v->text, v->len, 1) < 0)
		return DP_SOFTWARE;
	ms->node[ms->n++] = v->node;
	return 0;
}

/* Puts each string's replacement into its node (and counts residue with --verify). */
static int replace_values(anon_ctx *c, markup_state *ms, dp_markup *doc, dp_err *err)
{
	dp_buf tmp;
	int rc = 0;

	dp_buf_init(&tmp, ANON_MAX_RECORD);
	for (size_t i = 0; i < c->rec.nstr && rc == 0; i++) {
		if (c->rec.str[i].nf == 0 && !c->o->verify)
			continue;
		dp_buf_reset(&tmp);
		if (anon_rec_render(&c->rec, i, &tmp) < 0) {
			rc = dp_err_set(err, DP_SOFTWARE, "out of memory");
			break;
		}
		if (c->o->verify)
			anon_verify_text(c, tmp.data ? tmp.data : "", tmp.len);
		if (c->rec.str[i].nf)
			rc = dp_markup_set(doc, ms->node[i], tmp.data ? tmp.data : "", tmp.len, err);
	}
	dp_buf_free(&tmp);
	return rc;
}

static int anon_doc(anon_ctx *c, dp_input *in, const char *path, int html, dp_buf *b, dp_err *err)
{
	markup_state ms = {c, NULL, 0, 0};
	dp_markup *doc = NULL;
	int rc;

	rc = dp_input_slurp(in, b, err);
	c->bytes_in += b->len;
	if (rc == 0)
		rc = dp_markup_parse(&doc, b->data ? b->data : "", b->len,
		                     html ? DP_MARKUP_HTML : DP_MARKUP_XML,
		                     dp_input_encoding(in) != NULL, path, err);
	anon_rec_reset(&c->rec);
	if (rc == 0 && (rc = dp_markup_walk(doc, on_value, &ms, err)) == DP_SOFTWARE && !err->code)
		dp_err_set(err, DP_SOFTWARE, "out of memory");
	c->records++;
	if (rc == 0 && (rc = anon_rec_detect(c, err)) == 0 && (rc = anon_resolve(c, err)) == 0 &&
	    (rc = replace_values(c, &ms, doc, err)) == 0)
		rc = dp_markup_write(doc, &c->obuf, err);
	free(ms.node);
	dp_markup_free(doc);
	return rc;
}

int anon_markup(anon_ctx *c, dp_input *in, const char *path, int html)
{
	dp_buf b;
	dp_err err;
	int rc;

	dp_err_clear(&err);
	dp_buf_init(&b, c->o->max_document ? c->o->max_document : DP_MARKUP_MAX_BYTES);
	rc = anon_doc(c, in, path, html, &b, &err);
	dp_buf_free(&b);
	if (rc == 0)
		rc = anon_flush(c, &err);
	if (rc != 0) {
		if (!err.file[0])
			snprintf(err.file, sizeof err.file, "%s", path);
		return dp_msg_err(&err, rc);
	}
	return 0;
}
