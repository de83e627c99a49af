/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A series tracked across rebases: each week's kernel base measured as a
 * base run and a series run.  The rebase of a run is its kernel.manifest's
 * base commit (describe, version), else its kernel release less a
 * "-mmbench-..." suffix; its role the manifest's variant, else a
 * "-mmbench-base" release or a label "base" or "base-..."; in a rebase
 * without a base run, the first run started is its base.
 */
#ifndef MMBENCH_COLLECT_REBASE_H
#define MMBENCH_COLLECT_REBASE_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/run.h"

struct crebase {
	char *key;		/* the kernel base */
	struct crun *base, *series;
};

/*
 * The rebases of runs[0..n) into rb (room for n), in the order their base
 * runs started, each with both runs; runs left without a partner are
 * named on err.  Returns 0 or -ENOMEM.
 */
int coll_rebases(struct crun *runs, size_t n, struct crebase *rb,
		 size_t *nrb, FILE *err);
void coll_free_rebases(struct crebase *rb, size_t n);

#endif
