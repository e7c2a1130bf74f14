/* progress.c - the progress line of progress.h. */
#include "config.h"
#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double dp_progress_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void dp_progress_init(dp_progress *p, enum dp_progress_mode mode, unsigned long long total)
{
	p->enabled = mode == DP_PROGRESS_ON || (mode == DP_PROGRESS_AUTO && isatty(2));
	p->shown = 0;
	p->delay = mode == DP_PROGRESS_ON ? 0.0 : 1.0;
	p->start = p->last = dp_progress_now();
	p->total = total;
}

void dp_progress_update(dp_progress *p, unsigned long long bytes, unsigned long long records)
{
	double now, el, rate;

	if (!p->enabled)
		return;
	now = dp_progress_now();
	el = now - p->start;
	if (el < p->delay || (p->shown && now - p->last < 0.2))
		return;
	p->last = now;
	rate = el > 0 ? (double)bytes / el / 1e6 : 0;
	fprintf(stderr, "\r%.1f MB, %llu records, %.1f MB/s", (double)bytes / 1e6, records, rate);
	if (p->total > bytes && rate > 0)
		fprintf(stderr, ", ETA %.0f s", (double)(p->total - bytes) / 1e6 / rate);
	fputs("   ", stderr);
	p->shown = 1;
}

void dp_progress_done(dp_progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}
