/* SPDX-License-Identifier: GPL-2.0 */
/* The graphs of a comparison. */
#ifndef MMBENCH_COLLECT_GRAPHS_H
#define MMBENCH_COLLECT_GRAPHS_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"

/* The graphs drawn: their files' names in the directory, less .png/.svg. */
struct cgraphs {
	char **name;
	size_t n;
	char **what;		/* what each shows, in a sentence */
	size_t nwhat;
};

/*
 * Per benchmark and metric that sel picks (NULL: the headline metrics):
 * each run's mean against the swept parameter, one panel per setting of
 * the others (BENCH-METRIC-by-PARAM), with two runs or more the change
 * against A as bars (BENCH-METRIC-change-by-PARAM), and where tasks= was
 * swept besides, the metric against tasks (BENCH-METRIC-by-tasks).  PNG
 * and SVG in dir (made if missing); what was drawn is added to g (may be
 * NULL).  Returns 0, -ENOENT (no gnuplot or template: said on err),
 * -EINVAL (sel names metrics no point has: said on err) or -errno.
 */
int coll_plot(const struct ccmp *c, const char *dir, const struct csel *sel,
	      struct cgraphs *g, FILE *err);
void coll_free_graphs(struct cgraphs *g);

#endif
