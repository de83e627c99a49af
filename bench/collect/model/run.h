/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One results directory in memory: its points (benchmark + parameter
 * values), each with every repetition's value of every metric.
 */
#ifndef MMBENCH_COLLECT_RUN_H
#define MMBENCH_COLLECT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/model/stats.h"

#define COLL_MAXRUNS	32

struct json_object;

/* One metric of one point in one run: every repetition's value. */
struct cmetric {
	char *name, *unit;
	enum coll_better better;
	enum coll_mean mean;
	bool mixed;		/* unit/better/mean changed between lines */
	double *v;
	size_t n, cap;
};

/* One point (benchmark + parameter values) of one run. */
struct cpoint {
	char *bench;
	char *params;		/* "size=64K mode=write", the file's order */
	char *key;		/* bench + params sorted by name: matching */
	char *tasks;		/* value of a "tasks" parameter, or NULL */
	char *skipped, *failed;	/* reasons, when the point did not run */
	char *fallback_reason;	/* first one seen */
	int samples, fallbacks;
	/*
	 * Samples the writer marked "disturbed" (their run-queue wait
	 * passed 1% of the timed region), samples that carry a
	 * "sched" wait_pct at all, and the largest of those, in percent.
	 */
	int disturbed, sched;
	double wait_max;
	struct cmetric *m;
	size_t nm;
};

struct crun {
	char *dir;
	char tag;		/* 'A', 'B', ... in the order given */
	int idx;		/* position on the command line */
	char *label, *release, *started, *status;
	bool icount;		/* meta.json timebase "icount" */
	struct json_object *meta;
	struct cpoint *p;
	size_t np;
	int lines, bad;		/* samples.jsonl lines read, and unusable */
};

/* A, B, .. Z, a, b, ..: a run's name in tables */
static inline char coll_tag(size_t i)
{
	return i < 26 ? 'A' + i : 'a' + (i - 26);
}

struct cpoint *coll_find_point(const struct crun *r, const char *key);
struct cmetric *coll_find_metric(const struct cpoint *p, const char *name);
void coll_free_run(struct crun *r);
/* Free runs[0..n) and the array itself. */
void coll_free_runs(struct crun *runs, size_t n);

#endif
