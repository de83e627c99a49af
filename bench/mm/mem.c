// SPDX-License-Identifier: GPL-2.0
/* Anonymous memory: which sizes exist, enabling one, mapping, proving it. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/harness.h"
#include "core/session.h"
#include "mm/mem.h"
#include "core/result.h"
#include "observe/stats.h"
#include "mm/thp.h"
#include "core/util.h"

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

int mem_check_size(uint64_t size, char *msg, size_t len)
{
	uint64_t s[THP_MAX_SIZES];
	char want[16], have[256];
	int i, n;

	n = thp_sizes(s, THP_MAX_SIZES);
	for (i = 0; i < n; i++)
		if (s[i] == size)
			return 0;
	util_fmt_size(size, want, sizeof(want));
	thp_sizes_str(have, sizeof(have));
	if (!thp_per_size() && size < thp_pmd_size())
		snprintf(msg, len, "size=%s: this kernel has no per-size mTHP knobs (hugepages-*kB, 6.8+); it offers %s",
			 want, have);
	else
		snprintf(msg, len, "size=%s: not offered by this kernel; it offers %s",
			 want, have);
	return -EOPNOTSUPP;
}

static uint64_t mem_available(void)
{
	char buf[8192], *p;
	unsigned long long kb;

	if (util_read_file("/proc/meminfo", buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "MemAvailable:");
	if (!p || sscanf(p, "MemAvailable: %llu", &kb) != 1)
		return 0;
	return kb * 1024;
}

int mem_check_region(uint64_t mem, uint64_t size, char *msg, size_t len)
{
	char m[16], s[16];
	uint64_t avail;

	util_fmt_size(mem, m, sizeof(m));
	util_fmt_size(size, s, sizeof(s));
	if (mem % size) {
		snprintf(msg, len, "mem=%s is not a multiple of size=%s", m, s);
		return -EINVAL;
	}
	avail = mem_available();
	if (avail && mem > avail) {
		snprintf(msg, len, "mem=%s is more than MemAvailable (%.1fG)",
			 m, avail / 1073741824.0);
		return -EINVAL;
	}
	return 0;
}

bool mem_have_populate(void)
{
	bool ok;
	void *p;

	p = mmap(NULL, PAGE_4K, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	ok = !madvise(p, PAGE_4K, MADV_POPULATE_WRITE);
	munmap(p, PAGE_4K);
	return ok;
}

/* One size's knob at policy, every other size's at never. */
static int enable_only(uint64_t size, const char *policy, bool shmem)
{
	const char *name = shmem ? "shmem_enabled" : "enabled";
	uint64_t s[THP_MAX_SIZES];
	char knob[64];
	int i, n, ret;

	/* Order-1 sizes exist for shmem only: thp_all_sizes has them. */
	n = shmem ? thp_all_sizes(s, THP_MAX_SIZES) :
		    thp_sizes(s, THP_MAX_SIZES) - 1;
	if (!thp_per_size())
		return session_knob_set(name, size == thp_pmd_size() ? policy :
								 "never");
	for (i = 0; i < n; i++) {
		uint64_t sz = shmem ? s[i] : s[i + 1];

		snprintf(knob, sizeof(knob), "hugepages-%" PRIu64 "kB/%s",
			 sz / 1024, name);
		ret = session_knob_set(knob, sz == size ? policy : "never");
		if (ret)
			return ret;
	}
	/* Only "inherit" sizes read the top knob, and none is left. */
	return session_knob_set(name, size == PAGE_4K ? "never" : policy);
}

int mem_enable_size(uint64_t size, bool shmem, const char *policy)
{
	const char *name = shmem ? "shmem_enabled" : "enabled";
	char knob[64];

	if (!thp_per_size())
		return session_knob_set(name, policy);
	snprintf(knob, sizeof(knob), "hugepages-%" PRIu64 "kB/%s",
		 size / 1024, name);
	return session_knob_set(knob, policy);
}

int mem_enable_only(uint64_t size, const char *policy)
{
	return enable_only(size, policy, false);
}

int mem_enable_only_shmem(uint64_t size)
{
	return enable_only(size, "always", true);
}

/*
 * [start, start + len) with start PMD-aligned, so the VMA can hold PMD
 * mappings: reserve len + one PMD, map there (the fd, or anonymous
 * memory), trim the rest.
 */
static int map_aligned(struct region *rg, size_t len, int flags, int fd,
		       size_t skew)
{
	size_t align = thp_pmd_size() ? thp_pmd_size() : PAGE_4K;
	uintptr_t raw, start;
	void *p;

	p = mmap(NULL, len + align + skew, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	raw = (uintptr_t)p;
	start = ((raw + align - 1) & ~(uintptr_t)(align - 1)) + skew;
	if (mmap((void *)start, len, PROT_READ | PROT_WRITE,
		 flags | MAP_FIXED | MAP_NORESERVE |
		 (fd < 0 ? MAP_ANONYMOUS : 0), fd, 0) == MAP_FAILED) {
		int err = -errno;

		munmap(p, len + align + skew);
		return err;
	}
	if (start > raw)
		munmap(p, start - raw);
	if (raw + len + align + skew > start + len)
		munmap((void *)(start + len),
		       raw + len + align + skew - start - len);
	rg->base = (char *)start;
	rg->len = len;
	return 0;
}

int mem_map_file(struct region *rg, size_t len, int fd, bool shared,
		 bool skew)
{
	return map_aligned(rg, len, shared ? MAP_SHARED : MAP_PRIVATE, fd,
			   skew ? PAGE_4K : 0);
}

int mem_map_shared(struct region *rg, size_t len)
{
	return map_aligned(rg, len, MAP_SHARED, -1, 0);
}

int mem_map(struct region *rg, size_t len, bool madv_huge)
{
	int ret;

	ret = map_aligned(rg, len, MAP_PRIVATE, -1, 0);
	if (ret)
		return ret;
	if (madv_huge && madvise(rg->base, len, MADV_HUGEPAGE)) {
		int err = -errno;

		mem_unmap(rg);
		return err;
	}
	return 0;
}

void mem_unmap(struct region *rg)
{
	if (rg->base)
		munmap(rg->base, rg->len);
	rg->base = NULL;
}

int mem_check_point(uint64_t size, uint64_t mem, bool pmd_as_pte, char *msg,
		    size_t len)
{
	char s[16];
	int ret;

	ret = mem_check_size(size, msg, len);
	if (!ret)
		ret = mem_check_region(mem, size, msg, len);
	if (ret || !pmd_as_pte || size == thp_pmd_size())
		return ret;
	util_fmt_size(size, s, sizeof(s));
	snprintf(msg, len, "pmd-as-pte=1 maps PMD-sized folios by PTEs; size=%s is not the PMD size",
		 s);
	return -EOPNOTSUPP;
}

void mem_touch(const struct region *rg)
{
	char *p;

	for (p = rg->base; p < rg->base + rg->len; p += PAGE_4K)
		*(volatile char *)p = 1;
}

int mem_remap_unaligned(struct region *rg)
{
	size_t pmd = thp_pmd_size(), span = rg->len + 2 * pmd;
	uintptr_t resv, dst;
	void *p;

	p = mmap(NULL, span, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	resv = (uintptr_t)p;
	/* One page past a PMD boundary: no PMD fits, every one is split. */
	dst = ((resv + pmd - 1) & ~(uintptr_t)(pmd - 1)) + PAGE_4K;
	if (mremap(rg->base, rg->len, rg->len, MREMAP_MAYMOVE | MREMAP_FIXED,
		   (void *)dst) == MAP_FAILED) {
		int err = -errno;

		munmap(p, span);
		return err;
	}
	munmap(p, dst - resv);
	munmap((void *)(dst + rg->len), resv + span - dst - rg->len);
	rg->base = (char *)dst;
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
