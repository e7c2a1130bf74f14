/* args.c - shared command-line helpers (args.h). */
#include "config.h"
#include "args.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "msg.h"
#include "transcode.h"

char **dp_args_split(char *s, size_t *n)
{
	char **v = NULL, *save = NULL;
	size_t k = 0;

	for (char *tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char **nv = realloc(v, (k + 2) * sizeof *v);

		if (!nv)
			exit(DP_SOFTWARE);
		v = nv;
		v[k++] = tok;
		v[k] = NULL;
	}
	*n = k;
	return v;
}

int dp_args_encoding(const char *name, const char **out)
{
	dp_err err;

	*out = NULL;
	if (strcmp(name, "auto") == 0)
		return 0;
	dp_err_clear(&err);
	if (dp_tc_check(name, &err) != 0)
		return dp_msg_usage("--encoding: %s", err.msg);
	*out = name;
	return 0;
}

int dp_args_size(const char *arg, size_t *out)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	int shift = *end == 'K' ? 10 : *end == 'M' ? 20 : *end == 'G' ? 30 : 0;

	if (shift)
		end++;
	if (end == arg || *end || *arg == '-' || v == 0 || v > (4ull << 30) >> shift)
		return dp_msg_usage("'%s' is not a size (bytes, or a number with K, M or G)", arg);
	*out = (size_t)(v << shift);
	return 0;
}
