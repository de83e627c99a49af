// SPDX-License-Identifier: GPL-2.0
/*
 * The history view: runs ordered by time or kernel version, the median of
 * every metric with its 95% CI, and each step that is a significant
 * change from the previous run: a series watched across rebases.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/views/disturbed.h"
#include "collect/views/gnuplot.h"
#include "collect/views/timeline.h"
#include "collect/views/words.h"
#include "collect/views/wrap.h"

/* Runs started in the same second keep their command-line order. */
static int by_time(const void *a, const void *b)
{
	const struct crun *x = a, *y = b;
	int d = strcmp(x->started, y->started);

	return d ? d : x->idx - y->idx;
}

static int by_kernel(const void *a, const void *b)
{
	const struct crun *x = a, *y = b;
	int d = strverscmp(x->release, y->release);

	return d ? d : by_time(a, b);
}

/* Change of row r's metric from run i-1 to run i. */
static int step(const struct ccmp *c, const struct crow *r, size_t i,
		struct cchange *ch)
{
	memset(ch, 0, sizeof(*ch));
	if (r->st[i - 1] != CS_OK || r->st[i] != CS_OK)
		return 0;
	return coll_change(r->m[i - 1]->v, r->m[i - 1]->n, r->m[i]->v,
			   r->m[i]->n, r->def->mean, r->def->better, c->ci, ch);
}

static int history_plot(const struct ccmp *c, const struct crow *r,
			const char *dir, FILE *err)
{
	const char *words[] = { "history", r->pt[0]->bench, r->pt[0]->params,
				r->def->name, NULL };
	char lab[512], q[3][1024], vars[12288];
	struct gp_files gf;
	struct cchange ch;
	double lo, hi;
	size_t i;
	int ret;
	FILE *f;

	f = coll_gp_open(&gf, dir, words);
	if (!f)
		return -errno;
	fprintf(f, "# x label median ci_lo ci_hi improvement regression\n");
	for (i = 0; i < c->nruns; i++) {
		snprintf(lab, sizeof(lab), "%c %s %s", c->runs[i].tag,
			 c->runs[i].label, c->runs[i].release);
		coll_gp_str(q[0], sizeof(q[0]), lab);
		if (r->st[i] != CS_OK) {
			fprintf(f, "%zu %s NaN NaN NaN NaN NaN\n", i, q[0]);
			continue;
		}
		ret = coll_median_ci(r->m[i]->v, r->m[i]->n, &lo, &hi);
		if (!ret && i)
			ret = step(c, r, i, &ch);
		if (ret) {
			fclose(f);
			return ret;
		}
		fprintf(f, "%zu %s %.6g %.6g %.6g", i, q[0], r->s[i].median,
			lo, hi);
		fprintf(f, i && ch.sig > 0 ? " %.6g NaN\n" :
			   i && ch.sig < 0 ? " NaN %.6g\n" : " NaN NaN\n",
			r->s[i].median);
	}
	if (fclose(f))
		return -EIO;
	snprintf(lab, sizeof(lab), "%s %s: %s", r->pt[0]->bench,
		 r->pt[0]->params, r->def->name);
	coll_gp_str(q[0], sizeof(q[0]), lab);
	snprintf(lab, sizeof(lab), "%s (%s, %s is better; median, band: 95%% CI)",
		 r->def->name, r->def->unit, coll_better_word(r->def));
	coll_gp_str(q[1], sizeof(q[1]), lab);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s\"\ntitle = %s\nylabel = %s\n",
		 gf.dat, gf.base, q[0], q[1]);
	return coll_gnuplot("history", vars, err);
}

static void print_row(const struct ccmp *c, const struct crow *r, FILE *out)
{
	char line[256], why[64], v[3][32];
	struct cchange ch;
	double lo, hi;
	size_t i;
	int off;

	fprintf(out, " %s %s, %s is better\n", r->def->name, r->def->unit,
		coll_better_word(r->def));
	for (i = 0; i < c->nruns; i++) {
		const struct crun *run = &c->runs[i];

		off = snprintf(line, sizeof(line), "  %c %-24.24s", run->tag,
			       run->release);
		if (r->st[i] != CS_OK) {
			snprintf(why, sizeof(why), "%s",
				 coll_state_name(r->st[i]));
			fprintf(out, "%s %s\n", line, why);
			continue;
		}
		if (coll_median_ci(r->m[i]->v, r->m[i]->n, &lo, &hi) ||
		    (i && step(c, r, i, &ch)))
			continue;
		off += snprintf(line + off, sizeof(line) - off,
				" %9s [%9s,%9s]",
				coll_fmt_val(r->s[i].median, v[0], sizeof(v[0])),
				coll_fmt_val(lo, v[1], sizeof(v[1])),
				coll_fmt_val(hi, v[2], sizeof(v[2])));
		if (i && ch.valid)
			off += snprintf(line + off, sizeof(line) - off,
					" %+6.1f%% %s", ch.rel * 100,
					coll_sig_mark(ch.sig));
		while (off > 0 && line[off - 1] == ' ')
			line[--off] = '\0';
		fprintf(out, "%s\n", line);
	}
}

int coll_history(struct crun *runs, size_t n, const char *order,
		 const char *plotdir, enum coll_ci ci, FILE *out, FILE *err)
{
	struct ccmp c = { .runs = runs, .nruns = n, .ci = ci };
	const struct cpoint *last = NULL;
	struct cdnote dn = { 0 };
	char buf[1024];
	size_t i;
	int ret;

	qsort(runs, n, sizeof(*runs), order[0] == 'k' ? by_kernel : by_time);
	for (i = 0; i < n; i++)
		runs[i].tag = coll_tag(i);
	ret = coll_match(&c, err);
	if (ret)
		goto out;
	fprintf(out, "mmbench history: runs by %s; median [95%% CI of the median];\n"
		"change of the mean from the previous run, ++/-- significant\n"
		"(95%% CI by %s)\n",
		order[0] == 'k' ? "kernel version" : "start time",
		coll_ci_short(ci));
	for (i = 0; i < n; i++)
		fprintf(out, "  %c: %s %s, %s\n", runs[i].tag, runs[i].release,
			*runs[i].label ? runs[i].label : "(no label)",
			runs[i].started);
	if (c.ndiffs)
		fprintf(out, "setup differences: %zu (see mmbench compare)\n",
			c.ndiffs);
	if (plotdir) {
		ret = coll_plot_mkdir(plotdir, err);
		if (ret)
			goto out;
	}
	for (i = 0; i < c.nrows && !ret; i++) {
		const struct crow *r = &c.rows[i];

		if (!r->def)
			continue;
		if (r->pt[0] != last) {
			last = r->pt[0];
			fprintf(out, "\n%s %s\n", last->bench, last->params);
			if (coll_dline(&c, r, &dn, buf, sizeof(buf)))
				coll_wrap(out, 2, 4, buf);
		}
		print_row(&c, r, out);
		if (plotdir)
			ret = history_plot(&c, r, plotdir, err);
	}
	if (!ret && dn.marks)
		fputc('\n', out);
	if (!ret)
		coll_dnote_print(&dn, out);
	if (!ret && plotdir)
		fprintf(err, "mmbench: history graphs (PNG and SVG) in %s\n",
			plotdir);
out:
	coll_free_cmp(&c);
	return ret;
}
