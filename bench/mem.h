/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_MEM_H
#define MMBENCH_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mmbench.h"

/* Anonymous memory helpers shared by the anonymous-memory benchmarks. */
struct region {
	char *base;
	size_t len;
};

/* Is this folio size offered here?  0, or -EOPNOTSUPP with a reason. */
int mem_check_size(uint64_t size, char *msg, size_t len);
/* mem a multiple of size and within MemAvailable?  0 or -EINVAL. */
int mem_check_region(uint64_t mem, uint64_t size, char *msg, size_t len);
bool mem_have_populate(void);
/* Enable exactly one anonymous folio size (4K = all large sizes off). */
int mem_enable_only(uint64_t size, const char *policy);
/* PMD-aligned private anonymous mapping, MADV_HUGEPAGE if asked. */
int mem_map(struct region *rg, size_t len, bool madv_huge);
void mem_unmap(struct region *rg);

/*
 * From the snapshots around the timed region: how many folios of each
 * size the kernel allocated for mem bytes; flags the sample as a
 * fallback when they are not all of the requested size.
 */
void mem_verify_folios(struct ctx *c, uint64_t mem, uint64_t size);
/* Read faults that should map a zero page of this size and allocate none. */
void mem_verify_zero(struct ctx *c, uint64_t mem, uint64_t zero_size);

#endif
