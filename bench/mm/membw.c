// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's clearing limit: how fast user space can write memory
 * that is already faulted in.  A fault path that clears folios cannot
 * beat it, so fault throughput is also reported as a fraction of it.
 */
#include <string.h>
#include <sys/mman.h>

#include "mm/membw.h"
#include "core/util.h"

double clear_limit_measure(uint64_t mem)
{
	uint64_t best = ~0ULL, t0, t1;
	char *p;
	int i;

	p = mmap(NULL, mem, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return -1;
	/* 4K pages whatever the knobs say, so the figure is comparable. */
	madvise(p, mem, MADV_NOHUGEPAGE);
	memset(p, 1, mem);
	for (i = 0; i < 5; i++) {
		t0 = util_now_ns();
		memset(p, i, mem);
		t1 = util_now_ns();
		/* Keep the compiler from dropping the stores. */
		__asm__ __volatile__("" : : "r"(p) : "memory");
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	munmap(p, mem);
	return best ? (double)mem / best : -1;
}
