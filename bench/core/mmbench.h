/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The types a benchmark sees: parameters, sweep points, the per-run
 * context and the benchmark table entry.  The harness owns timing,
 * repetitions, knobs, stats snapshots and output; a benchmark is the
 * syscall sequence and its verification.
 */
#ifndef MMBENCH_H
#define MMBENCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Exit codes, as kselftest uses them. */
enum {
	EXIT_OK = 0,
	EXIT_FAIL = 1,
	EXIT_USAGE = 2,
	EXIT_SKIP = 4,
};

#define PAGE_4K		4096UL
#define MAX_PARAMS	16
#define PVAL_LEN	256	/* a parameter's text, paths included */
#define WHYLEN		256	/* a skip reason, supported()'s buffer */

enum param_type {
	PT_SIZE,	/* power-of-two byte size: 4K 64K 2M */
	PT_BYTES,	/* byte count, a multiple of 4K: 1G 1536M */
	PT_UINT,
	PT_ENUM,
	PT_PATH,	/* an existing directory, made absolute */
};

struct param {
	const char *name;
	enum param_type type;
	const char *def;		/* default, as the user would type it */
	uint64_t min, max;		/* inclusive bounds; max 0 = none */
	/*
	 * PT_ENUM: the choices, NULL-terminated; or rows (a benchmark's
	 * op table) whose first member is the name, row_size apart,
	 * ending with a NULL name.
	 */
	const char *const *choices;
	const void *rows;
	size_t row_size;
	const char *help;
	bool thp_sizes;			/* PT_SIZE: "all" = every size offered */
	bool all_zero;			/* PT_UINT: "all" is accepted, as 0 */
};

struct pval {
	char text[PVAL_LEN];	/* canonical text: "64K", "write", a path */
	uint64_t num;		/* bytes, number, or the choice index */
};

struct bench;

/* One point of a sweep: a value for every parameter of the benchmark. */
struct point {
	const struct bench *bench;
	struct pval v[MAX_PARAMS];	/* in bench->params order */
	unsigned int reps, warmup;
	unsigned int counted;		/* counted reps, before the timed */
	char events[512];		/* events= as typed; "" = default */
	bool profile;			/* profile=1: perf record one more rep */
	/* Placement and scaling, the harness's for every benchmark. */
	unsigned int tasks;		/* 0 = one per placed CPU ("all") */
	int task_mode, place;		/* TASK_*, PLACE_* (place.h) */
	int node;			/* node= restricts the CPUs; -1 none */
	char cpus[128];			/* cpus= list; "" = by place= */
	char membind[32];		/* local, node:N, interleave */
	char origin[128];		/* "file.wl:3" or "command line" */
};

struct snap;
struct sample;
struct ctr_set;
struct profile;
struct crew;
struct plan;

/* What the harness hands a benchmark for one point. */
struct ctx {
	const struct point *pt;
	void *priv;			/* the benchmark's own state */
	struct sample *sample;		/* current rep's sample (verify) */
	const struct snap *before, *after;
	long minflt;			/* getrusage delta over the timed region */
	uint64_t ns;			/* timed region, CLOCK_MONOTONIC_RAW */
	uint64_t bytes;			/* memory one rep works on (setup sets
					 * it) for per-4K derived metrics */
	unsigned int task, ntasks;	/* this task, and how many run */
	/* The benchmark's memory (rep_setup may set it): placement check. */
	const void *mem_base;
	size_t mem_len;
	struct ctr_set *ctrs;		/* harness's: on around run() only */
	/*
	 * harness's: events that fire per fault, on around run() only in
	 * the counted reps (counting); point_count reads its last counts.
	 */
	struct ctr_set *counted;
	bool counting;
	struct profile *prof;		/* harness's: profile=1's extra rep */
	struct crew *crew;		/* harness's: the other tasks */
	const struct plan *plan;	/* harness's: where tasks run */
};

struct bench {
	const char *name, *summary;
	const struct param *params;	/* terminated by a NULL name */
	/* Counted besides the harness's own (see counters.c); may be NULL. */
	const char *const *default_events;
	/*
	 * Counted whatever events= says, because verify checks them with
	 * point_count() (tracepoints such as fs_dax:dax_pmd_load_hole).
	 */
	const char *const *verify_events;
	/*
	 * Return 0 if the point can run here, else -EOPNOTSUPP (a skip) or
	 * -EINVAL (bad input) with the reason in why[len].  Must not
	 * change the machine: it runs for every point before anything is
	 * touched.
	 */
	int (*supported)(const struct point *, char *why, size_t len);
	int (*setup)(struct ctx *);	/* untimed: knobs, state */
	/*
	 * Untimed, before each rep.  rep_teardown follows every call, also
	 * one that failed (or never ran, when another task failed first), so
	 * it must undo only what is there and be safe to call twice.
	 */
	int (*rep_setup)(struct ctx *);
	int (*run)(struct ctx *);	/* the timed region only */
	/* After the post-run snapshot: check what the kernel did, metrics. */
	int (*verify)(struct ctx *);
	void (*rep_teardown)(struct ctx *);
	void (*teardown)(struct ctx *);
	const void *data;	/* a driver's description (mm/region.h) */
};

extern const struct bench *const benches[];
const struct bench *bench_find(const char *name);
int bench_param_index(const struct bench *b, const char *name);

#endif
