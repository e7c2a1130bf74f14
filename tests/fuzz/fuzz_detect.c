/* fuzz_detect.c - libFuzzer target: the whole detector (normalisation, triggers,
 * patterns, validators, overlap resolution) over arbitrary bytes. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "detect.h"

static int count(const dp_finding *f, void *ud)
{
	size_t *n = ud;

	if (f->end < f->start)
		__builtin_trap();
	(*n)++;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static dp_detector *d;
	static dp_scanner *s;
	dp_err err;
	size_t n = 0;

	if (!d) {
		d = dp_detect_new(NULL, &err);
		s = d ? dp_scanner_new(d, &err) : NULL;
	}
	if (s)
		dp_detect_run(s, (const char *)data, size, 1, count, &n);
	return 0;
}
