/* args.c - shared command-line helpers (args.h). */
#include "config.h"
#include "args.h"

#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"

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
