// SPDX-License-Identifier: GPL-2.0
/* mmbench plot: the graphs of runs, without a table. */
#include <stdio.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/plot.h"
#include "collect/model/match.h"
#include "collect/views/graphs.h"

int cmd_plot(int argc, char **argv)
{
	const char *out = "mmbench-plots", *bad;
	const struct coll_opt opts[] = { { "--out", &out }, { NULL, NULL } };
	struct ccmp c = { 0 };
	char *dirs[COLL_MAXRUNS + 1];
	int n, ret, code = EXIT_OK;

	n = coll_parse_args(argc, argv, opts, dirs, &bad);
	if (n < 0) {
		fprintf(stderr, "mmbench: plot: unknown option %s; usage: mmbench plot RUN.. [--out DIR]\n",
			bad);
		return EXIT_USAGE;
	}
	if (!n) {
		fprintf(stderr, "mmbench: usage: mmbench plot RUN.. [--out DIR]\n");
		return EXIT_USAGE;
	}
	ret = coll_open(&c, dirs, n, stderr);
	if (ret)
		code = coll_open_exit(ret);
	else if ((ret = coll_plot(&c, out, stderr)))
		code = coll_plot_exit(ret);
	else
		printf("%s\n", out);
	coll_close(&c);
	return code;
}
