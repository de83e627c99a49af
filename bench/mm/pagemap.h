/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_PAGEMAP_H
#define MMBENCH_PAGEMAP_H

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

#endif
