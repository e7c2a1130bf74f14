/* dynbuf.h - growable byte buffer with an explicit cap (curl's dynbuf pattern).
 * Ownership: the caller owns the struct; dp_buf_free releases its heap memory.
 * Any append may move `data`, so pointers into it are invalidated by appends.
 * `data` is always NUL-terminated (one byte beyond `len`) once anything was added. */
#ifndef DP_DYNBUF_H
#define DP_DYNBUF_H

#include <stddef.h>

typedef struct dp_buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t cap;   /* maximum len; appends past it fail */
} dp_buf;

void dp_buf_init(dp_buf *b, size_t cap);
void dp_buf_free(dp_buf *b);
void dp_buf_reset(dp_buf *b);   /* len = 0, memory kept */
/* Return 0, or -1 when the cap would be exceeded or memory ran out (buffer unchanged). */
int dp_buf_add(dp_buf *b, const void *p, size_t n);
int dp_buf_addc(dp_buf *b, char c);
int dp_buf_adds(dp_buf *b, const char *s);
int dp_buf_printf(dp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Make room for n more bytes without changing len; returns 0 or -1. */
int dp_buf_reserve(dp_buf *b, size_t n);

#endif
