/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_PLACE_H
#define MMBENCH_PLACE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/mmbench.h"

struct json_object;

#define PLACE_MAX_TASKS	1024

enum { PLACE_CORE, PLACE_PU, PLACE_COMPACT, PLACE_SCATTER };
enum { TASK_PROCESS, TASK_THREAD };
enum { MB_LOCAL, MB_NODE, MB_INTERLEAVE };

/* Where each task of a point runs, and the memory policy they all use. */
struct plan {
	int ntasks;
	int cpu[PLACE_MAX_TASKS];	/* OS index of task i's PU */
	int membind, node;		/* MB_*, node for MB_NODE */
};

/* hwloc's view of the machine, for meta.json. */
struct json_object *place_topology(void);
/* Check cpus=, node=, membind= as typed (parse time): 0 or -EINVAL. */
int place_check_cpus(const char *list, char *err, size_t len);
int place_check_node(const char *s, char *err, size_t len);
int place_check_membind(const char *s, char *err, size_t len);
/*
 * The plan for a point: its CPUs in placement order, tasks= of them.
 * -EINVAL with one line naming what is available for a CPU or node
 * that does not exist, a node without memory, more tasks than CPUs.
 */
int place_plan(const struct point *pt, struct plan *pl, char *err,
	       size_t len);
/* Bind the calling thread to task i's CPU and apply the memory policy. */
int place_bind(const struct plan *pl, int task);
/* The calling thread's binding and policy, saved and put back. */
struct place_saved;
struct place_saved *place_save(void);
void place_restore(struct place_saved *s);
/*
 * Where up to 64 pages spread over [base, base+len) are, against the
 * plan for a task that ran on cpu: 0 when all are where asked, -EFAULT
 * when some are not (msg says), -errno if it could not be checked.
 * *json receives {"checked", "nodes": {node: pages}, "expected"}.
 */
int place_check_memory(const struct plan *pl, int cpu, const void *base,
		       size_t len, struct json_object **json, char *msg,
		       size_t msglen);

#endif
