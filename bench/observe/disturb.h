/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_DISTURB_H
#define MMBENCH_DISTURB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct json_object;

/*
 * Was a sample disturbed by the rest of a shared machine?  A task's
 * run-queue wait (/proc/thread-self/schedstat, second field) and its
 * involuntary context switches over its timed region, and the machine's
 * CPU and memory pressure (/proc/pressure/{cpu,memory}, "some total=")
 * over the region.  Read just outside the clock reads, never inside.
 */
struct disturb_task {
	uint64_t wait_ns;	/* run-queue wait, ns */
	long nivcsw;		/* involuntary context switches */
	bool ok;		/* schedstat was readable */
};

struct disturb_psi {
	uint64_t cpu_us, mem_us;	/* "some total=", us */
	bool cpu_ok, mem_ok;
};

/* A sample whose run-queue wait exceeds this share of its region. */
#define DISTURB_WAIT_PCT	1.0

/* This thread, now. */
void disturb_task_read(struct disturb_task *t);
/* The machine, now. */
void disturb_psi_read(struct disturb_psi *p);
/* after - before into d (task fields); ok only if both were read. */
void disturb_task_delta(const struct disturb_task *before,
			const struct disturb_task *after,
			struct disturb_task *d);
/*
 * The sample keys: "sched" {run_wait_ns, nivcsw, wait_pct[, task]} of
 * the task that waited most, "pressure" {cpu_some_us, memory_some_us},
 * and "disturbed" (with "disturbed_reason") when its wait is over
 * DISTURB_WAIT_PCT of its region.  tasks[i] and region_ns[i] for each of
 * n tasks; psi before and after the region.
 */
void disturb_record(struct json_object *sample,
		    const struct disturb_task *tasks,
		    const uint64_t *region_ns, unsigned int n,
		    const struct disturb_psi *psi0,
		    const struct disturb_psi *psi1);
/*
 * At the start of a run: other runnable tasks (/proc/loadavg's
 * runnable count, as /proc/stat procs_running, less mmbench itself: the
 * least of a few reads), the load average, CPU pressure.  For meta.json's "machine_load"; msg gets one line when
 * the machine is busy, else "".
 */
struct json_object *disturb_machine(char *msg, size_t len);
/* "4.44 2.39 1.60 5/121 17353": the 1-minute load and runnable tasks. */
int disturb_loadavg(const char *text, double *load1, long *running);
/* "some ... total=N" in a /proc/pressure text: 0, or -EINVAL. */
int disturb_psi_some_total(const char *text, uint64_t *us);

#endif
