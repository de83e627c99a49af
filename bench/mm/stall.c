// SPDX-License-Identifier: GPL-2.0
/* The downtime watcher (stall.h). */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "mm/stall.h"

static void *watch(void *arg)
{
	struct stall *s = arg;
	size_t r;

	/*
	 * One page per range per pass, so a pass is short next to any one
	 * collapse and every range's window is seen.
	 */
	while (!__atomic_load_n(&s->stop, __ATOMIC_RELAXED)) {
		for (r = 0; r < s->nranges; r++) {
			const char *q = s->base + r * s->range + s->page * 4096;
			uint64_t t0 = util_now_ns(), d;

			(void)*(volatile const char *)q;
			d = util_now_ns() - t0;
			/* The first pass only warms: nothing is recorded. */
			if (d > s->max_ns[r] &&
			    __atomic_load_n(&s->armed, __ATOMIC_RELAXED))
				s->max_ns[r] = d;
		}
		__atomic_add_fetch(&s->passes, 1, __ATOMIC_RELAXED);
	}
	return NULL;
}

/* Any online CPU but the caller's: the watcher must not share it. */
static int other_cpu(cpu_set_t *set)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN), i;
	int me = sched_getcpu();

	CPU_ZERO(set);
	for (i = 0; i < n && i < CPU_SETSIZE; i++)
		if (i != me)
			CPU_SET(i, set);
	return CPU_COUNT(set) ? 0 : -EOPNOTSUPP;
}

int stall_start(struct stall *s, const void *base, size_t len, size_t range,
		size_t page)
{
	pthread_attr_t attr;
	cpu_set_t set;
	int ret;

	memset(s, 0, sizeof(*s));
	ret = other_cpu(&set);
	if (ret)
		return ret;
	s->base = base;
	s->range = range;
	s->nranges = len / range;
	s->page = page;
	s->max_ns = calloc(s->nranges, sizeof(*s->max_ns));
	if (!s->max_ns)
		return -ENOMEM;
	pthread_attr_init(&attr);
	pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	ret = -pthread_create(&s->th, &attr, watch, s);
	pthread_attr_destroy(&attr);
	if (ret) {
		stall_free(s);
		return ret;
	}
	s->running = true;
	/* One whole pass first, so the ranges are warm, then record. */
	while (!__atomic_load_n(&s->passes, __ATOMIC_RELAXED))
		sched_yield();
	__atomic_store_n(&s->armed, 1, __ATOMIC_RELAXED);
	return 0;
}

void stall_stop(struct stall *s)
{
	if (!s->running)
		return;
	__atomic_store_n(&s->stop, 1, __ATOMIC_RELAXED);
	pthread_join(s->th, NULL);
	s->running = false;
}

void stall_free(struct stall *s)
{
	stall_stop(s);
	free(s->max_ns);
	s->max_ns = NULL;
}
