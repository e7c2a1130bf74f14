/* fuzz_manifest.c - libFuzzer target for the manifest and tombstone parser
 * (lib/manifest.c, lib/manifest_check.c) and what readers do with a parsed manifest:
 * the purge planner, the step-chain check, the content id and the scan summary.
 * Checks: a failure is DP_DATAERR with a one-line message naming the file; an accepted
 * document dumps to text that parses again to the same dump (so a manifest written by
 * doppel is read back unchanged); the planner always gives a verdict with a reason.
 * Seeds: tests/fuzz/corpus/manifest/. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dp_exit.h"
#include "manifest.h"
#include "manifest_build.h"
#include "purge_plan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use(const json_t *m, enum dp_mf_kind kind)
{
	dp_err err, none;
	dp_mf_plan p;
	char cid[72];
	json_t *sum;

	dp_err_clear(&none);
	dp_mf_classify(kind == DP_MF_MANIFEST ? m : NULL, &none, kind == DP_MF_TOMB ? m : NULL, &none,
	               1767225600, &p);
	if (p.verdict > DP_MF_BAD || p.why[0] == '\0')
		abort();
	if (kind != DP_MF_MANIFEST)
		return;
	dp_err_clear(&err);
	if (dp_mf_check_chain(m, json_object_get(m, "resources"), &err) != DP_OK
	    && (err.code != DP_DATAERR || !err.msg[0]))
		abort();
	dp_mf_content_id(json_object_get(m, "resources"), cid);
	sum = dp_mf_scan_summary(json_object_get(m, "doppel:steps"));
	if (!sum)
		abort();
	json_decref(sum);
}

static void round_trip(const json_t *m, enum dp_mf_kind kind)
{
	char *a = dp_mf_dump(m), *b;
	json_t *again;
	dp_err err;

	if (!a)
		abort();
	if (dp_mf_parse(a, strlen(a), "dump", kind, &again, &err) != DP_OK)
		abort();
	b = dp_mf_dump(again);
	if (!b || strcmp(a, b) != 0)
		abort();
	free(a);
	free(b);
	json_decref(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int k = 0; k < 2; k++) {
		enum dp_mf_kind kind = k ? DP_MF_TOMB : DP_MF_MANIFEST;
		json_t *m;
		dp_err err;
		int rc;

		dp_err_clear(&err);
		rc = dp_mf_parse((const char *)data, size, "in.json", kind, &m, &err);
		if (rc != DP_OK) {
			if (rc != DP_DATAERR || err.code != rc || !err.msg[0] || strchr(err.msg, '\n')
			    || strcmp(err.file, "in.json") != 0 || m)
				abort();
			continue;
		}
		use(m, kind);
		round_trip(m, kind);
		json_decref(m);
	}
	return 0;
}
