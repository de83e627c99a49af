/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A comparison in the shape a reader takes in: per benchmark and metric
 * a section; in it one block per setting of the parameters that stay
 * fixed; in a block one row per value of the swept parameter (the folio
 * size, where it varies).  The summary, its exports, the report and the
 * graphs are all drawn from it.
 */
#ifndef MMBENCH_COLLECT_SHAPE_H
#define MMBENCH_COLLECT_SHAPE_H

#include <stdbool.h>
#include <stddef.h>

#include "collect/model/match.h"

/* Which metrics to show. */
struct csel {
	const char *metrics;	/* comma list; NULL: each point's headline */
	bool all;		/* every metric but twins (crow.same_as) */
};

/* How the swept parameter's values read: they set the order and axis. */
enum cxkind {
	CX_NONE,		/* nothing varies */
	CX_SIZE,		/* 4K 64K 2M: a log2 axis */
	CX_TASKS,		/* 1 2 4: a log2 axis */
	CX_NUM,			/* other numbers: in order, evenly spaced */
	CX_WORD,		/* names: in the order the run has them */
};

struct cbrow {
	size_t row;		/* index into ccmp.rows */
	char *val;		/* the swept parameter's value, "" when none */
	double x;		/* KiB for a size, the number; else position */
	const char *twin;	/* crow.same_as where that metric is shown too */
};

struct cblock {
	char *key;		/* every fixed param, "k=v k=v" */
	char *label;		/* those of them that differ between blocks */
	struct cbrow *r;
	size_t n;
};

struct csect {
	const char *bench;
	const struct cmetric *def;	/* NULL: A has no metric there */
	char *param;			/* swept parameter, NULL: none */
	enum cxkind kind;
	char *fixed;		/* params every point of the section has */
	struct cblock *b;
	size_t nb;
};

struct cshape {
	struct csect *s;
	size_t ns;
};

/*
 * The sections of c's rows that sel picks.  The swept parameter of a
 * benchmark is param where given (a benchmark where it does not vary is
 * left out), else size where it varies, else tasks, else the one with
 * the most values.  Returns 0, -ENOMEM, or -ENOENT when sel names
 * metrics no row has and no param is forced (sh is then empty).
 */
int coll_shape(const struct ccmp *c, const struct csel *sel,
	       const char *param, struct cshape *sh);
void coll_free_shape(struct cshape *sh);
/* Does the comma list list hold name? */
bool coll_in_list(const char *list, const char *name);

#endif
