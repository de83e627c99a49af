/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_POINT_H
#define MMBENCH_POINT_H

#include <stdbool.h>
#include <stdint.h>

#include "core/mmbench.h"

struct json_object;
struct progress;
struct res;

/*
 * Run one point into res: 0, -errno when it failed (recorded as a
 * "failed" line), -EINTR when a signal stopped it.  counters is
 * meta.json's "counters", where what could not be counted is noted.
 */
int point_run(struct res *res, struct json_object *counters,
	      const struct point *pt, int idx, struct progress *pg);
/* A "skipped" or "failed" line for a point, with the reason. */
int point_record_status(struct res *res, const struct point *pt, int idx,
			const char *key, const char *why);

/*
 * One repetition through the same code path as point_run: rep_setup,
 * snapshots (when point_snaps is on), the two clock reads around run(),
 * verify (when c->sample is set), rep_teardown.
 */
int point_one_rep(struct ctx *c, uint64_t *ns);
/*
 * For verify: the count of an event the benchmark listed in
 * verify_events, over the counted repetition this sample belongs to.
 * Today every timed repetition is counted and this is its own count;
 * a harness that moves per-fault events into separate counted
 * repetitions hands verify their count here, unchanged for benchmarks.
 * 0, -ENOENT (not asked for), -EOPNOTSUPP (could not be counted).
 */
int point_count(const struct ctx *c, const char *event, uint64_t *v);
/* Take stats snapshots in point_one_rep (a run, or `mmbench overhead`). */
int point_snaps(bool on);

#endif
