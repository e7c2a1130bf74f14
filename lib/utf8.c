/* utf8.c - the decoding step of utf8.h, on ICU's U8_NEXT. */
#include "config.h"
#include "utf8.h"

#include <stdint.h>
#include <unicode/utf8.h>

size_t dp_utf8_next(const unsigned char *p, size_t n, long *cp)
{
	int32_t i = 0, len = n > INT32_MAX ? INT32_MAX : (int32_t)n;
	UChar32 c;

	U8_NEXT(p, i, len, c);
	*cp = c < 0 ? -1 : (long)c;
	return (size_t)i;
}
