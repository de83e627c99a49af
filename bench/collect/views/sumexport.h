/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The summary as markdown (a table per benchmark and metric) and as csv
 * (a line per swept value, a group of columns per run): the shape of the
 * text summary, for other programs and for the report.
 */
#ifndef MMBENCH_COLLECT_SUMEXPORT_H
#define MMBENCH_COLLECT_SUMEXPORT_H

#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"

/* The runs as a markdown list: tag, label, kernel, directory. */
void coll_md_runs(const struct ccmp *c, FILE *out);
/* The setup differences as a markdown list, "" when there are none. */
void coll_md_diffs(const struct ccmp *c, FILE *out);
/* A table per section, then the sensitivity: 0 or -ENOMEM. */
int coll_md_tables(const struct ccmp *c, const struct cshape *sh, FILE *out);
/* All of it, with what it shows first: 0 or -ENOMEM. */
int coll_summary_markdown(const struct ccmp *c, const struct cshape *sh,
			  FILE *out);
/* 0 (csv cannot fail but for out, which the caller checks) */
int coll_summary_csv(const struct ccmp *c, const struct cshape *sh,
		     FILE *out);

#endif
