// SPDX-License-Identifier: GPL-2.0
/*
 * dax-hole: a sparse file on an fsdax mount, PMD-aligned in the file and
 * in the mapping, and what faults on its holes cost: the huge zero
 * folio mapped per PMD (David Hildenbrand's vmf_insert_folio_pmd
 * series), its upgrade to a real block, CoW out of it, zap, fork and
 * GUP of it.  pmd=0 maps the file one page off a PMD boundary, so every
 * op has its 4K baseline.  fs_dax tracepoints, counted in the counted
 * rep, prove what each fault did.
 *
 * ext4 and xfs differ in one count, dax_pmd_fault_done, for a reason
 * outside DAX: ext4's DAX vm_ops have no ->map_pages, so a PTE fault
 * taken under the per-VMA lock returns VM_FAULT_RETRY from
 * vmf_can_call_fault() (do_read_fault, do_shared_fault, do_cow_fault)
 * and is retried under mmap_lock, and the retry, finding the PMD still
 * empty, enters the PMD handler a second time; xfs's have
 * filemap_map_pages and take the fault in one pass.  So at pmd=0 ext4
 * counts two PMD fallbacks per 2M range faulted, xfs one, and on a
 * private write after the PMD is split ext4 counts one per PMD, xfs
 * none.  Those counts are recorded, not expected.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "core/point.h"
#include "core/result.h"
#include "mm/mem_verify.h"
#include "mm/pagemap.h"
#include "mm/region.h"
#include "mm/thp.h"
#include "observe/ctr.h"

#define EV_LOAD		"fs_dax:dax_pmd_load_hole"
#define EV_LOAD_FB	"fs_dax:dax_pmd_load_hole_fallback"
#define EV_DONE		"fs_dax:dax_pmd_fault_done"
#define EV_PTE		"fs_dax:dax_pte_fault_done"

static const char *const events[] = { EV_LOAD, EV_LOAD_FB, EV_DONE, EV_PTE,
				      NULL };

/* The benchmark's state: the O_DIRECT target of op=gup. */
struct dh {
	int odfd;
};

static size_t pmds(const struct rgn *r)
{
	return r->mem / thp_pmd_size();
}

static void touch(struct rgn *r, size_t step, bool write)
{
	char *p;

	for (p = r->rg.base; p < r->rg.base + r->mem; p += step) {
		if (write)
			*(volatile char *)p = 1;
		else
			(void)*(volatile char *)p;
	}
}

static int map_holes(struct ctx *c, struct rgn *r)
{
	(void)c;
	touch(r, PAGE_4K, false);
	return 0;
}

/* After a read, one anonymous page per PMD: the VMA gets an anon_vma. */
static int map_anon(struct ctx *c, struct rgn *r)
{
	map_holes(c, r);
	touch(r, thp_pmd_size(), true);
	return 0;
}

static int write_pmds(struct ctx *c, struct rgn *r)
{
	(void)c;
	touch(r, thp_pmd_size(), true);
	return 0;
}

static int write_all(struct ctx *c, struct rgn *r)
{
	(void)c;
	touch(r, PAGE_4K, true);
	return 0;
}

static int kid_ready(struct ctx *c, struct rgn *r)
{
	int ret = map_holes(c, r);

	return ret ? ret : region_kid_prepare(r);
}

static int kid_ready_anon(struct ctx *c, struct rgn *r)
{
	int ret = map_anon(c, r);

	return ret ? ret : region_kid_prepare(r);
}

static int do_fork(struct ctx *c, struct rgn *r)
{
	(void)c;
	return region_kid_fork(r);
}

/* GUP of the huge zero PMDs: O_DIRECT pins the pages it writes from. */
static int gup(struct ctx *c, struct rgn *r)
{
	struct dh *d = r->priv;
	ssize_t n;

	(void)c;
	n = pwrite(d->odfd, r->rg.base, r->mem, 0);
	if (n < 0)
		return -errno;
	return (size_t)n == r->mem ? 0 : -EIO;
}

/* A count from the counted rep, or a fallback saying why there is none. */
static bool count(struct ctx *c, const char *ev, uint64_t *v)
{
	int ret = point_count(c, ev, v);

	if (ret)
		sample_fallback(c, "%s not counted: %s", ev, strerror(-ret));
	return !ret;
}

static void expect(struct ctx *c, const char *ev, uint64_t want)
{
	const char *key = strchr(ev, ':') + 1;
	uint64_t v;

	if (!count(c, ev, &v))
		return;
	sample_set_int(c, key, v);
	if (v != want)
		sample_fallback(c, "%s: %llu, want %llu", key,
				(unsigned long long)v, (unsigned long long)want);
}

static bool pmd_mode(const struct ctx *c)
{
	return region_param(c->pt, "pmd")->num;
}

/*
 * Reads map the huge zero folio per PMD (ZERO_PAGE and THP in
 * kpageflags), or the 4K zero page when pmd=0; not smaps, which counts
 * neither (vm_normal_page_pmd() returns NULL for it).
 */
static void check_zero(struct ctx *c, struct rgn *r)
{
	uint64_t pages = r->mem / PAGE_4K, zero = 0, huge = 0;

	if (pagemap_kpf_pages(getpid(), r->rg.base, r->mem,
			      KPF_BIT_ZERO_PAGE, &zero) ||
	    pagemap_kpf_pages(getpid(), r->rg.base, r->mem,
			      KPF_BIT_ZERO_PAGE | KPF_BIT_THP, &huge)) {
		sample_fallback(c, "pagemap/kpageflags unreadable");
		return;
	}
	sample_set_int(c, "zero_pages", zero);
	sample_set_int(c, "huge_zero_pages", huge);
	if (zero != pages || huge != (pmd_mode(c) ? pages : 0))
		sample_fallback(c, "%llu of %llu pages map a zero page, %llu the huge zero folio",
				(unsigned long long)zero,
				(unsigned long long)pages,
				(unsigned long long)huge);
}

static void record(struct ctx *c, const char *ev)
{
	uint64_t v;

	if (count(c, ev, &v))
		sample_set_int(c, strchr(ev, ':') + 1, v);
}

/*
 * pmd=1: one PMD fault per PMD, and no PTE fault: a PMD fault that fell
 * back (a block not 2M-aligned on the device, say) ends in the PTE
 * handler, which dax_pmd_fault_done alone would not show.  pmd=0: the
 * PMD handler is still entered (thp_vma_allowable_orders lets every
 * DAX fault try) and falls back on the colour check
 * (dax_fault_check_fallback), a number of times that depends on the
 * walk and the filesystem (see the top): recorded, not expected.
 */
static void done_count(struct ctx *c, struct rgn *r)
{
	if (pmd_mode(c)) {
		expect(c, EV_DONE, pmds(r));
		expect(c, EV_PTE, 0);
	} else {
		record(c, EV_DONE);
		record(c, EV_PTE);
	}
}

static int v_read(struct ctx *c, struct rgn *r)
{
	size_t n = pmd_mode(c) ? pmds(r) : 0;

	expect(c, EV_LOAD, n);
	expect(c, EV_LOAD_FB, 0);
	done_count(c, r);
	check_zero(c, r);
	/* One shared huge zero folio, allocated at most once. */
	sample_set_int(c, "thp_zero_page_alloc",
		       mem_delta(c, 0, "thp_zero_page_alloc"));
	if (mem_delta(c, 0, "thp_zero_page_alloc") > 1)
		sample_fallback(c, "thp_zero_page_alloc rose by more than one");
	return 0;
}

/* Writes allocate blocks: one PMD fault each, no hole loaded. */
static int v_write(struct ctx *c, struct rgn *r)
{
	/* write-upgrade at pmd=0 meets the read's PTEs: no PMD fault. */
	if (r->op->prepare && !pmd_mode(c)) {
		expect(c, EV_DONE, 0);
		record(c, EV_PTE);
	} else {
		done_count(c, r);
	}
	expect(c, EV_LOAD, 0);
	return 0;
}

/*
 * No CoW from the huge zero folio: the PMD write fault falls back, the
 * PMD is split (for DAX, zapped) and the pages are CoW'ed at 4K.
 * Recorded as found, so a series that changes it shows.
 */
static int v_private(struct ctx *c, struct rgn *r)
{
	record(c, EV_DONE);
	record(c, EV_PTE);
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	sample_set_double(c, "faults_per_pmd", (double)c->minflt / pmds(r));
	return 0;
}

static int v_zap(struct ctx *c, struct rgn *r)
{
	uint64_t present = 0;

	expect(c, EV_DONE, 0);
	if (r->rg.base && !pagemap_count(getpid(), r->rg.base, r->mem,
					 PM_PRESENT, &present) && present)
		sample_fallback(c, "%llu pages still mapped after the zap",
				(unsigned long long)present);
	return 0;
}

/*
 * fork copies a VMA's page tables only when it must: a shared DAX VMA
 * with no anon_vma is left for the child to fault, a private one with
 * anonymous pages is copied.
 */
static int v_fork(struct ctx *c, struct rgn *r)
{
	bool copy = r->op->flags & RO_PRIVATE;
	uint64_t child = 0, parent = 0;
	int ret;

	ret = pagemap_count(r->kid.pid, r->rg.base, r->mem, PM_PRESENT,
			    &child);
	if (!ret)
		ret = pagemap_count(getpid(), r->rg.base, r->mem, PM_PRESENT,
				    &parent);
	if (ret)
		return ret;
	sample_set_int(c, "child_present_pages", child);
	if (copy ? child != parent : child != 0)
		sample_fallback(c, "the child maps %llu pages, the parent %llu: %s",
				(unsigned long long)child,
				(unsigned long long)parent,
				copy ? "not copied" : "copied");
	return 0;
}

/*
 * The O_DIRECT write pins the pages it writes from (FOLL_PIN, counted in
 * nr_foll_pin_acquired): each page of a huge-zero PMD pins the huge zero
 * folio.  The 4K zero page is never counted (try_grab_folio() skips
 * is_zero_folio()), so at pmd=0 the count is recorded, not expected.
 * A node stat reaches /proc/vmstat from per-CPU deltas only past a
 * threshold, so the delta can miss a few dozen pins: half the pages is
 * the line between GUP and a copy that pins nothing (tmpfs, DAX).
 */
static int v_gup(struct ctx *c, struct rgn *r)
{
	int64_t pins = mem_delta(c, 0, "nr_foll_pin_acquired");
	uint64_t pages = r->mem / PAGE_4K;

	expect(c, EV_LOAD, 0);
	sample_set_int(c, "foll_pins", pins);
	if (pmd_mode(c) && pins < (int64_t)(pages / 2))
		sample_fallback(c, "%lld pins for %llu pages: the write did no GUP of the hole",
				(long long)pins, (unsigned long long)pages);
	return 0;
}

static const struct region_op ops[] = {
	{ "read", "a read fault on every PMD (pmd=0: page) of the hole",
	  NULL, map_holes, v_read, RO_EMPTY },
	{ "write-upgrade", "after the read, a write to each PMD (MAP_SHARED)",
	  map_holes, write_pmds, v_write, RO_EMPTY },
	{ "write", "a write fault on each PMD of the hole (MAP_SHARED)",
	  NULL, write_pmds, v_write, RO_EMPTY },
	{ "private-write", "after the read, a write to every page (MAP_PRIVATE)",
	  map_holes, write_all, v_private, RO_EMPTY | RO_PRIVATE },
	{ "zap-munmap", "munmap of the huge-zero PMDs",
	  map_holes, region_op_munmap, v_zap, RO_EMPTY },
	{ "zap-dontneed", "MADV_DONTNEED of the huge-zero PMDs",
	  map_holes, region_op_dontneed, v_zap, RO_EMPTY },
	{ "fork", "fork with the huge-zero PMDs mapped (MAP_SHARED: not copied)",
	  kid_ready, do_fork, v_fork, RO_EMPTY },
	{ "fork-private", "fork after a private write (anonymous pages: copied)",
	  kid_ready_anon, do_fork, v_fork, RO_EMPTY | RO_PRIVATE },
	{ "gup", "O_DIRECT write from the mapped hole to a file in gupdir=",
	  map_holes, gup, v_gup, RO_EMPTY },
	{ 0 }
};

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

/*
 * Does an O_DIRECT write into gupdir= pin the pages it writes from?  A
 * file of our own tells, and goes.  Not on tmpfs, which takes O_DIRECT
 * (FMODE_CAN_ODIRECT, 6.6 on) and copies like a buffered write
 * (shmem_file_write_iter: generic_perform_write); nor on a DAX file,
 * whose O_DIRECT is a copy too (dax_iomap_rw).  Only a filesystem on a
 * block device does GUP (iomap_dio_rw: iov_iter_extract_pages).
 */
static int odirect(const char *dir, int *fd, char *why, size_t len)
{
	struct statfs sfs;
	struct statx stx;
	int err;

	if (!statfs(dir, &sfs) && sfs.f_type == TMPFS_MAGIC) {
		snprintf(why, len, "gupdir=%.120s is tmpfs, whose O_DIRECT write copies like a buffered one (no GUP): op=gup needs a non-DAX filesystem on a block device",
			 dir);
		return -EOPNOTSUPP;
	}
	*fd = open(dir, O_TMPFILE | O_RDWR | O_DIRECT | O_CLOEXEC, 0600);
	if (*fd < 0) {
		err = errno;
		snprintf(why, len, "gupdir=%.120s takes no O_DIRECT file (%s): op=gup needs a non-DAX filesystem on a block device",
			 dir, strerror(err));
		return -EOPNOTSUPP;
	}
	if (!statx(*fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx) &&
	    (stx.stx_attributes & STATX_ATTR_DAX)) {
		close(*fd);
		*fd = -1;
		snprintf(why, len, "gupdir=%.120s is DAX, whose O_DIRECT write is a copy (no GUP): op=gup needs a non-DAX filesystem on a block device",
			 dir);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int dh_supported(const struct point *pt, char *why, size_t len)
{
	const char *const *e;
	struct ctr ctr;
	int fd;

	if (region_param(pt, "mem")->num % thp_pmd_size()) {
		snprintf(why, len, "mem= must be a multiple of the PMD size");
		return -EINVAL;
	}
	for (e = events; *e; e++) {
		if (ctr_resolve(*e, &ctr)) {
			snprintf(why, len, "no %s tracepoint here (CONFIG_FS_DAX, tracefs)",
				 *e);
			return -EOPNOTSUPP;
		}
	}
	if (strcmp(region_param(pt, "op")->text, "gup"))
		return 0;
	if (odirect(region_param(pt, "gupdir")->text, &fd, why, len))
		return -EOPNOTSUPP;
	close(fd);
	return 0;
}

static int dh_setup(struct ctx *c, struct rgn *r)
{
	struct dh *d = r->priv;
	char why[512];

	d->odfd = -1;
	r->skew = !pmd_mode(c);
	if (strcmp(r->op->name, "gup"))
		return 0;
	return odirect(region_param(c->pt, "gupdir")->text, &d->odfd, why,
		       sizeof(why));
}

static void dh_teardown(struct ctx *c, struct rgn *r)
{
	struct dh *d = r->priv;

	(void)c;
	if (d && d->odfd >= 0)
		close(d->odfd);
}

static const char *const onoff[] = { "0", "1", NULL };

static const struct param params[] = {
	REGION_P_OP(ops, "read"),
	{ .name = "pmd", .type = PT_ENUM, .def = "1", .choices = onoff,
	  .help = "1: PMD-aligned; 0: one page off, every fault at 4K" },
	MEM_P_MEM("64M"),
	REGION_P_BACKING("dax"),
	REGION_P_DIR(""),
	{ .name = "gupdir", .type = PT_PATH, .def = "/tmp",
	  .help = "op=gup: a directory on a non-DAX filesystem that takes O_DIRECT" },
	{ 0 }
};

static const struct region_bench rb = {
	.ops = ops, .backings = BACK_BIT(BACK_DAX), .priv_size = sizeof(struct dh),
	.supported = dh_supported, .setup = dh_setup, .teardown = dh_teardown,
};

const struct bench bench_dax_hole = REGION_BENCH("dax-hole",
	"faults on fsdax file holes: the huge zero folio per PMD", params, rb,
	.verify_events = events);
