/* markup_internal.h - the document handle shared by markup.c and markup_walk.c.
 * Ownership: as markup.h states (dp_markup_parse allocates, dp_markup_free frees). */
#ifndef DP_MARKUP_INTERNAL_H
#define DP_MARKUP_INTERNAL_H

#include <libxml/tree.h>

#include "markup.h"

struct dp_markup {
	xmlDocPtr doc;             /* NULL for an empty HTML input */
	enum dp_markup_kind kind;
	int has_decl;              /* the input began with an XML declaration */
};

#endif
