/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The summary of a comparison, in the style of mmtests' compare-kernels:
 * one metric per benchmark (each point's headline, or those asked for),
 * one block per setting of the fixed parameters, one row per swept value,
 * one column per run: the mean with its 95% CI and, for later runs, the
 * change against A with its mark.
 */
#ifndef MMBENCH_COLLECT_SUMMARY_H
#define MMBENCH_COLLECT_SUMMARY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"
#include "collect/views/table.h"

/*
 * The summary in format f (json: the whole comparison, coll_print).
 * Returns 0, -ENOENT (sel names metrics no point has: said on err),
 * -ENOMEM or -EIO.
 */
int coll_print_summary(const struct ccmp *c, const struct csel *sel,
		       enum cfmt f, FILE *out, FILE *err);

#endif
