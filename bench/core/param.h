/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_PARAM_H
#define MMBENCH_PARAM_H

#include "core/mmbench.h"

#define ERRLEN 512

/*
 * One invocation, as typed on the command line or a .wl line, before
 * its sweeps are expanded: "anon-fault size=4K,64K mode=write".
 */
struct spec {
	const struct bench *bench;
	char vals[MAX_PARAMS][256];	/* comma list; "" = default */
	char common[6][256];		/* reps warmup tasks task-mode place
					 * counted */
	char events[512];		/* one list, not a sweep */
	bool profile;
	char cpus[128], membind[32];	/* lists, not sweeps */
	int node;
	char origin[128];
};

int param_parse_size(const char *s, uint64_t *out);
/* reps, warmup, events, tasks...: the harness's, for every benchmark. */
bool param_is_harness(const char *name);
/* The i-th choice of a PT_ENUM (NULL past the last), and its help if rows. */
const char *param_choice(const struct param *p, int i);
const char *param_choice_help(const struct param *p, int i);
int param_parse_value(const struct param *p, const char *s,
		      struct pval *out, char *err, size_t errlen);

/*
 * argv[0] is the benchmark name, the rest k=v.  Returns 0 or -EINVAL
 * with one line in err naming the problem and the accepted values.
 */
int spec_parse(int argc, char *const argv[], const char *origin,
	       struct spec *spec, char *err, size_t errlen);
/* Apply k=v overrides (suite command line) where the benchmark has k. */
int spec_override(struct spec *spec, const char *kv, char *err, size_t errlen);
/* Expand the sweeps; *pts is malloc'd, appended to (n in/out). */
int spec_expand(const struct spec *spec, struct point **pts, size_t *n,
		char *err, size_t errlen);
/* "size=64K mode=write ..." for summaries and progress. */
void point_describe(const struct point *pt, char *buf, size_t size);
/*
 * The i-th placement parameter (0 <= i < NPLACE) of a point when it is
 * not the default, else NULL: so samples of a plain run look as before.
 */
#define NPLACE 6
const char *point_place_param(const struct point *pt, int i,
			      const char **name);

#endif
