/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A series tracked across rebases: the runs paired by kernel base, a
 * base run and a series run each, and per metric what the series buys
 * at each rebase, with the rebases where that changed marked.
 */
#ifndef MMBENCH_COLLECT_PAIRS_H
#define MMBENCH_COLLECT_PAIRS_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/run.h"
#include "collect/model/stats.h"
#include "collect/views/shape.h"

/*
 * Pair runs[0..n) by rebase, print per metric sel picks (NULL: the
 * headline) the change of each series run against its base run with its
 * 95% CI, and the step from the previous rebase where it is significant,
 * on out; draw each trend in plotdir (may be NULL).  Runs are paired as
 * coll_rebases does.  Returns 0, -ENODATA (no rebase has both runs; said on err), -EINVAL
 * (sel names metrics no point has), -ENOENT (no gnuplot or template) or
 * -errno.
 */
int coll_history_pairs(struct crun *runs, size_t n, const struct csel *sel,
		       const char *plotdir, enum coll_ci ci, FILE *out,
		       FILE *err);

#endif
