/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How small a change a comparison could have seen: per point of A and
 * run against it, the half-width of the 95% CI of the change of the
 * point's headline metric, the first one its benchmark records.  A "no
 * regression" claim holds down to that size and no further.
 */
#ifndef MMBENCH_COLLECT_SENSITIVITY_H
#define MMBENCH_COLLECT_SENSITIVITY_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/model/match.h"

/* What the numbers are, in a sentence above them. */
#define COLL_SENS_INTRO \
	"sensitivity: the smallest change of each point's first metric " \
	"this comparison could have detected (half the width of the 95% CI " \
	"of the change); below it, a change and none look the same"

/*
 * Is r its point's headline row: the row of the first metric, or the
 * only row of a point A has no metric of?
 */
bool coll_is_headline(const struct crow *r);
/*
 * Half the width of the 95% CI of run i's change in row r, in percent,
 * into *pct: true.  False where it cannot be judged, with why in buf
 * ("fewer than 2 samples", "B fell back", ...).
 */
bool coll_detectable(const struct crow *r, size_t i, double *pct,
		     char *why, size_t size);
/*
 * Run i against A, one line per benchmark, points in A's order and
 * named by the parameters that vary among them: "anon-fault throughput:
 * 2.1% at size=4K, 0.6% at size=2M; could not judge size=64K (fewer
 * than 2 samples)".  Appended to *lines (coll_add_line): 0 or -ENOMEM.
 */
int coll_sensitivity(const struct ccmp *c, size_t i, char ***lines,
		     size_t *n);

#endif
