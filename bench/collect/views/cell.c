// SPDX-License-Identifier: GPL-2.0
/* A summary's cells and its sensitivity, for every format alike. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/cell.h"
#include "collect/views/disturbed.h"
#include "collect/views/sensitivity.h"
#include "collect/views/words.h"
#include "collect/views/wrap.h"

static const char *state_word(enum cstate st)
{
	switch (st) {
	case CS_MISSING:
		return "missing";
	case CS_FALLBACK:
		return "fallback";
	case CS_SKIPPED:
		return "skipped";
	case CS_FAILED:
		return "failed";
	case CS_NOMETRIC:
		return "no value";
	case CS_MISMATCH:
		return "mismatch";
	default:
		return "";
	}
}

/* A percentage that is never negative, in at most 5 characters. */
static void hw(double x, char *buf, size_t size)
{
	if (!isfinite(x) || x >= 999.5)
		snprintf(buf, size, ">999%%");
	else if (x >= 9.95)
		snprintf(buf, size, "%.0f%%", x);
	else
		snprintf(buf, size, "%.1f%%", x);
}

bool coll_mean_hw(const struct crow *r, size_t i, double *pct)
{
	const struct cmetric *m = r->m[i];
	double lo, hi;

	if (!m || m->n < 2 || !r->s[i].ok || !r->s[i].mean ||
	    coll_mean_ci(m->v, m->n, m->mean, &lo, &hi))
		return false;
	*pct = (hi - lo) / 2 / fabs(r->s[i].mean) * 100;
	return true;
}

void coll_cell(const struct crow *r, size_t i, struct ccell *x)
{
	const struct cchange *ch = &r->c[i];
	double pct;

	memset(x, 0, sizeof(*x));
	x->mark = "";
	x->state = state_word(r->st[i]);
	if (r->st[i] != CS_OK || !r->s[i].n)
		return;
	x->ok = true;
	coll_fmt_val(r->s[i].mean, x->mean, sizeof(x->mean));
	coll_dmark(r->pt[i], x->dist, sizeof(x->dist));
	if (coll_mean_hw(r, i, &pct))
		hw(pct, x->ci, sizeof(x->ci));
	if (i && ch->valid) {
		coll_pct(ch->rel, x->chg, sizeof(x->chg) - 1);
		strcat(x->chg, "%");
		if (ch->have_ci)
			x->mark = coll_sig_mark(ch->sig);
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* A half-width in percent: 2.1 0.6 0.04 123 */
static const char *num(double x, char *buf, size_t size)
{
	if (x >= 99.95)
		snprintf(buf, size, "%.0f", x);
	else if (x >= 0.095)
		snprintf(buf, size, "%.1f", x);
	else
		snprintf(buf, size, "%.2g", x);
	return buf;
}

char *coll_sens_range(const struct ccmp *c, const struct cshape *sh,
		      size_t i)
{
	size_t k, b, j, n = 0, cap = 0, bad = 0;
	double *v = NULL, *nv, pct;
	char why[256], x[3][32];
	char *s;

	for (k = 0; k < sh->ns; k++) {
		for (b = 0; sh->s[k].def && b < sh->s[k].nb; b++) {
			for (j = 0; j < sh->s[k].b[b].n; j++) {
				const struct crow *r = &c->rows[sh->s[k].b[b].r[j].row];

				if (sh->s[k].b[b].r[j].twin)
					continue;
				if (!coll_detectable(r, i, &pct, why, sizeof(why))) {
					bad++;
					continue;
				}
				if (n == cap) {
					cap = cap ? 2 * cap : 64;
					nv = realloc(v, cap * sizeof(*v));
					if (!nv) {
						free(v);
						return NULL;
					}
					v = nv;
				}
				v[n++] = pct;
			}
		}
	}
	if (!n) {
		free(v);
		return coll_asprintf("%c against %c: no point could be judged (%zu without two samples a side, or not compared)",
				     c->runs[i].tag, c->runs[0].tag, bad);
	}
	qsort(v, n, sizeof(*v), by_value);
	if (n == 1)
		s = coll_asprintf("%c against %c: %s%% at its one point%s",
				  c->runs[i].tag, c->runs[0].tag,
				  num(v[0], x[0], sizeof(x[0])),
				  bad ? "; others could not be judged" : "");
	else
		s = coll_asprintf("%c against %c: %s%% to %s%%, median %s%%, %zu points%s%.0zu%s",
				  c->runs[i].tag, c->runs[0].tag,
				  num(v[0], x[0], sizeof(x[0])),
				  num(v[n - 1], x[1], sizeof(x[1])),
				  num(n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2,
				      x[2], sizeof(x[2])),
				  n, bad ? "; " : "", bad,
				  bad ? " not judged" : "");
	free(v);
	return s;
}

const char *coll_metric_words(const struct cmetric *m, char *buf,
			      size_t size)
{
	snprintf(buf, size, "%s, %s is better", m->unit, coll_better_word(m));
	return buf;
}
