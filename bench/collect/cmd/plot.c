// SPDX-License-Identifier: GPL-2.0
/* mmbench plot: the graphs of runs, without a table. */
#include <errno.h>
#include <stdio.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/plot.h"
#include "collect/model/match.h"
#include "collect/views/graphs.h"

#define PLOT_USAGE "usage: mmbench plot RUN.. [--out DIR] [--metric NAME[,NAME..] | --all]"

int cmd_plot(int argc, char **argv)
{
	const char *out = "mmbench-plots", *bad;
	struct csel sel = { 0 };
	const struct coll_opt opts[] = {
		{ "--out", &out, NULL }, { "--metric", &sel.metrics, NULL },
		{ "--all", NULL, &sel.all }, { NULL, NULL, NULL },
	};
	struct ccmp c = { 0 };
	char *dirs[COLL_MAXRUNS + 1];
	int n, ret, code = EXIT_OK;

	n = coll_parse_args(argc, argv, opts, dirs, &bad);
	if (n < 0) {
		fprintf(stderr, "mmbench: plot: unknown option %s; " PLOT_USAGE "\n",
			bad);
		return EXIT_USAGE;
	}
	if (!n) {
		fprintf(stderr, "mmbench: " PLOT_USAGE "\n");
		return EXIT_USAGE;
	}
	ret = coll_open(&c, dirs, n, stderr);
	if (ret)
		code = coll_open_exit(ret);
	else if ((ret = coll_plot(&c, out, &sel, NULL, stderr)))
		code = ret == -EINVAL ? EXIT_USAGE :
		       coll_plot_exit(ret);
	else
		printf("%s\n", out);
	coll_close(&c);
	return code;
}
