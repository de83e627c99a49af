/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_THP_H
#define MMBENCH_THP_H

#include <stdbool.h>
#include <stdint.h>

#define THP_MAX_SIZES 24

/* Root of the THP sysfs tree; MMBENCH_THP_ROOT overrides it for tests. */
const char *thp_root(void);
/* PMD size in bytes from hpage_pmd_size, 0 when THP is absent. */
uint64_t thp_pmd_size(void);
/*
 * Folio sizes (bytes, ascending) the kernel can map for anonymous
 * memory: 4K first, then every hugepages-<N>kB directory, or the PMD
 * size alone on kernels without per-size knobs.  Returns the count.
 */
int thp_sizes(uint64_t *out, int max);
/* Every hugepages-<N>kB directory (anon, shmem or file), ascending. */
int thp_all_sizes(uint64_t *out, int max);
/* True when hugepages-<N>kB directories exist (6.8+). */
bool thp_per_size(void);
/* "a, b, c" list of offered sizes, for error messages. */
void thp_sizes_str(char *buf, size_t size);

#endif
