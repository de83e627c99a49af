// SPDX-License-Identifier: GPL-2.0
/*
 * The graphs of a comparison: for every benchmark and metric, each run's
 * mean per point and, with two runs or more, the change against A; and a
 * scaling curve when the benchmark swept tasks=.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/gnuplot.h"
#include "collect/views/graphs.h"
#include "collect/views/scaling.h"
#include "collect/views/words.h"

struct bench_of {
	const struct ccmp *c;
	const char *bench;
};

/* Is w a parameter of every point of the baseline in this benchmark? */
static bool in_every_point(const char *w, const void *arg)
{
	const struct bench_of *b = arg;
	const struct crun *r = &b->c->runs[0];
	size_t j;

	for (j = 0; j < r->np; j++)
		if (!strcmp(r->p[j].bench, b->bench) &&
		    !coll_has_word(r->p[j].params, w))
			return false;
	return true;
}

/* A point's label on the x axis: its params that vary within the bench. */
static void point_label(const struct ccmp *c, const struct cpoint *p,
			char *out, size_t size)
{
	struct bench_of b = { .c = c, .bench = p->bench };

	coll_varying_words(p->params, NULL, " ", in_every_point, &b, out,
			   size);
	if (!out[0])
		snprintf(out, size, "%s", p->params);
}

static void gp_num(FILE *f, double x)
{
	if (isfinite(x))
		fprintf(f, " %.6g", x);
	else
		fprintf(f, " NaN");
}

/* One metric of one benchmark: rows [first, end) of c share both. */
static int plot_metric(const struct ccmp *c, const char *dir,
		       const size_t *rows, size_t nr, FILE *err)
{
	const struct cmetric *m = c->rows[rows[0]].def;
	const char *bench = c->rows[rows[0]].pt[0]->bench;
	const char *words[] = { bench, m->name, NULL };
	char lab[512], q[2][6144], names[4096], vars[32768], title[5120];
	struct gp_files gf;
	bool hasfb = false;
	size_t i, k;
	int ret;
	FILE *f;

	f = coll_gp_open(&gf, dir, words);
	if (!f)
		return -errno;
	fprintf(f, "# x label, then per run: mean ci_lo ci_hi fallback_mean; then per later run: change%% lo%% hi%%\n");
	for (k = 0; k < nr; k++) {
		const struct crow *r = &c->rows[rows[k]];

		point_label(c, r->pt[0], lab, sizeof(lab));
		coll_gp_str(q[0], sizeof(q[0]), lab);
		fprintf(f, "%zu %s", k, q[0]);
		for (i = 0; i < c->nruns; i++) {
			double lo = NAN, hi = NAN, mean = NAN;

			if (r->m[i] && r->s[i].n) {
				mean = r->s[i].mean;
				coll_mean_ci(r->m[i]->v, r->m[i]->n,
					     r->m[i]->mean, &lo, &hi);
			}
			if (r->st[i] == CS_FALLBACK) {
				hasfb = true;
				fprintf(f, " NaN NaN NaN");
				gp_num(f, mean);
				continue;
			}
			if (r->st[i] != CS_OK)
				mean = lo = hi = NAN;
			gp_num(f, mean);
			gp_num(f, lo);
			gp_num(f, hi);
			fprintf(f, " NaN");
		}
		for (i = 1; i < c->nruns; i++) {
			const struct cchange *ch = &r->c[i];

			gp_num(f, ch->valid ? ch->rel * 100 : NAN);
			gp_num(f, ch->have_ci ? ch->lo * 100 : NAN);
			gp_num(f, ch->have_ci ? ch->hi * 100 : NAN);
		}
		fputc('\n', f);
	}
	if (fclose(f))
		return -EIO;
	coll_run_names(c, 0, names, sizeof(names));
	snprintf(title, sizeof(title), "%s %s: %s", bench, m->name, names);
	coll_gp_str(q[0], sizeof(q[0]), title);
	snprintf(lab, sizeof(lab), "%s (%s, %s is better; bars: 95%% CI of the %s mean)",
		 m->name, m->unit, coll_better_word(m), coll_mean_word(m));
	coll_gp_str(q[1], sizeof(q[1]), lab);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s\"\ntitle = %s\nylabel = %s\n"
		 "nruns = %zu\nruns = \"%s\"\nhasfb = %d\n",
		 gf.dat, gf.base, q[0], q[1], c->nruns, names, hasfb);
	ret = coll_gnuplot("values", vars, err);
	if (ret || c->nruns < 2)
		return ret;
	snprintf(lab, sizeof(lab), "change of the mean against A (%%), 95%% CI by %s",
		 coll_ci_short(c->ci));
	coll_gp_str(q[1], sizeof(q[1]), lab);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s-change\"\ntitle = %s\n"
		 "ylabel = %s\nnruns = %zu\nruns = \"%s\"\nhigher = %d\n",
		 gf.dat, gf.base, q[0], q[1], c->nruns, names,
		 m->better == COLL_HIGHER);
	return coll_gnuplot("change", vars, err);
}

int coll_plot(const struct ccmp *c, const char *dir, FILE *err)
{
	size_t *rows = calloc(c->nrows + 1, sizeof(*rows)), *done, j, k, nr;
	int ret = 0, plots = 0;

	done = calloc(c->nrows + 1, sizeof(*done));
	if (!rows || !done) {
		ret = -ENOMEM;
		goto out;
	}
	ret = coll_plot_mkdir(dir, err);
	if (ret)
		goto out;
	for (j = 0; j < c->nrows && !ret; j++) {
		const struct crow *r = &c->rows[j];

		if (done[j] || !r->def)
			continue;
		/* Every row of this benchmark and metric, in point order. */
		for (k = j, nr = 0; k < c->nrows; k++) {
			const struct crow *o = &c->rows[k];

			if (o->def && !strcmp(o->pt[0]->bench, r->pt[0]->bench) &&
			    !strcmp(o->def->name, r->def->name)) {
				rows[nr++] = k;
				done[k] = 1;
			}
		}
		ret = plot_metric(c, dir, rows, nr, err);
		plots++;
		if (!ret)
			ret = coll_plot_scaling(c, dir, rows, nr, err);
	}
	if (!ret)
		fprintf(err, "mmbench: %d graphs (PNG and SVG) in %s\n", plots,
			dir);
out:
	free(rows);
	free(done);
	return ret;
}
