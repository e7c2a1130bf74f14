/* fuzz_markup.c - libFuzzer target for the HTML/XML reader (markup.h): the first byte
 * picks HTML or XML; the rest is parsed, every value is visited (paths must be
 * NUL-terminated and start with '/'), every third value is replaced, and the document
 * is written back. Nothing may crash, leak or read outside its buffers. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "markup.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct fz { dp_markup *doc; unsigned long n; } fz;

static int on_value(const dp_markup_value *v, void *ud)
{
	fz *f = ud;
	dp_err err;

	if (v->path[0] != '/' || strlen(v->text) != v->len)
		abort();
	if (++f->n % 3 == 0 && dp_markup_set(f->doc, v->node, "Person_1", 8, &err) != 0)
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fz f = {NULL, 0};
	dp_buf out;
	dp_err err;

	if (size < 1 || size > (1u << 20))
		return 0;
	dp_err_clear(&err);
	if (dp_markup_parse(&f.doc, (const char *)data + 1, size - 1,
	                    data[0] & 1 ? DP_MARKUP_HTML : DP_MARKUP_XML, data[0] & 2,
	                    "fuzz", &err) != 0)
		return 0;
	dp_buf_init(&out, 64u << 20);
	if (dp_markup_walk(f.doc, on_value, &f, &err) == 0)
		dp_markup_write(f.doc, &out, &err);
	dp_buf_free(&out);
	dp_markup_free(f.doc);
	return 0;
}
