// SPDX-License-Identifier: GPL-2.0
/*
 * history --pairs: each week's rebase measured as a base run and a series
 * run.  Per rebase, the change of the series against its base (what the
 * series buys there); per rebase after the first, the step of that change
 * from the previous rebase's, with a 95% CI from the two changes' CIs
 * (normal approximation), marked where it excludes 0.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/rebase.h"
#include "collect/views/cell.h"
#include "collect/views/frame.h"
#include "collect/views/gnuplot.h"
#include "collect/views/pairs.h"
#include "collect/views/words.h"
#include "collect/views/wrap.h"

/* A rebase's runs, and the comparison of its series run against its base */
struct rebase {
	struct crebase r;
	struct ccmp cmp;	/* base (A) against series (B) */
};

/* One value of the shape across rebases. */
struct track {
	struct cchange ch[COLL_MAXRUNS];
	struct cchange step[COLL_MAXRUNS];	/* from the rebase before */
};

/* The step from change a to change b, with its CI. */
static void step(const struct cchange *a, const struct cchange *b,
		 enum coll_better better, struct cchange *d)
{
	double sa, sb, h;

	memset(d, 0, sizeof(*d));
	if (!a->valid || !b->valid)
		return;
	d->valid = true;
	d->rel = b->rel - a->rel;
	if (!a->have_ci || !b->have_ci)
		return;
	sa = (a->hi - a->lo) / 2;
	sb = (b->hi - b->lo) / 2;
	h = sqrt(sa * sa + sb * sb);
	d->lo = d->rel - h;
	d->hi = d->rel + h;
	d->have_ci = true;
	if (d->lo > 0 || d->hi < 0 || (!h && d->rel))
		d->sig = (d->rel > 0) == (better == COLL_HIGHER) ? 1 : -1;
}

/* Row r's point and metric across the rebases, and the steps. */
static void follow(const struct crow *r, struct rebase *rb, size_t nrb,
		   struct track *t)
{
	size_t k, j;

	memset(t, 0, sizeof(*t));
	for (k = 0; k < nrb; k++) {
		for (j = 0; j < rb[k].cmp.nrows; j++) {
			const struct crow *o = &rb[k].cmp.rows[j];

			if (o->def && !strcmp(o->pt[0]->key, r->pt[0]->key) &&
			    !strcmp(o->def->name, r->def->name))
				break;
		}
		if (j < rb[k].cmp.nrows)
			t->ch[k] = rb[k].cmp.rows[j].c[1];
		if (k)
			step(&t->ch[k - 1], &t->ch[k], r->def->better,
			     &t->step[k]);
	}
}

static void print_track(const struct track *t, size_t nrb, FILE *out)
{
	char line[256], a[16], b[16], d[16];
	size_t k;
	int off;

	for (k = 0; k < nrb; k++) {
		const struct cchange *c = &t->ch[k], *s = &t->step[k];

		off = snprintf(line, sizeof(line), "   %2zu", k + 1);
		if (!c->valid) {
			fprintf(out, "%s   not compared\n", line);
			continue;
		}
		off += snprintf(line + off, sizeof(line) - off, " %6s%%",
				coll_pct(c->rel, d, sizeof(d)));
		if (c->have_ci)
			off += snprintf(line + off, sizeof(line) - off,
					" [%6s,%6s] %-2s", coll_pct(c->lo, a, sizeof(a)),
					coll_pct(c->hi, b, sizeof(b)),
					coll_sig_mark(c->sig));
		if (k && s->sig)
			off += snprintf(line + off, sizeof(line) - off,
					"  step %s%% [%s,%s] %s",
					coll_pct(s->rel, d, sizeof(d)),
					coll_pct(s->lo, a, sizeof(a)),
					coll_pct(s->hi, b, sizeof(b)),
					coll_sig_mark(s->sig));
		while (off > 0 && line[off - 1] == ' ')
			line[--off] = '\0';
		fprintf(out, "%s\n", line);
	}
}

/* The trend of one section: a panel per block, a line per swept value. */
static int pairs_graph(const struct csect *s, struct rebase *rb, size_t nrb,
		       const char *dir, FILE *err)
{
	const char *words[] = { "pairs", s->bench, s->def->name, NULL };
	char *vars = NULL, q[1024], t[1024];
	struct cframe fr = {
		.subtitle = "whiskers: 95% CI; circled: the change moved significantly from the rebase before",
		.extra_key = "step: moved from the rebase before",
	};
	size_t b, j, k, r, nv = 0, vlen, colors[COLL_MAXRUNS];
	const char *vals[COLL_MAXRUNS], *keys[COLL_MAXRUNS];
	char names[COLL_MAXRUNS][128];
	struct gp_files gf;
	struct track tr;
	FILE *f, *vf;
	int ret;

	for (b = 0; b < s->nb; b++)
		for (j = 0; j < s->b[b].n; j++) {
			for (k = 0; k < nv && strcmp(vals[k], s->b[b].r[j].val); k++)
				;
			if (k == nv && nv < COLL_MAXRUNS)
				vals[nv++] = s->b[b].r[j].val;
		}
	f = coll_gp_open(&gf, dir, words);
	if (!f)
		return -errno;
	fprintf(f, "# per panel, per swept value (one index each): rebase change%% lo%% hi%% step_marker\n");
	for (b = 0; b < s->nb; b++) {
		for (k = 0; k < nv; k++) {
			fprintf(f, "# panel %zu %s\n", b + 1, vals[k]);
			for (j = 0; j < s->b[b].n && strcmp(s->b[b].r[j].val, vals[k]); j++)
				;
			if (j < s->b[b].n)
				follow(&rb[0].cmp.rows[s->b[b].r[j].row], rb, nrb,
				       &tr);
			for (r = 0; r < nrb; r++) {
				const struct cchange *c = &tr.ch[r];

				if (j == s->b[b].n || !c->valid) {
					fprintf(f, "%zu NaN NaN NaN NaN\n", r + 1);
					continue;
				}
				fprintf(f, "%zu %.6g %.6g %.6g ", r + 1, c->rel * 100,
					(c->have_ci ? c->lo : c->rel) * 100,
					(c->have_ci ? c->hi : c->rel) * 100);
				if (r && tr.step[r].sig)
					fprintf(f, "%.6g\n", c->rel * 100);
				else
					fprintf(f, "NaN\n");
			}
			fprintf(f, "\n\n");
		}
	}
	if (fclose(f))
		return -EIO;
	vf = open_memstream(&vars, &vlen);
	if (!vf)
		return -ENOMEM;
	snprintf(t, sizeof(t), "%s %s: what the series buys at each rebase (change of the series run against its base run; %s is better)%s%s",
		 s->bench, s->def->name,
		 s->def->better == COLL_HIGHER ? "up" : "down",
		 *s->fixed ? "; " : "", s->fixed);
	for (k = 0; k < nv; k++) {
		snprintf(names[k], sizeof(names[k]), "%s%s%s",
			 s->param ? s->param : "", s->param ? "=" : "", vals[k]);
		keys[k] = names[k];
		colors[k] = k + 1;
	}
	fr.title = t;
	fr.npanels = s->nb;
	fr.keys = keys;
	fr.colors = colors;
	fr.nkeys = nv;
	coll_gp_frame(vf, NULL, &gf, &fr);
	coll_gp_ptitles(vf, s, NULL);
	fprintf(vf, "xtics = \"set xtics (");
	for (k = 0; k < nrb; k++) {
		snprintf(t, sizeof(t), "%zu: %.12s", k + 1, rb[k].r.key);
		coll_gp_str(q, sizeof(q), t);
		fprintf(vf, "%s\\%.*s\\\" %zu", k ? ", " : "",
			(int)strlen(q) - 1, q, k + 1);
	}
	fprintf(vf, ")\"\nxrot = %d\nxlog = 0\nxmin = 0.5\nxmax = %zu.5\n", nrb > 3, nrb);
	fprintf(vf, "xlabel = \"rebase (kernel base)\"\nylabel = \"change of %s, series vs base (%%)\"\n",
		s->def->name);
	if (fclose(vf)) {
		free(vars);
		return -ENOMEM;
	}
	ret = coll_gnuplot("pairs", vars, err);
	free(vars);
	return ret;
}

static void print_head(struct rebase *rb, size_t nrb, enum coll_ci ci,
		       FILE *out)
{
	char buf[1024];
	size_t k;

	snprintf(buf, sizeof(buf),
		 "mmbench history --pairs: at each rebase (kernel base), what the series buys: the change of the series run's mean against its base run's, 95%% CI by %s; a step where that change moved from the rebase before (95%% CI of the difference, from the two CIs): ++ the series gains more, -- it gains less",
		 coll_ci_short(ci));
	coll_wrap(out, 0, 0, buf);
	for (k = 0; k < nrb; k++) {
		snprintf(buf, sizeof(buf), "%zu: %s: %s %s, %s %s", k + 1,
			 rb[k].r.key,
			 *rb[k].r.base->label ? rb[k].r.base->label : "(no label)",
			 rb[k].r.base->release,
			 *rb[k].r.series->label ? rb[k].r.series->label : "(no label)",
			 rb[k].r.series->release);
		coll_wrap(out, 2, 5, buf);
	}
}

static void print_section(const struct csect *s, struct rebase *rb,
			  size_t nrb, FILE *out)
{
	char buf[1024], m[256];
	struct track tr;
	size_t b, j;

	snprintf(buf, sizeof(buf), "%s %s %s%s%s", s->bench, s->def->name,
		 coll_metric_words(s->def, m, sizeof(m)),
		 *s->fixed ? "; " : "", s->fixed);
	fputc('\n', out);
	coll_wrap(out, 0, 2, buf);
	for (b = 0; b < s->nb; b++) {
		if (s->nb > 1)
			coll_wrap(out, 1, 3, s->b[b].label);
		for (j = 0; j < s->b[b].n; j++) {
			if (s->param)
				fprintf(out, "  %s=%s\n", s->param,
					s->b[b].r[j].val);
			follow(&rb[0].cmp.rows[s->b[b].r[j].row], rb, nrb, &tr);
			print_track(&tr, nrb, out);
		}
	}
}

int coll_history_pairs(struct crun *runs, size_t n, const struct csel *sel,
		       const char *plotdir, enum coll_ci ci, FILE *out,
		       FILE *err)
{
	struct crun two[COLL_MAXRUNS][2];
	struct crebase rbs[COLL_MAXRUNS];
	struct rebase rb[COLL_MAXRUNS];
	struct cshape sh = { 0 };
	size_t k, nrb = 0, drawn = 0;
	int ret;

	ret = coll_rebases(runs, n, rbs, &nrb, err);
	if (!ret && !nrb) {
		fprintf(err, "mmbench: history --pairs: no rebase has both a base run and a series run after it (see mmbench history --pairs in the README for how runs are paired)\n");
		ret = -ENODATA;
	}
	for (k = 0; k < nrb; k++) {
		memset(&rb[k], 0, sizeof(rb[k]));
		rb[k].r = rbs[k];
	}
	for (k = 0; k < nrb && !ret; k++) {
		two[k][0] = *rb[k].r.base;
		two[k][1] = *rb[k].r.series;
		two[k][0].tag = 'A';
		two[k][1].tag = 'B';
		rb[k].cmp.runs = two[k];
		rb[k].cmp.nruns = 2;
		rb[k].cmp.ci = ci;
		ret = coll_match(&rb[k].cmp, err);
	}
	if (!ret)
		ret = coll_shape(&rb[0].cmp, sel, NULL, &sh);
	if (ret == -ENOENT) {
		fprintf(err, "mmbench: --metric %s: no point has it\n",
			sel->metrics);
		ret = -EINVAL;
	}
	if (!ret) {
		print_head(rb, nrb, ci, out);
		for (k = 0; k < sh.ns; k++)
			if (sh.s[k].def)
				print_section(&sh.s[k], rb, nrb, out);
	}
	if (!ret && plotdir)
		ret = coll_plot_mkdir(plotdir, err);
	for (k = 0; k < sh.ns && !ret && plotdir; k++) {
		if (!sh.s[k].def)
			continue;
		ret = pairs_graph(&sh.s[k], rb, nrb, plotdir, err);
		drawn++;
	}
	if (!ret && plotdir)
		fprintf(err, "mmbench: %zu trend graphs (PNG and SVG) in %s\n",
			drawn, plotdir);
	coll_free_shape(&sh);
	for (k = 0; k < nrb; k++)
		coll_free_cmp(&rb[k].cmp);
	coll_free_rebases(rbs, nrb);
	return ret;
}
