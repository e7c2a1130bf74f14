/* fuzz_json_scan.c - libFuzzer target for the JSON tokenizer (json_scan.h): scans the
 * input as one JSONL line (reporting numbers too when the last byte is odd), checks every
 * reported string and number against the raw bytes and the offset map, and requires that whatever jansson accepts the scanner accepts too. */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "json_scan.h"

#define FUZZ_MAX_STRING 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct ctx {
	const dp_json_scanner *js;
	const uint8_t *buf;
	size_t size;
	size_t last_end;
};

static void check(int ok)
{
	if (!ok)
		abort();
}

/* decoded bytes that map outside an escape must equal the raw byte they map to */
/* a reported number is its raw bytes: -, digits, '.', e/E, + */
static int on_number(struct ctx *c, const dp_json_string *s)
{
	check(s->raw_start < s->raw_end && s->raw_end <= c->size && s->raw_start >= c->last_end);
	check(s->len == s->raw_end - s->raw_start && s->str[s->len] == '\0');
	check(memcmp(s->str, c->buf + s->raw_start, s->len) == 0);
	for (size_t i = 0; i < s->len; i++)
		check(strchr("-+.eE0123456789", s->str[i]) != NULL);
	c->last_end = s->raw_end;
	return 0;
}

static int on_string(const dp_json_string *s, void *ud)
{
	struct ctx *c = ud;
	size_t prev = s->raw_start;

	if (s->is_number)
		return on_number(c, s);

	check(s->raw_start < s->raw_end && s->raw_end <= c->size);
	check(s->raw_start >= c->last_end);
	check(c->buf[s->raw_start] == '"' && c->buf[s->raw_end - 1] == '"');
	check(s->len <= FUZZ_MAX_STRING && s->str[s->len] == '\0');
	check(s->len <= s->raw_end - s->raw_start - 2);   /* escapes never expand */
	check(s->pointer != NULL && (s->pointer[0] == '\0' || s->pointer[0] == '/'));
	for (size_t i = 0; i <= s->len; i++) {
		size_t r = dp_json_raw_offset(c->js, i);

		check(r > s->raw_start && r < s->raw_end && r >= prev);
		if (i < s->len && c->buf[r] != '\\')
			check((uint8_t)s->str[i] == c->buf[r]);
		prev = r;
	}
	check(dp_json_raw_offset(c->js, s->len) == s->raw_end - 1);
	c->last_end = s->raw_end;
	return 0;
}

static int jansson_accepts(const uint8_t *data, size_t size)
{
	json_error_t jerr;
	json_t *j = json_loadb((const char *)data, size, JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);

	if (!j)
		return 0;
	json_decref(j);
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static dp_json_scanner *js;
	struct ctx c = {NULL, data, size, 0};
	dp_err err;
	int rc;

	if (!js && !(js = dp_json_new(FUZZ_MAX_STRING)))
		abort();
	c.js = js;
	dp_json_report_numbers(js, size > 0 && (data[size - 1] & 1));   /* both ways */
	dp_err_clear(&err);
	rc = dp_json_scan(js, (const char *)data, size, on_string, &c, &err);
	check(rc == 0 || rc == DP_DATAERR);
	check(rc == 0 || (err.code == DP_DATAERR && err.msg[0] != '\0'));
	/* jansson ends its input at a NUL byte, so it is no reference for such input */
	if (rc != 0 && !strstr(err.msg, "nesting deeper") && !strstr(err.msg, "longer than") &&
	    !memchr(data, '\0', size))
		check(!jansson_accepts(data, size));
	return 0;
}
