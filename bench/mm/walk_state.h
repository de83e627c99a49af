/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_WALK_STATE_H
#define MMBENCH_WALK_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "core/mmbench.h"

struct rgn;

/*
 * The states the walk benchmark puts a region into before timing one
 * walker over it, and the census that proves a state is there: what
 * every page's entry is, from pagemap (and kpageflags, smaps, a probe).
 */
enum walk_state {
	WS_PRESENT, WS_SWAPPED, WS_UFFD_WP, WS_GUARD, WS_ZERO, WS_MIXED,
	WS_PFNMAP, NWS
};
extern const char *const walk_states[];

/* Pages of a range by what their entry is. */
struct walk_census {
	uint64_t present, swap, marker, guard, zero, none;
};

/* Can this kernel make the state on this backing?  Touches nothing lasting. */
int walk_state_can(enum walk_state st, bool shmem, char *why, size_t len);
/* Make it on r's mapped, unpopulated region; *uffd set for uffd-wp. */
int walk_state_make(struct rgn *r, enum walk_state st, int *uffd);
/* Does pagemap mark guards (bit 58, PAGE_IS_GUARD: 6.15+)? */
bool walk_pagemap_shows_guards(void);
/*
 * Count what the range of pid holds (shmem: swap from smaps); probe:
 * tell guards by a faulting access where pagemap cannot (see above).
 */
int walk_census(pid_t pid, const char *base, size_t len, bool shmem,
		bool probe, struct walk_census *wc);
/*
 * What the state must look like, in pages of len: 0, or -EIO with why
 * naming the count that is off.
 */
int walk_state_check(enum walk_state st, bool shmem, size_t len,
		     const struct walk_census *wc, char *why, size_t wlen);
/* The census as sample keys, prefixed ("before_present": ...). */
void walk_census_record(struct ctx *c, const char *prefix,
			const struct walk_census *wc);

#endif
