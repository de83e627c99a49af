// SPDX-License-Identifier: GPL-2.0
/* The collapse benchmark's kernel side (collapse_env.h). */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
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
#include "mm/thp.h"
#include "observe/stats.h"

#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif

#define WAIT_NS		(60ULL * 1000000000)
#define IDLE_NS		(5ULL * 1000000000)
#define POLL_US		1000	/* khugepaged runs at nice 19: poll gently */

static int bad(char *why, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int bad(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int collapse_shape(const struct point *pt, struct collapse_shape *sh,
		   char *why, size_t len)
{
	uint64_t mem = region_param(pt, "mem")->num;
	size_t pmd_pages = thp_pmd_size() / PAGE_4K, fp;
	char f[16], t[16];

	memset(sh, 0, sizeof(*sh));
	sh->from = region_param(pt, "from")->num;
	sh->to = region_param(pt, "to")->num;
	sh->none = region_param(pt, "none")->num;
	sh->swapped = region_param(pt, "swapped")->num;
	sh->shared = region_param(pt, "shared")->num;
	sh->max_none = region_param(pt, "max_ptes_none")->num;
	sh->max_swap = region_param(pt, "max_ptes_swap")->num;
	sh->max_shared = region_param(pt, "max_ptes_shared")->num;
	sh->khugepaged = !strcmp(region_param(pt, "how")->text, "khugepaged");
	sh->shmem = region_param(pt, "backing")->num == BACK_SHMEM;
	util_fmt_size(sh->from, f, sizeof(f));
	util_fmt_size(sh->to, t, sizeof(t));
	if (sh->to <= sh->from)
		return bad(why, len, "to=%s must be larger than from=%s", t, f);
	if (mem % sh->to)
		return bad(why, len, "mem is not a multiple of to=%s", t);
	sh->per = sh->to / PAGE_4K;
	sh->nranges = mem / sh->to;
	if (sh->none + sh->swapped + sh->shared >= sh->per)
		return bad(why, len, "none+swapped+shared=%zu leaves none of the %zu PTEs of a to=%s range present",
			   sh->none + sh->swapped + sh->shared, sh->per, t);
	sh->populated = sh->per - sh->none;
	fp = sh->from / PAGE_4K;
	if (sh->none % fp || sh->swapped % fp || sh->shared % fp)
		return bad(why, len, "none=, swapped= and shared= must be multiples of %zu: from=%s folios are populated, paged out and shared whole",
			   fp, f);
	if (sh->shmem && sh->shared)
		return bad(why, len, "shared= is for backing=anon: the shmem scan has no max_ptes_shared");
	if (sh->max_none >= pmd_pages || sh->max_swap >= pmd_pages ||
	    sh->max_shared >= pmd_pages)
		return bad(why, len, "max_ptes_* must be below %zu", pmd_pages);
	return 0;
}

/* Does MADV_COLLAPSE exist?  Probed once on a mapping of our own. */
static int probe_madv_collapse(void)
{
	static int known = 1;
	size_t pmd = thp_pmd_size();
	char *p, *a;

	if (known <= 0)
		return known;
	p = mmap(NULL, 2 * pmd, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	a = (char *)(((uintptr_t)p + pmd - 1) & ~(uintptr_t)(pmd - 1));
	*a = 1;
	known = madvise(a, pmd, MADV_COLLAPSE) && errno == EINVAL ?
		-EOPNOTSUPP : 0;
	munmap(p, 2 * pmd);
	return known;
}

int collapse_can(const struct collapse_shape *sh, char *why, size_t len)
{
	char path[256], val[128], t[16];

	if (!thp_pmd_size()) {
		snprintf(why, len, "no THP in this kernel (no hpage_pmd_size)");
		return -EOPNOTSUPP;
	}
	util_fmt_size(sh->to, t, sizeof(t));
	if (sh->to != thp_pmd_size()) {
		snprintf(path, sizeof(path),
			 "%s/hugepages-%zukB/stats/collapse_alloc", thp_root(),
			 sh->to / 1024);
		if (access(path, R_OK)) {
			snprintf(why, len, "to=%s: this kernel collapses to the PMD size only (no hugepages-%zukB/stats/collapse_alloc: mTHP collapse is Nico Pache's series)",
				 t, sh->to / 1024);
			return -EOPNOTSUPP;
		}
	}
	if (sh->shmem) {
		snprintf(path, sizeof(path), "%s/shmem_enabled", thp_root());
		if (util_read_file(path, val, sizeof(val)) < 0) {
			snprintf(why, len, "no shmem THP in this kernel (%s)",
				 path);
			return -EOPNOTSUPP;
		}
		if (strstr(val, "[deny]")) {
			snprintf(why, len, "shmem THP denied: shmem_enabled is deny");
			return -EOPNOTSUPP;
		}
	}
	if (sh->khugepaged) {
		snprintf(path, sizeof(path), "%s/khugepaged/pages_collapsed",
			 thp_root());
		if (access(path, R_OK)) {
			snprintf(why, len, "no khugepaged counters (%s)", path);
			return -EOPNOTSUPP;
		}
	} else if (probe_madv_collapse()) {
		snprintf(why, len, "MADV_COLLAPSE refused with EINVAL: a kernel before 6.1, or THP disabled for this process");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int knob_num(const char *knob, uint64_t v)
{
	char s[32];

	snprintf(s, sizeof(s), "%" PRIu64, v);
	return session_knob_set(knob, s);
}

int collapse_knobs(const struct collapse_shape *sh, uint64_t mem)
{
	int ret;

	ret = knob_num("khugepaged/max_ptes_none", sh->max_none);
	if (!ret)
		ret = knob_num("khugepaged/max_ptes_swap", sh->max_swap);
	if (!ret)
		ret = knob_num("khugepaged/max_ptes_shared", sh->max_shared);
	if (ret)
		return ret;
	/*
	 * MADV_COLLAPSE: khugepaged sleeps through the point (the write
	 * wakes it for one pass now, before the region exists), so that it
	 * takes no range that the syscall is timed for.
	 */
	if (!sh->khugepaged)
		return knob_num("khugepaged/scan_sleep_millisecs", 3600000);
	/* As the kernel's khugepaged selftest: a pass every 10 ms... */
	ret = knob_num("khugepaged/scan_sleep_millisecs", 10);
	if (!ret)
		ret = knob_num("khugepaged/alloc_sleep_millisecs", 10);
	/* ...and one pass covers the whole region. */
	if (!ret)
		ret = knob_num("khugepaged/pages_to_scan",
			       mem / PAGE_4K > 4096 ? mem / PAGE_4K : 4096);
	return ret;
}

bool collapse_expected(const struct collapse_shape *sh)
{
	size_t present = sh->populated - sh->swapped;
	int shift = __builtin_ctzl(thp_pmd_size() / sh->to);
	/* Anon collapse needs a writable PTE; shared ones are read-only. */
	bool writable = sh->shmem || present > sh->shared;

	if (!sh->khugepaged)
		return writable;
	if (sh->to != thp_pmd_size())
		return writable && sh->none <= (sh->max_none >> shift) &&
		       !sh->swapped && !sh->shared;
	if (sh->shmem)
		return sh->swapped <= sh->max_swap &&
		       sh->none + sh->swapped <= sh->max_none;
	return writable && sh->none <= sh->max_none &&
	       sh->swapped <= sh->max_swap && sh->shared <= sh->max_shared &&
	       !(sh->swapped && present < sh->per / 2);
}

static uint64_t khugepaged_ctr(const char *name)
{
	char path[256];
	uint64_t v = 0;

	snprintf(path, sizeof(path), "%s/khugepaged/%s", thp_root(), name);
	util_read_u64(path, &v);
	return v;
}

/* The khugepaged kthread's pid, or -1. */
static int khugepaged_pid(void)
{
	char path[300], comm[32];
	struct dirent *de;
	int pid = -1;
	DIR *d;

	d = opendir("/proc");
	if (!d)
		return -1;
	while (pid < 0 && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if (util_read_file(path, comm, sizeof(comm)) > 0 &&
		    !strcmp(comm, "khugepaged\n"))
			pid = atoi(de->d_name);
	}
	closedir(d);
	return pid;
}

/* Time on CPU from schedstat (ns); 0 when it cannot be read. */
static uint64_t cpu_ns(int pid)
{
	char path[64], buf[128];
	unsigned long long ns;

	if (pid < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
	if (util_read_file(path, buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%llu", &ns) != 1)
		return 0;
	return ns;
}

/*
 * Collapses so far: allocations of the target size.  Not
 * pages_collapsed, which also counts every rescan of a shmem range
 * that is already PMD-mapped.
 */
static uint64_t collapse_allocs(size_t to)
{
	static char buf[128 * 1024];
	char path[256], *p;
	uint64_t v = 0;

	if (to != thp_pmd_size()) {
		snprintf(path, sizeof(path),
			 "%s/hugepages-%zukB/stats/collapse_alloc", thp_root(),
			 to / 1024);
		util_read_u64(path, &v);
		return v;
	}
	if (util_read_file("/proc/vmstat", buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "\nthp_collapse_alloc ");
	return p ? strtoull(p + 20, NULL, 10) : 0;
}

int collapse_wait_begin(struct collapse_wait *w, size_t to)
{
	memset(w, 0, sizeof(*w));
	w->to = to;
	w->kpid = khugepaged_pid();
	w->cpu0 = cpu_ns(w->kpid);
	w->collapsed0 = collapse_allocs(to);
	w->done0 = khugepaged_ctr("pages_collapsed");
	w->scans0 = khugepaged_ctr("full_scans");
	w->t0 = util_now_ns();
	return 0;
}

int collapse_wait(struct collapse_wait *w, uint64_t expect)
{
	uint64_t now, scans;

	for (;;) {
		usleep(POLL_US);
		now = util_now_ns();
		scans = khugepaged_ctr("full_scans") - w->scans0;
		/* Allocated at the start of each collapse, counted at its end. */
		if (expect && collapse_allocs(w->to) - w->collapsed0 >= expect &&
		    khugepaged_ctr("pages_collapsed") - w->done0 >= expect) {
			w->done_ns = now - w->t0;
			w->scans = scans;
			break;
		}
		/* Nothing may collapse: two full scans saw our mm. */
		if (!expect && scans >= 2)
			break;
		/* It should have by now: verify says which ranges did not. */
		if (expect && scans >= 4)
			break;
		/* No scan at all: khugepaged has no mm to scan, ours included. */
		if (!scans && now - w->t0 > IDLE_NS) {
			w->timed_out = true;
			break;
		}
		if (now - w->t0 > WAIT_NS) {
			w->timed_out = true;
			w->scans = scans;
			break;
		}
	}
	w->cpu_ns = cpu_ns(w->kpid) - w->cpu0;
	return 0;
}

/*
 * shmem collapsed by khugepaged is unmapped until touched, and a range
 * the watcher faulted during the collapse may be mapped by one PTE:
 * read every page, so pagemap sees each range's folio whole.
 */
static void refault(char *base, const struct collapse_shape *sh)
{
	size_t i;

	for (i = 0; i < sh->nranges * sh->per; i++)
		(void)*(volatile char *)(base + i * PAGE_4K);
}

/*
 * khugepaged shmem on 6.1: the page table of a collapsed range goes only
 * if mmap_lock is had for write at once (retract_page_tables(),
 * mmap_write_trylock()); else the range waits for khugepaged's next visit
 * of the mm (khugepaged_add_pte_mapped_thp()), and a read meanwhile maps
 * the new folio by PTEs.  The watcher's faults hold mmap_lock, so with
 * downtime=1 ranges stayed PTE-mapped.  6.6 and later retract without
 * it.  Read the ranges back until they are PMD-mapped, for up to two
 * full scans.
 */
static void settle(char *base, const struct collapse_shape *sh)
{
	uint64_t want = sh->nranges * (sh->to / 1024), kb;
	uint64_t scans0 = khugepaged_ctr("full_scans"), t0 = util_now_ns();

	for (;;) {
		refault(base, sh);
		if (pagemap_smaps_kb(base, "ShmemPmdMapped", &kb) || kb >= want ||
		    khugepaged_ctr("full_scans") - scans0 >= 2 ||
		    util_now_ns() - t0 > IDLE_NS)
			return;
		usleep(10 * POLL_US);
	}
}

static void check_counters(struct ctx *c, const struct collapse_shape *sh,
			   uint64_t collapsed)
{
	int64_t alloc = 0, done = 0;
	const char *what = "thp_collapse_alloc";

	if (sh->to == thp_pmd_size()) {
		stats_vm(c->before, c->after, what, &alloc);
	} else {
		what = "collapse_alloc";
		stats_mthp(c->before, c->after, sh->to, what, &alloc);
	}
	sample_set_int(c, what, alloc);
	stats_khugepaged(c->before, c->after, "pages_collapsed", &done);
	sample_set_int(c, "pages_collapsed", done);
	if (alloc < (int64_t)collapsed)
		sample_fallback(c, "%s rose by %" PRId64 " for %" PRIu64 " collapses",
				what, alloc, collapsed);
	if (sh->khugepaged && done < (int64_t)collapsed)
		sample_fallback(c, "khugepaged/pages_collapsed rose by %" PRId64 " for %" PRIu64 " collapses",
				done, collapsed);
}

static void check_smaps(struct ctx *c, char *base,
			const struct collapse_shape *sh, uint64_t collapsed)
{
	const char *field = sh->shmem ? "ShmemPmdMapped" : "AnonHugePages";
	uint64_t kb;

	if (sh->to != thp_pmd_size() ||
	    pagemap_smaps_kb(base, field, &kb))
		return;
	sample_set_int(c, sh->shmem ? "smaps_shmem_pmd_kb" :
				      "smaps_anon_huge_kb", kb);
	/* A collapsed shmem folio may still be mapped by PTEs (a race). */
	if (kb != collapsed * (sh->to / 1024))
		sample_fallback(c, "smaps %s is %" PRIu64 " kB for %" PRIu64 " collapsed ranges%s",
				field, kb, collapsed, sh->shmem ?
				": some are mapped by PTEs" : "");
}

int collapse_check(struct ctx *c, char *base, const struct collapse_shape *sh,
		   struct collapse_result *res)
{
	bool expect = collapse_expected(sh);
	char t[16];
	int ret;

	if (sh->shmem && sh->khugepaged && expect &&
	    sh->to == thp_pmd_size())
		settle(base, sh);
	else if (sh->shmem)
		refault(base, sh);
	res->whole = calloc(sh->nranges, sizeof(*res->whole));
	if (!res->whole)
		return -ENOMEM;
	ret = pagemap_whole_folios(getpid(), base, sh->nranges * sh->to,
				   sh->to, res->whole, &res->collapsed);
	if (ret)
		return ret;
	util_fmt_size(sh->to, t, sizeof(t));
	sample_set_int(c, "ranges", sh->nranges);
	sample_set_int(c, "ranges_collapsed", res->collapsed);
	sample_set_int(c, "ranges_expected", expect ? sh->nranges : 0);
	if (expect && res->collapsed < sh->nranges)
		sample_fallback(c, "%" PRIu64 " of %zu ranges collapsed to %s",
				res->collapsed, sh->nranges, t);
	if (!expect && res->collapsed)
		sample_fallback(c, "%" PRIu64 " ranges collapsed to %s past khugepaged's limits",
				res->collapsed, t);
	check_counters(c, sh, res->collapsed);
	check_smaps(c, base, sh, res->collapsed);
	return 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void collapse_downtime(struct ctx *c, const struct stall *st,
		       const bool *whole)
{
	uint64_t *v = malloc(st->nranges * sizeof(*v));
	size_t i, n = 0;

	if (!v)
		return;
	for (i = 0; i < st->nranges; i++)
		if (whole[i])
			v[n++] = st->max_ns[i];
	if (n) {
		qsort(v, n, sizeof(*v), cmp_u64);
		sample_metric(c, "downtime_max_us", "us", LOWER, MEAN_ARITH,
			      v[n - 1] / 1000.0);
		sample_metric(c, "downtime_p50_us", "us", LOWER, MEAN_ARITH,
			      v[(n - 1) / 2] / 1000.0);
		sample_metric(c, "downtime_p99_us", "us", LOWER, MEAN_ARITH,
			      v[(n * 99 - 1) / 100] / 1000.0);
	}
	free(v);
}
