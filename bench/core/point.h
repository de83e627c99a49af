/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_POINT_H
#define MMBENCH_POINT_H

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

#endif
