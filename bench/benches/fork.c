// SPDX-License-Identifier: GPL-2.0
/*
 * fork: fork() with a populated anonymous region (sharing every folio
 * with the child), then the write faults that follow: copy-on-write
 * while the child lives, reuse once it has exited, and reuse in the
 * child once the parent has unmapped.
 */
#include <errno.h>
#include <stdlib.h>

#include "core/harness.h"
#include "mm/kid.h"
#include "mm/mem.h"
#include "core/result.h"

enum { P_SIZE, P_OP, P_MEM, P_PTE };
enum { OP_FORK, OP_COW, OP_REUSE, OP_CHILD_REUSE };

static const char *const ops[] = {
	"fork", "cow-byte", "reuse-byte", "child-reuse-byte", NULL
};

static const struct param params[] = {
	MEM_P_SIZE,
	{ .name = "op", .type = PT_ENUM, .def = "fork", .choices = ops,
	  .help = "fork: time fork(); cow-byte: parent writes a byte per page, child alive; reuse-byte: same, child exited; child-reuse-byte: child writes, parent unmapped" },
	MEM_P_MEM("1G"),
	MEM_P_PTE,
	{ 0 }
};

struct fk {
	struct region rg;
	struct kid kid;
	uint64_t size;
	long child_faults;
};

static int fk_setup(struct ctx *c)
{
	struct fk *f = calloc(1, sizeof(*f));

	if (!f)
		return -ENOMEM;
	c->priv = f;
	f->size = c->pt->v[P_SIZE].num;
	return mem_enable_only(f->size, "always");
}

static int child_cmd(void *arg, char cmd)
{
	struct fk *f = arg;

	(void)cmd;
	mem_touch(&f->rg);	/* the child's copy of the region */
	return 0;
}

/* Also after a failed rep_setup: the harness calls it only after a good one. */
static void fk_rep_teardown(struct ctx *c)
{
	struct fk *f = c->priv;

	kid_kill(&f->kid);
	mem_unmap(&f->rg);
}

static int fk_rep_setup(struct ctx *c)
{
	const struct point *pt = c->pt;
	struct fk *f = c->priv;
	struct mem_setup ms;
	int op = pt->v[P_OP].num, ret;

	ret = mem_setup_begin(&ms);
	if (ret)
		return ret;
	ret = mem_map(&f->rg, pt->v[P_MEM].num, false);
	if (ret)
		goto fail;
	mem_touch(&f->rg);
	if (pt->v[P_PTE].num)
		ret = mem_remap_unaligned(&f->rg);
	if (!ret)
		ret = kid_prepare(&f->kid);
	if (!ret && op != OP_FORK)
		ret = kid_fork(&f->kid, child_cmd, f);
	if (ret)
		goto fail;
	ms.base = f->rg.base;
	if (op == OP_REUSE) {
		ret = kid_exit(&f->kid);
	} else if (op == OP_CHILD_REUSE) {
		ms.pid = f->kid.pid;	/* the child's copy stays */
		mem_unmap(&f->rg);
	}
	if (ret)
		goto fail;
	ret = mem_setup_end(c, &ms, pt->v[P_MEM].num, f->size, false,
			     pt->v[P_PTE].num);
	if (ret)
		fk_rep_teardown(c);
	return ret;
fail:
	mem_setup_free(&ms);
	fk_rep_teardown(c);
	return ret;
}

static int fk_run(struct ctx *c)
{
	struct fk *f = c->priv;
	int ret = 0;

	switch (c->pt->v[P_OP].num) {
	case OP_FORK:
		ret = kid_fork(&f->kid, child_cmd, f);
		break;
	case OP_COW:
	case OP_REUSE:
		mem_touch(&f->rg);
		break;
	case OP_CHILD_REUSE:
		ret = kid_cmd(&f->kid, 'w', &f->child_faults);
		break;
	}
	return ret;
}

static int fk_verify(struct ctx *c)
{
	struct fk *f = c->priv;
	uint64_t mem = c->pt->v[P_MEM].num;

	if (c->pt->v[P_OP].num == OP_CHILD_REUSE) {
		/* The faults that count are the child's. */
		c->minflt = f->child_faults;
		sample_set_str(c, "minflt_of", "child");
	}
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	sample_set_int(c, "split", mem_delta(c, f->size, "split"));
	mem_metrics(c, mem);
	return 0;
}

const struct bench bench_fork = {
	.name = "fork",
	.summary = "fork() and the CoW or reuse write faults after it",
	.params = params,
	.supported = mem_point_supported,
	.setup = fk_setup,
	.rep_setup = fk_rep_setup,
	.run = fk_run,
	.verify = fk_verify,
	.rep_teardown = fk_rep_teardown,
	.teardown = mem_free_priv,
};
