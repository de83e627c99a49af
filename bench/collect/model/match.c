// SPDX-License-Identifier: GPL-2.0
/*
 * Match the runs' points by benchmark and parameters, compute every
 * metric's statistics and its change against the first run, and list
 * every setup difference that could explain a change.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/load.h"
#include "collect/model/match.h"
#include "collect/model/setup.h"
#include "collect/model/text.h"

const char *coll_state_name(enum cstate st)
{
	static const char *const names[] = {
		[CS_OK] = "ok", [CS_MISSING] = "missing",
		[CS_FALLBACK] = "fallback", [CS_SKIPPED] = "skipped",
		[CS_FAILED] = "failed", [CS_NOMETRIC] = "no-metric",
		[CS_MISMATCH] = "unit-mismatch",
	};
	return names[st];
}

static enum cstate state_of(const struct cpoint *p, const struct cmetric *m,
			    const struct cmetric *def)
{
	if (!p)
		return CS_MISSING;
	if (p->failed && !p->samples)
		return CS_FAILED;
	if (p->skipped && !p->samples)
		return CS_SKIPPED;
	if (!m || !m->n)
		return CS_NOMETRIC;
	if (m->mixed || (def && (strcmp(m->unit, def->unit) ||
				 m->better != def->better ||
				 m->mean != def->mean)))
		return CS_MISMATCH;
	/* A fallen-back point measured another size: never compared. */
	if (p->fallbacks)
		return CS_FALLBACK;
	return CS_OK;
}

static int add_row(struct ccmp *c, const struct cpoint *p0,
		   const struct cmetric *m0)
{
	struct crow *rows = realloc(c->rows, (c->nrows + 1) * sizeof(*rows));
	struct crow *r;
	size_t i;
	int ret;

	if (!rows)
		return -ENOMEM;
	c->rows = rows;
	r = memset(&rows[c->nrows++], 0, sizeof(*r));
	r->def = m0;
	for (i = 0; i < c->nruns; i++) {
		const struct cpoint *p = i ? coll_find_point(&c->runs[i], p0->key)
					   : p0;
		const struct cmetric *m = p && m0 ?
			coll_find_metric(p, m0->name) : NULL;

		r->pt[i] = p;
		r->m[i] = m;
		r->st[i] = state_of(p, m, m0);
		if (m && m->n) {
			ret = coll_summary(m->v, m->n, m->mean, &r->s[i]);
			if (ret)
				return ret;
		}
		if (i && r->st[0] == CS_OK && r->st[i] == CS_OK) {
			ret = coll_change(m0->v, m0->n, m->v, m->n, m0->mean,
					  m0->better, c->ci, &r->c[i]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

/* Rows a and b hold the same values, sample for sample, in every run. */
static bool same_values(const struct ccmp *c, const struct crow *a,
			const struct crow *b)
{
	size_t i, k, seen = 0;

	if (!a->def || !b->def || strcmp(a->def->unit, b->def->unit))
		return false;
	for (i = 0; i < c->nruns; i++) {
		const struct cmetric *x = a->m[i], *y = b->m[i];

		if (!x != !y || (x && x->n != y->n))
			return false;
		for (k = 0; x && k < x->n; k++)
			if (x->v[k] != y->v[k])
				return false;
		seen += x && x->n;
	}
	return seen;
}

/* Each row's earlier twin at its point, if it has one. */
static void find_twins(struct ccmp *c)
{
	size_t j, k;

	for (j = 1; j < c->nrows; j++) {
		struct crow *r = &c->rows[j];

		for (k = j; k-- > 0 && c->rows[k].pt[0] == r->pt[0];) {
			const struct crow *o = &c->rows[k];

			if (!o->same_as && same_values(c, o, r)) {
				r->same_as = o->def->name;
				break;
			}
		}
	}
}

int coll_open(struct ccmp *c, char **dirs, int n, FILE *err)
{
	int ret = coll_load_runs(dirs, n, &c->runs, err);

	if (ret)
		return ret;
	c->nruns = n;
	return coll_match(c, err);
}

int coll_match(struct ccmp *c, FILE *err)
{
	size_t i, j, k, shared = 0;
	int ret;

	for (j = 0; j < c->runs[0].np; j++) {
		const struct cpoint *p0 = &c->runs[0].p[j];

		for (i = 1; i < c->nruns; i++)
			if (coll_find_point(&c->runs[i], p0->key))
				break;
		shared += i < c->nruns;
		if (!p0->nm) {
			ret = add_row(c, p0, NULL);
			if (ret)
				return ret;
		}
		for (k = 0; k < p0->nm; k++) {
			ret = add_row(c, p0, &p0->m[k]);
			if (ret)
				return ret;
		}
	}
	for (i = 1; i < c->nruns; i++) {
		for (j = 0; j < c->runs[i].np; j++) {
			const struct cpoint *p = &c->runs[i].p[j];

			if (coll_find_point(&c->runs[0], p->key))
				continue;
			ret = coll_add_line(&c->notes, &c->nnotes,
					    coll_asprintf("only in %c: %s %s",
							  c->runs[i].tag,
							  p->bench, p->params));
			if (ret)
				return ret;
		}
	}
	find_twins(c);
	if (c->nruns > 1 && !shared) {
		fprintf(err, "mmbench: the runs share no benchmark point:");
		for (i = 0; i < c->nruns; i++)
			fprintf(err, " %s has %s (%zu points)%s", c->runs[i].dir,
				c->runs[i].p[0].bench, c->runs[i].np,
				i + 1 < c->nruns ? ";" : "\n");
		return -ENODATA;
	}
	return coll_setup_diffs(c->runs, c->nruns, &c->diffs, &c->ndiffs);
}

void coll_free_cmp(struct ccmp *c)
{
	coll_free_lines(c->diffs, c->ndiffs);
	coll_free_lines(c->notes, c->nnotes);
	free(c->rows);
	c->rows = NULL;
	c->diffs = c->notes = NULL;
	c->nrows = c->ndiffs = c->nnotes = 0;
}

void coll_close(struct ccmp *c)
{
	coll_free_cmp(c);
	coll_free_runs(c->runs, c->nruns);
	c->runs = NULL;
	c->nruns = 0;
}
