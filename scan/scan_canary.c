/* scan_canary.c - --canaries: the registry's values are searched literally in every
 * buffer the detectors see (text chunks, JSON string values, CSV cells), and each hit
 * becomes a finding of type canary, merged into the detectors' findings in offset order
 * so the readers' line and column bookkeeping stays right. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "dp_exit.h"
#include "scan.h"

int scan_canaries_open(scan_ctx *c, dp_err *err)
{
	if (!c->o->canaries_path)
		return 0;
	return dp_canary_load(c->o->canaries_path, &c->canaries, err);
}

void scan_canaries_close(scan_ctx *c)
{
	dp_canary_free(c->canaries);
	free(c->hits.v);
	c->canaries = NULL;
	c->hits.v = NULL;
}

static int collect(const dp_canary_hit *h, void *ud)
{
	scan_ctx *c = ud;

	if (c->hits.n == c->hits.cap) {
		size_t cap = c->hits.cap ? 2 * c->hits.cap : 16;
		dp_canary_hit *v = realloc(c->hits.v, cap * sizeof *v);

		if (!v)
			return DP_SOFTWARE;
		c->hits.v = v;
		c->hits.cap = cap;
	}
	c->hits.v[c->hits.n++] = *h;
	return 0;
}

typedef struct merge {
	scan_ctx *c;
	dp_finding_cb cb;
	void *ud;
	size_t next;   /* the first hit not yet passed on */
} merge;

/* Passes on the hits that start at or before upto. */
static int flush(merge *m, size_t upto)
{
	scan_ctx *c = m->c;
	int rc = 0;

	while (rc == 0 && m->next < c->hits.n && c->hits.v[m->next].start <= upto) {
		const dp_canary_hit *h = &c->hits.v[m->next++];
		dp_finding f = {DP_T_CANARY, "canary", h->start, h->end, 1.0, "canary-registry",
		                h->value, h->value_len, DP_F_VALIDATED};

		c->canary_origin = h->origin;
		rc = m->cb(&f, m->ud);
		c->canary_origin = NULL;
	}
	return rc;
}

static int on_detected(const dp_finding *f, void *ud)
{
	merge *m = ud;
	int rc = flush(m, f->start);

	return rc ? rc : m->cb(f, m->ud);
}

int scan_detect(scan_ctx *c, const char *buf, size_t len, dp_finding_cb cb, void *ud)
{
	merge m = {c, cb, ud, 0};
	int rc;

	c->hits.n = 0;
	if (c->canaries && (rc = dp_canary_find(c->canaries, buf, len, collect, c)) != 0)
		return rc;
	if (c->hits.n == 0)
		return dp_detect_run(c->sc, buf, len, c->o->report_all, cb, ud);
	rc = dp_detect_run(c->sc, buf, len, c->o->report_all, on_detected, &m);
	return rc ? rc : flush(&m, SIZE_MAX);
}
