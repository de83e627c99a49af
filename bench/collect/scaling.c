// SPDX-License-Identifier: GPL-2.0
/*
 * Scaling curves (a metric against tasks=, one curve per run and per
 * setting of the other parameters) and the plot command.
 */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/mmbench.h"
#include "collect/collect.h"

/* Is w one of the space-separated words of params? */
static bool has_word(const char *params, const char *w)
{
	size_t len = strlen(w);
	const char *q = params;

	while ((q = strstr(q, w))) {
		if ((q == params || q[-1] == ' ') && (q[len] == ' ' || !q[len]))
			return true;
		q += len;
	}
	return false;
}

static bool everywhere(const struct ccmp *c, const size_t *rows, size_t nr,
		       const char *w)
{
	size_t k;

	for (k = 0; k < nr; k++)
		if (!has_word(c->rows[rows[k]].pt[0]->params, w))
			return false;
	return true;
}

/*
 * The curve a point belongs to: its params but tasks=N, and but those
 * that are the same for every point (they would only clutter the key).
 */
static void curve_of(const struct ccmp *c, const size_t *rows, size_t nr,
		     const struct cpoint *p, char *out, size_t size)
{
	const char *s = p->params;
	size_t off = 0, len;
	char word[256];

	out[0] = '\0';
	while (*s) {
		len = strcspn(s, " ");
		snprintf(word, sizeof(word), "%.*s", (int)len, s);
		if (strncmp(s, "tasks=", 6) && off + len + 2 < size &&
		    !everywhere(c, rows, nr, word))
			off += snprintf(out + off, size - off, "%s%s",
					off ? "," : "", word);
		s += len;
		s += strspn(s, " ");
	}
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
	const struct cmetric *m = c->rows[rows[0]].def;
	char base[PATH_MAX], dat[PATH_MAX + 16], name[64], cur[512], cur2[512];
	char vars[32768], titles[8192], titles2[4096], q[2][6144];
	size_t i, k, k2, ncurves = 0, toff = 0;
	const char *first = NULL;
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
	coll_file_name(name, sizeof(name), c->rows[rows[0]].pt[0]->bench);
	snprintf(base, sizeof(base), "%s/%s-", dir, name);
	coll_file_name(name, sizeof(name), m->name);
	strncat(base, name, sizeof(base) - strlen(base) - 1);
	strncat(base, "-scaling", sizeof(base) - strlen(base) - 1);
	snprintf(dat, sizeof(dat), "%s.dat", base);
	f = fopen(dat, "we");
	if (!f)
		return -errno;
	titles[0] = '\0';
	for (i = 0; i < c->nruns; i++) {
		for (k = 0; k < nr; k++) {
			const struct crow *r = &c->rows[rows[k]];
			bool seen = false;

			curve_of(c, rows, nr, r->pt[0], cur, sizeof(cur));
			for (k2 = 0; k2 < k && !seen; k2++) {
				curve_of(c, rows, nr, c->rows[rows[k2]].pt[0],
					 cur2, sizeof(cur2));
				seen = !strcmp(cur, cur2);
			}
			if (seen)
				continue;
			/* One block per curve: every point with these params. */
			fprintf(f, "# %c %s\n", c->runs[i].tag, cur);
			for (k2 = k; k2 < nr; k2++) {
				const struct crow *o = &c->rows[rows[k2]];
				double lo, hi;

				curve_of(c, rows, nr, o->pt[0], cur2, sizeof(cur2));
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
	snprintf(vars, sizeof(vars), "%s %s against tasks: %s",
		 c->rows[rows[0]].pt[0]->bench, m->name, titles2);
	coll_gp_str(q[0], sizeof(q[0]), vars);
	snprintf(cur, sizeof(cur), "%s (%s, %s is better; bars: 95%% CI)",
		 m->name, m->unit, m->better == COLL_HIGHER ? "higher" : "lower");
	coll_gp_str(q[1], sizeof(q[1]), cur);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s\"\ntitle = %s\nylabel = %s\n"
		 "ncurves = %zu\ntitles = \"%s\"\n",
		 dat, base, q[0], q[1], ncurves, titles);
	return coll_gnuplot("scaling", vars, err);
}

int cmd_plot(int argc, char **argv)
{
	const char *out = "mmbench-plots";
	struct ccmp c = { 0 };
	char *dirs[COLL_MAXRUNS + 1];
	int i, n = 0, code;

	for (i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--out") && i + 1 < argc) {
			out = argv[++i];
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "mmbench: plot: unknown option %s; usage: mmbench plot RUN.. [--out DIR]\n",
				argv[i]);
			return EXIT_USAGE;
		} else if (n <= COLL_MAXRUNS) {
			dirs[n++] = argv[i];
		}
	}
	if (!n) {
		fprintf(stderr, "mmbench: usage: mmbench plot RUN.. [--out DIR]\n");
		return EXIT_USAGE;
	}
	code = coll_open(&c, dirs, n, stderr);
	if (!code)
		code = coll_plot(&c, out, stderr);
	if (code < 0)
		code = code == -ENOENT ? EXIT_SKIP : EXIT_FAIL;
	if (!code)
		printf("%s\n", out);
	coll_free_cmp(&c);
	coll_free_runs(c.runs, c.nruns);
	return code;
}
