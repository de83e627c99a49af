/* SPDX-License-Identifier: GPL-2.0 */
/* The text summary's lines besides its cells: why cells are empty. */
#ifndef MMBENCH_COLLECT_SUMNOTES_H
#define MMBENCH_COLLECT_SUMNOTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/shape.h"

/*
 * Under section s of a table of A and the later runs [from, to): why
 * cells are empty, "B at 2M mode=read: FALLBACK in ...", each reason
 * once per run.
 */
void coll_sum_reasons(const struct ccmp *c, const struct csect *s,
		      size_t from, size_t to, FILE *out);
/*
 * For each run and cell of section s whose value is missing for a
 * reason (fell back, skipped...): fn(run, block, row, reason), a reason
 * said once for a run of cells that share it.  Returns how many calls.
 */
typedef void (*coll_reason_fn)(const struct ccmp *c, const struct csect *s,
			       size_t i, size_t b, size_t j, const char *why,
			       void *ctx);
size_t coll_each_reason(const struct ccmp *c, const struct csect *s,
			coll_reason_fn fn, void *ctx);
/* A section without values in A: one line per reason. */
void coll_sum_empty(const struct ccmp *c, const struct csect *s, bool first,
		    FILE *out);

#endif
