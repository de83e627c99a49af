/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_MEM_H
#define MMBENCH_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "core/mmbench.h"

/* Regions of memory: sizes offered, enabling one, mapping, faulting. */
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
/* The same for shmem (shmem_enabled knobs), policy always. */
int mem_enable_only_shmem(uint64_t size);
/* One size's knob (the top one on kernels without per-size knobs). */
int mem_enable_size(uint64_t size, bool shmem, const char *policy);
/* PMD-aligned private anonymous mapping, MADV_HUGEPAGE if asked. */
int mem_map(struct region *rg, size_t len, bool madv_huge);
/* PMD-aligned shared anonymous (shmem) mapping. */
int mem_map_shared(struct region *rg, size_t len);
/*
 * PMD-aligned mapping of fd from offset 0, shared or private; skew
 * puts it one page past the boundary, so no PMD can map it.
 */
int mem_map_file(struct region *rg, size_t len, int fd, bool shared,
		 bool skew);
void mem_unmap(struct region *rg);

/* supported() checks shared by the unmap benchmarks: size, mem, pmd-as-pte. */
int mem_check_point(uint64_t size, uint64_t mem, bool pmd_as_pte, char *msg,
		    size_t len);

/* Parameters the unmap benchmarks share. */
extern const char *const mem_onoff[];
#define MEM_P_SIZE { .name = "size", .type = PT_SIZE, .def = "all", \
	.thp_sizes = true, \
	.help = "folio size: 4K (all large off), an mTHP size, pmd, or all offered" }
#define MEM_P_MEM(d) { .name = "mem", .type = PT_BYTES, .def = d, \
	.min = 4096, .help = "region size; at most MemAvailable" }
#define MEM_P_PTE { .name = "pmd-as-pte", .type = PT_ENUM, .def = "0", \
	.choices = mem_onoff, \
	.help = "1: PMD-sized THPs mapped by PTEs (moved off PMD alignment)" }
/* Store one byte in every 4K page. */
void mem_touch(const struct region *rg);
/* The same, leaving the new folios on the LRU (for MADV_PAGEOUT). */
void mem_touch_drained(const struct region *rg);
/*
 * Move the region to an address one page past a PMD boundary, so every
 * PMD-mapped THP in it ends up mapped by PTEs (the folios stay whole).
 */
int mem_remap_unaligned(struct region *rg);

/* time (us), ns_per_4k and throughput (GB/s) for bytes handled. */
void mem_metrics(struct ctx *c, uint64_t bytes);

#endif
