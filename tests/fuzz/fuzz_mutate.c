/* fuzz_mutate.c - libFuzzer target: the edge-case text mutators (lib/mutate*.c).
 * Byte 0 picks the kind, byte 1 the locale, bytes 2..9 the seed; the rest is the text.
 * Checks: no crash, the same call twice gives the same bytes, valid UTF-8 in gives valid
 * UTF-8 out, and a capped buffer either takes the whole result or is left as it was. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mutate.h"
#include "utf8.h"

static int valid_utf8(const uint8_t *s, size_t n)
{
	for (size_t i = 0; i < n;) {
		long cp;

		i += dp_utf8_next(s + i, n - i, &cp);
		if (cp < 0)
			return 0;
	}
	return 1;
}

/* the result under a cap: all of it, or nothing added */
static void check_capped(int kind, const char *loc, const uint8_t *s, size_t n, uint64_t seed,
			 const dp_buf *full)
{
	dp_buf c;
	size_t cap = full->len / 2 + 3;

	dp_buf_init(&c, cap);
	if (dp_buf_add(&c, "ab", 2) != 0)
		__builtin_trap();
	if (dp_mut_apply(kind, loc, (const char *)s, n, seed, &c) == 0) {
		if (c.len != full->len + 2 || (full->len && memcmp(c.data + 2, full->data, full->len) != 0))
			__builtin_trap();
	} else if (c.len != 2 || memcmp(c.data, "ab", 3) != 0) {
		__builtin_trap();
	}
	dp_buf_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const locs[4] = {"en", "ru", "kk", "xx"};
	dp_buf a, b;
	uint64_t seed = 0;
	int kind;
	const char *loc;

	if (size < 10)
		return 0;
	kind = data[0] % DP_MUT_COUNT;
	loc = locs[data[1] & 3];
	for (int i = 0; i < 8; i++)
		seed = seed << 8 | data[2 + i];
	data += 10, size -= 10;
	dp_buf_init(&a, 1 << 22);
	dp_buf_init(&b, 1 << 22);
	if (dp_mut_apply(kind, loc, (const char *)data, size, seed, &a) != 0 ||
	    dp_mut_apply(kind, loc, (const char *)data, size, seed, &b) != 0)
		__builtin_trap();
	if (a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
		__builtin_trap();
	if (valid_utf8(data, size) && !valid_utf8((const uint8_t *)a.data, a.len))
		__builtin_trap();
	check_capped(kind, loc, data, size, seed, &a);
	dp_buf_free(&a);
	dp_buf_free(&b);
	return 0;
}
