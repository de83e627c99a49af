// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling curves: a metric against tasks=, one curve per run and per
 * setting of the other parameters.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/gnuplot.h"
#include "collect/views/scaling.h"
#include "collect/views/words.h"

struct rows_of {
	const struct ccmp *c;
	const size_t *rows;
	size_t nr;
};

/* Is w a parameter of every row's point? */
static bool in_every_row(const char *w, const void *arg)
{
	const struct rows_of *ro = arg;
	size_t k;

	for (k = 0; k < ro->nr; k++)
		if (!coll_has_word(ro->c->rows[ro->rows[k]].pt[0]->params, w))
			return false;
	return true;
}

/*
 * The curve a point belongs to: its params but tasks=N, and but those
 * that are the same for every point (they would only clutter the key).
 */
static void curve_of(const struct rows_of *ro, const struct cpoint *p,
		     char *out, size_t size)
{
	coll_varying_words(p->params, "tasks=", ",", in_every_row, ro, out,
			   size);
	if (!out[0])
		snprintf(out, size, "all");
}

/* The harness leaves tasks= out of a point's params when it is 1. */
static const char *tasks_of(const struct cpoint *p)
{
	return p->tasks ? p->tasks : "1";
}

int coll_plot_scaling(const struct ccmp *c, const char *dir,
		      const size_t *rows, size_t nr, FILE *err)
{
	const struct rows_of ro = { .c = c, .rows = rows, .nr = nr };
	const struct cmetric *m = c->rows[rows[0]].def;
	const char *bench = c->rows[rows[0]].pt[0]->bench;
	const char *words[] = { bench, m->name, "scaling", NULL };
	char cur[512], cur2[512], vars[32768], titles[8192], titles2[4096];
	size_t i, k, k2, ncurves = 0, toff = 0;
	const char *first = NULL;
	struct gp_files gf;
	char q[2][6144];
	bool swept = false;
	FILE *f;

	for (k = 0; k < nr; k++) {
		const char *t = tasks_of(c->rows[rows[k]].pt[0]);

		if (first && strcmp(t, first))
			swept = true;
		if (!first)
			first = t;
	}
	if (!swept)
		return 0;
	f = coll_gp_open(&gf, dir, words);
	if (!f)
		return -errno;
	titles[0] = '\0';
	for (i = 0; i < c->nruns; i++) {
		for (k = 0; k < nr; k++) {
			const struct crow *r = &c->rows[rows[k]];
			bool seen = false;

			curve_of(&ro, r->pt[0], cur, sizeof(cur));
			for (k2 = 0; k2 < k && !seen; k2++) {
				curve_of(&ro, c->rows[rows[k2]].pt[0], cur2,
					 sizeof(cur2));
				seen = !strcmp(cur, cur2);
			}
			if (seen)
				continue;
			/* One block per curve: every point with these params. */
			fprintf(f, "# %c %s\n", c->runs[i].tag, cur);
			for (k2 = k; k2 < nr; k2++) {
				const struct crow *o = &c->rows[rows[k2]];
				double lo, hi;

				curve_of(&ro, o->pt[0], cur2, sizeof(cur2));
				if (strcmp(cur, cur2) || o->st[i] != CS_OK)
					continue;
				coll_mean_ci(o->m[i]->v, o->m[i]->n,
					     o->m[i]->mean, &lo, &hi);
				fprintf(f, "%s %.6g %.6g %.6g\n",
					tasks_of(o->pt[0]), o->s[i].mean, lo,
					isfinite(hi) ? hi : o->s[i].mean);
			}
			fprintf(f, "\n\n");
			toff += snprintf(titles + toff, sizeof(titles) - toff,
					 "%s%c:%s", toff ? " " : "",
					 c->runs[i].tag, cur);
			if (toff >= sizeof(titles))
				toff = sizeof(titles) - 1;
			ncurves++;
		}
	}
	if (fclose(f))
		return -EIO;
	coll_run_names(c, 0, titles2, sizeof(titles2));
	snprintf(vars, sizeof(vars), "%s %s against tasks: %s", bench,
		 m->name, titles2);
	coll_gp_str(q[0], sizeof(q[0]), vars);
	snprintf(cur, sizeof(cur), "%s (%s, %s is better; bars: 95%% CI)",
		 m->name, m->unit, coll_better_word(m));
	coll_gp_str(q[1], sizeof(q[1]), cur);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s\"\ntitle = %s\nylabel = %s\n"
		 "ncurves = %zu\ntitles = \"%s\"\n",
		 gf.dat, gf.base, q[0], q[1], ncurves, titles);
	return coll_gnuplot("scaling", vars, err);
}
