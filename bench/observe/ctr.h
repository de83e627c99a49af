/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_CTR_H
#define MMBENCH_CTR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/perf_event.h>

struct json_object;

#define CTR_MAX		32
#define CTR_NAME	96

/* What derived metrics need to know about an event, whatever its name. */
enum ctr_kind {
	CK_OTHER, CK_CYCLES, CK_INSNS, CK_FAULTS, CK_DTLB,
};

struct ctr_val {
	uint64_t raw, enabled, running;	/* deltas over the timed regions */
	double value;			/* raw * enabled / running */
	bool scaled;			/* multiplexed: running < enabled */
};

struct ctr {
	char name[CTR_NAME];		/* as the user or benchmark named it */
	char enc[160];			/* libpfm4's full name, or the tracepoint */
	char pmu[32];			/* "perf", "tracepoint", an arch PMU */
	enum ctr_kind kind;
	struct perf_event_attr attr;
	int fd, leader;			/* leader: index in the set, or -1 */
	uint64_t id;
	bool ok;
	char why[200];			/* why it could not be opened */
	struct ctr_val last, v;		/* totals at the last read; delta */
};

struct ctr_set {
	int n;
	struct ctr c[CTR_MAX];
};

/*
 * Resolve a name: libpfm4 (generic and PMU-specific names, :u/:k
 * modifiers) or a "subsystem:event" tracepoint.  0, -ENOENT when no one
 * knows the name, -EOPNOTSUPP when it is known but cannot be counted
 * here (c->why says why), -errno.
 */
int ctr_resolve(const char *name, struct ctr *c);
/*
 * Open every event of a comma list, one group per PMU, disabled,
 * counting this process and every task it starts (inherit).  Events
 * that cannot be opened, or that no one knows (names from a
 * benchmark's defaults on an older kernel), are kept with ok = false
 * and the reason.  0, or -E2BIG for more than CTR_MAX events.
 */
int ctr_open(struct ctr_set *cs, const char *list);
/* Around the timed region only; both are one ioctl per group. */
void ctr_enable(struct ctr_set *cs);
void ctr_disable(struct ctr_set *cs);
/* Read every group; each event's v is the delta since the last read. */
int ctr_read(struct ctr_set *cs);
void ctr_close(struct ctr_set *cs);
/* {"name": {value, raw, enabled_ns, running_ns, scaled}} of the last read. */
struct json_object *ctr_json(const struct ctr_set *cs);
/* Scaled value of the first counted event of a kind; false if none. */
bool ctr_kind_value(const struct ctr_set *cs, enum ctr_kind kind, double *v);

/*
 * The unscaled count of an event by the name it was asked for, over the
 * last read: 0, -ENOENT if the set has no such event, -EOPNOTSUPP if it
 * could not be opened.
 */
int ctr_value(const struct ctr_set *cs, const char *name, uint64_t *v);

/*
 * Does counting it cost something on every event, in the very path a
 * benchmark times?  Tracepoints and the software fault events do (5.6%
 * of 4K fault throughput measured); hardware counters and the clocks
 * do not.  Resolved events only.
 */
bool ctr_costly(const struct ctr *c);

/* A PERF_FORMAT_GROUP | TOTAL_TIME_ENABLED | TOTAL_TIME_RUNNING | ID read. */
struct ctr_group {
	uint64_t nr, enabled, running;
	struct { uint64_t value, id; } v[CTR_MAX];
};

int ctr_parse_group(const void *buf, size_t len, struct ctr_group *g);
/* Delta from last to now, scaled for multiplexing. */
void ctr_scale(struct ctr_val *out, const struct ctr_val *last,
	       uint64_t raw, uint64_t enabled, uint64_t running);

#endif
