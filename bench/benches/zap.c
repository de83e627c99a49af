// SPDX-License-Identifier: GPL-2.0
/*
 * zap: unmap populated anonymous memory backed by folios of one size,
 * by munmap, MADV_DONTNEED, or a child's exit (timed until waitpid
 * returns).  The batched zap of large folios is what the series change.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "core/harness.h"
#include "mm/kid.h"
#include "mm/mem.h"
#include "core/result.h"

enum { P_SIZE, P_OP, P_MEM, P_PTE };
enum { OP_MUNMAP, OP_DONTNEED, OP_EXIT };

static const char *const ops[] = { "munmap", "dontneed", "exit", NULL };

static const struct param params[] = {
	MEM_P_SIZE,
	{ .name = "op", .type = PT_ENUM, .def = "munmap", .choices = ops,
	  .help = "munmap; dontneed: MADV_DONTNEED; exit: a child that populated the region exits" },
	MEM_P_MEM("1G"),
	MEM_P_PTE,
	{ 0 }
};

struct zap {
	struct region rg;
	struct kid kid;
	uint64_t size;
	bool pte;
};

static int zap_setup(struct ctx *c)
{
	struct zap *z = calloc(1, sizeof(*z));

	if (!z)
		return -ENOMEM;
	c->priv = z;
	z->size = c->pt->v[P_SIZE].num;
	z->pte = c->pt->v[P_PTE].num;
	return mem_enable_only(z->size, "always");
}

/* Map and fault in the region: in the parent, or in the exit child. */
static int populate(struct zap *z, size_t len)
{
	int ret;

	ret = mem_map(&z->rg, len, false);
	if (ret)
		return ret;
	mem_touch(&z->rg);
	return z->pte ? mem_remap_unaligned(&z->rg) : 0;
}

static int child_cmd(void *arg, char cmd)
{
	struct zap *z = arg;

	(void)cmd;
	return populate(z, z->rg.len);
}

/* Also after a failed rep_setup: the harness calls it only after a good one. */
static void zap_rep_teardown(struct ctx *c)
{
	struct zap *z = c->priv;

	kid_kill(&z->kid);
	if (c->pt->v[P_OP].num != OP_EXIT)
		mem_unmap(&z->rg);
	z->rg.base = NULL;
}

static int zap_rep_setup(struct ctx *c)
{
	struct zap *z = c->priv;
	uint64_t mem = c->pt->v[P_MEM].num;
	struct mem_setup ms;
	int ret;

	ret = mem_setup_begin(&ms);
	if (ret)
		return ret;
	if (c->pt->v[P_OP].num == OP_EXIT) {
		z->rg.len = mem;
		ret = kid_prepare(&z->kid);
		if (!ret)
			ret = kid_fork(&z->kid, child_cmd, z);
		if (!ret)
			ret = kid_cmd(&z->kid, 'p', NULL);
	} else {
		ret = populate(z, mem);
		ms.base = z->rg.base;
	}
	if (ret) {
		mem_setup_free(&ms);
		zap_rep_teardown(c);
		return ret;
	}
	ret = mem_setup_end(c, &ms, mem, z->size, false, z->pte);
	if (ret)
		zap_rep_teardown(c);
	return ret;
}

static int zap_run(struct ctx *c)
{
	struct zap *z = c->priv;
	int ret = 0;

	switch (c->pt->v[P_OP].num) {
	case OP_MUNMAP:
		ret = munmap(z->rg.base, z->rg.len) ? -errno : 0;
		if (!ret)
			z->rg.base = NULL;
		break;
	case OP_DONTNEED:
		ret = madvise(z->rg.base, z->rg.len, MADV_DONTNEED) ? -errno : 0;
		break;
	case OP_EXIT:
		ret = kid_exit(&z->kid);
		break;
	}
	return ret;
}

static int zap_verify(struct ctx *c)
{
	struct zap *z = c->priv;
	uint64_t mem = c->pt->v[P_MEM].num;
	int64_t freed;

	/* Folios freed whole: the size's nr_anon falls by the folio count. */
	if (z->size > PAGE_4K) {
		freed = -mem_delta(c, z->size, "nr_anon");
		sample_set_int(c, "folios_freed", freed);
	}
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	sample_set_int(c, "split", mem_delta(c, z->size, "split"));
	mem_metrics(c, mem);
	return 0;
}

const struct bench bench_zap = {
	.name = "zap",
	.summary = "unmap populated anonymous memory: munmap, MADV_DONTNEED, exit",
	.params = params,
	.supported = mem_point_supported,
	.setup = zap_setup,
	.rep_setup = zap_rep_setup,
	.run = zap_run,
	.verify = zap_verify,
	.rep_teardown = zap_rep_teardown,
	.teardown = mem_free_priv,
};
