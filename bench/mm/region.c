// SPDX-License-Identifier: GPL-2.0
/*
 * The region driver (region.h): one rep is map -> populate -> check the
 * folio sizes -> op's prepare -> [op's run, timed] -> op's verify ->
 * unmap, with every failure unwound here rather than in each benchmark.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/param.h"
#include "core/result.h"
#include "mm/backing.h"
#include "mm/mem_verify.h"
#include "mm/region.h"
#include "mm/swap.h"
#include "mm/thp.h"

const char *const region_backings[] = { "anon", "shmem", "file", "dax", NULL };

static const struct region_bench *rb_of(const struct point *pt)
{
	return pt->bench->data;
}

static const struct pval *param(const struct point *pt, const char *name)
{
	int i = bench_param_index(pt->bench, name);

	return i < 0 ? NULL : &pt->v[i];
}

const struct pval *region_param(const struct point *pt, const char *name)
{
	return param(pt, name);
}

static uint64_t num_or(const struct point *pt, const char *name, uint64_t d)
{
	const struct pval *v = param(pt, name);

	return v ? v->num : d;
}

static const struct region_op *op_of(const struct point *pt)
{
	const struct region_bench *rb = rb_of(pt);

	return &rb->ops[num_or(pt, rb->op_param ? rb->op_param : "op", 0)];
}

static const char *size_name(const struct point *pt)
{
	const char *n = rb_of(pt)->size_param;

	return n ? n : "size";
}

/* dir=, or for dax the pmem directory the environment names. */
static const char *dir_of(const struct point *pt, enum backing bk)
{
	const struct pval *dir = param(pt, "dir");
	const char *env = getenv("MMBENCH_PMEM_DIR");

	if (dir && dir->text[0])
		return dir->text;
	return bk == BACK_DAX && env ? env : "";
}

static enum backing backing_of(const struct point *pt)
{
	unsigned int allowed = rb_of(pt)->backings;

	return num_or(pt, "backing", allowed ? __builtin_ctz(allowed) :
						BACK_ANON);
}

int region_supported(const struct point *pt, char *why, size_t len)
{
	const struct region_bench *rb = rb_of(pt);
	enum backing bk = backing_of(pt);
	unsigned int allowed = rb->backings ? rb->backings :
					      BACK_BIT(BACK_ANON);
	int ret;

	if (!(allowed & BACK_BIT(bk))) {
		snprintf(why, len, "backing=%s: %s does not use it",
			 region_backings[bk], pt->bench->name);
		return -EINVAL;
	}
	ret = mem_check_point(num_or(pt, size_name(pt), PAGE_4K),
			      num_or(pt, "mem", 0), num_or(pt, "pmd-as-pte", 0),
			      why, len);
	if (!ret && (bk == BACK_FILE || bk == BACK_DAX))
		ret = backing_check_dir(bk == BACK_DAX, dir_of(pt, bk), why,
					len);
	if (!ret && rb->swap)
		ret = swap_check(why, len);
	if (!ret && rb->supported)
		ret = rb->supported(pt, why, len);
	return ret;
}

int region_setup(struct ctx *c)
{
	const struct region_bench *rb = rb_of(c->pt);
	char msg[256];
	struct rgn *r;
	int ret;

	r = calloc(1, sizeof(*r));
	if (!r)
		return -ENOMEM;
	c->priv = r;
	r->fd = -1;
	r->op = op_of(c->pt);
	r->backing = backing_of(c->pt);
	r->size = num_or(c->pt, size_name(c->pt), PAGE_4K);
	r->mem = num_or(c->pt, "mem", 0);
	r->pte = num_or(c->pt, "pmd-as-pte", 0);
	snprintf(r->dir, sizeof(r->dir), "%s", dir_of(c->pt, r->backing));
	if (rb->priv_size) {
		r->priv = calloc(1, rb->priv_size);
		if (!r->priv)
			return -ENOMEM;
	}
	switch (r->backing) {
	case BACK_ANON:
		ret = mem_enable_only(r->size, "always");
		break;
	case BACK_SHMEM:
		ret = mem_enable_only_shmem(r->size);
		break;
	default:
		ret = backing_open(r->dir, r->backing == BACK_DAX, &r->fd);
		break;
	}
	if (!ret && (r->op->flags & RO_MEMCG)) {
		ret = memcg_find(&r->cg, msg, sizeof(msg));
		if (!ret)
			ret = memcg_create(&r->cg);
	}
	/* Room for the region twice over: zram holds what it compresses. */
	if (!ret && rb->swap) {
		ret = swap_ensure(r->mem * 2 > (512 << 20) ? r->mem * 2 :
			512 << 20, msg, sizeof(msg));
		if (ret)
			fprintf(stderr, "%s: %s\n", c->pt->bench->name, msg);
	}
	if (!ret && rb->setup)
		ret = rb->setup(c, r);
	return ret;
}

/* Map the region (a fresh, sparse file for file backings) and fault it. */
static int populate(struct rgn *r, bool lru)
{
	int ret;

	switch (r->backing) {
	case BACK_ANON:
		ret = mem_map(&r->rg, r->mem, false);
		break;
	case BACK_SHMEM:
		ret = mem_map_shared(&r->rg, r->mem);
		break;
	default:
		ret = backing_resize(r->fd, r->mem);
		if (!ret)
			ret = mem_map_file(&r->rg, r->mem, r->fd,
					   !(r->op->flags & RO_PRIVATE), r->skew);
		break;
	}
	if (ret || (r->op->flags & RO_EMPTY))
		return ret;
	if (lru)
		mem_touch_drained(&r->rg);
	else
		mem_touch(&r->rg);
	if (!r->pte)
		return 0;
	ret = mem_remap_unaligned(&r->rg);
	/* A shared PMD split unmaps; fault it back in, by PTEs. */
	if (!ret && r->backing != BACK_ANON)
		mem_touch(&r->rg);
	return ret;
}

/* The child's commands: 'p' maps and populates its own region, 'w' writes. */
static int child_cmd(void *arg, char cmd)
{
	struct rgn *r = arg;

	if (cmd == 'p')
		return populate(r, false);
	mem_touch(&r->rg);
	return 0;
}

int region_kid_prepare(struct rgn *r)
{
	return kid_prepare(&r->kid);
}

int region_kid_fork(struct rgn *r)
{
	return kid_fork(&r->kid, child_cmd, r);
}

int region_child_touch(struct rgn *r)
{
	return kid_cmd(&r->kid, 'w', &r->child_faults);
}

int region_op_munmap(struct ctx *c, struct rgn *r)
{
	(void)c;
	return region_unmap(r);
}

int region_op_dontneed(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_DONTNEED) ? -errno : 0;
}

int region_unmap(struct rgn *r)
{
	if (munmap(r->rg.base, r->rg.len))
		return -errno;
	r->rg.base = NULL;
	return 0;
}

void region_rep_teardown(struct ctx *c)
{
	const struct region_bench *rb = rb_of(c->pt);
	struct rgn *r = c->priv;

	if (rb->rep_teardown)
		rb->rep_teardown(c, r);
	kid_kill(&r->kid);
	mem_unmap(&r->rg);
}

/* Into the memcg and out again around what RO_MEMCG ops charge to it. */
static int prepare(struct ctx *c, struct rgn *r, struct mem_setup *ms)
{
	unsigned int fl = r->op->flags;
	int ret = 0;

	if (fl & RO_MEMCG)
		ret = memcg_enter(&r->cg);
	if (!ret && (fl & RO_CHILD_MAPS)) {
		r->rg.len = r->mem;
		ret = region_kid_prepare(r);
		if (!ret)
			ret = region_kid_fork(r);
		if (!ret)
			ret = kid_cmd(&r->kid, 'p', NULL);
		r->rg.base = NULL;	/* the child's, not ours */
	} else if (!ret) {
		ret = populate(r, fl & RO_LRU);
		ms->base = r->rg.base;
	}
	r->owner = ms->pid;
	if (!ret && r->op->prepare)
		ret = r->op->prepare(c, r);
	if ((fl & RO_MEMCG) && memcg_leave(&r->cg) && !ret)
		ret = -EIO;
	ms->pid = r->owner;
	return ret;
}

int region_rep_setup(struct ctx *c)
{
	struct rgn *r = c->priv;
	struct mem_setup ms;
	int ret;

	ret = mem_setup_begin(&ms);
	if (ret)
		return ret;
	ret = prepare(c, r, &ms);
	if (ret) {
		mem_setup_free(&ms);
		goto fail;
	}
	if ((r->op->flags & RO_EMPTY && !r->populated) ||
	    r->backing == BACK_DAX) {
		mem_setup_free(&ms);
		return 0;
	}
	ret = mem_setup_end(c, &ms, r->op->flags & RO_EMPTY ? r->populated :
			    r->mem, r->size, r->backing != BACK_ANON, r->pte);
	if (!ret)
		return 0;
fail:
	region_rep_teardown(c);
	return ret;
}

int region_run(struct ctx *c)
{
	struct rgn *r = c->priv;

	return r->op->run(c, r);
}

int region_verify(struct ctx *c)
{
	struct rgn *r = c->priv;
	int ret;

	ret = r->op->verify ? r->op->verify(c, r) : 0;
	if (r->fd >= 0 && c->sample)
		backing_record(c, r->fd, r->dir);
	mem_metrics(c, r->mem);
	return ret;
}

void region_teardown(struct ctx *c)
{
	const struct region_bench *rb = rb_of(c->pt);
	struct rgn *r = c->priv;

	if (!r)
		return;
	if (rb->teardown)
		rb->teardown(c, r);
	memcg_destroy(&r->cg);
	if (rb->swap)
		swap_undo();
	if (r->fd >= 0)
		close(r->fd);
	free(r->priv);
	free(r);
	c->priv = NULL;
}
