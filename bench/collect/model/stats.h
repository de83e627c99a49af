/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Statistics of the collector: summaries of one metric's values, the
 * relative change between two runs with its 95% CI, and the CIs of a
 * median and of a mean.
 */
#ifndef MMBENCH_COLLECT_STATS_H
#define MMBENCH_COLLECT_STATS_H

#include <stdbool.h>
#include <stddef.h>

enum coll_better { COLL_LOWER, COLL_HIGHER };
enum coll_mean { COLL_ARITH, COLL_HARMONIC };
enum coll_ci { COLL_WELCH, COLL_BOOTSTRAP };

struct csum {
	size_t n;
	double mean;		/* the metric's declared mean */
	double median, sd, cv;	/* cv = sd / arithmetic mean */
	bool ok;		/* false: no value, or harmonic of a value <= 0 */
};

struct cchange {
	double rel;		/* relative change of the mean, B/A - 1 */
	double lo, hi;		/* its 95% confidence interval */
	bool valid;		/* rel is defined (A's mean is not 0) */
	bool have_ci;		/* both sides have n >= 2 */
	int sig;		/* +1 improvement, -1 regression, 0 neither */
};

int coll_summary(const double *v, size_t n, enum coll_mean m,
		 struct csum *s);
int coll_change(const double *a, size_t na, const double *b, size_t nb,
		enum coll_mean m, enum coll_better better, enum coll_ci ci,
		struct cchange *c);
/* Distribution-free 95% CI of the median from order statistics. */
int coll_median_ci(const double *v, size_t n, double *lo, double *hi);
/* How the CI of a change is computed, in a sentence for headers. */
const char *coll_ci_name(enum coll_ci ci);
int coll_mean_ci(const double *v, size_t n, enum coll_mean m, double *lo,
		 double *hi);

#endif
