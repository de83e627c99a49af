/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Runs matched into rows, one per point of the baseline and metric, with
 * every run's summary and its change against the baseline.
 */
#ifndef MMBENCH_COLLECT_MATCH_H
#define MMBENCH_COLLECT_MATCH_H

#include <stdio.h>

#include "collect/model/run.h"
#include "collect/model/stats.h"

enum cstate { CS_OK, CS_MISSING, CS_FALLBACK, CS_SKIPPED, CS_FAILED,
	      CS_NOMETRIC, CS_MISMATCH };

struct crow {
	const struct cpoint *pt[COLL_MAXRUNS];
	const struct cmetric *m[COLL_MAXRUNS];
	enum cstate st[COLL_MAXRUNS];
	struct csum s[COLL_MAXRUNS];
	struct cchange c[COLL_MAXRUNS];	/* against run 0; [0] unused */
	const struct cmetric *def;	/* baseline's metric: name, unit */
	/*
	 * The name of an earlier metric of the same point whose values are
	 * the same, sample for sample, in every run (ns_per_4k and
	 * ns_per_fault at 4K): identical by construction, not printed
	 * twice.  NULL when none.
	 */
	const char *same_as;
};

struct ccmp {
	struct crun *runs;
	size_t nruns;
	enum coll_ci ci;
	struct crow *rows;
	size_t nrows;
	char **diffs;		/* setup differences, printable lines */
	size_t ndiffs;
	char **notes;		/* points not in the baseline, etc. */
	size_t nnotes;
};

/*
 * Rows, setup differences and notes of c->runs into c.  Returns 0,
 * -ENODATA (the runs share no point; said on err) or -ENOMEM.
 */
int coll_match(struct ccmp *c, FILE *err);
/* What coll_match added; the runs stay. */
void coll_free_cmp(struct ccmp *c);
/*
 * Load the n directories dirs (coll_load_runs) and match them into c:
 * 0 or -errno.  Whatever happens, coll_close(c) frees it all.
 */
int coll_open(struct ccmp *c, char **dirs, int n, FILE *err);
void coll_close(struct ccmp *c);
/* "ok", "missing", ...: a state as csv and json name it. */
const char *coll_state_name(enum cstate st);

#endif
