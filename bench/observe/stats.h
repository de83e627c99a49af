/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_STATS_H
#define MMBENCH_STATS_H

#include <stdint.h>

struct json_object;

/*
 * Snapshots of /proc/vmstat, every hugepages-*kB/stats counter and
 * khugepaged/{pages_collapsed,full_scans}.  The
 * names are read from the files once (stats_init); nothing is
 * hard-coded, so new kernel counters show up by themselves.
 */
struct snap;

/* Learn the counter names; snapshots are made after it (else -ESTALE). */
int stats_init(void);
void stats_exit(void);
struct snap *snap_new(void);
void snap_free(struct snap *s);
int snap_take(struct snap *s);

/* after - before of a vmstat counter: 0 or -ENOENT. */
int stats_vm(const struct snap *b, const struct snap *a, const char *name,
	     int64_t *delta);
/* Same for hugepages-<size>kB/stats/<name>. */
int stats_mthp(const struct snap *b, const struct snap *a, uint64_t size,
	       const char *name, int64_t *delta);
/* Same for khugepaged/<name>: pages_collapsed, full_scans. */
int stats_khugepaged(const struct snap *b, const struct snap *a,
		     const char *name, int64_t *delta);
/*
 * {"vmstat":{..}, "mthp":{"64kB":{..}}, "khugepaged":{..}}: the non-zero
 * deltas ("khugepaged" only when one moved).
 */
struct json_object *stats_json(const struct snap *b, const struct snap *a);

#endif
