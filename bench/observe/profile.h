/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_PROFILE_H
#define MMBENCH_PROFILE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * profile=1: `perf record -g` attached to mmbench, started disabled and
 * switched on and off through its control FIFOs around the timed region
 * of one extra repetition, so the profile holds that region only.
 */
struct profile {
	pid_t pid;
	int ctl, ack;
	char data[3200], ctl_path[3200], ack_path[3200];
};

/* 0, -ENOENT when there is no usable perf tool (why says), -errno. */
int profile_start(struct profile *p, const char *dir, int idx, char *why,
		  size_t len);
int profile_enable(struct profile *p);
int profile_disable(struct profile *p);
/* Stop perf, write the `perf report --stdio` summary next to perf.data. */
int profile_finish(struct profile *p, char *why, size_t len);

#endif
