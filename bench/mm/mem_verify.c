// SPDX-License-Identifier: GPL-2.0
/*
 * Proving the folio sizes: the stats deltas around a population (or a
 * timed region) against what was asked, with fallback flagged.
 */
#include <errno.h>
#include <inttypes.h>
#include <unistd.h>

#include "core/result.h"
#include "mm/mem_verify.h"
#include "mm/pagemap.h"
#include "mm/thp.h"
#include "observe/stats.h"
#include "core/util.h"

static int64_t delta_of(const struct snap *b, const struct snap *a,
			uint64_t size, const char *name)
{
	int64_t d = 0;

	if (size)
		stats_mthp(b, a, size, name, &d);
	else
		stats_vm(b, a, name, &d);
	return d;
}

static int64_t delta(struct ctx *c, uint64_t size, const char *name)
{
	return delta_of(c->before, c->after, size, name);
}

int64_t mem_delta(struct ctx *c, uint64_t size, const char *name)
{
	return delta(c, size, name);
}

/* Large folios of every size allocated by anonymous or shmem faults. */
static int64_t large_allocated(const struct snap *b, const struct snap *a,
			       bool shmem)
{
	uint64_t s[THP_MAX_SIZES];
	int64_t sum = 0;
	int i, n;

	if (!thp_per_size())
		return delta_of(b, a, 0, shmem ? "thp_file_alloc" :
						 "thp_fault_alloc");
	n = thp_all_sizes(s, THP_MAX_SIZES);
	for (i = 0; i < n; i++)
		sum += delta_of(b, a, s[i], shmem ? "shmem_alloc" :
						    "anon_fault_alloc");
	return sum;
}

static void verify_folios(struct ctx *c, const struct snap *b,
			  const struct snap *a, uint64_t mem, uint64_t size,
			  bool shmem, const struct mem_setup *ms)
{
	int64_t expect = mem / size, nr, fb, large;
	uint64_t ours;
	char want[16];

	util_fmt_size(size, want, sizeof(want));
	if (size == PAGE_4K) {
		large = large_allocated(b, a, shmem);
		sample_folios(c, PAGE_4K, expect);
		/* Other tasks fault too: look at the region itself if known. */
		if (large > 0 && ms && ms->base &&
		    !pagemap_large_pages(ms->pid, ms->base, mem, &ours) && !ours) {
			sample_set_int(c, "large_folios_elsewhere", large);
			return;
		}
		if (large > 0)
			sample_fallback(c, "%" PRId64 " large folios allocated with every large size off",
					large);
		return;
	}
	if (thp_per_size() && !stats_mthp(b, a, size, shmem ? "shmem_alloc" :
					   "anon_fault_alloc", &nr)) {
		fb = delta_of(b, a, size, shmem ? "shmem_fallback" :
						  "anon_fault_fallback") +
		     delta_of(b, a, size, shmem ? "shmem_fallback_charge" :
						  "anon_fault_fallback_charge");
		/*
		 * Allocations, not the nr_anon gauge: folios the previous rep
		 * freed leave nr_anon late (per-CPU LRU batches hold them), so
		 * the gauge showed 4078 of 4096 with no fallback at all.
		 */
	} else {
		nr = delta_of(b, a, 0, shmem ? "thp_file_alloc" :
					       "thp_fault_alloc");
		fb = delta_of(b, a, 0, shmem ? "thp_file_fallback" :
					       "thp_fault_fallback") +
		     delta_of(b, a, 0, shmem ? "thp_file_fallback_charge" :
					       "thp_fault_fallback_charge");
	}
	if (nr > expect)
		nr = expect;	/* someone else's faults at the same size */
	if (nr < 0)
		nr = 0;
	sample_folios(c, size, nr);
	if (nr < expect)
		sample_folios(c, PAGE_4K, (mem - nr * size) / PAGE_4K);
	if (nr < expect || fb > 0)
		sample_fallback(c, "%" PRId64 " of %" PRId64 " folios at %s, %" PRId64 " faults fell back",
				nr, expect, want, fb);
}

void mem_verify_folios(struct ctx *c, uint64_t mem, uint64_t size)
{
	verify_folios(c, c->before, c->after, mem, size, false, NULL);
}

void mem_verify_zero(struct ctx *c, uint64_t mem, uint64_t zero_size)
{
	int64_t expect = mem / zero_size, fb = 0, large;
	char z[16];

	util_fmt_size(zero_size, z, sizeof(z));
	sample_set_str(c, "zero_page", z);
	large = large_allocated(c->before, c->after, false);
	if (zero_size > PAGE_4K)
		fb = delta(c, 0, "thp_fault_fallback");
	/* One fault per zero page mapped; many more means 4K fallback. */
	if (c->minflt > expect + expect / 4 + 16 || fb > 0 || large > 0)
		sample_fallback(c, "%ld faults for %" PRId64 " %s zero pages, %" PRId64 " fell back, %" PRId64 " folios allocated",
				c->minflt, expect, z, fb, large);
}

int mem_setup_begin(struct mem_setup *ms)
{
	ms->pid = getpid();
	ms->base = NULL;
	ms->b = snap_new();
	ms->a = snap_new();
	if (!ms->b || !ms->a) {
		mem_setup_free(ms);
		return -ENOMEM;
	}
	return snap_take(ms->b);
}

int mem_setup_end(struct ctx *c, struct mem_setup *ms, uint64_t mem,
		  uint64_t size, bool shmem, bool pmd_as_pte)
{
	int64_t split;
	int ret;

	ret = snap_take(ms->a);
	if (ret || !c->sample)
		goto out;
	verify_folios(c, ms->b, ms->a, mem, size, shmem, ms);
	if (!pmd_as_pte)
		goto out;
	split = delta_of(ms->b, ms->a, 0, "thp_split_pmd");
	sample_set_int(c, "pmds_split_to_ptes", split);
	if (split < (int64_t)(mem / size))
		sample_fallback(c, "pmd-as-pte: %" PRId64 " of %" PRIu64 " PMD mappings split to PTEs",
				split, mem / size);
out:
	mem_setup_free(ms);
	return ret;
}

void mem_setup_free(struct mem_setup *ms)
{
	snap_free(ms->b);
	snap_free(ms->a);
	ms->b = ms->a = NULL;
}
