/* markup.h - HTML and XML documents through libxml2, read safely: no network, no
 * external entities and no DTD loading (an entity loader that refuses everything),
 * libxml2's entity-expansion limits (XML_PARSE_HUGE never set), entity references
 * never expanded, a nesting limit and the caller's size cap. The values of a document
 * (text, CDATA and comment contents, attribute values, internal entity texts) are
 * visited in document order with an element path and a line, may be replaced, and the
 * tree is written back as UTF-8 (markup normalised where libxml2 writes it so).
 * Ownership: dp_markup_parse allocates a document, dp_markup_free frees it; the value
 * a visitor gets lives until the document is freed or that value is replaced. */
#ifndef DP_MARKUP_H
#define DP_MARKUP_H

#include <stddef.h>

#include "dynbuf.h"
#include "error.h"

#define DP_MARKUP_MAX_DEPTH 1024        /* element nesting deeper than this is refused */
#define DP_MARKUP_MAX_BYTES (64u << 20) /* default document size cap */

enum dp_markup_kind { DP_MARKUP_XML, DP_MARKUP_HTML };

typedef struct dp_markup dp_markup;

typedef struct dp_markup_value {
	const char *text;       /* UTF-8, not NUL-terminated for the visitor's purposes */
	size_t len;
	const char *path;       /* "/html/body/div[2]/p[1]", ".../a[1]/@href", ".../comment()" */
	long line;              /* line the value starts on (1-based; 0 when unknown) */
	void *node;             /* handle for dp_markup_set */
} dp_markup_value;

/* Non-zero return stops the walk and is returned by dp_markup_walk. */
typedef int (*dp_markup_fn)(const dp_markup_value *v, void *ud);

/* 1 for .html/.htm/.xhtml (HTML) or .xml (XML) file names (also .gz): kind set. */
int dp_markup_kind_by_name(const char *path, enum dp_markup_kind *kind);
/* Parses buf[0..len). utf8: the bytes are UTF-8 whatever the document declares.
 * A malformed document, an entity loop or amplification: DP_DATAERR naming the line. */
int dp_markup_parse(dp_markup **doc, const char *buf, size_t len, enum dp_markup_kind kind,
                    int utf8, const char *name, dp_err *err);
int dp_markup_walk(dp_markup *doc, dp_markup_fn fn, void *ud, dp_err *err);
/* Replaces the value of a visited node with s[0..n) (UTF-8). */
int dp_markup_set(dp_markup *doc, void *node, const char *s, size_t n, dp_err *err);
/* Appends the document, as UTF-8, to out. */
int dp_markup_write(dp_markup *doc, dp_buf *out, dp_err *err);
void dp_markup_free(dp_markup *doc);

#endif
