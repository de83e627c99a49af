/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_REGION_H
#define MMBENCH_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sys/types.h>

#include "core/mmbench.h"
#include "mm/kid.h"
#include "mm/mem.h"
#include "mm/memcg.h"

/*
 * The region driver: for benchmarks that populate memory and time one
 * operation on it.  The driver maps the region (anonymous, shmem, a
 * file in dir=, or a file on an fsdax mount), populates it with folios
 * of size=, checks those sizes before the timed region, unwinds a
 * failed rep_setup, and tears down.  A benchmark is its table of ops:
 * what each prepares (untimed), runs (timed) and verifies.
 */

enum backing { BACK_ANON, BACK_SHMEM, BACK_FILE, BACK_DAX, NBACKING };
#define BACK_BIT(b)	(1u << (b))

struct rgn;
typedef int (*region_fn)(struct ctx *c, struct rgn *r);

/* Op flags: what the driver does around an op besides the usual. */
enum {
	RO_CHILD_MAPS	= 1 << 0,	/* a child maps and populates; the
					 * parent maps nothing */
	RO_LRU		= 1 << 1,	/* folios drained onto the LRU, so
					 * reclaim sees them */
	RO_MEMCG	= 1 << 2,	/* populate and prepare inside the
					 * driver's child memory cgroup */
	RO_PRIVATE	= 1 << 4,	/* file backings: MAP_PRIVATE */
	RO_EMPTY	= 1 << 3,	/* mapped, not populated: prepare
					 * populates r->populated bytes,
					 * which the folio check counts */
};

/* One row of a benchmark's op table; name and help come first. */
struct region_op {
	const char *name, *help;
	region_fn prepare;	/* untimed, after population; may be NULL */
	region_fn run;		/* the timed region */
	region_fn verify;	/* after the run; the driver adds metrics */
	unsigned int flags;
};

/* What a benchmark hands the driver (struct bench's .data). */
struct region_bench {
	const struct region_op *ops;	/* ends with a NULL name */
	unsigned int backings;		/* BACK_BIT()s, the lowest the
					 * default; anon when 0 */
	const char *op_param;		/* the op's parameter; "op" if NULL */
	const char *size_param;		/* the folio size's; "size" if NULL */
	bool swap;			/* needs swap (zram set up if none) */
	size_t priv_size;		/* r->priv, zeroed, per point */
	/* Each may be NULL.  supported writes its reason into why. */
	int (*supported)(const struct point *pt, char *why, size_t len);
	region_fn setup;
	/* Before the driver unmaps, after every rep (also a failed one). */
	void (*rep_teardown)(struct ctx *c, struct rgn *r);
	void (*teardown)(struct ctx *c, struct rgn *r);
};

/* The driver's state for one point: c->priv. */
struct rgn {
	const struct region_op *op;
	enum backing backing;
	struct region rg;	/* the parent's mapping; base NULL: none */
	struct kid kid;		/* the child, for ops that fork */
	struct memcg cg;	/* RO_MEMCG ops */
	uint64_t size, mem;
	uint64_t populated;	/* RO_EMPTY: bytes prepare faulted in */
	bool pte;		/* pmd-as-pte=1 */
	bool skew;		/* file backings: map one page off a PMD */
	int fd;			/* file and dax backings */
	char dir[PVAL_LEN];
	pid_t owner;		/* whose mapping the folio check reads */
	long child_faults;	/* from region_child_touch */
	void *priv;		/* the benchmark's, priv_size bytes */
};

/* Parameters the driver reads, by name; a benchmark lists the ones it has. */
extern const char *const region_backings[];
#define REGION_P_OP(tbl, d) { .name = "op", .type = PT_ENUM, .def = d, \
	.rows = tbl, .row_size = sizeof(tbl[0]), .help = "operation timed" }
#define REGION_P_BACKING(d) { .name = "backing", .type = PT_ENUM, \
	.def = d, .choices = region_backings, \
	.help = "anon, shmem, file (in dir=), dax (a file on an fsdax mount in dir=)" }
#define REGION_P_DIR(d) { .name = "dir", .type = PT_PATH, .def = d, \
	.help = "directory for backing=file|dax (dax: $MMBENCH_PMEM_DIR if unset); its filesystem is recorded" }

/* The struct bench hooks of every region benchmark. */
int region_supported(const struct point *pt, char *why, size_t len);
int region_setup(struct ctx *c);
int region_rep_setup(struct ctx *c);
int region_run(struct ctx *c);
int region_verify(struct ctx *c);
void region_rep_teardown(struct ctx *c);
void region_teardown(struct ctx *c);

/* More struct bench fields may follow: .verify_events = ... */
#define REGION_BENCH(nm, sum, prm, rb, ...)				\
	{ .name = nm, .summary = sum, .params = prm,			\
	  .supported = region_supported, .setup = region_setup,		\
	  .rep_setup = region_rep_setup, .run = region_run,		\
	  .verify = region_verify, .rep_teardown = region_rep_teardown,	\
	  .teardown = region_teardown, .data = &(rb), __VA_ARGS__ }

/* A parameter's value by name (NULL if the benchmark has none such). */
const struct pval *region_param(const struct point *pt, const char *name);
/* A child sharing the region (fork): pipes, then the fork itself. */
int region_kid_prepare(struct rgn *r);
int region_kid_fork(struct rgn *r);
/* The child writes a byte per page of its copy; r->child_faults. */
int region_child_touch(struct rgn *r);
/* Unmap the parent's region (the timed munmap, or before the child's). */
int region_unmap(struct rgn *r);
/* Ops many benchmarks time: munmap and MADV_DONTNEED of the region. */
int region_op_munmap(struct ctx *c, struct rgn *r);
int region_op_dontneed(struct ctx *c, struct rgn *r);

#endif
