/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Disturbed samples in a comparison: a point whose samples waited on the
 * run queue more than 1% of their timed region (observe/disturb.c marks
 * each such sample) is marked "D3/10", 3 of its 10 samples, and one note
 * under the table says what the marks mean and the largest wait.
 */
#ifndef MMBENCH_COLLECT_DISTURBED_H
#define MMBENCH_COLLECT_DISTURBED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"

/* The marks a view printed, for its note. */
struct cdnote {
	size_t marks;
	int k, n;		/* the first mark's counts */
	double max;		/* the largest wait, % of the region */
	bool have_max;		/* some marked point recorded its wait */
};

/* "D3/10" for point p (may be NULL) into buf, "" when none: buf. */
const char *coll_dmark(const struct cpoint *p, char *buf, size_t size);
/*
 * For the exports: point p's disturbed samples into *k and its largest
 * wait, % of the region, into *wait_max (NAN: none recorded).  False,
 * with k 0, where its samples say nothing either way (p NULL, a run
 * from before the figures, no schedstat).
 */
bool coll_dfigures(const struct cpoint *p, int *k, double *wait_max);
/* Count point p's mark, if it has one, into d. */
void coll_dnote_add(struct cdnote *d, const struct cpoint *p);
/* The marks of the cells with values that a summary of sh shows. */
void coll_dnote_shape(const struct ccmp *c, const struct cshape *sh,
		      struct cdnote *d);
/* The note as one sentence into buf, "" when d has no mark: buf. */
const char *coll_dnote_text(const struct cdnote *d, char *buf,
			    size_t size);
/* The note wrapped within 72 columns on out; nothing without marks. */
void coll_dnote_print(const struct cdnote *d, FILE *out);
/*
 * For a view with many rows per point (--all, history): the runs whose
 * point of row r has a mark, "disturbed: B D3/5 (at most 4.2%), C D1/5
 * (at most 1.3%)", into buf and counted into d.  False when none has.
 */
bool coll_dline(const struct ccmp *c, const struct crow *r,
		struct cdnote *d, char *buf, size_t size);

#endif
