/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_MEMCG_H
#define MMBENCH_MEMCG_H

#include <stddef.h>
#include <stdint.h>

/*
 * A child memory cgroup of the one mmbench runs in, for reclaiming
 * memory that two processes map: MADV_PAGEOUT leaves such folios alone,
 * memcg reclaim (cgroup v2 memory.reclaim, v1 memory.force_empty) goes
 * through try_to_unmap of every mapping.
 */
struct memcg {
	char dir[512];		/* the child: <home>/mmbench */
	char home[512];		/* where mmbench was */
	int v2;
};

/* Is there a memory controller to use?  0, or -EOPNOTSUPP with why. */
int memcg_find(struct memcg *m, char *msg, size_t len);
/* mkdir the child (a leftover of a killed run is reused). */
int memcg_create(struct memcg *m);
/* Move this process into the child, or back home. */
int memcg_enter(struct memcg *m);
int memcg_leave(struct memcg *m);
/* Reclaim everything the child holds (bytes: what was charged). */
int memcg_reclaim(struct memcg *m, uint64_t bytes);
void memcg_destroy(struct memcg *m);

#endif
