/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_HARNESS_H
#define MMBENCH_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mmbench.h"
#include "core/noise.h"

struct run_opts {
	const char *label;	/* "base", "series-v3"; may be "" */
	const char *out;	/* results directory, or NULL for the default */
	const char *command;	/* the invocation, recorded in meta.json */
	const char *workload;	/* suite file, or NULL */
	struct noise noise;	/* aslr=, drop-caches=, compact= */
};

/*
 * Run the points: validate all of them first (nothing is changed for bad
 * input), then lock, repair what a killed run left, save the knobs, run,
 * restore.  Returns an exit code (EXIT_*, or 128+signal if interrupted).
 */
int harness_run(struct point *pts, size_t n, const struct run_opts *o);

/* `mmbench restore`: repair what a killed run left; returns an exit code. */
int harness_restore(void);

/*
 * Write bandwidth (GB/s) of memset over already-faulted 4K-mapped memory
 * of this size: the most a fault path can hope to clear.  Measured once
 * per size and run; 0 if it could not be measured.
 */
double harness_clear_limit(uint64_t mem);

/* Knob writes go through the harness so it can restore them. */
int harness_knob_set(const char *path, const char *val);

/* Take stats snapshots in harness_one_rep outside a run (overhead). */
int harness_snaps(bool on);

/* Set for SIGINT/SIGTERM/SIGHUP; benchmarks with long loops may poll it. */
extern volatile int harness_signal;

/*
 * One repetition through the same code path as harness_run: rep_setup,
 * snapshots (when a run is open), the two clock reads around run(),
 * verify (when c->sample is set), rep_teardown.
 */
int harness_one_rep(struct ctx *c, uint64_t *ns);

#endif
