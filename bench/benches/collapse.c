// SPDX-License-Identifier: GPL-2.0
/*
 * collapse: populate ranges of to= bytes with folios of from=, leaving
 * none= PTEs of each range unpopulated, swapped= paged out and shared=
 * shared with a live child, then collapse them: MADV_COLLAPSE (timed
 * syscall) or khugepaged (timed from MADV_HUGEPAGE until every range
 * that may collapse has).  A thread reading the region meanwhile sees
 * the process-visible downtime of each range.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/result.h"
#include "core/session.h"
#include "core/util.h"
#include "mm/collapse_env.h"
#include "mm/mem_verify.h"
#include "mm/pagemap.h"
#include "mm/region.h"
#include "mm/stall.h"
#include "mm/swap.h"
#include "mm/thp.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

/* The benchmark's state for a point. */
struct cl {
	struct collapse_shape sh;
	struct stall st;
	struct region sentinel;	/* empty anon VMA that registers the mm */
	bool watched;
	int madv_errno;
	uint64_t done_ns, scans, cpu_ns;
	bool timed_out;
	double before_ns;
};

/* Pattern byte of page i of the region: never 0, so a lost page shows. */
static char pattern(size_t i)
{
	return (char)((i * 131 + 7) | 1);
}

/* Write the pattern into pages [from, to) of range i. */
static void write_range(struct rgn *r, const struct collapse_shape *sh,
			size_t i, size_t from, size_t to)
{
	size_t p;

	for (p = from; p < to; p++)
		r->rg.base[(i * sh->per + p) * PAGE_4K] =
			pattern(i * sh->per + p);
}

/* ns per 4K page of one read pass over the present pages. */
static double read_pass(struct rgn *r, const struct cl *l)
{
	size_t per = l->sh.per, i, p, n = 0;
	uint64_t t0 = util_now_ns();
	char sum = 0;

	for (i = 0; i < l->sh.nranges; i++)
		for (p = l->sh.swapped; p < l->sh.populated; p++, n++)
			sum ^= *(volatile char *)(r->rg.base +
						  (i * per + p) * PAGE_4K);
	(void)sum;
	return n ? (double)(util_now_ns() - t0) / n : 0;
}

/*
 * Pages of the region in swap: pagemap's swap bit for anon; shmem PTEs
 * go none (the swap entry sits in the page cache), so smaps' Swap.
 */
static int count_swapped(struct rgn *r, const struct cl *l, uint64_t *n)
{
	uint64_t kb;
	int ret;

	if (!l->sh.shmem)
		return pagemap_count(getpid(), r->rg.base, r->mem, PM_SWAP, n);
	ret = pagemap_smaps_kb(r->rg.base, "Swap", &kb);
	*n = kb / 4;
	return ret;
}

static int populate(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;
	struct collapse_shape *sh = &l->sh;
	uint64_t swapped = 0;
	struct region part;
	size_t i;
	int ret;

	/* The target size is enabled after the population (prepare). */
	if (l->sh.khugepaged || l->sh.shmem) {
		ret = mem_enable_size(sh->to, l->sh.shmem, "never");
		if (ret)
			return ret;
	}
	/*
	 * khugepaged shmem: its thread is stopped while the region fills
	 * (prepare starts it again, with the ranges at VM_NOHUGEPAGE).  6.12
	 * takes a shmem VMA for PMD-sized when any shmem size is enabled,
	 * VM_HUGEPAGE or not (__thp_vma_allowable_orders() returns
	 * shmem_allowable_huge_orders() not masked by the orders asked for;
	 * "mm: huge_memory: fix the check for allowed huge orders in shmem",
	 * 2025, is not in Debian's 6.12.117): with from=64K it collapsed
	 * ranges to 2M as they filled, before the clock.  The thread runs
	 * only while the anon PMD size is enabled on 6.1 and 6.12
	 * (hugepage_flags_enabled(), hugepage_pmd_enabled() in
	 * mm/khugepaged.c); 6.18 also counts the shmem one, never here.
	 */
	if (l->sh.khugepaged && l->sh.shmem) {
		ret = mem_enable_size(thp_pmd_size(), false, "never");
		if (ret)
			return ret;
	}
	/*
	 * Once the mm is registered (a previous rep), khugepaged may take a
	 * range before MADV_HUGEPAGE (6.18 does, for anonymous shmem, with
	 * every size at never): VM_NOHUGEPAGE keeps it away until the run.
	 * Before the population at 4K, after it for mTHP, which it blocks.
	 */
	if (l->sh.khugepaged && sh->from == PAGE_4K &&
	    madvise(r->rg.base, r->mem, MADV_NOHUGEPAGE))
		return -errno;
	for (i = 0; i < sh->nranges; i++) {
		part.base = r->rg.base + i * sh->to;
		part.len = sh->populated * PAGE_4K;
		mem_touch_drained(&part);
		write_range(r, sh, i, 0, sh->populated);
		if (sh->swapped && madvise(part.base, sh->swapped * PAGE_4K,
					   MADV_PAGEOUT))
			return -errno;
	}
	r->populated = sh->nranges * sh->populated * PAGE_4K;
	if (l->sh.khugepaged && sh->from != PAGE_4K &&
	    madvise(r->rg.base, r->mem, MADV_NOHUGEPAGE))
		return -errno;
	if (sh->swapped) {
		ret = count_swapped(r, l, &swapped);
		if (ret)
			return ret;
		if (c->sample && swapped < sh->nranges * sh->swapped)
			sample_fallback(c, "swapped=%zu: only %llu of %zu pages paged out",
					sh->swapped, (unsigned long long)swapped,
					sh->nranges * sh->swapped);
	}
	if (sh->shared) {
		ret = region_kid_prepare(r);
		if (!ret)
			ret = region_kid_fork(r);
		if (ret)
			return ret;
		/* fork write-protected every PTE: CoW those not to stay shared. */
		for (i = 0; i < sh->nranges; i++)
			write_range(r, sh, i, sh->swapped + sh->shared,
				    sh->populated);
	}
	return 0;
}

/*
 * MADV_HUGEPAGE on anonymous shmem does not register the mm with
 * khugepaged on 6.18, an anonymous VMA with an anon_vma does: one
 * read-only page (SCAN_PAGE_RO) that never collapses itself.  Every
 * rep enables the anon PMD size, which starts khugepaged's thread
 * again (populate stopped it); the first also maps the sentinel.
 */
static int sentinel(struct cl *l)
{
	int ret;

	ret = mem_enable_size(thp_pmd_size(), false, "madvise");
	if (ret || l->sentinel.base)
		return ret;
	ret = mem_map(&l->sentinel, thp_pmd_size(), false);
	if (ret)
		return ret;
	*l->sentinel.base = 1;
	if (mprotect(l->sentinel.base, l->sentinel.len, PROT_READ) ||
	    madvise(l->sentinel.base, l->sentinel.len, MADV_HUGEPAGE))
		return -errno;
	return 0;
}

static int prepare(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;
	int ret;

	l->madv_errno = 0;
	l->done_ns = l->scans = l->cpu_ns = 0;
	l->timed_out = false;
	ret = populate(c, r);
	if (ret)
		return ret;
	l->before_ns = read_pass(r, l);
	if (l->sh.khugepaged && !l->sh.shmem)
		ret = mem_enable_size(l->sh.to, false, "madvise");
	else if (l->sh.khugepaged)
		ret = sentinel(l);
	/*
	 * 6.18 refuses MADV_COLLAPSE on anonymous shmem unless the size is
	 * enabled (6.12 ignores shmem_enabled but deny): enable it now,
	 * after the population, which it no longer affects.
	 */
	else if (l->sh.shmem)
		ret = mem_enable_size(l->sh.to, true, "always");
	if (ret)
		return ret;
	l->watched = false;
	if (region_param(c->pt, "downtime")->num && l->sh.populated >
	    l->sh.swapped)
		l->watched = !stall_start(&l->st, r->rg.base, r->mem,
					  l->sh.to, l->sh.swapped);
	return 0;
}

static int run_madvise(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;

	(void)c;
	if (madvise(r->rg.base, r->mem, MADV_COLLAPSE))
		l->madv_errno = errno;	/* verify says what did not collapse */
	return 0;
}

static int run_khugepaged(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;
	struct collapse_wait w;
	int ret;

	(void)c;
	ret = collapse_wait_begin(&w, l->sh.to);
	if (ret)
		return ret;
	/*
	 * shmem: khugepaged (6.18) collapses an anonymous shmem range as
	 * soon as its size is at advise, VM_HUGEPAGE or not, so the clock
	 * starts before the knob is written.
	 */
	if (l->sh.shmem) {
		ret = mem_enable_size(l->sh.to, true, "advise");
		if (ret)
			return ret;
	}
	if (madvise(r->rg.base, r->mem, MADV_HUGEPAGE))
		return -errno;

	ret = collapse_wait(&w, collapse_expected(&l->sh) ? l->sh.nranges : 0);
	l->done_ns = w.done_ns;
	l->scans = w.scans;
	l->timed_out = w.timed_out;
	l->cpu_ns = w.cpu_ns;
	return ret;
}

/* Every page reads back what was written, and none pages read zero. */
static int check_data(struct rgn *r, const struct cl *l)
{
	size_t per = l->sh.per, i, p;

	for (i = 0; i < l->sh.nranges; i++) {
		for (p = 0; p < per; p++) {
			size_t g = i * per + p;
			char want = p < l->sh.populated ? pattern(g) : 0;
			char got = r->rg.base[g * PAGE_4K];

			if (got == want)
				continue;
			fprintf(stderr, "collapse lost data: page %zu of range %zu reads %d, %d was written\n",
				p, i, got, want);
			return -EIO;
		}
	}
	return 0;
}

static int verify(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;
	struct collapse_result res = { 0 };
	int ret;

	stall_stop(&l->st);
	ret = collapse_check(c, r->rg.base, &l->sh, &res);
	if (ret)
		return ret;
	if (l->madv_errno)
		sample_set_str(c, "madvise_error", strerror(l->madv_errno));
	if (l->timed_out)
		sample_fallback(c, "khugepaged gave up after %llu full scans without collapsing (none in 5 s: the mm was never registered)",
				(unsigned long long)l->scans);
	if (!l->sh.khugepaged && res.collapsed)
		sample_metric(c, "us_per_range", "us", LOWER, MEAN_ARITH,
			      c->ns / 1000.0 / res.collapsed);
	if (l->sh.khugepaged && l->done_ns) {
		sample_metric(c, "collapse_ms", "ms", LOWER, MEAN_ARITH,
			      l->done_ns / 1e6);
		sample_set_int(c, "full_scans_taken", l->scans);
	}
	if (l->sh.khugepaged)
		sample_metric(c, "khugepaged_cpu_ms", "ms", LOWER, MEAN_ARITH,
			      l->cpu_ns / 1e6);
	if (l->watched)
		collapse_downtime(c, &l->st, res.whole);
	sample_metric(c, "access_before_ns_per_4k", "ns", LOWER, MEAN_ARITH,
		      l->before_ns);
	sample_metric(c, "access_after_ns_per_4k", "ns", LOWER, MEAN_ARITH,
		      read_pass(r, l));
	ret = check_data(r, l);
	free(res.whole);
	return ret;
}

static const struct region_op ops[] = {
	{ "madvise", "MADV_COLLAPSE, synchronous: the syscall is timed",
	  prepare, run_madvise, verify, RO_EMPTY },
	{ "khugepaged", "MADV_HUGEPAGE, then until khugepaged collapsed every range that may",
	  prepare, run_khugepaged, verify, RO_EMPTY },
	{ 0 }
};

static int cl_supported(const struct point *pt, char *why, size_t len)
{
	struct collapse_shape sh;
	int ret;

	ret = collapse_shape(pt, &sh, why, len);
	if (!ret)
		ret = collapse_can(&sh, why, len);
	if (!ret && sh.swapped)
		ret = swap_check(why, len);
	return ret;
}

static int cl_setup(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;
	char why[WHYLEN];
	int ret;

	ret = collapse_shape(c->pt, &l->sh, why, sizeof(why));
	if (!ret)
		ret = collapse_knobs(&l->sh, r->mem);
	/*
	 * MADV_COLLAPSE on shmem: khugepaged's thread runs, asleep
	 * (collapse_knobs), for the whole point.  A thread that starts scans
	 * at once, and 6.18 starts it when prepare sets the shmem size to
	 * always (hugepage_pmd_enabled() counts shmem there): it raced
	 * MADV_COLLAPSE for the ranges, which always makes eligible.
	 */
	if (!ret && l->sh.shmem && !l->sh.khugepaged)
		ret = mem_enable_size(thp_pmd_size(), false, "madvise");
	if (!ret && l->sh.swapped) {
		ret = swap_ensure(r->mem * 2 > (512 << 20) ? r->mem * 2 :
				  512 << 20, why, sizeof(why));
		if (ret)
			fprintf(stderr, "collapse: %s\n", why);
	}
	return ret;
}

/* The watcher reads the region: it stops before the region goes. */
static void cl_rep_teardown(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;

	(void)c;
	stall_free(&l->st);
	l->watched = false;
}

static void cl_teardown(struct ctx *c, struct rgn *r)
{
	struct cl *l = r->priv;

	if (l) {
		stall_free(&l->st);
		mem_unmap(&l->sentinel);
		if (l->sh.swapped)
			swap_undo();
	}
	(void)c;
}

static const char *const onoff[] = { "0", "1", NULL };

static const struct param params[] = {
	{ .name = "how", .type = PT_ENUM, .def = "madvise", .rows = ops,
	  .row_size = sizeof(ops[0]), .help = "who collapses" },
	{ .name = "from", .type = PT_SIZE, .def = "4K", .thp_sizes = true,
	  .help = "folio size the ranges are populated with: 4K or an mTHP size" },
	{ .name = "to", .type = PT_SIZE, .def = "pmd", .thp_sizes = true,
	  .help = "collapse target: pmd, or an mTHP size the kernel collapses to" },
	{ .name = "none", .type = PT_UINT, .def = "0",
	  .help = "PTEs (shmem: pages) per range left unpopulated" },
	{ .name = "swapped", .type = PT_UINT, .def = "0",
	  .help = "PTEs per range paged out to swap first" },
	{ .name = "shared", .type = PT_UINT, .def = "0",
	  .help = "PTEs per range shared with a live child (anon)" },
	{ .name = "max_ptes_none", .type = PT_UINT, .def = "511",
	  .help = "khugepaged's limit for the point (saved and restored)" },
	{ .name = "max_ptes_swap", .type = PT_UINT, .def = "64",
	  .help = "khugepaged's limit for the point" },
	{ .name = "max_ptes_shared", .type = PT_UINT, .def = "256",
	  .help = "khugepaged's limit for the point" },
	REGION_P_BACKING("anon"),
	MEM_P_MEM("64M"),
	{ .name = "downtime", .type = PT_ENUM, .def = "1", .choices = onoff,
	  .help = "1: a thread reads the region meanwhile, per-range stalls" },
	{ 0 }
};

static const struct region_bench rb = {
	.ops = ops, .op_param = "how", .size_param = "from",
	.backings = BACK_BIT(BACK_ANON) | BACK_BIT(BACK_SHMEM),
	.priv_size = sizeof(struct cl),
	.supported = cl_supported, .setup = cl_setup,
	.rep_teardown = cl_rep_teardown, .teardown = cl_teardown,
};

const struct bench bench_collapse = REGION_BENCH("collapse",
	"khugepaged and MADV_COLLAPSE collapse, PMD and mTHP", params, rb);
