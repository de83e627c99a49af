// SPDX-License-Identifier: GPL-2.0
/* What the unmap benchmarks report: pagemap counts, metrics, skip reasons. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "mm/mem.h"
#include "core/result.h"

int mem_pagemap_count(pid_t pid, const void *addr, size_t len, uint64_t bits,
		      uint64_t *count)
{
	uint64_t buf[512], n = 0;
	size_t pages = len / PAGE_4K, done = 0, i, want;
	char path[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (done < pages) {
		want = pages - done < 512 ? pages - done : 512;
		got = pread(fd, buf, want * 8,
			    ((uintptr_t)addr / PAGE_4K + done) * 8);
		if (got <= 0) {
			close(fd);
			return got < 0 ? -errno : -EIO;
		}
		for (i = 0; i < (size_t)got / 8; i++)
			n += (buf[i] & bits) == bits;
		done += got / 8;
	}
	close(fd);
	*count = n;
	return 0;
}

void mem_metrics(struct ctx *c, uint64_t bytes)
{
	sample_metric(c, "time", "us", LOWER, MEAN_ARITH, c->ns / 1000.0);
	sample_metric(c, "ns_per_4k", "ns", LOWER, MEAN_ARITH,
		      (double)c->ns / (bytes / PAGE_4K));
	sample_metric(c, "throughput", "GB/s", HIGHER, MEAN_HARMONIC,
		      (double)bytes / (c->ns ? c->ns : 1));
}

const char *const mem_onoff[] = { "0", "1", NULL };

int mem_large_pages(pid_t pid, const void *addr, size_t len, uint64_t *count)
{
	const uint64_t compound = 1ULL << 15 | 1ULL << 16;	/* head, tail */
	uint64_t pm[512], flags, n = 0;
	size_t pages = len / PAGE_4K, done = 0, i;
	char path[64];
	int fd, kfd, ret = 0;
	ssize_t got;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	kfd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || kfd < 0) {
		ret = -errno;
		goto out;
	}
	while (done < pages && !ret) {
		got = pread(fd, pm, (pages - done < 512 ? pages - done : 512) * 8,
			    ((uintptr_t)addr / PAGE_4K + done) * 8);
		if (got <= 0) {
			ret = got < 0 ? -errno : -EIO;
			break;
		}
		for (i = 0; i < (size_t)got / 8; i++) {
			uint64_t pfn = pm[i] & ((1ULL << 55) - 1);

			if (!(pm[i] & PM_PRESENT) || !pfn)
				continue;	/* PFNs read as 0 without root */
			if (pread(kfd, &flags, 8, pfn * 8) != 8) {
				ret = -EIO;
				break;
			}
			n += !!(flags & compound);
		}
		done += got / 8;
	}
out:
	if (fd >= 0)
		close(fd);
	if (kfd >= 0)
		close(kfd);
	*count = n;
	return ret;
}

void mem_touch_drained(const struct region *rg)
{
	static char *dummy;
	cpu_set_t old, one;
	bool pinned;

	/*
	 * New folios sit in the faulting CPU's LRU batch, off the LRU, and
	 * MADV_PAGEOUT skips those; it drains only its own CPU's batch.
	 * So fault on one CPU and drain it there (MADV_COLD on a page that
	 * maps nothing drains and does nothing else).
	 */
	pinned = !sched_getaffinity(0, sizeof(old), &old);
	if (pinned) {
		CPU_ZERO(&one);
		CPU_SET(sched_getcpu(), &one);
		pinned = !sched_setaffinity(0, sizeof(one), &one);
	}
	mem_touch(rg);
	if (!dummy)
		dummy = mmap(NULL, PAGE_4K, PROT_READ, MAP_PRIVATE |
			     MAP_ANONYMOUS, -1, 0);
	if (dummy != MAP_FAILED)
		madvise(dummy, PAGE_4K, MADV_COLD);
	if (pinned)
		sched_setaffinity(0, sizeof(old), &old);
}
