// SPDX-License-Identifier: GPL-2.0
/*
 * zap: unmap populated anonymous memory backed by folios of one size,
 * by munmap, MADV_DONTNEED, or a child's exit (timed until waitpid
 * returns).  The batched zap of large folios is what the series change.
 */
#include <errno.h>
#include <sys/mman.h>

#include "core/result.h"
#include "mm/mem_verify.h"
#include "mm/region.h"

static int zap_exit(struct ctx *c, struct rgn *r)
{
	(void)c;
	return kid_exit(&r->kid);
}

/* Folios freed whole: the size's nr_anon falls by the folio count. */
static int zap_verify(struct ctx *c, struct rgn *r)
{
	if (r->size > PAGE_4K)
		sample_set_int(c, "folios_freed", -mem_delta(c, r->size, "nr_anon"));
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	sample_set_int(c, "split", mem_delta(c, r->size, "split"));
	return 0;
}

static const struct region_op ops[] = {
	{ "munmap", "munmap(2)", NULL, region_op_munmap, zap_verify, 0 },
	{ "dontneed", "MADV_DONTNEED", NULL, region_op_dontneed, zap_verify, 0 },
	{ "exit", "a child that populated the region exits, until waitpid",
	  NULL, zap_exit, zap_verify, RO_CHILD_MAPS },
	{ 0 }
};

static const struct param params[] = {
	MEM_P_SIZE, REGION_P_OP(ops, "munmap"), MEM_P_MEM("1G"), MEM_P_PTE, { 0 }
};

static const struct region_bench rb = { .ops = ops };

const struct bench bench_zap = REGION_BENCH("zap",
	"unmap populated anonymous memory: munmap, MADV_DONTNEED, exit",
	params, rb);
