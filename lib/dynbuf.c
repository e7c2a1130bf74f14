/* dynbuf.c - the capped growable buffer of dynbuf.h. */
#include "config.h"
#include "dynbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void dp_buf_init(dp_buf *b, size_t cap)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->cap = cap;
}

void dp_buf_free(dp_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

void dp_buf_reset(dp_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int dp_buf_reserve(dp_buf *b, size_t n)
{
	size_t need, na;
	char *p;

	if (n > b->cap || b->len > b->cap - n)
		return -1;
	need = b->len + n + 1;
	if (need <= b->alloc)
		return 0;
	na = b->alloc ? b->alloc : 64;
	while (na < need)
		na = na > ((size_t)-1) / 2 ? need : na * 2;
	p = realloc(b->data, na);
	if (!p)
		return -1;
	b->data = p;
	b->alloc = na;
	return 0;
}

int dp_buf_add(dp_buf *b, const void *p, size_t n)
{
	if (b->data && n < b->alloc - b->len && n <= b->cap - b->len) {   /* room already */
		memcpy(b->data + b->len, p, n);
		b->len += n;
		b->data[b->len] = '\0';
		return 0;
	}
	if (dp_buf_reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return 0;
}

int dp_buf_addc(dp_buf *b, char c)
{
	if (b->data && b->alloc - b->len > 1 && b->len < b->cap) {
		b->data[b->len++] = c;
		b->data[b->len] = '\0';
		return 0;
	}
	return dp_buf_add(b, &c, 1);
}

int dp_buf_adds(dp_buf *b, const char *s)
{
	return dp_buf_add(b, s, strlen(s));
}

int dp_buf_printf(dp_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || dp_buf_reserve(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}
