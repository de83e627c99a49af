/* SPDX-License-Identifier: GPL-2.0 */
/* Setup differences between runs, from their meta.json. */
#ifndef MMBENCH_COLLECT_SETUP_H
#define MMBENCH_COLLECT_SETUP_H

#include <stddef.h>

#include "collect/model/run.h"

/*
 * Append to the list *diffs of *ndiffs lines one printable line per
 * meta.json entry of runs[0..n) that differs from runs[0]'s: "path:
 * A=x B=y", or for a command line "path: B vs A: +word -word".  Returns
 * 0 or -ENOMEM.
 */
int coll_setup_diffs(const struct crun *runs, size_t n, char ***diffs,
		     size_t *ndiffs);

#endif
