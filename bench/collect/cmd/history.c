// SPDX-License-Identifier: GPL-2.0
/*
 * mmbench history: runs in order and each step's change; with --pairs,
 * base and series runs paired by rebase and what the series buys.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/history.h"
#include "collect/model/load.h"
#include "collect/views/pairs.h"
#include "collect/views/timeline.h"

#define HISTORY_USAGE "usage: mmbench history RUN.. [--order time|kernel] [--pairs [--metric NAME[,NAME..]]] [--ci welch|bootstrap] [--plot DIR]"

int cmd_history(int argc, char **argv)
{
	const char *order = "time", *plot = NULL, *ci = "welch", *bad;
	struct csel sel = { 0 };
	bool pairs = false;
	const struct coll_opt opts[] = {
		{ "--plot", &plot, NULL }, { "--order", &order, NULL },
		{ "--ci", &ci, NULL }, { "--metric", &sel.metrics, NULL },
		{ "--pairs", NULL, &pairs }, { NULL, NULL, NULL },
	};
	char *dirs[COLL_MAXRUNS + 1];
	enum coll_ci method;
	struct crun *runs;
	int n, ret, code;

	n = coll_parse_args(argc, argv, opts, dirs, &bad);
	if (n < 0) {
		fprintf(stderr, "mmbench: history: bad option %s; " HISTORY_USAGE "\n",
			bad);
		return EXIT_USAGE;
	}
	if (strcmp(order, "time") && strcmp(order, "kernel")) {
		fprintf(stderr, "mmbench: --order %s: use time or kernel\n", order);
		return EXIT_USAGE;
	}
	if (sel.metrics && !pairs) {
		fprintf(stderr, "mmbench: history: --metric goes with --pairs; without it every metric is shown\n");
		return EXIT_USAGE;
	}
	if (coll_parse_ci(ci, &method))
		return EXIT_USAGE;
	if (n < 2) {
		fprintf(stderr, "mmbench: history needs at least two results directories\n");
		return EXIT_USAGE;
	}
	ret = coll_load_runs(dirs, n, &runs, stderr);
	if (ret)
		return coll_open_exit(ret);
	if (pairs)
		ret = coll_history_pairs(runs, n, &sel, plot, method, stdout,
					 stderr);
	else
		ret = coll_history(runs, n, order, plot, method, stdout, stderr);
	code = !ret ? EXIT_OK : ret == -ENODATA || ret == -EINVAL ?
	       EXIT_USAGE : coll_plot_exit(ret);
	coll_free_runs(runs, n);
	return code;
}
