// SPDX-License-Identifier: GPL-2.0
/* mmbench history: runs in order and each step's change. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/history.h"
#include "collect/model/load.h"
#include "collect/views/timeline.h"

int cmd_history(int argc, char **argv)
{
	const char *order = "time", *plot = NULL, *ci = "welch", *bad;
	const struct coll_opt opts[] = {
		{ "--plot", &plot }, { "--order", &order }, { "--ci", &ci },
		{ NULL, NULL },
	};
	char *dirs[COLL_MAXRUNS + 1];
	enum coll_ci method;
	struct crun *runs;
	int n, ret, code;

	n = coll_parse_args(argc, argv, opts, dirs, &bad);
	if (n < 0) {
		fprintf(stderr, "mmbench: history: bad option %s; usage: mmbench history RUN.. [--order time|kernel] [--ci welch|bootstrap] [--plot DIR]\n",
			bad);
		return EXIT_USAGE;
	}
	if (strcmp(order, "time") && strcmp(order, "kernel")) {
		fprintf(stderr, "mmbench: --order %s: use time or kernel\n", order);
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
	ret = coll_history(runs, n, order, plot, method, stdout, stderr);
	code = !ret ? EXIT_OK : ret == -ENODATA ? EXIT_USAGE : coll_plot_exit(ret);
	coll_free_runs(runs, n);
	return code;
}
