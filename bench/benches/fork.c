// SPDX-License-Identifier: GPL-2.0
/*
 * fork: fork() with a populated anonymous region (sharing every folio
 * with the child), then the write faults that follow: copy-on-write
 * while the child lives, reuse once it has exited, and reuse in the
 * child once the parent has unmapped.
 */
#include "core/result.h"
#include "mm/mem_verify.h"
#include "mm/region.h"

static int fk_kid(struct ctx *c, struct rgn *r)
{
	(void)c;
	return region_kid_prepare(r);
}

static int fk_forked(struct ctx *c, struct rgn *r)
{
	int ret = fk_kid(c, r);

	return ret ? ret : region_kid_fork(r);
}

static int fk_exited(struct ctx *c, struct rgn *r)
{
	int ret = fk_forked(c, r);

	return ret ? ret : kid_exit(&r->kid);
}

/* The child's copy stays: the folio check reads the child's mapping. */
static int fk_parent_gone(struct ctx *c, struct rgn *r)
{
	int ret = fk_forked(c, r);

	if (!ret)
		ret = region_unmap(r);
	r->owner = r->kid.pid;
	return ret;
}

static int fk_fork(struct ctx *c, struct rgn *r)
{
	(void)c;
	return region_kid_fork(r);
}

static int fk_touch(struct ctx *c, struct rgn *r)
{
	(void)c;
	mem_touch(&r->rg);
	return 0;
}

static int fk_child_touch(struct ctx *c, struct rgn *r)
{
	(void)c;
	return region_child_touch(r);
}

static int fk_verify(struct ctx *c, struct rgn *r)
{
	uint64_t folios = r->mem / r->size;

	if (r->op->run == fk_child_touch) {
		/* The faults that count are the child's. */
		c->minflt = r->child_faults;
		sample_set_str(c, "minflt_of", "child");
	}
	/*
	 * Not 1 where the hardware or hypervisor keeps a stale read-only
	 * translation: each store to it faults again (spurious faults).
	 */
	if (r->op->run != fk_fork)
		sample_set_double(c, "faults_per_folio",
				  (double)c->minflt / folios);
	/* PTE reuse only: 6.12 copies a large folio's pages, 6.18 reuses. */
	sample_set_int(c, "pgreuse", mem_delta(c, 0, "pgreuse"));
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	sample_set_int(c, "split", mem_delta(c, r->size, "split"));
	return 0;
}

static const struct region_op ops[] = {
	{ "fork", "time fork()", fk_kid, fk_fork, fk_verify, 0 },
	{ "cow-byte", "the parent writes a byte per page, the child alive",
	  fk_forked, fk_touch, fk_verify, 0 },
	{ "reuse-byte", "the same once the child has exited",
	  fk_exited, fk_touch, fk_verify, 0 },
	{ "child-reuse-byte", "the child writes, the parent has unmapped",
	  fk_parent_gone, fk_child_touch, fk_verify, 0 },
	{ 0 }
};

static const struct param params[] = {
	MEM_P_SIZE, REGION_P_OP(ops, "fork"), MEM_P_MEM("1G"), MEM_P_PTE, { 0 }
};

static const struct region_bench rb = { .ops = ops };

const struct bench bench_fork = REGION_BENCH("fork",
	"fork() and the CoW or reuse write faults after it", params, rb);
