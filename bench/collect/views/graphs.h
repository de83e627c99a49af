/* SPDX-License-Identifier: GPL-2.0 */
/* The graphs of a comparison. */
#ifndef MMBENCH_COLLECT_GRAPHS_H
#define MMBENCH_COLLECT_GRAPHS_H

#include <stdio.h>

#include "collect/model/match.h"

/*
 * Values, changes and scaling curves of every metric, PNG and SVG, in
 * dir (made if missing).  Returns 0, -ENOENT (no gnuplot or template:
 * said on err) or -errno.
 */
int coll_plot(const struct ccmp *c, const char *dir, FILE *err);

#endif
