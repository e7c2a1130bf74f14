/* suppress.c - inline suppressions: "doppel:allow" on a line (or the line before)
 * suppresses every finding on it; "doppel:allow email,phone" only those types. */
#include "config.h"

#include <ctype.h>
#include <string.h>

#include "scan.h"

static int type_listed(const char *p, const char *end, const char *type_id)
{
	size_t tl = strlen(type_id);

	while (p < end && (*p == ' ' || *p == '\t' || *p == ','))
		p++;
	if (p >= end || !(isalpha((unsigned char)*p)))
		return -1;   /* no list: everything */
	while (p < end && (isalnum((unsigned char)*p) || *p == '_' || *p == ',' || *p == ' ')) {
		const char *w = p;

		while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
			p++;
		if ((size_t)(p - w) == tl && memcmp(w, type_id, tl) == 0)
			return 1;
		while (p < end && (*p == ',' || *p == ' '))
			p++;
	}
	return 0;
}

int scan_suppressed(const char *line, size_t len, const char *type_id)
{
	const char *p, *end;

	if (!line)
		return 0;
	p = line;
	end = line + len;
	while ((p = memmem(p, (size_t)(end - p), "doppel:allow", 12)) != NULL) {
		int r;

		p += 12;
		r = type_listed(p, end, type_id);
		if (r != 0)
			return 1;
	}
	return 0;
}

long scan_col(const char *line, size_t off)
{
	long col = 1;

	for (size_t i = 0; i < off; i++)
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			col++;
	return col;
}
