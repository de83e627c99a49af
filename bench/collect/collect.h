/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The collector: read results directories, match their samples by
 * benchmark and parameters, and compare, plot and track them.  In
 * layers, each including only those below it: model/ (runs, statistics,
 * matching), views/ (table, exports, graphs, history), cmd/ (the
 * commands).  This header, the one main.c includes, defines nothing:
 * it gathers the commands' entry points.
 */
#ifndef MMBENCH_COLLECT_H
#define MMBENCH_COLLECT_H

#include "collect/cmd/compare.h"
#include "collect/cmd/history.h"
#include "collect/cmd/plot.h"
#include "collect/cmd/report.h"

#endif
