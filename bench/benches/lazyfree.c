// SPDX-License-Identifier: GPL-2.0
/*
 * lazyfree: MADV_FREE of populated anonymous memory, and reclaiming the
 * lazyfree folios with MADV_PAGEOUT, which discards the clean ones
 * without swap; redirty=1 writes into every other folio first, so those
 * must be kept (and swapped, when there is swap) instead.
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

/* Folios written after MADV_FREE: every other one. */
static uint64_t redirty(struct rgn *r)
{
	uint64_t n = 0;
	char *p;

	for (p = r->rg.base; p < r->rg.base + r->mem; p += 2 * r->size) {
		*(volatile char *)p = 2;
		n++;
	}
	return n;
}

static int lf_freed(struct ctx *c, struct rgn *r)
{
	uint64_t n;

	if (madvise(r->rg.base, r->mem, MADV_FREE))
		return -errno;
	if (!region_param(c->pt, "redirty")->num)
		return 0;
	n = redirty(r);
	if (c->sample)
		sample_set_int(c, "redirtied_folios", n);
	return 0;
}

static int lf_free(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_FREE) ? -errno : 0;
}

static int lf_pageout(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_PAGEOUT) ? -errno : 0;
}

/* reclaim: clean lazyfree pages are gone, not swapped. */
static int lf_verify(struct ctx *c, struct rgn *r)
{
	uint64_t present;
	int ret;

	ret = pagemap_count(getpid(), r->rg.base, r->mem, PM_PRESENT,
				&present);
	if (ret)
		return ret;
	sample_set_int(c, "present_pages", present);
	sample_set_int(c, "pglazyfree", mem_delta(c, 0, "pglazyfree"));
	sample_set_int(c, "pglazyfreed", mem_delta(c, 0, "pglazyfreed"));
	sample_set_int(c, "pswpout", mem_delta(c, 0, "pswpout"));
	if (r->size > PAGE_4K)
		sample_set_int(c, "split", mem_delta(c, r->size, "split"));
	return 0;
}

static const struct region_op ops[] = {
	{ "free", "time MADV_FREE", NULL, lf_free, lf_verify, RO_LRU },
	{ "reclaim", "MADV_FREE, then time MADV_PAGEOUT discarding the lazyfree folios",
	  lf_freed, lf_pageout, lf_verify, RO_LRU },
	{ 0 }
};

static int lf_supported(const struct point *pt, char *why, size_t len)
{
	if (!strcmp(region_param(pt, "op")->text, "free") &&
	    region_param(pt, "redirty")->num) {
		snprintf(why, len, "redirty=1 writes after MADV_FREE, so it applies to op=reclaim only");
		return -EOPNOTSUPP;
	}
	return 0;
}

static const struct param params[] = {
	MEM_P_SIZE, REGION_P_OP(ops, "free"), MEM_P_MEM("1G"), MEM_P_PTE,
	{ .name = "redirty", .type = PT_ENUM, .def = "0", .choices = mem_onoff,
	  .help = "op=reclaim: 1 writes a byte into every other folio after MADV_FREE" },
	{ 0 }
};

static const struct region_bench rb = {
	.ops = ops, .supported = lf_supported,
};

const struct bench bench_lazyfree = REGION_BENCH("lazyfree",
	"MADV_FREE, and MADV_PAGEOUT discarding lazyfree folios", params, rb);
