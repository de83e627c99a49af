/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_SWAP_H
#define MMBENCH_SWAP_H

#include <stddef.h>
#include <stdint.h>

/*
 * Swap for the reclaim benchmarks.  With no active swap, mmbench sets
 * up zram0 (disksize, mkswap, swapon) and takes it down again; a record
 * in the state dir, written first, lets the next mmbench (or `mmbench
 * restore`) take it down after a SIGKILL.
 */

/* Can a benchmark get swap here?  0, or -EOPNOTSUPP and why. */
int swap_check(char *msg, size_t len);
/* Swap present, or zram0 set up as swap of at least bytes.  0 or -errno. */
int swap_ensure(uint64_t bytes, char *msg, size_t len);
/* Take down the zram swap this process set up (no-op otherwise). */
int swap_undo(void);
/* Same, from a signal handler: syscalls only. */
void swap_undo_signal_safe(void);
/* A killed run's zram swap: take it down.  1 if it did, 0, or -errno. */
int swap_recover(void);

#endif
