/* markup.c - HTML and XML through libxml2 (markup.h). Parsing refuses every external
 * resource; the walk is iterative (no recursion on hostile nesting), never descends
 * into entity references (so nothing is expanded), and numbers elements among their
 * same-named siblings with a hash keyed by (parent, name). */
#include "config.h"
#include "markup.h"

#include <fnmatch.h>
#include <stdio.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/xmlsave.h>

#include "dp_exit.h"
#include "markup_internal.h"

/* --- set-up -------------------------------------------------------------------- */

static xmlParserInputPtr deny_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;   /* no file, no network: external entities and DTDs stay unloaded */
}

static int html_halted;   /* the HTML parser stopped early (single-threaded use) */

/* Every libxml2 diagnostic comes here and is dropped (library code never prints);
 * an internal error of the HTML parser means it halted. */
static void quiet_errors(void *ud, xmlErrorPtr e)
{
	if (e && e->code == XML_ERR_INTERNAL_ERROR && e->message && strstr(e->message, "depth"))
		html_halted = 1;
}

static void markup_init(void)
{
	static int done;

	if (done)
		return;
	done = 1;
	xmlInitParser();
	xmlSetExternalEntityLoader(deny_loader);
	xmlSetStructuredErrorFunc(NULL, quiet_errors);
}

int dp_markup_kind_by_name(const char *path, enum dp_markup_kind *kind)
{
	static const char *const html[] = {"*.html", "*.htm", "*.xhtml", "*.html.gz", "*.htm.gz", "*.xhtml.gz"};

	for (size_t i = 0; i < sizeof html / sizeof *html; i++)
		if (!fnmatch(html[i], path, 0)) {
			*kind = DP_MARKUP_HTML;
			return 1;
		}
	if (!fnmatch("*.xml", path, 0) || !fnmatch("*.xml.gz", path, 0)) {
		*kind = DP_MARKUP_XML;
		return 1;
	}
	return 0;
}

static int starts_with_decl(const char *b, size_t n)
{
	size_t i = n >= 3 && !memcmp(b, "\xef\xbb\xbf", 3) ? 3 : 0;

	while (i < n && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n'))
		i++;
	return n - i >= 5 && memcmp(b + i, "<?xml", 5) == 0;
}

static int parse_error(const char *name, dp_err *err)
{
	const xmlError *e = xmlGetLastError();
	char msg[200] = "not a well-formed document";

	if (e && e->message) {
		snprintf(msg, sizeof msg, "%s", e->message);
		msg[strcspn(msg, "\r\n")] = '\0';
	}
	return dp_err_setf(err, DP_DATAERR, name, e ? e->line : 0, "malformed or refused document: %s", msg);
}

/* HTML recovers from almost anything, but a halted parse (nesting over libxml2's
 * depth limit, 256) drops the rest of the document: that is an error, not a document. */
static xmlDocPtr read_html(const char *buf, int len, const char *name, const char *enc)
{
	xmlDocPtr doc;

	html_halted = 0;
	doc = htmlReadMemory(buf, len, name, enc, HTML_PARSE_NONET | HTML_PARSE_NOIMPLIED |
	                     HTML_PARSE_NODEFDTD);
	if (doc && html_halted) {
		xmlFreeDoc(doc);
		doc = NULL;
	}
	return doc;
}

int dp_markup_parse(dp_markup **out, const char *buf, size_t len, enum dp_markup_kind kind,
                    int utf8, const char *name, dp_err *err)
{
	const char *enc = utf8 ? "UTF-8" : NULL;
	dp_markup *m;

	*out = NULL;
	markup_init();
	if (len > INT_MAX)
		return dp_err_setf(err, DP_DATAERR, name, 0, "document too large");
	if (!(m = calloc(1, sizeof *m)))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	m->kind = kind;
	m->has_decl = starts_with_decl(buf, len);
	xmlResetLastError();
	if (kind == DP_MARKUP_HTML)
		m->doc = len ? read_html(buf, (int)len, name, enc) : NULL;
	else
		m->doc = xmlReadMemory(buf, (int)len, name, enc, XML_PARSE_NONET |
		                       XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES);
	if (!m->doc && (kind == DP_MARKUP_XML || len)) {
		free(m);
		return parse_error(name, err);
	}
	*out = m;
	return 0;
}

void dp_markup_free(dp_markup *m)
{
	if (!m)
		return;
	if (m->doc)
		xmlFreeDoc(m->doc);
	free(m);
}
