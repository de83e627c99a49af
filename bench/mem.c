// SPDX-License-Identifier: GPL-2.0
/* Anonymous memory: which sizes exist, enabling one, mapping, proving it. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "harness.h"
#include "mem.h"
#include "result.h"
#include "stats.h"
#include "thp.h"
#include "util.h"

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

int mem_enable_only(uint64_t size, const char *policy)
{
	uint64_t s[THP_MAX_SIZES];
	char knob[64];
	int i, n, ret;

	n = thp_sizes(s, THP_MAX_SIZES);
	if (!thp_per_size())
		return harness_knob_set("enabled",
					size == thp_pmd_size() ? policy : "never");
	for (i = 1; i < n; i++) {
		snprintf(knob, sizeof(knob), "hugepages-%" PRIu64 "kB/enabled",
			 s[i] / 1024);
		ret = harness_knob_set(knob, s[i] == size ? policy : "never");
		if (ret)
			return ret;
	}
	/* Only "inherit" sizes read the top knob, and none is left. */
	return harness_knob_set("enabled", size == PAGE_4K ? "never" : policy);
}

int mem_map(struct region *rg, size_t len, bool madv_huge)
{
	size_t align = thp_pmd_size() ? thp_pmd_size() : PAGE_4K;
	uintptr_t raw, start;
	void *p;

	p = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	raw = (uintptr_t)p;
	start = (raw + align - 1) & ~(uintptr_t)(align - 1);
	/* Trim to exactly [start, start + len) so the VMA is aligned. */
	if (start > raw)
		munmap(p, start - raw);
	if (raw + len + align > start + len)
		munmap((void *)(start + len), raw + len + align - start - len);
	rg->base = (char *)start;
	rg->len = len;
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

static int64_t delta(struct ctx *c, uint64_t size, const char *name)
{
	int64_t d = 0;

	if (size)
		stats_mthp(c->before, c->after, size, name, &d);
	else
		stats_vm(c->before, c->after, name, &d);
	return d;
}

/* Large folios of every size allocated by anonymous faults. */
static int64_t large_allocated(struct ctx *c)
{
	uint64_t s[THP_MAX_SIZES];
	int64_t sum = 0;
	int i, n;

	if (!thp_per_size())
		return delta(c, 0, "thp_fault_alloc");
	n = thp_sizes(s, THP_MAX_SIZES);
	for (i = 1; i < n; i++)
		sum += delta(c, s[i], "anon_fault_alloc");
	return sum;
}

void mem_verify_folios(struct ctx *c, uint64_t mem, uint64_t size)
{
	int64_t expect = mem / size, nr, fb, large;
	char want[16];
	int64_t gauge;

	util_fmt_size(size, want, sizeof(want));
	if (size == PAGE_4K) {
		large = large_allocated(c);
		sample_folios(c, PAGE_4K, expect);
		if (large > 0)
			sample_fallback(c, "%" PRId64 " large folios allocated with every large size off",
					large);
		return;
	}
	if (thp_per_size() &&
	    !stats_mthp(c->before, c->after, size, "anon_fault_alloc", &nr)) {
		fb = delta(c, size, "anon_fault_fallback") +
		     delta(c, size, "anon_fault_fallback_charge");
		/* nr_anon counts what is mapped now, not other tasks' churn. */
		if (!stats_mthp(c->before, c->after, size, "nr_anon", &gauge))
			nr = gauge;
	} else {
		nr = delta(c, 0, "thp_fault_alloc");
		fb = delta(c, 0, "thp_fault_fallback") +
		     delta(c, 0, "thp_fault_fallback_charge");
	}
	if (nr > expect)
		nr = expect;	/* someone else's faults at the same size */
	if (nr < 0)
		nr = 0;
	sample_folios(c, size, nr);
	if (nr < expect)
		sample_folios(c, PAGE_4K, (mem - nr * size) / PAGE_4K);
	if (nr < expect || fb > 0)
		sample_fallback(c, "%" PRId64 " of %" PRId64 " folios at %s, %" PRId64 " faults fell back",
				nr, expect, want, fb);
}

void mem_verify_zero(struct ctx *c, uint64_t mem, uint64_t zero_size)
{
	int64_t expect = mem / zero_size, fb = 0, large;
	char z[16];

	util_fmt_size(zero_size, z, sizeof(z));
	sample_set_str(c, "zero_page", z);
	large = large_allocated(c);
	if (zero_size > PAGE_4K)
		fb = delta(c, 0, "thp_fault_fallback");
	/* One fault per zero page mapped; many more means 4K fallback. */
	if (c->minflt > expect + expect / 4 + 16 || fb > 0 || large > 0)
		sample_fallback(c, "%ld faults for %" PRId64 " %s zero pages, %" PRId64 " fell back, %" PRId64 " folios allocated",
				c->minflt, expect, z, fb, large);
}
