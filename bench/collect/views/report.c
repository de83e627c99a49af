// SPDX-License-Identifier: GPL-2.0
/* mmbench report: report.md and report.html, graphs beside them. */
#include <errno.h>
#include <limits.h>
#include <string.h>

#include "collect/views/gnuplot.h"
#include "collect/views/graphs.h"
#include "collect/views/html.h"
#include "collect/views/report.h"
#include "collect/views/sumexport.h"
#include "collect/views/words.h"

static const char nogp[] =
	"The graphs are missing: gnuplot or its templates were not found "
	"(scripts/deps.sh installs gnuplot-nox).";

static int write_md(const struct ccmp *c, const struct cshape *sh,
		    const struct cgraphs *g, bool drawn, FILE *out)
{
	size_t i;
	int ret;

	fputs("# mmbench report:", out);
	for (i = 0; i < c->nruns; i++)
		fprintf(out, " %s%s", *c->runs[i].label ? c->runs[i].label :
			c->runs[i].release, i + 1 < c->nruns ? " vs" : "\n\n");
	coll_md_runs(c, out);
	fputs("\n## Summary\n\n", out);
	if (c->nruns > 1)
		fprintf(out, "Each run's mean ± its 95%% CI; for later runs the change of the mean against A, **marked** ++ (better) or -- (worse) where its 95%% CI by %s excludes 0.\n\n",
			coll_ci_short(c->ci));
	else
		fputs("The run's mean ± its 95% CI.\n\n", out);
	ret = coll_md_tables(c, sh, out);
	if (ret)
		return ret;
	fputs("\n## Setup differences\n\n", out);
	if (!c->ndiffs && !c->nnotes)
		fputs("None: the runs' meta.json agree but for bookkeeping.\n", out);
	coll_md_diffs(c, out);
	fputs("\n## Graphs\n\n", out);
	if (!drawn)
		fprintf(out, "%s\n", nogp);
	for (i = 0; g && i < g->n; i++)
		fprintf(out, "![%s](%s.svg)\n\n%s ([PNG](%s.png))\n\n",
			g->what[i], g->name[i], g->what[i], g->name[i]);
	return 0;
}

/* Open dir/name for writing into *f, its path in path: 0 or -errno. */
static int write_file(const char *dir, const char *name, FILE **f,
		      char *path, size_t size)
{
	snprintf(path, size, "%s/%s", dir, name);
	*f = fopen(path, "we");
	return *f ? 0 : -errno;
}

int coll_report(const struct ccmp *c, const struct csel *sel,
		const char *dir, FILE *err)
{
	struct cgraphs g = { 0 };
	char path[PATH_MAX];
	struct cshape sh;
	int ret, plotted;
	FILE *f;

	ret = coll_plot_mkdir(dir, err);
	if (ret)
		return ret;
	ret = coll_shape(c, sel, NULL, &sh);
	if (ret == -ENOENT) {
		fprintf(err, "mmbench: --metric %s: no point has it\n",
			sel->metrics);
		return -EINVAL;
	}
	if (ret)
		return ret;
	plotted = coll_plot(c, dir, sel, &g, err);
	if (plotted && plotted != -ENOENT) {
		ret = plotted;
		goto out;
	}
	if (plotted)
		fprintf(err, "mmbench: the report has no graphs: %s\n", nogp);
	ret = write_file(dir, "report.md", &f, path, sizeof(path));
	if (!ret) {
		ret = write_md(c, &sh, &g, !plotted, f);
		if (fclose(f) && !ret)
			ret = -EIO;
	}
	if (!ret)
		ret = write_file(dir, "report.html", &f, path, sizeof(path));
	if (!ret) {
		ret = coll_html_page(c, &sh, dir, &g, plotted ? nogp : NULL, f);
		if (fclose(f) && !ret)
			ret = -EIO;
	}
	if (ret)
		fprintf(err, "mmbench: %s: %s\n", path, strerror(-ret));
	else
		ret = plotted;
out:
	coll_free_graphs(&g);
	coll_free_shape(&sh);
	return ret;
}
