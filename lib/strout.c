/* strout.c - the bounded writer (strout.h). */
#include "config.h"

#include <string.h>

#include "strout.h"

dp_sout dp_sout_at(char *out, size_t cap)
{
	dp_sout o = {out, out ? cap : 0, 0, 0};

	if (o.cap > 0)
		out[0] = '\0';
	return o;
}

void dp_sout_put(dp_sout *o, const char *s, size_t n)
{
	if (o->full || o->cap == 0 || n >= o->cap - o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

void dp_sout_puts(dp_sout *o, const char *s)
{
	dp_sout_put(o, s, strlen(s));
}

void dp_sout_putc(dp_sout *o, char c)
{
	dp_sout_put(o, &c, 1);
}

void dp_sout_putu(dp_sout *o, unsigned v, int width)
{
	char b[16];
	int k = 0;

	do {
		b[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && k < 10);
	while (k < width && k < 10)
		b[k++] = '0';
	while (k > 0)
		dp_sout_putc(o, b[--k]);
}

size_t dp_sout_end(dp_sout *o)
{
	if (o->full || o->cap == 0) {
		if (o->cap > 0)
			o->p[0] = '\0';
		return 0;
	}
	return o->len;
}
