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
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/harness.h"
#include "mm/kid.h"
#include "mm/mem.h"
#include "mm/memcg.h"
#include "core/result.h"
#include "mm/swap.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

enum { P_SIZE, P_OP, P_MEM, P_PTE };
enum { OP_PAGEOUT, OP_FORKED, OP_SWAPIN };

static const char *const ops[] = {
	"pageout", "pageout-forked", "swapin", NULL
};

static const struct param params[] = {
	MEM_P_SIZE,
	{ .name = "op", .type = PT_ENUM, .def = "pageout", .choices = ops,
	  .help = "pageout: MADV_PAGEOUT to swap; pageout-forked: memcg reclaim of pages shared with a child; swapin: fault paged-out memory back" },
	MEM_P_MEM("256M"),
	MEM_P_PTE,
	{ 0 }
};

struct po {
	struct region rg;
	struct kid kid;
	struct memcg cg;
	uint64_t size;
};

static int po_supported(const struct point *pt, const char **why)
{
	struct memcg cg;
	char msg[256];
	int ret;

	ret = mem_point_supported(pt, why);
	if (ret)
		return ret;
	ret = swap_check(msg, sizeof(msg));
	if (!ret && pt->v[P_OP].num == OP_FORKED)
		ret = memcg_find(&cg, msg, sizeof(msg));
	if (ret)
		*why = mem_why(msg);
	return ret;
}

static int po_setup(struct ctx *c)
{
	uint64_t mem = c->pt->v[P_MEM].num;
	struct po *p = calloc(1, sizeof(*p));
	char msg[256];
	int ret;

	if (!p)
		return -ENOMEM;
	c->priv = p;
	p->size = c->pt->v[P_SIZE].num;
	ret = mem_enable_only(p->size, "always");
	if (ret)
		return ret;
	if (c->pt->v[P_OP].num == OP_FORKED) {
		ret = memcg_find(&p->cg, msg, sizeof(msg));
		if (!ret)
			ret = memcg_create(&p->cg);
		if (ret)
			return ret;
	}
	/* Room for the region twice over: zram holds what it compresses. */
	ret = swap_ensure(mem * 2 > (512 << 20) ? mem * 2 : 512 << 20, msg,
			  sizeof(msg));
	if (ret)
		fprintf(stderr, "pageout: %s\n", msg);
	return ret;
}

static int child_cmd(void *arg, char cmd)
{
	(void)arg;
	(void)cmd;
	return 0;
}

/* Pages of the region that pagemap shows as swapped out. */
static int swapped(struct po *p, uint64_t *n)
{
	return mem_pagemap_count(getpid(), p->rg.base, p->rg.len, PM_SWAP, n);
}

/* Also after a failed rep_setup: the harness calls it only after a good one. */
static void po_rep_teardown(struct ctx *c)
{
	struct po *p = c->priv;

	kid_kill(&p->kid);
	mem_unmap(&p->rg);
}

static int po_rep_setup(struct ctx *c)
{
	const struct point *pt = c->pt;
	struct po *p = c->priv;
	struct mem_setup ms;
	uint64_t n;
	int ret;

	ret = mem_setup_begin(&ms);
	if (ret)
		return ret;
	/* pageout-forked: both processes' pages charged to the child memcg. */
	if (pt->v[P_OP].num == OP_FORKED) {
		ret = memcg_enter(&p->cg);
		if (ret)
			goto fail;
	}
	ret = mem_map(&p->rg, pt->v[P_MEM].num, false);
	if (!ret) {
		mem_touch_drained(&p->rg);
		if (pt->v[P_PTE].num)
			ret = mem_remap_unaligned(&p->rg);
	}
	if (!ret && pt->v[P_OP].num == OP_FORKED) {
		ret = kid_prepare(&p->kid);
		if (!ret)
			ret = kid_fork(&p->kid, child_cmd, p);
	}
	if (pt->v[P_OP].num == OP_FORKED && memcg_leave(&p->cg) && !ret)
		ret = -EIO;
	if (!ret && pt->v[P_OP].num == OP_SWAPIN) {
		if (madvise(p->rg.base, p->rg.len, MADV_PAGEOUT))
			ret = -errno;
		else if (!swapped(p, &n) && n < p->rg.len / PAGE_4K)
			fprintf(stderr, "swapin: only %llu of %zu pages were paged out\n",
				(unsigned long long)n, p->rg.len / PAGE_4K);
	}
	if (ret)
		goto fail;
	ms.base = p->rg.base;
	ret = mem_setup_end(c, &ms, pt->v[P_MEM].num, p->size, false,
			     pt->v[P_PTE].num);
	if (ret)
		po_rep_teardown(c);
	return ret;
fail:
	mem_setup_free(&ms);
	po_rep_teardown(c);
	return ret;
}

static int po_run(struct ctx *c)
{
	struct po *p = c->priv;
	unsigned long sum = 0;
	char *q;

	if (c->pt->v[P_OP].num == OP_FORKED)
		return memcg_reclaim(&p->cg, p->rg.len);
	if (c->pt->v[P_OP].num == OP_PAGEOUT)
		return madvise(p->rg.base, p->rg.len, MADV_PAGEOUT) ? -errno : 0;
	for (q = p->rg.base; q < p->rg.base + p->rg.len; q += PAGE_4K)
		sum += *(volatile char *)q;
	/* mem_touch stored 1 in every page: the data came back. */
	return sum == p->rg.len / PAGE_4K ? 0 : -EIO;
}

static int po_verify(struct ctx *c)
{
	struct po *p = c->priv;
	uint64_t pages = p->rg.len / PAGE_4K, n;
	int ret, op = c->pt->v[P_OP].num;

	ret = op == OP_SWAPIN ?
	      mem_pagemap_count(getpid(), p->rg.base, p->rg.len, PM_PRESENT, &n) :
	      swapped(p, &n);
	if (ret)
		return ret;
	sample_set_int(c, op == OP_SWAPIN ? "present_pages" : "swapped_pages", n);
	sample_set_int(c, "pswpout", mem_delta(c, 0, "pswpout"));
	sample_set_int(c, "pswpin", mem_delta(c, 0, "pswpin"));
	if (p->size > PAGE_4K) {
		sample_set_int(c, "swpout", mem_delta(c, p->size, "swpout"));
		sample_set_int(c, "swpout_fallback",
			       mem_delta(c, p->size, "swpout_fallback"));
		sample_set_int(c, "swpin", mem_delta(c, p->size, "swpin"));
		sample_set_int(c, "split", mem_delta(c, p->size, "split"));
	}
	mem_metrics(c, p->rg.len);
	if (n < pages) {
		fprintf(stderr, "%s: only %llu of %llu pages %s\n",
			c->pt->v[P_OP].text, (unsigned long long)n,
			(unsigned long long)pages,
			op == OP_SWAPIN ? "came back" : "are swapped out");
		return -EIO;
	}
	return 0;
}

static void po_teardown(struct ctx *c)
{
	struct po *p = c->priv;

	if (p)
		memcg_destroy(&p->cg);
	swap_undo();
	free(c->priv);
	c->priv = NULL;
}

const struct bench bench_pageout = {
	.name = "pageout",
	.summary = "MADV_PAGEOUT of anonymous memory to swap, and swapping it back in",
	.params = params,
	.supported = po_supported,
	.setup = po_setup,
	.rep_setup = po_rep_setup,
	.run = po_run,
	.verify = po_verify,
	.rep_teardown = po_rep_teardown,
	.teardown = po_teardown,
};
