/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_CREW_H
#define MMBENCH_CREW_H

#include <stdint.h>

#include "core/mmbench.h"

struct json_object;
struct plan;

/*
 * tasks=N: the calling thread is task 0 and N-1 workers (threads, or
 * processes with an mm each) run the same point, each bound before its
 * setup.  Every repetition all of them meet at gates: rep_setup, then
 * a start gate they pass together, run(), a done gate, rep_teardown.
 * Per-task results live in cache-line padded slots in shared memory.
 */
struct crew;

enum crew_gate { CG_READY, CG_START, CG_DONE, CG_END };

/* Workers started, bound and set up: 0, or -errno with why. */
int crew_start(struct crew **cr, const struct point *pt,
	       const struct plan *pl, char *why, size_t len);
/* Tell the workers a rep begins (they run rep_setup). */
int crew_rep(struct crew *cr);
/* Meet the others at a gate; -ECANCELED when a worker died. */
int crew_gate(struct crew *cr, enum crew_gate g);
struct disturb_task;
/* Task 0's own times and run-queue wait, for the aggregate. */
void crew_task0(struct crew *cr, uint64_t t0, uint64_t t1, long minflt,
		int cpu, const struct disturb_task *d);
/* Every task's run-queue wait and region after CG_DONE; returns n. */
unsigned int crew_disturb(const struct crew *cr, struct disturb_task *t,
			  uint64_t *region_ns, unsigned int max);
/*
 * After CG_DONE: the first worker error, else 0; c->ns and c->minflt
 * become the per-task means, *wall the first start to the last end, and
 * *tasks a JSON array of {task, cpu, ns, minflt, run_wait_ns, nivcsw[,
 * memory_misplaced]}.
 */
int crew_collect(struct crew *cr, struct ctx *c, uint64_t *wall,
		 struct json_object **tasks);
/* The first worker's placement complaint, or NULL. */
const char *crew_misplaced(const struct crew *cr);
/* Something failed mid-rep: release every task waiting at a gate. */
void crew_abort(struct crew *cr);
/* Stop the workers (teardown, exit) and free the crew. */
void crew_stop(struct crew *cr);

#endif
