/* report_jsonl.c - the JSON object of one finding, written by hand into a buffer: the
 * same text jansson would produce (compact, keys in the documented order, invalid
 * UTF-8 replaced by U+FFFD, reals with up to six significant digits), without building
 * and freeing a jansson object per finding. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "report_internal.h"

/* printable ASCII, which a JSON string holds as it is */
static int plain_byte(unsigned char c)
{
	return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
}

/* Appends s[0..n) as a JSON string. */
static int add_str(dp_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	int rc = dp_buf_addc(b, '"');

	for (size_t i = 0; i < n && rc == 0;) {
		size_t k = 1;
		unsigned char c = p[i];

		if (plain_byte(c)) {
			while (i + k < n && plain_byte(p[i + k]))
				k++;
			rc = dp_buf_add(b, s + i, k);   /* the whole run at once */
		} else if (c == '"' || c == '\\')
			rc = dp_buf_addc(b, '\\') | dp_buf_addc(b, (char)c);
		else if (c == '\n')
			rc = dp_buf_add(b, "\\n", 2);
		else if (c == '\r')
			rc = dp_buf_add(b, "\\r", 2);
		else if (c == '\t')
			rc = dp_buf_add(b, "\\t", 2);
		else if (c < 0x80)
			rc = dp_buf_printf(b, "\\u%04x", c);   /* the other controls and DEL */
		else if ((k = dp_utf8_seq(p + i, n - i)) == 0)
			rc = dp_buf_add(b, "\xEF\xBF\xBD", 3), k = 1;
		else
			rc = dp_buf_add(b, s + i, k);
		i += k;
	}
	return rc | dp_buf_addc(b, '"');
}

/* Appends ,"key": (keys are our own constants: no escaping needed). */
static int add_key(dp_buf *b, const char *key)
{
	return dp_buf_add(b, ",\"", 2) | dp_buf_adds(b, key) | dp_buf_add(b, "\":", 2);
}

static int add_key_str(dp_buf *b, const char *key, const char *s)
{
	if (add_key(b, key) < 0)
		return -1;
	return s ? add_str(b, s, strlen(s)) : dp_buf_adds(b, "null");
}

/* Integers without printf: this runs for every finding. */
static int add_key_int(dp_buf *b, const char *key, long long v)
{
	char num[24], *p = num + sizeof num;
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return add_key(b, key) | dp_buf_add(b, p, (size_t)(num + sizeof num - p));
}

/* A real as jansson prints it with JSON_REAL_PRECISION(6): %.6g, always with a '.'. */
static int add_key_real(dp_buf *b, const char *key, double v)
{
	char num[32];

	snprintf(num, sizeof num, "%.6g", v);
	if (!strpbrk(num, ".eE"))
		strcat(num, ".0");
	return add_key(b, key) | dp_buf_adds(b, num);
}

int dp_report_item_line(dp_buf *b, const dp_report_item *it)
{
	int rc = dp_buf_adds(b, "{\"path\":");

	rc |= it->path ? add_str(b, it->path, strlen(it->path)) : dp_buf_adds(b, "null");
	rc |= add_key_str(b, "type", it->type_id);
	rc |= add_key_real(b, "score", dp_report_score(it->score));
	rc |= add_key_str(b, "detector", it->detector);
	rc |= add_key_int(b, "line", it->line);
	rc |= add_key_int(b, "col", it->col);
	rc |= add_key_int(b, "start", (long long)it->start);
	rc |= add_key_int(b, "end", (long long)it->end);
	if (it->record > 0) {
		rc |= add_key_int(b, "record", it->record);
		rc |= add_key_str(b, "field", it->field);
	}
	if (it->row > 0) {
		rc |= add_key_int(b, "row", it->row);
		rc |= add_key_str(b, "column", it->column);
		rc |= add_key_int(b, "column_index", it->column_index);
	}
	rc |= add_key_str(b, "fingerprint", it->fingerprint);
	rc |= add_key_str(b, "masked", it->masked);
	if (it->value) {
		rc |= dp_buf_adds(b, ",\"value\":");
		rc |= add_str(b, it->value, it->value_len ? it->value_len : strlen(it->value));
	}
	if (it->canary_record)
		rc |= add_key_str(b, "canary_record", it->canary_record);
	return rc | dp_buf_addc(b, '}');
}
