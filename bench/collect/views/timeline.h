/* SPDX-License-Identifier: GPL-2.0 */
/* Runs in order, each step's change: a series watched across rebases. */
#ifndef MMBENCH_COLLECT_TIMELINE_H
#define MMBENCH_COLLECT_TIMELINE_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"

/*
 * Sort runs[0..n) by start time or, order "kernel", by kernel version,
 * print every metric's median and step on out, and draw it in plotdir
 * (may be NULL).  Returns 0, -ENODATA (the runs share no point),
 * -ENOENT (no gnuplot or template) or -errno.
 */
int coll_history(struct crun *runs, size_t n, const char *order,
		 const char *plotdir, enum coll_ci ci, FILE *out, FILE *err);

#endif
