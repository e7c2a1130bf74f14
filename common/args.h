/* args.h - small helpers the programs share for their command lines.
 * Ownership: the returned array is malloc'd (free it); its strings point into the
 * argument, which is modified in place (so it must outlive the array). */
#ifndef DP_ARGS_H
#define DP_ARGS_H

#include <stddef.h>

/* Splits a comma-separated list in place into a NULL-terminated array; empty items are
 * dropped. Returns NULL with *n == 0 for an empty list; exits 70 when out of memory. */
char **dp_args_split(char *s, size_t *n);

/* A size in bytes, with an optional K, M or G suffix (powers of 1024), 1 byte to
 * 4 GiB; else a usage error (printed; returns 64). */
int dp_args_size(const char *arg, size_t *out);
/* --encoding NAME: "auto" sets *out to NULL (guess), an ICU converter name sets it to
 * name; an unknown name is a usage error (printed; returns 64), else returns 0. */
int dp_args_encoding(const char *name, const char **out);

#endif
