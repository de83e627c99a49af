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
		collapse_settle(base, sh);
	else if (sh->shmem)
		collapse_refault(base, sh);
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
