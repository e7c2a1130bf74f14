/* markup_walk.c - visiting, replacing and writing the values of a parsed HTML or XML
 * document (markup.h). The walk keeps the element path in a buffer with one saved
 * length per level; elements are numbered among same-named siblings through a hash of
 * (parent, name) -> count, so a wide document costs linear time. */
#include "config.h"
#include "markup.h"

#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/HTMLtree.h>
#include <libxml/entities.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>

#include "dp_exit.h"
#include "markup_internal.h"

typedef struct slot { const void *parent, *name; unsigned long n; } slot;

typedef struct walk_st {
	dp_markup_fn fn;
	void *ud;
	dp_buf path;
	size_t lens[DP_MARKUP_MAX_DEPTH + 2];
	int depth;
	slot *tab;
	size_t cap, used;
} walk_st;

/* names are compared by content: the HTML parser does not intern all of them */
static size_t slot_of(const walk_st *w, const void *p, const void *n)
{
	uint64_t h = (uint64_t)(uintptr_t)p * 0x9E3779B97F4A7C15u;
	size_t i;

	for (const unsigned char *s = n; *s; s++)
		h = (h ^ *s) * 0x100000001B3u;
	i = (size_t)(h ^ (h >> 29)) & (w->cap - 1);
	while (w->tab[i].parent && (w->tab[i].parent != p || strcmp(w->tab[i].name, n) != 0))
		i = (i + 1) & (w->cap - 1);
	return i;
}

static int grow(walk_st *w)
{
	walk_st nw = *w;

	nw.cap = w->cap ? w->cap * 2 : 1024;
	if (!(nw.tab = calloc(nw.cap, sizeof *nw.tab)))
		return -1;
	for (size_t i = 0; i < w->cap; i++)
		if (w->tab[i].parent)
			nw.tab[slot_of(&nw, w->tab[i].parent, w->tab[i].name)] = w->tab[i];
	free(w->tab);
	w->tab = nw.tab;
	w->cap = nw.cap;
	return 0;
}

/* The 1-based position of el among its parent's children of the same name. */
static long position(walk_st *w, xmlNodePtr el)
{
	size_t i;

	if ((w->used + 1) * 2 > w->cap && grow(w) != 0)
		return -1;
	i = slot_of(w, el->parent, el->name);
	if (!w->tab[i].parent) {
		w->tab[i].parent = el->parent;
		w->tab[i].name = el->name;
		w->used++;
	}
	return (long)++w->tab[i].n;
}

static int push(walk_st *w, xmlNodePtr el, dp_err *err)
{
	long pos = position(w, el);

	if (pos < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (w->depth >= DP_MARKUP_MAX_DEPTH)
		return dp_err_setf(err, DP_DATAERR, "", xmlGetLineNo(el),
		                   "elements nested deeper than %d", DP_MARKUP_MAX_DEPTH);
	w->lens[++w->depth] = w->path.len;
	if ((el->ns && el->ns->prefix &&
	     dp_buf_printf(&w->path, "/%s:", (const char *)el->ns->prefix) < 0) ||
	    dp_buf_printf(&w->path, "%s%s[%ld]", el->ns && el->ns->prefix ? "" : "/",
	                  (const char *)el->name, pos) < 0)
		return dp_err_set(err, DP_SOFTWARE, "path too long");
	return 0;
}

static void pop(walk_st *w)
{
	w->path.len = w->lens[w->depth--];
	if (w->path.data)
		w->path.data[w->path.len] = '\0';
}

/* Calls the visitor for one value, with suffix appended to the current path. */
static int value(walk_st *w, void *node, const xmlChar *text, long line, const char *suffix,
                 const xmlChar *name, dp_err *err)
{
	size_t keep = w->path.len;
	dp_markup_value v;
	int rc;

	if (!text || !*text)
		return 0;
	if (dp_buf_adds(&w->path, suffix) < 0 || (name && dp_buf_adds(&w->path, (const char *)name) < 0) ||
	    dp_buf_addc(&w->path, '\0') < 0)
		return dp_err_set(err, DP_SOFTWARE, "path too long");
	v.text = (const char *)text;
	v.len = strlen(v.text);
	v.path = w->path.data;
	v.line = line;
	v.node = node;
	rc = w->fn(&v, w->ud);
	w->path.len = keep;
	w->path.data[keep] = '\0';
	return rc;
}

static int attributes(walk_st *w, xmlNodePtr el, dp_err *err)
{
	for (xmlAttrPtr a = el->properties; a; a = a->next)
		for (xmlNodePtr t = a->children; t; t = t->next)
			if (t->type == XML_TEXT_NODE) {
				int rc = value(w, t, t->content, xmlGetLineNo(el), "/@", a->name, err);

				if (rc)
					return rc;
			}
	return 0;
}

/* The texts of the internal subset's general entities. */
static int entities(walk_st *w, xmlNodePtr dtd, dp_err *err)
{
	for (xmlNodePtr n = dtd->children; n; n = n->next) {
		xmlEntityPtr e = (xmlEntityPtr)n;
		int rc;

		if (n->type != XML_ENTITY_DECL || e->etype != XML_INTERNAL_GENERAL_ENTITY)
			continue;
		if ((rc = value(w, e, e->content, 0, "/!ENTITY ", e->name, err)) != 0)
			return rc;
	}
	return 0;
}

static int visit(walk_st *w, xmlNodePtr n, dp_err *err)
{
	int rc;

	switch (n->type) {
	case XML_ELEMENT_NODE:
		if ((rc = push(w, n, err)) != 0)
			return rc;
		return attributes(w, n, err);
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		return value(w, n, n->content, xmlGetLineNo(n), "", NULL, err);
	case XML_COMMENT_NODE:
		return value(w, n, n->content, xmlGetLineNo(n), "/comment()", NULL, err);
	case XML_DTD_NODE:
		return entities(w, n, err);
	default:
		return 0;   /* entity references are never followed; PIs are left alone */
	}
}

static int walk_nodes(walk_st *w, xmlNodePtr cur, dp_err *err)
{
	while (cur) {
		int rc = visit(w, cur, err);

		if (rc)
			return rc;
		if (cur->type == XML_ELEMENT_NODE && cur->children) {
			cur = cur->children;
			continue;
		}
		if (cur->type == XML_ELEMENT_NODE)
			pop(w);
		while (!cur->next) {
			cur = cur->parent;
			if (!cur || cur->type != XML_ELEMENT_NODE)
				return 0;
			pop(w);
		}
		cur = cur->next;
	}
	return 0;
}

int dp_markup_walk(dp_markup *m, dp_markup_fn fn, void *ud, dp_err *err)
{
	walk_st w;
	int rc;

	if (!m->doc)
		return 0;
	memset(&w, 0, sizeof w);
	w.fn = fn;
	w.ud = ud;
	dp_buf_init(&w.path, 1u << 20);
	if (dp_buf_addc(&w.path, '\0') < 0)
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	w.path.len = 0;
	rc = walk_nodes(&w, m->doc->children, err);
	dp_buf_free(&w.path);
	free(w.tab);
	return rc;
}

int dp_markup_set(dp_markup *m, void *node, const char *s, size_t n, dp_err *err)
{
	xmlNodePtr nd = node;
	xmlChar *v = xmlStrndup((const xmlChar *)s, (int)n);

	if (!v || n > INT_MAX)
		return xmlFree(v), dp_err_set(err, DP_SOFTWARE, "out of memory");
	if (nd->type == XML_ENTITY_DECL) {
		xmlEntityPtr e = node;

		xmlFree(e->content);
		xmlFree(e->orig);   /* the literal as written would bring the old text back */
		e->orig = NULL;
		e->content = v;
		e->length = (int)n;
		return 0;
	}
	xmlNodeSetContentLen(nd, v, (int)n);
	xmlFree(v);
	return 0;
}

/* The encoding to write, or NULL to keep the document's own (only when that is UTF-8
 * or undeclared): doppel writes UTF-8. */
static const char *out_encoding(const dp_markup *m)
{
	const char *e = (const char *)m->doc->encoding;

	return e && strcasecmp(e, "UTF-8") && strcasecmp(e, "UTF8") ? "UTF-8" : NULL;
}

int dp_markup_write(dp_markup *m, dp_buf *out, dp_err *err)
{
	xmlBufferPtr xb;
	xmlSaveCtxtPtr sc;
	int opts = m->kind == DP_MARKUP_HTML ? XML_SAVE_AS_HTML : 0, rc = 0;

	if (!m->doc)
		return 0;
	if (m->kind == DP_MARKUP_XML && !m->has_decl)
		opts |= XML_SAVE_NO_DECL;
	if (!(xb = xmlBufferCreate()))
		return dp_err_set(err, DP_SOFTWARE, "out of memory");
	sc = xmlSaveToBuffer(xb, m->kind == DP_MARKUP_HTML ? "UTF-8" : out_encoding(m), opts);
	if (!sc || xmlSaveDoc(sc, m->doc) < 0)
		rc = dp_err_set(err, DP_SOFTWARE, "cannot serialise the document");
	if (sc && xmlSaveClose(sc) < 0 && !rc)
		rc = dp_err_set(err, DP_SOFTWARE, "cannot serialise the document");
	if (!rc && dp_buf_add(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb)) < 0)
		rc = dp_err_set(err, DP_DATAERR, "document output over its cap");
	xmlBufferFree(xb);
	return rc;
}
