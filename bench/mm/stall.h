/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_STALL_H
#define MMBENCH_STALL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A thread that keeps reading one mapped page of every range, on a CPU
 * of its own, and records per range the longest single access: the
 * process-visible downtime of whatever the kernel does to that range
 * meanwhile (a collapse clears the PMD and flushes the TLB, so an
 * access faults and waits for it).  It only reads a page the caller
 * says is mapped, so it faults nothing new in.
 */
struct stall {
	pthread_t th;
	bool running;
	int stop, armed;
	const char *base;
	size_t range, nranges;	/* bytes per range, ranges */
	size_t page;		/* the page of each range it reads */
	uint64_t *max_ns;	/* per range */
	uint64_t passes;
};

/* Start watching, on a CPU other than this thread's: 0, -errno. */
int stall_start(struct stall *s, const void *base, size_t len, size_t range,
		size_t page);
/* Stop and join; max_ns stays until stall_free. */
void stall_stop(struct stall *s);
void stall_free(struct stall *s);

#endif
