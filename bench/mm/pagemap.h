/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_PAGEMAP_H
#define MMBENCH_PAGEMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

/* Pages in [addr, addr+len) of pid whose pagemap entry has all bits. */
#define PM_UFFD_WP	(1ULL << 57)
#define PM_SWAP		(1ULL << 62)
#define PM_PRESENT	(1ULL << 63)
int pagemap_count(pid_t pid, const void *addr, size_t len, uint64_t bits,
		  uint64_t *count);
/* Pages of the range mapped from large folios (pagemap + kpageflags, root). */
int pagemap_large_pages(pid_t pid, const void *addr, size_t len, uint64_t *count);

/*
 * Aligned chunks of folio bytes in [addr, addr+len) of pid that map
 * exactly one folio of that size (head first, contiguous tails, ending
 * there): pagemap + kpageflags, root.  whole[i] per chunk if not NULL.
 */
int pagemap_whole_folios(pid_t pid, const void *addr, size_t len,
			 size_t folio, bool *whole, uint64_t *count);
/* kpageflags bits a caller may ask for (pagemap.rst). */
#define KPF_BIT_THP		(1ULL << 22)
#define KPF_BIT_ZERO_PAGE	(1ULL << 24)
/* Present pages of the range whose kpageflags have every bit of mask. */
int pagemap_kpf_pages(pid_t pid, const void *addr, size_t len, uint64_t mask,
		      uint64_t *count);
/* A field of this process's smaps for the VMA starting at addr, in kB. */
int pagemap_smaps_kb(const void *addr, const char *field, uint64_t *kb);

#endif
