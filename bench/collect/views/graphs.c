// SPDX-License-Identifier: GPL-2.0
/*
 * The graphs of a comparison, small multiples: per benchmark and metric,
 * a panel per setting of the fixed parameters, the swept one on x (a
 * size on a log2 axis), a line per run; and the change against A as bars
 * per swept value, whiskers for the CI.  The layout and the styles are
 * the templates' (scripts/values.gp, change.gp, panels.gp); this file
 * writes their data and says what each panel is.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/frame.h"
#include "collect/views/gnuplot.h"
#include "collect/views/graphs.h"
#include "collect/views/words.h"

static void gp_num(FILE *f, double x)
{
	if (isfinite(x))
		fprintf(f, " %.6g", x);
	else
		fprintf(f, " NaN");
}

/* The frame of a graph of runs [from, nruns): their colours, their key. */
static void run_frame(FILE *f, const struct ccmp *c, const struct gp_files *gf,
		      size_t npanels, const char *title, size_t from)
{
	struct cframe fr = { .npanels = npanels, .title = title };
	char names[COLL_MAXRUNS][256];
	const char *keys[COLL_MAXRUNS];
	size_t colors[COLL_MAXRUNS], i;

	for (i = from; i < c->nruns; i++) {
		snprintf(names[i - from], sizeof(names[0]), "%c: %s%s",
			 c->runs[i].tag, *c->runs[i].label ? c->runs[i].label :
			 "(no label)", from ? " vs A" : "");
		keys[i - from] = names[i - from];
		colors[i - from] = i + 1;
	}
	fr.keys = keys;
	fr.colors = colors;
	fr.nkeys = c->nruns - from;
	fr.extra_key = from ? NULL : "fallback (not compared)";
	coll_gp_frame(f, c, gf, &fr);
}

/* Does run i have something to draw in row r: a value or a fallback? */
static bool drawable(const struct crow *r, size_t i)
{
	return (r->st[i] == CS_OK || r->st[i] == CS_FALLBACK) && r->s[i].n &&
	       r->s[i].ok;
}

static bool block_drawable(const struct ccmp *c, const struct cblock *b,
			   bool change)
{
	size_t j, i;

	for (j = 0; j < b->n; j++)
		for (i = 0; i < c->nruns; i++)
			if (change ? i && c->rows[b->r[j].row].c[i].valid :
			    drawable(&c->rows[b->r[j].row], i))
				return true;
	return false;
}

/* The section's swept values in order of x, each once. */
static size_t values_of(const struct csect *s, const struct cbrow **v)
{
	size_t b, j, k, n = 0;

	for (b = 0; b < s->nb; b++) {
		for (j = 0; j < s->b[b].n; j++) {
			const struct cbrow *r = &s->b[b].r[j];

			for (k = 0; k < n && strcmp(v[k]->val, r->val); k++)
				;
			if (k < n)
				continue;
			for (k = n++; k > 0 && v[k - 1]->x > r->x; k--)
				v[k] = v[k - 1];
			v[k] = r;
		}
	}
	return n;
}

/* The place of value val among the n values v: an x for bars. */
static size_t slot(const struct cbrow **v, size_t n, const char *val)
{
	size_t k;

	for (k = 0; k < n && strcmp(v[k]->val, val); k++)
		;
	return k;
}

/* Each run's mean in every drawable block, and the templates' variables. */
static int values_graph(const struct ccmp *c, const struct csect *s,
			const char *dir, const char *name, bool *use,
			const struct cbrow **v, size_t nv, FILE *err)
{
	const char *words[] = { name, NULL };
	char *vars = NULL, t1[1024], q[512];
	size_t b, j, i, np = 0, vlen;
	struct gp_files gf;
	bool fb = false;
	FILE *f, *vf;
	int ret;

	f = coll_gp_open(&gf, dir, words);
	if (!f)
		return -errno;
	vf = open_memstream(&vars, &vlen);
	if (!vf) {
		fclose(f);
		return -ENOMEM;
	}
	fprintf(f, "# per panel, per run (one index each): x mean ci_lo ci_hi fallback_mean\n");
	fprintf(vf, "array logy[%zu]\narray ymin0[%zu]\n", s->nb, s->nb);
	for (b = 0; b < s->nb; b++) {
		double lo_all = INFINITY, hi_all = -INFINITY;

		if (!use[b])
			continue;
		np++;
		for (j = 0; j < s->b[b].n; j++)
			for (i = 0; i < c->nruns; i++) {
				const struct crow *r = &c->rows[s->b[b].r[j].row];

				if (!drawable(r, i))
					continue;
				lo_all = fmin(lo_all, r->s[i].mean);
				hi_all = fmax(hi_all, r->s[i].mean);
			}
		fprintf(vf, "logy[%zu] = %d\nymin0[%zu] = %d\n", np,
			lo_all > 0 && hi_all > 10 * lo_all, np, lo_all >= 0);
		for (i = 0; i < c->nruns; i++) {
			fprintf(f, "# panel %zu run %c\n", np, c->runs[i].tag);
			for (j = 0; j < s->b[b].n; j++) {
				const struct crow *r = &c->rows[s->b[b].r[j].row];
				double lo = NAN, hi = NAN, x;

				x = s->kind == CX_WORD || s->kind == CX_NONE ?
				    (double)slot(v, nv, s->b[b].r[j].val) :
				    s->b[b].r[j].x;
				fprintf(f, "%.6g", x);
				if (!drawable(r, i)) {
					fprintf(f, " NaN NaN NaN NaN\n");
					continue;
				}
				coll_mean_ci(r->m[i]->v, r->m[i]->n,
					     r->m[i]->mean, &lo, &hi);
				/* a log axis cannot show a CI reaching 0 */
				if (!(lo > 0) && lo_all > 0 && hi_all > 10 * lo_all)
					lo = r->s[i].mean / 2;
				if (!isfinite(hi))
					hi = r->s[i].mean;
				if (r->st[i] == CS_FALLBACK) {
					fb = true;
					fprintf(f, " NaN NaN NaN");
					gp_num(f, r->s[i].mean);
				} else {
					gp_num(f, r->s[i].mean);
					gp_num(f, lo);
					gp_num(f, hi);
					fprintf(f, " NaN");
				}
				fputc('\n', f);
			}
			fprintf(f, "\n\n");
		}
	}
	if (fclose(f)) {
		fclose(vf);
		free(vars);
		return -EIO;
	}
	snprintf(t1, sizeof(t1), "%s %s%s%s (%s is better; bars: 95%% CI of the %s mean)%s%s",
		 s->bench, s->def->name, s->param ? " by " : "",
		 coll_param_words(s), coll_better_word(s->def),
		 coll_mean_word(s->def), *s->fixed ? "; " : "", s->fixed);
	run_frame(vf, c, &gf, np, t1, 0);
	coll_gp_ptitles(vf, s, use);
	coll_gp_xaxis(vf, s, v, nv, false);
	coll_gp_str(q, sizeof(q), coll_param_words(s));
	fprintf(vf, "xlabel = %s\n", q);
	snprintf(t1, sizeof(t1), "%s (%s)", s->def->name, s->def->unit);
	coll_gp_str(q, sizeof(q), t1);
	fprintf(vf, "ylabel = %s\nnruns = %zu\nhasfb = %d\n", q, c->nruns, fb);
	if (fclose(vf)) {
		free(vars);
		return -ENOMEM;
	}
	ret = coll_gnuplot("values", vars, err);
	free(vars);
	return ret;
}

/* The change of every later run against A, bars per swept value. */
/*
 * One end of a change's whisker, in %.  An end the CI leaves unbounded
 * (a harmonic mean whose interval reaches zero) is drawn at the change,
 * and the bar says so: gnuplot drops a whole box whose whisker has a NaN
 * end, and the bar is the point of the graph.
 */
static double ci_end(const struct cchange *ch, double end)
{
	if (!ch || !ch->valid)
		return NAN;
	return ch->have_ci && isfinite(end) ? end * 100 : ch->rel * 100;
}

static int change_graph(const struct ccmp *c, const struct csect *s,
			const char *dir, const char *name, bool *use,
			const struct cbrow **v, size_t nv, FILE *err)
{
	const char *words[] = { name, NULL };
	char *vars = NULL, t1[1024], q[512];
	size_t b, j, i, k, np = 0, vlen;
	struct gp_files gf;
	FILE *f, *vf;
	int ret;

	f = coll_gp_open(&gf, dir, words);
	if (!f)
		return -errno;
	fprintf(f, "# per panel (one index each), per swept value: slot, then per later run: change%% lo%% hi%% mark\n");
	for (b = 0; b < s->nb; b++) {
		if (!use[b])
			continue;
		np++;
		fprintf(f, "# panel %zu\n", np);
		for (k = 0; k < nv; k++) {
			fprintf(f, "%zu", k);
			for (j = 0; j < s->b[b].n && strcmp(s->b[b].r[j].val, v[k]->val); j++)
				;
			for (i = 1; i < c->nruns; i++) {
				const struct cchange *ch = j < s->b[b].n ?
					&c->rows[s->b[b].r[j].row].c[i] : NULL;

				gp_num(f, ch && ch->valid ? ch->rel * 100 : NAN);
				gp_num(f, ci_end(ch, ch ? ch->lo : NAN));
				gp_num(f, ci_end(ch, ch ? ch->hi : NAN));
				fprintf(f, " \"%s\"", !ch || !ch->have_ci ? "" :
					!isfinite(ch->lo) || !isfinite(ch->hi) ?
					"CI unbounded" : coll_sig_mark(ch->sig));
			}
			fputc('\n', f);
		}
		fprintf(f, "\n\n");
	}
	if (fclose(f))
		return -EIO;
	vf = open_memstream(&vars, &vlen);
	if (!vf)
		return -ENOMEM;
	snprintf(t1, sizeof(t1), "%s %s: change of the mean against A%s%s (%s is better; whiskers: 95%% CI, %s)%s%s",
		 s->bench, s->def->name, s->param ? " by " : "",
		 coll_param_words(s), s->def->better == COLL_HIGHER ? "up" : "down",
		 coll_ci_short(c->ci), *s->fixed ? "; " : "", s->fixed);
	run_frame(vf, c, &gf, np, t1, 1);
	coll_gp_ptitles(vf, s, use);
	coll_gp_xaxis(vf, s, v, nv, true);
	coll_gp_str(q, sizeof(q), coll_param_words(s));
	fprintf(vf, "xlabel = %s\nylabel = \"change of %s against A (%%)\"\n",
		q, s->def->name);
	if (fclose(vf)) {
		free(vars);
		return -ENOMEM;
	}
	ret = coll_gnuplot("change", vars, err);
	free(vars);
	return ret;
}

static int add_graph(struct cgraphs *g, const char *name, const char *what)
{
	int ret;

	if (!g)
		return 0;
	ret = coll_add_line(&g->name, &g->n, strdup(name));
	return ret ? ret : coll_add_line(&g->what, &g->nwhat, strdup(what));
}

/* Was a graph of this name drawn already (a tasks sweep, twice)? */
static bool drawn(char **names, size_t n, const char *name)
{
	while (n--)
		if (!strcmp(names[n], name))
			return true;
	return false;
}

/* The graphs of one section: values and, with later runs, changes. */
static int plot_section(const struct ccmp *c, const struct csect *s,
			const char *dir, struct cgraphs *g, char ***done,
			size_t *ndone, size_t *nmade, FILE *err)
{
	const struct cbrow **v;
	char name[512], what[1024], safe[512];
	size_t b, j, nv, n = 0, twins = 0, rows = 0;
	bool *use;
	int ret = 0;

	for (b = 0; b < s->nb; b++)
		for (j = 0; j < s->b[b].n; j++, rows++)
			twins += !!s->b[b].r[j].twin;
	if (!s->def || twins == rows)
		return 0;
	snprintf(name, sizeof(name), "%s-%s%s%s", s->bench, s->def->name,
		 s->param ? "-by-" : "", s->param ? s->param : "");
	coll_file_name(safe, sizeof(safe), name);
	if (drawn(*done, *ndone, safe))
		return 0;
	v = calloc(rows, sizeof(*v));
	use = calloc(s->nb, sizeof(*use));
	if (!v || !use) {
		ret = -ENOMEM;
		goto out;
	}
	nv = values_of(s, v);
	for (b = 0; b < s->nb; b++)
		n += use[b] = block_drawable(c, &s->b[b], false);
	if (!n)
		goto out;
	ret = coll_add_line(done, ndone, strdup(safe));
	if (!ret)
		ret = values_graph(c, s, dir, safe, use, v, nv, err);
	*nmade += !ret;
	snprintf(what, sizeof(what), "%s %s%s%s, each run's mean with its 95%% CI",
		 s->bench, s->def->name, s->param ? " by " : "",
		 coll_param_words(s));
	if (!ret)
		ret = add_graph(g, safe, what);
	for (b = 0, n = 0; b < s->nb && c->nruns > 1; b++)
		n += use[b] = block_drawable(c, &s->b[b], true);
	if (ret || !n)
		goto out;
	snprintf(name, sizeof(name), "%s-%s-change%s%s", s->bench,
		 s->def->name, s->param ? "-by-" : "", s->param ? s->param : "");
	coll_file_name(safe, sizeof(safe), name);
	ret = change_graph(c, s, dir, safe, use, v, nv, err);
	*nmade += !ret;
	snprintf(what, sizeof(what), "%s %s: the change against A%s%s with its 95%% CI",
		 s->bench, s->def->name, s->param ? " by " : "",
		 coll_param_words(s));
	if (!ret)
		ret = add_graph(g, safe, what);
out:
	free(v);
	free(use);
	return ret;
}

int coll_plot(const struct ccmp *c, const char *dir, const struct csel *sel,
	      struct cgraphs *g, FILE *err)
{
	static const char *const params[] = { NULL, "tasks" };
	struct cshape sh;
	char **done = NULL;
	size_t k, p, ndone = 0, nmade = 0;
	int ret;

	ret = coll_plot_mkdir(dir, err);
	for (p = 0; p < 2 && !ret; p++) {
		ret = coll_shape(c, sel, params[p], &sh);
		if (ret == -ENOENT) {
			fprintf(err, "mmbench: --metric %s: no point has it\n",
				sel->metrics);
			ret = -EINVAL;
		}
		for (k = 0; k < sh.ns && !ret; k++)
			ret = plot_section(c, &sh.s[k], dir, g, &done, &ndone,
					   &nmade, err);
		coll_free_shape(&sh);
	}
	if (!ret)
		fprintf(err, "mmbench: %zu graphs (PNG and SVG) in %s\n",
			nmade, dir);
	coll_free_lines(done, ndone);
	return ret;
}

void coll_free_graphs(struct cgraphs *g)
{
	coll_free_lines(g->name, g->n);
	coll_free_lines(g->what, g->nwhat);
	g->name = g->what = NULL;
	g->n = g->nwhat = 0;
}
