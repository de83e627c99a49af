// SPDX-License-Identifier: GPL-2.0
/*
 * lazyfree: MADV_FREE of populated anonymous memory, and reclaiming the
 * lazyfree folios with MADV_PAGEOUT, which discards the clean ones
 * without swap; redirty=1 writes into every other folio first, so those
 * must be kept (and swapped, when there is swap) instead.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/harness.h"
#include "mm/mem.h"
#include "core/result.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

enum { P_SIZE, P_OP, P_MEM, P_PTE, P_REDIRTY };
enum { OP_FREE, OP_RECLAIM };

static const char *const ops[] = { "free", "reclaim", NULL };

static const struct param params[] = {
	MEM_P_SIZE,
	{ .name = "op", .type = PT_ENUM, .def = "free", .choices = ops,
	  .help = "free: time MADV_FREE; reclaim: MADV_FREE, then time MADV_PAGEOUT discarding the lazyfree folios" },
	MEM_P_MEM("1G"),
	MEM_P_PTE,
	{ .name = "redirty", .type = PT_ENUM, .def = "0", .choices = mem_onoff,
	  .help = "op=reclaim: 1 writes a byte into every other folio after MADV_FREE" },
	{ 0 }
};

struct lf {
	struct region rg;
	uint64_t size;
};

static int lf_supported(const struct point *pt, const char **why)
{
	int ret;

	ret = mem_point_supported(pt, why);
	if (ret)
		return ret;
	if (pt->v[P_OP].num == OP_FREE && pt->v[P_REDIRTY].num) {
		*why = "redirty=1 writes after MADV_FREE, so it applies to op=reclaim only";
		return -EOPNOTSUPP;
	}
	return 0;
}

static int lf_setup(struct ctx *c)
{
	struct lf *l = calloc(1, sizeof(*l));

	if (!l)
		return -ENOMEM;
	c->priv = l;
	l->size = c->pt->v[P_SIZE].num;
	return mem_enable_only(l->size, "always");
}

/* Folios written after MADV_FREE: every other one. */
static uint64_t redirty(struct lf *l)
{
	uint64_t n = 0;
	char *p;

	for (p = l->rg.base; p < l->rg.base + l->rg.len; p += 2 * l->size) {
		*(volatile char *)p = 2;
		n++;
	}
	return n;
}

/* Also after a failed rep_setup: the harness calls it only after a good one. */
static void lf_rep_teardown(struct ctx *c)
{
	struct lf *l = c->priv;

	mem_unmap(&l->rg);
}

static int lf_rep_setup(struct ctx *c)
{
	const struct point *pt = c->pt;
	struct lf *l = c->priv;
	struct mem_setup ms;
	int ret;

	ret = mem_setup_begin(&ms);
	if (ret)
		return ret;
	ret = mem_map(&l->rg, pt->v[P_MEM].num, false);
	if (ret)
		goto fail;
	mem_touch_drained(&l->rg);
	if (pt->v[P_PTE].num)
		ret = mem_remap_unaligned(&l->rg);
	if (!ret && pt->v[P_OP].num == OP_RECLAIM &&
	    madvise(l->rg.base, l->rg.len, MADV_FREE))
		ret = -errno;
	if (ret)
		goto fail;
	if (pt->v[P_OP].num == OP_RECLAIM && pt->v[P_REDIRTY].num && c->sample)
		sample_set_int(c, "redirtied_folios", redirty(l));
	else if (pt->v[P_OP].num == OP_RECLAIM && pt->v[P_REDIRTY].num)
		redirty(l);
	ms.base = l->rg.base;
	ret = mem_setup_end(c, &ms, pt->v[P_MEM].num, l->size, false,
			     pt->v[P_PTE].num);
	if (ret)
		lf_rep_teardown(c);
	return ret;
fail:
	mem_setup_free(&ms);
	lf_rep_teardown(c);
	return ret;
}

static int lf_run(struct ctx *c)
{
	struct lf *l = c->priv;
	int advice = c->pt->v[P_OP].num == OP_FREE ? MADV_FREE : MADV_PAGEOUT;

	return madvise(l->rg.base, l->rg.len, advice) ? -errno : 0;
}

static int lf_verify(struct ctx *c)
{
	struct lf *l = c->priv;
	uint64_t present;
	int ret;

	ret = mem_pagemap_count(getpid(), l->rg.base, l->rg.len, PM_PRESENT,
				&present);
	if (ret)
		return ret;
	/* reclaim: clean lazyfree pages are gone, not swapped. */
	sample_set_int(c, "present_pages", present);
	sample_set_int(c, "pglazyfree", mem_delta(c, 0, "pglazyfree"));
	sample_set_int(c, "pglazyfreed", mem_delta(c, 0, "pglazyfreed"));
	sample_set_int(c, "pswpout", mem_delta(c, 0, "pswpout"));
	if (l->size > PAGE_4K)
		sample_set_int(c, "split", mem_delta(c, l->size, "split"));
	mem_metrics(c, l->rg.len);
	return 0;
}

const struct bench bench_lazyfree = {
	.name = "lazyfree",
	.summary = "MADV_FREE, and MADV_PAGEOUT discarding lazyfree folios",
	.params = params,
	.supported = lf_supported,
	.setup = lf_setup,
	.rep_setup = lf_rep_setup,
	.run = lf_run,
	.verify = lf_verify,
	.rep_teardown = lf_rep_teardown,
	.teardown = mem_free_priv,
};
