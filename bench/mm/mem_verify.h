/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_MEM_VERIFY_H
#define MMBENCH_MEM_VERIFY_H

#include <stdbool.h>
#include <stdint.h>

#include <sys/types.h>

#include "core/mmbench.h"

/*
 * From the snapshots around the timed region: how many folios of each
 * size the kernel allocated for mem bytes; flags the sample as a
 * fallback when they are not all of the requested size.
 */
void mem_verify_folios(struct ctx *c, uint64_t mem, uint64_t size);
/* after - before of a stat over the timed region (size 0: vmstat). */
int64_t mem_delta(struct ctx *c, uint64_t size, const char *name);

/*
 * Snapshots around untimed setup work: mem_setup_end records the folios
 * the setup allocated (anonymous or shmem) in the sample and flags it
 * fallback when they are not all of size, or, with pmd_as_pte, when not
 * every PMD mapping was split to PTEs.  Frees the snapshots.
 */
struct snap;
struct mem_setup {
	struct snap *b, *a;
	/* The region, when known: tells our large folios from others'. */
	pid_t pid;
	const void *base;
};
int mem_setup_begin(struct mem_setup *ms);
int mem_setup_end(struct ctx *c, struct mem_setup *ms, uint64_t mem,
		  uint64_t size, bool shmem, bool pmd_as_pte);
void mem_setup_free(struct mem_setup *ms);

/* Read faults that should map a zero page of this size and allocate none. */
void mem_verify_zero(struct ctx *c, uint64_t mem, uint64_t zero_size);

#endif
