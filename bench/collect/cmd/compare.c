// SPDX-License-Identifier: GPL-2.0
/* mmbench compare: the table of runs against A, and its graphs. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/compare.h"
#include "collect/model/match.h"
#include "collect/views/graphs.h"
#include "collect/views/table.h"

static void compare_usage(void)
{
	fprintf(stderr,
		"usage: mmbench compare RUN_A RUN_B [RUN_C..] [--format text|markdown|csv|json]\n"
		"                       [--ci welch|bootstrap] [--plot DIR]\n");
}

int cmd_compare(int argc, char **argv)
{
	const char *plot = NULL, *fmt = "text", *ci = "welch", *bad;
	const struct coll_opt opts[] = {
		{ "--plot", &plot }, { "--format", &fmt }, { "--ci", &ci },
		{ NULL, NULL },
	};
	struct ccmp c = { 0 };
	char *dirs[COLL_MAXRUNS + 1];
	int n, ret, code = EXIT_OK;
	enum cfmt f;

	n = coll_parse_args(argc, argv, opts, dirs, &bad);
	if (n == -ENODATA) {
		fprintf(stderr, "mmbench: %s needs a value\n", bad);
		return EXIT_USAGE;
	}
	if (n < 0) {
		fprintf(stderr, "mmbench: compare: unknown option %s\n", bad);
		compare_usage();
		return EXIT_USAGE;
	}
	if (coll_parse_format(fmt, &f)) {
		fprintf(stderr, "mmbench: --format %s: use text, markdown, csv or json\n",
			fmt);
		return EXIT_USAGE;
	}
	if (coll_parse_ci(ci, &c.ci))
		return EXIT_USAGE;
	if (n < 2) {
		fprintf(stderr, "mmbench: compare needs at least two results directories\n");
		compare_usage();
		return EXIT_USAGE;
	}
	ret = coll_open(&c, dirs, n, stderr);
	if (ret)
		code = coll_open_exit(ret);
	else if (coll_print(&c, f, stdout))
		code = EXIT_FAIL;
	else if (plot && (ret = coll_plot(&c, plot, stderr)))
		code = coll_plot_exit(ret);
	coll_close(&c);
	return code;
}
