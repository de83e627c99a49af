// SPDX-License-Identifier: GPL-2.0
/*
 * walk: put a region into a state (present folios, swap entries,
 * uffd-wp markers, guard markers, zero pages, a mix), prove the state,
 * then time one walker over it: the page-table walks over non-present
 * and special entries that the softleaf_t rework and the vm_normal_page
 * rework touch.  A no-regression family: what each op must leave is
 * checked after it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "core/result.h"
#include "core/util.h"
#include "mm/pagemap.h"
#include "mm/region.h"
#include "mm/swap.h"
#include "mm/walk_state.h"

#ifndef PAGEMAP_SCAN
/* include/uapi/linux/fs.h, 6.7+ */
struct page_region {
	uint64_t start, end, categories;
};

struct pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask;
	uint64_t return_mask;
};
#define PAGEMAP_SCAN	_IOWR('f', 16, struct pm_scan_arg)
#endif
/* Every PAGE_IS_* category; GUARD (bit 8) only where the kernel knows it. */
#define SCAN_ALL	(walk_pagemap_shows_guards() ? 0x1ffULL : 0xffULL)

/* The benchmark's state for a point. */
struct wk {
	enum walk_state st;
	struct walk_census before;
	int uffd, pmfd;
	uint64_t swap_used, count;
	char *buf;		/* reads of smaps, pagemap, mincore, scan */
	size_t buflen;
	struct region dest;	/* mremap's target */
	bool probe;
};

static bool shmem(const struct rgn *r)
{
	return r->backing == BACK_SHMEM;
}

/* Bytes of swap in use, from /proc/swaps (kB). */
static uint64_t swap_used(void)
{
	unsigned long long size, used, sum = 0;
	char line[512];
	FILE *f = fopen("/proc/swaps", "re");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%*s %*s %llu %llu", &size, &used) == 2)
			sum += used;
	fclose(f);
	return sum * 1024;
}

static int census(struct rgn *r, pid_t pid, const char *base,
		  struct walk_census *wc)
{
	struct wk *w = r->priv;

	return walk_census(pid, base, r->mem, shmem(r), w->probe, wc);
}

static int prepare(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	char why[WHYLEN];
	int ret;

	if (w->uffd >= 0)
		close(w->uffd);
	w->uffd = -1;
	w->count = 0;
	ret = walk_state_make(r, w->st, &w->uffd);
	/* The driver checks the folio sizes of what was faulted in. */
	r->populated = w->st == WS_PRESENT || w->st == WS_SWAPPED ? r->mem : 0;
	if (!ret)
		ret = census(r, getpid(), r->rg.base, &w->before);
	if (ret)
		return ret;
	w->swap_used = swap_used();
	if (c->sample) {
		walk_census_record(c, "before", &w->before);
		if (walk_state_check(w->st, shmem(r), r->mem, &w->before, why,
				     sizeof(why)))
			sample_fallback(c, "state=%s not made: %s",
					walk_states[w->st], why);
	}
	if (!strcmp(r->op->name, "fork"))
		return region_kid_prepare(r);
	if (!strcmp(r->op->name, "mremap"))
		return mem_map(&w->dest, r->mem, false);
	return 0;
}

static int read_all(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, len)) > 0)
		;
	close(fd);
	return n < 0 ? -errno : 0;
}

static int op_smaps(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;

	(void)c;
	return read_all("/proc/self/smaps", w->buf, w->buflen);
}

static int op_rollup(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;

	(void)c;
	return read_all("/proc/self/smaps_rollup", w->buf, w->buflen);
}

static int op_pagemap(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	size_t len = r->mem / PAGE_4K * 8;

	(void)c;
	return pread(w->pmfd, w->buf, len, (uintptr_t)r->rg.base / PAGE_4K * 8) ==
	       (ssize_t)len ? 0 : -EIO;
}

static int op_scan(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	struct pm_scan_arg a = {
		.size = sizeof(a),
		.start = (uintptr_t)r->rg.base,
		.end = (uintptr_t)r->rg.base + r->mem,
		.vec = (uintptr_t)w->buf,
		.vec_len = w->buflen / sizeof(struct page_region),
		.category_anyof_mask = SCAN_ALL,
		.return_mask = SCAN_ALL,
	};
	long n;

	(void)c;
	n = ioctl(w->pmfd, PAGEMAP_SCAN, &a);
	if (n < 0)
		return -errno;
	w->count = n;
	return 0;
}

static int op_mincore(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;

	(void)c;
	return mincore(r->rg.base, r->mem, (unsigned char *)w->buf) ?
	       -errno : 0;
}

static int op_mprotect(struct ctx *c, struct rgn *r)
{
	(void)c;
	if (mprotect(r->rg.base, r->mem, PROT_READ) ||
	    mprotect(r->rg.base, r->mem, PROT_READ | PROT_WRITE))
		return -errno;
	return 0;
}

static int op_mremap(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	void *p;

	(void)c;
	p = mremap(r->rg.base, r->mem, r->mem, MREMAP_MAYMOVE | MREMAP_FIXED,
		   w->dest.base);
	if (p == MAP_FAILED)
		return -errno;
	/* The region lives there now; the driver unmaps it from there. */
	r->rg.base = p;
	w->dest.base = NULL;
	return 0;
}

static int op_fork(struct ctx *c, struct rgn *r)
{
	(void)c;
	return region_kid_fork(r);
}

static int op_swapin(struct ctx *c, struct rgn *r)
{
	char *p;

	(void)c;
	if (madvise(r->rg.base, r->mem, MADV_WILLNEED))
		return -errno;
	for (p = r->rg.base; p < r->rg.base + r->mem; p += PAGE_4K)
		(void)*(volatile char *)p;
	return 0;
}

static bool same(const struct walk_census *a, const struct walk_census *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* What the op must leave behind, from the census after it. */
static void leaves(struct ctx *c, struct rgn *r, const struct walk_census *a)
{
	struct wk *w = r->priv;
	const struct walk_census *b = &w->before;
	const char *op = r->op->name;
	uint64_t pages = r->mem / PAGE_4K;

	if (!strcmp(op, "dontneed")) {
		if (a->present || a->zero || (!shmem(r) && a->swap))
			sample_fallback(c, "dontneed left %llu present, %llu zero, %llu swap entries",
					(unsigned long long)a->present,
					(unsigned long long)a->zero,
					(unsigned long long)a->swap);
		if (a->guard != b->guard || a->marker != b->marker)
			sample_fallback(c, "dontneed dropped markers: guards %llu -> %llu, uffd-wp %llu -> %llu",
					(unsigned long long)b->guard,
					(unsigned long long)a->guard,
					(unsigned long long)b->marker,
					(unsigned long long)a->marker);
	} else if (!strcmp(op, "swapin")) {
		if (a->swap)
			sample_fallback(c, "swapin left %llu pages in swap",
					(unsigned long long)a->swap);
	} else if (!strcmp(op, "mremap") && w->st == WS_UFFD_WP) {
		/*
		 * Moving a VMA whose uffd lacks UFFD_FEATURE_EVENT_REMAP
		 * unregisters it, and move_ptes() drops its markers.
		 */
		if (a->marker)
			sample_fallback(c, "mremap kept %llu uffd-wp markers of an unregistered VMA",
					(unsigned long long)a->marker);
	} else if (!same(a, b)) {
		/* mprotect keeps swap entries swapped; walkers change nothing. */
		sample_fallback(c, "%s changed the state (present %llu -> %llu, swap %llu -> %llu)",
				op, (unsigned long long)b->present,
				(unsigned long long)a->present,
				(unsigned long long)b->swap,
				(unsigned long long)a->swap);
	}
	(void)pages;
}

/* munmap frees anonymous swap slots, less what per-CPU caches hold. */
static void freed_swap(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	uint64_t now = swap_used(), want = w->before.swap * PAGE_4K;
	uint64_t slack = 64 * PAGE_4K * sysconf(_SC_NPROCESSORS_ONLN);
	int64_t freed = (int64_t)w->swap_used - (int64_t)now;

	sample_set_int(c, "swap_freed_bytes", freed);
	if (!shmem(r) && want && freed + (int64_t)slack < (int64_t)want)
		sample_fallback(c, "munmap freed %lld of %llu bytes of swap",
				(long long)freed, (unsigned long long)want);
}

/*
 * fork copies page tables only for VMAs that need it: an anonymous one
 * with an anon_vma; shmem is left to fault, and uffd-wp markers are
 * dropped in a child without UFFD_FEATURE_EVENT_FORK.
 */
static void forked(struct ctx *c, struct rgn *r, const struct walk_census *k)
{
	struct wk *w = r->priv;

	walk_census_record(c, "child", k);
	if (k->marker)
		sample_fallback(c, "the child kept %llu uffd-wp markers",
				(unsigned long long)k->marker);
	if (!shmem(r) && (w->st == WS_PRESENT || w->st == WS_SWAPPED) &&
	    (k->present != w->before.present || k->swap != w->before.swap))
		sample_fallback(c, "the child has %llu present, %llu swap: not a copy",
				(unsigned long long)k->present,
				(unsigned long long)k->swap);
}

static int verify(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	struct walk_census a;
	int ret;

	if (!strcmp(r->op->name, "pagemap-scan"))
		sample_set_int(c, "entries", w->count);
	if (!strcmp(r->op->name, "munmap")) {
		freed_swap(c, r);
		return 0;
	}
	if (!strcmp(r->op->name, "fork")) {
		ret = walk_census(r->kid.pid, r->rg.base, r->mem, false, false,
				  &a);
		if (!ret)
			forked(c, r, &a);
		return ret;
	}
	ret = census(r, getpid(), r->rg.base, &a);
	if (ret)
		return ret;
	walk_census_record(c, "after", &a);
	leaves(c, r, &a);
	return 0;
}

#define OP(n, h, fn) { n, h, prepare, fn, verify, RO_EMPTY }

static const struct region_op ops[] = {
	OP("smaps", "read /proc/self/smaps", op_smaps),
	OP("smaps_rollup", "read /proc/self/smaps_rollup", op_rollup),
	OP("pagemap", "read() the range's pagemap", op_pagemap),
	OP("pagemap-scan", "the PAGEMAP_SCAN ioctl over the range (6.7+)", op_scan),
	OP("mincore", "mincore(2)", op_mincore),
	OP("mprotect", "read-only, then back", op_mprotect),
	OP("mremap", "move the region", op_mremap),
	OP("fork", "fork()", op_fork),
	OP("munmap", "munmap(2)", region_op_munmap),
	OP("dontneed", "MADV_DONTNEED", region_op_dontneed),
	OP("swapin", "MADV_WILLNEED, then a load from every page", op_swapin),
	{ 0 }
};

static enum walk_state state_of(const struct point *pt)
{
	return region_param(pt, "state")->num;
}

static bool needs_swap(enum walk_state st)
{
	return st == WS_SWAPPED || st == WS_MIXED;
}

static int wk_supported(const struct point *pt, char *why, size_t len)
{
	enum walk_state st = state_of(pt);
	const char *op = region_param(pt, "op")->text;
	bool sh = region_param(pt, "backing")->num == BACK_SHMEM;
	struct pm_scan_arg a = { .size = sizeof(a) };
	int ret, fd;

	ret = walk_state_can(st, sh, why, len);
	if (ret)
		return ret;
	if (st == WS_MIXED && region_param(pt, "size")->num != PAGE_4K) {
		snprintf(why, len, "state=mixed works page by page: size=4K");
		return -EOPNOTSUPP;
	}
	if (!strcmp(op, "swapin") && (st == WS_GUARD || st == WS_MIXED)) {
		snprintf(why, len, "op=swapin loads every page: a guard would kill the run");
		return -EOPNOTSUPP;
	}
	if (!strcmp(op, "pagemap-scan")) {
		fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
		ret = fd < 0 || ioctl(fd, PAGEMAP_SCAN, &a) < 0 ? -errno : 0;
		if (fd >= 0)
			close(fd);
		if (ret) {
			snprintf(why, len, "no PAGEMAP_SCAN here (6.7+): %s",
				 strerror(-ret));
			return -EOPNOTSUPP;
		}
	}
	return needs_swap(st) ? swap_check(why, len) : 0;
}

static int wk_setup(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;
	char why[WHYLEN];
	int ret;

	w->uffd = -1;
	w->st = state_of(c->pt);
	w->probe = w->st == WS_GUARD && !walk_pagemap_shows_guards();
	/* smaps of a process can be long: room for all of it. */
	w->buflen = r->mem / PAGE_4K * sizeof(struct page_region) + (8 << 20);
	w->buf = malloc(w->buflen);
	w->pmfd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (!w->buf || w->pmfd < 0)
		return w->buf ? -errno : -ENOMEM;
	if (!needs_swap(w->st))
		return 0;
	ret = swap_ensure(r->mem * 2 > (512 << 20) ? r->mem * 2 : 512 << 20,
			  why, sizeof(why));
	if (ret)
		fprintf(stderr, "walk: %s\n", why);
	return ret;
}

static void wk_rep_teardown(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;

	(void)c;
	if (w->uffd >= 0)
		close(w->uffd);
	w->uffd = -1;
	mem_unmap(&w->dest);
}

static void wk_teardown(struct ctx *c, struct rgn *r)
{
	struct wk *w = r->priv;

	(void)c;
	if (!w)
		return;
	if (w->pmfd >= 0)
		close(w->pmfd);
	free(w->buf);
	if (needs_swap(w->st))
		swap_undo();
}

static const struct param params[] = {
	{ .name = "state", .type = PT_ENUM, .def = "present",
	  .choices = walk_states,
	  .help = "present, swapped, uffd-wp (shmem), guard, zero, mixed (4K), pfnmap" },
	REGION_P_OP(ops, "pagemap"),
	{ .name = "size", .type = PT_SIZE, .def = "4K", .thp_sizes = true,
	  .help = "folio size of state=present and swapped; zero: pmd maps the huge zero folio" },
	REGION_P_BACKING("anon"),
	MEM_P_MEM("64M"),
	{ 0 }
};

static const struct region_bench rb = {
	.ops = ops, .backings = BACK_BIT(BACK_ANON) | BACK_BIT(BACK_SHMEM),
	.priv_size = sizeof(struct wk), .supported = wk_supported,
	.setup = wk_setup, .rep_teardown = wk_rep_teardown,
	.teardown = wk_teardown,
};

const struct bench bench_walk = REGION_BENCH("walk",
	"page-table walks over present, swap, marker, guard and zero entries",
	params, rb);
