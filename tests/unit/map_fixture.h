/* map_fixture.h - what the mapping-table tests share (test_mapping.c, test_collect.c):
 * a temporary directory per test with a table path in it, and distinct 16-byte ids made
 * from small numbers. Header-only; include after cmocka.h.
 * Ownership: setup allocates the fixture, teardown removes the directory and frees it. */
#ifndef DP_MAP_FIXTURE_H
#define DP_MAP_FIXTURE_H

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eid.h"

typedef struct fx {
	char dir[64], db[PATH_MAX];
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	snprintf(f->dir, sizeof f->dir, "/tmp/dp-map-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->db, sizeof f->db, "%.63s/m.db", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %.63s", f->dir);
	if (system(cmd) != 0)
		return -1;
	free(f);
	return 0;
}

static void id_of(unsigned v, unsigned char id[DP_EID_BYTES])
{
	memset(id, 0, DP_EID_BYTES);
	for (int i = 0; i < 4; i++)
		id[i] = (unsigned char)(v >> (8 * i)), id[8 + i] = (unsigned char)(v * 7 >> (8 * i));
}

#endif
