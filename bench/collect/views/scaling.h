/* SPDX-License-Identifier: GPL-2.0 */
/* Throughput against tasks, when a benchmark swept tasks=. */
#ifndef MMBENCH_COLLECT_SCALING_H
#define MMBENCH_COLLECT_SCALING_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"

/*
 * The scaling graph of rows[0..nr) of c, one benchmark and metric, in
 * dir; nothing when their points do not sweep tasks=.
 */
int coll_plot_scaling(const struct ccmp *c, const char *dir,
		      const size_t *rows, size_t nr, FILE *err);

#endif
