/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A report to attach or publish: report.md (the summary, the setup
 * differences, the graphs linked) and report.html (the same, the graphs
 * inline, nothing fetched), with the graphs' files beside them.
 */
#ifndef MMBENCH_COLLECT_REPORT_H
#define MMBENCH_COLLECT_REPORT_H

#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"

/*
 * The report of c in dir (made if missing), of the metrics sel picks.
 * Without gnuplot it is written all the same, saying the graphs are
 * missing, and -ENOENT returned.  Else 0, -EINVAL (sel names metrics no
 * point has: said on err) or -errno.
 */
int coll_report(const struct ccmp *c, const struct csel *sel,
		const char *dir, FILE *err);

#endif
