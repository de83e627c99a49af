/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_HARNESS_H
#define MMBENCH_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mmbench.h"
#include "core/noise.h"

struct json_object;

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

/*
 * An array in the open run's meta.json, created on first use, for what
 * a benchmark measures once per run (anon-fault's clearing limits).
 * NULL outside a run.  The harness owns the reference.
 */
struct json_object *harness_meta_array(const char *key);

#endif
