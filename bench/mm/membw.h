/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_MEMBW_H
#define MMBENCH_MEMBW_H

#include <stdint.h>

/* GB/s of memset over populated 4K-mapped memory (best of 5), or <= 0. */
double clear_limit_measure(uint64_t mem);

#endif
