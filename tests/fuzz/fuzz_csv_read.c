/* fuzz_csv_read.c - libFuzzer target for the CSV reader (csv_read.h): reads the input
 * once in a single feed and once in chunks whose sizes the input chooses, and requires
 * the same rows (values, lines, quoting) and the same outcome both ways. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv_read.h"
#include "dp_exit.h"

#define FUZZ_FIELD_CAP 300

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	uint64_t hash;
	long last_line;
	long rows;
};

static void check(int ok)
{
	if (!ok)
		abort();
}

static void mix(struct ctx *c, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		c->hash = (c->hash ^ b[i]) * UINT64_C(0x100000001b3);
}

static int on_row(const dp_csv_row *r, void *ud)
{
	struct ctx *c = ud;

	check(r->nfields > 0 && r->fields != NULL);
	check(r->row == 0 || r->row == c->rows + 1);
	c->rows = r->row;
	mix(c, &r->row, sizeof r->row);
	mix(c, &r->nfields, sizeof r->nfields);
	for (size_t i = 0; i < r->nfields; i++) {
		const dp_csv_field *f = &r->fields[i];

		check(f->len <= FUZZ_FIELD_CAP && f->value[f->len] == '\0');
		check(f->line >= c->last_line && f->line >= 1);
		check(f->quoted == 0 || f->quoted == 1);
		c->last_line = f->line;
		mix(c, f->value, f->len + 1);
		mix(c, &f->line, sizeof f->line);
		mix(c, &f->quoted, sizeof f->quoted);
	}
	for (size_t i = 0; r->header && i < r->nheader; i++)
		mix(c, r->header[i], strlen(r->header[i]) + 1);
	return 0;
}

/* step 0: one feed; otherwise chunks of 1..step bytes, sizes taken from the data */
static int run(const uint8_t *data, size_t size, int header, size_t step, struct ctx *c,
               dp_err *err)
{
	dp_csv *r = dp_csv_new(header, FUZZ_FIELD_CAP);
	size_t i = 0;
	int rc = 0;

	if (!r)
		abort();
	memset(c, 0, sizeof *c);
	c->last_line = 1;
	dp_err_clear(err);
	while (i < size && rc == 0) {
		size_t n = step ? 1 + data[i] % step : size;

		if (n > size - i)
			n = size - i;
		rc = dp_csv_feed(r, (const char *)data + i, n, on_row, c, err);
		i += n;
	}
	if (rc == 0)
		rc = dp_csv_finish(r, on_row, c, err);
	dp_csv_free(r);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctx a, b;
	dp_err ea, eb;
	int ra, rb, header;

	if (size < 1)
		return 0;
	header = data[0] & 1;
	ra = run(data + 1, size - 1, header, 0, &a, &ea);
	rb = run(data + 1, size - 1, header, 1 + (data[0] >> 1) % 16, &b, &eb);
	check(ra == 0 || ra == DP_DATAERR);
	check(ra == rb && a.hash == b.hash && a.rows == b.rows);
	check(ra == 0 || strcmp(ea.msg, eb.msg) == 0);
	return 0;
}
