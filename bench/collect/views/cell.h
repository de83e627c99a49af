/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a summary cell says, whatever the format: a run's mean with half
 * its 95% CI and, for a later run, the change against A and its mark;
 * or why there is no value.  And the sensitivity of a whole summary.
 */
#ifndef MMBENCH_COLLECT_CELL_H
#define MMBENCH_COLLECT_CELL_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"

struct ccell {
	bool ok;		/* a value; else state says why not */
	char mean[16];		/* "1.961" */
	char ci[16];		/* "8.0%": half the 95% CI of the mean, or "" */
	char chg[16];		/* "+32.0%": the change against A, or "" */
	const char *mark;	/* "++", "--" or "" */
	char dist[16];		/* "D3/10": disturbed samples, or "" */
	const char *state;	/* "fallback", "skipped", "missing"... or "" */
};

/* Run i's cell of row r. */
void coll_cell(const struct crow *r, size_t i, struct ccell *x);
/*
 * Half the 95% CI of run i's mean in row r, in percent of the mean:
 * true, or false without two values.
 */
bool coll_mean_hw(const struct crow *r, size_t i, double *pct);
/* What coll_sens_range says, as a sentence before it. */
#define COLL_SENS_RANGE_INTRO \
	"smallest change each point could show (half its 95% CI; --all: each):"
/*
 * Run i against A over the rows of sh: "B against A: 0.4% to 3.6%,
 * median 1.1%, over 62 points; 8 could not be judged".  NULL: no memory.
 */
char *coll_sens_range(const struct ccmp *c, const struct cshape *sh,
		      size_t i);
/* "GB/s, higher is better" */
const char *coll_metric_words(const struct cmetric *m, char *buf,
			      size_t size);

#endif
