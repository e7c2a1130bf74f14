/* fuzz_template.c - libFuzzer target for the template compiler (lib/template_*.c): any
 * bytes must compile or be refused with a located error, never crash, hang or leak; what
 * compiles is run for a few records of each record kind, with the data packs. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "template.h"

#include "datapack.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static dp_dp_pack *packs[3];

/* The data packs, once: persons are exercised too. */
static void load_packs(void)
{
	static int done;
	static const char *const loc[3] = { "en", "ru", "kk" };
	dp_err err;

	if (done++)
		return;
	for (int i = 0; i < 3; i++)
		if (dp_dp_load(dp_dp_data_dir(), loc[i], &packs[i], &err) != DP_OK)
			packs[i] = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dp_tpl *t = NULL;
	dp_tpl_run *r = NULL;
	dp_tpl_opts o;
	dp_tpl_rec rec;
	dp_err err;

	if (size > 65536)
		return 0;
	load_packs();
	if (dp_tpl_parse("fuzz.dpt", (const char *)data, size, &t, &err) != DP_OK)
		return 0;
	memset(&o, 0, sizeof o);
	o.seed = size;
	o.ref_days = 20454;
	o.edge_ppm = 500000;
	o.spans = 1;
	o.total = 3;
	o.canaries = 1;
	for (int i = 0; i < 3; i++)
		o.pack[i] = packs[i];
	if (dp_tpl_run_new(t, &o, &r, &err) == DP_OK) {
		for (int tb = 0; tb < dp_tpl_ntables(t); tb++)
			for (uint64_t i = 0; i < 3; i++)
				if (dp_tpl_generate(r, tb, i, &rec, &err) == DP_OK)
					for (size_t k = 0; k < rec.nspans; k++)
						if (rec.span[k].end > rec.v[rec.span[k].field].n)
							abort();
		dp_tpl_run_free(r);
	}
	dp_tpl_free(t);
	return 0;
}
