/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The parameters of a benchmark's points: their values, and which of them
 * is swept.
 */
#ifndef MMBENCH_COLLECT_SWEEP_H
#define MMBENCH_COLLECT_SWEEP_H

#include <stddef.h>

#include "collect/model/match.h"

/* A size (4K 2M 1G, or bytes) in KiB; NaN when it is none. */
double coll_size_kib(const char *s);
/* The value of parameter name at point p: "" when absent, tasks 1. */
const char *coll_param_value(const struct cpoint *p, const char *name,
			     char *buf, size_t size);
/*
 * The parameter names of bench's points in A (added to *names, *n, for
 * the caller to free) and in *param the swept one: force where it varies
 * (else NULL and 1 returned), else size where it varies, else tasks, else
 * the one of most values, NULL when none varies.  0 or -ENOMEM.
 */
int coll_swept(const struct ccmp *c, const char *bench, const char *force,
	       char ***names, size_t *n, const char **param);

#endif
