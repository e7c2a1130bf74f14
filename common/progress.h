/* progress.h - a progress line on stderr for long runs (bytes, records, rate, ETA when
 * the total is known). Shown when stderr is a terminal and the run has lasted more than
 * a second, or when forced. The caller owns the struct; nothing is allocated. */
#ifndef DP_PROGRESS_H
#define DP_PROGRESS_H

enum dp_progress_mode { DP_PROGRESS_AUTO, DP_PROGRESS_ON, DP_PROGRESS_OFF };

typedef struct dp_progress {
	int enabled;
	int shown;
	double delay;                /* seconds before the first line: 1 when automatic, 0 when forced */
	double start, last;
	unsigned long long total;   /* expected bytes, 0 if unknown */
} dp_progress;

void dp_progress_init(dp_progress *p, enum dp_progress_mode mode, unsigned long long total);
/* Cheap to call often: redraws at most five times a second. */
void dp_progress_update(dp_progress *p, unsigned long long bytes, unsigned long long records);
/* Clears the line if one was drawn. */
void dp_progress_done(dp_progress *p);
double dp_progress_now(void);   /* monotonic seconds */

#endif
