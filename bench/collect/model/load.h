/* SPDX-License-Identifier: GPL-2.0 */
/* Reading results directories: meta.json and samples.jsonl. */
#ifndef MMBENCH_COLLECT_LOAD_H
#define MMBENCH_COLLECT_LOAD_H

#include <stdio.h>

#include "collect/model/run.h"

/*
 * Read DIR/meta.json and DIR/samples.jsonl into r.  Problems with single
 * lines are reported on err as "file:line: what" and the rest is used;
 * returns 0, -ENOENT (no such results directory), -ENODATA (no usable
 * sample) or -ENOMEM.
 */
int coll_read_run(const char *dir, struct crun *r, FILE *err);
/*
 * Read the n directories dirs into *runs, tagged A, B, ...; the reason
 * of a failure is printed on err.  Returns 0, -E2BIG (more than
 * COLL_MAXRUNS), -EINVAL (icount and wall-clock runs mixed, or icount
 * runs of different QEMU CPU models: meta.json "qemu_cpu"), -ENOMEM or
 * coll_read_run's error.
 */
int coll_load_runs(char **dirs, int n, struct crun **runs, FILE *err);

#endif
