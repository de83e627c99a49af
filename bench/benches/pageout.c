// SPDX-License-Identifier: GPL-2.0
/*
 * pageout: MADV_PAGEOUT of populated anonymous memory to swap, whole
 * folios where the kernel can (swpout vs swpout_fallback), and swapin:
 * faulting it back.  MADV_PAGEOUT skips folios another process maps,
 * so pageout-forked reclaims a child memory cgroup holding the parent's
 * and the child's mappings instead.  With no swap, zram0 is set up for
 * the point and taken down after it.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/result.h"
#include "mm/pagemap.h"
#include "mm/mem_verify.h"
#include "mm/region.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/* Pages of the region that pagemap shows as swapped out. */
static int swapped(struct rgn *r, uint64_t *n)
{
	return pagemap_count(getpid(), r->rg.base, r->mem, PM_SWAP, n);
}

static int po_pageout(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_PAGEOUT) ? -errno : 0;
}

static int po_forked(struct ctx *c, struct rgn *r)
{
	int ret;

	(void)c;
	ret = region_kid_prepare(r);
	return ret ? ret : region_kid_fork(r);
}

static int po_reclaim(struct ctx *c, struct rgn *r)
{
	(void)c;
	return memcg_reclaim(&r->cg, r->mem);
}

static int po_paged_out(struct ctx *c, struct rgn *r)
{
	uint64_t n;
	int ret;

	ret = po_pageout(c, r);
	if (!ret && !swapped(r, &n) && n < r->mem / PAGE_4K)
		fprintf(stderr, "swapin: only %llu of %llu pages were paged out\n",
			(unsigned long long)n,
			(unsigned long long)(r->mem / PAGE_4K));
	return ret;
}

static int po_swapin(struct ctx *c, struct rgn *r)
{
	unsigned long sum = 0;
	char *q;

	(void)c;
	for (q = r->rg.base; q < r->rg.base + r->mem; q += PAGE_4K)
		sum += *(volatile char *)q;
	/* The population stored 1 in every page: the data came back. */
	return sum == r->mem / PAGE_4K ? 0 : -EIO;
}

static int po_verify(struct ctx *c, struct rgn *r)
{
	uint64_t pages = r->mem / PAGE_4K, n;
	bool in = r->op->run == po_swapin;
	int ret;

	ret = in ? pagemap_count(getpid(), r->rg.base, r->mem,
				     PM_PRESENT, &n) :
		   swapped(r, &n);
	if (ret)
		return ret;
	sample_set_int(c, in ? "present_pages" : "swapped_pages", n);
	sample_set_int(c, "pswpout", mem_delta(c, 0, "pswpout"));
	sample_set_int(c, "pswpin", mem_delta(c, 0, "pswpin"));
	if (r->size > PAGE_4K) {
		sample_set_int(c, "swpout", mem_delta(c, r->size, "swpout"));
		sample_set_int(c, "swpout_fallback",
			       mem_delta(c, r->size, "swpout_fallback"));
		sample_set_int(c, "swpin", mem_delta(c, r->size, "swpin"));
		sample_set_int(c, "split", mem_delta(c, r->size, "split"));
	}
	if (n < pages) {
		fprintf(stderr, "%s: only %llu of %llu pages %s\n",
			r->op->name, (unsigned long long)n,
			(unsigned long long)pages,
			in ? "came back" : "are swapped out");
		return -EIO;
	}
	return 0;
}

static const struct region_op ops[] = {
	{ "pageout", "MADV_PAGEOUT to swap", NULL, po_pageout, po_verify,
	  RO_LRU },
	{ "pageout-forked", "memcg reclaim of pages shared with a child",
	  po_forked, po_reclaim, po_verify, RO_LRU | RO_MEMCG },
	{ "swapin", "fault paged-out memory back", po_paged_out, po_swapin,
	  po_verify, RO_LRU },
	{ 0 }
};

static int po_supported(const struct point *pt, char *why, size_t len)
{
	struct memcg cg;

	if (strcmp(region_param(pt, "op")->text, "pageout-forked"))
		return 0;
	return memcg_find(&cg, why, len);
}

static const struct param params[] = {
	MEM_P_SIZE, REGION_P_OP(ops, "pageout"), MEM_P_MEM("256M"), MEM_P_PTE,
	{ 0 }
};

static const struct region_bench rb = {
	.ops = ops, .swap = true, .supported = po_supported,
};

const struct bench bench_pageout = REGION_BENCH("pageout",
	"MADV_PAGEOUT of anonymous memory to swap, and swapping it back in",
	params, rb);
