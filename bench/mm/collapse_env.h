/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_COLLAPSE_ENV_H
#define MMBENCH_COLLAPSE_ENV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mmbench.h"

struct stall;

/*
 * What the collapse benchmark asks of the kernel, and how it proves
 * the answer: the shape of a point, the knobs, waiting for khugepaged,
 * and the per-range verification (pagemap, kpageflags, smaps, stats).
 */

/* A point's ranges: every range alike, counts in pages of 4K. */
struct collapse_shape {
	size_t from, to;		/* bytes */
	size_t per, nranges;		/* pages per range, ranges */
	size_t none, swapped, shared, populated;
	unsigned int max_none, max_swap, max_shared;
	bool khugepaged, shmem;
};

/* From the point's parameters; -EINVAL with why for bad combinations. */
int collapse_shape(const struct point *pt, struct collapse_shape *sh,
		   char *why, size_t len);
/* Can this kernel do it?  -EOPNOTSUPP (a skip) with why.  Touches nothing. */
int collapse_can(const struct collapse_shape *sh, char *why, size_t len);
/* khugepaged's limits and, for khugepaged, a fast scan; all restored. */
int collapse_knobs(const struct collapse_shape *sh, uint64_t mem);
/*
 * Must a range collapse?  MADV_COLLAPSE ignores the limits; khugepaged
 * keeps them (anon: none, swap, shared, and half the PTEs young when
 * any is swapped; shmem: none counts swapped pages too).  Either needs
 * a writable PTE.  mTHP targets: max_ptes_none scaled by the order,
 * any swap or shared PTE blocks.
 */
bool collapse_expected(const struct collapse_shape *sh);

/* Waiting for khugepaged, timed from collapse_wait_begin. */
struct collapse_wait {
	uint64_t t0, done_ns, scans, cpu_ns;
	uint64_t collapsed0, done0, scans0, cpu0;
	size_t to;
	int kpid;
	bool timed_out;		/* 60 s passed first */
};
int collapse_wait_begin(struct collapse_wait *w, size_t to);
/*
 * Until collapse allocations of to= and khugepaged/pages_collapsed
 * both rose by expect; then, or when nothing may
 * collapse, until two more full scans passed, so a range that must
 * not collapse had its chance; at most 60 s.
 */
int collapse_wait(struct collapse_wait *w, uint64_t expect);

/* khugepaged/<name> now: pages_collapsed, full_scans. */
uint64_t collapse_khugepaged(const char *name);
/* Read every page of the ranges back, so shmem ones are mapped again. */
void collapse_refault(char *base, const struct collapse_shape *sh);
/*
 * The same until every range is PMD-mapped, for up to two full scans:
 * 6.1 may map a collapsed shmem range only at a later visit.
 */
void collapse_settle(char *base, const struct collapse_shape *sh);

struct collapse_result {
	uint64_t collapsed;
	bool *whole;		/* per range, malloc'd; the caller frees */
};
/*
 * After the run: which ranges are one folio of to= now, against what
 * collapse_expected says, with smaps and the collapse counters; flags
 * the sample fallback with the reason when they disagree.
 */
int collapse_check(struct ctx *c, char *base, const struct collapse_shape *sh,
		   struct collapse_result *res);
/* downtime_{max,p50,p99}_us over the ranges that collapsed. */
void collapse_downtime(struct ctx *c, const struct stall *st,
		       const bool *whole);

#endif
