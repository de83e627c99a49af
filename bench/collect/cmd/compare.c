// SPDX-License-Identifier: GPL-2.0
/* mmbench compare: the summary (or the whole table) of runs against A. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/compare.h"
#include "collect/model/match.h"
#include "collect/views/graphs.h"
#include "collect/views/summary.h"
#include "collect/views/table.h"

static void compare_usage(void)
{
	fprintf(stderr,
		"usage: mmbench compare RUN_A RUN_B [RUN_C..] [--metric NAME[,NAME..] | --all]\n"
		"                       [--format text|markdown|csv|json] [--ci welch|bootstrap]\n"
		"                       [--plot DIR]\n");
}

int cmd_compare(int argc, char **argv)
{
	const char *plot = NULL, *fmt = "text", *ci = "welch", *bad;
	struct csel sel = { 0 };
	const struct coll_opt opts[] = {
		{ "--plot", &plot, NULL }, { "--format", &fmt, NULL },
		{ "--ci", &ci, NULL }, { "--metric", &sel.metrics, NULL },
		{ "--all", NULL, &sel.all }, { NULL, NULL, NULL },
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
	if (sel.all && sel.metrics) {
		fprintf(stderr, "mmbench: compare: --all shows every metric; leave out --metric\n");
		return EXIT_USAGE;
	}
	if (n < 2) {
		fprintf(stderr, "mmbench: compare needs at least two results directories\n");
		compare_usage();
		return EXIT_USAGE;
	}
	ret = coll_open(&c, dirs, n, stderr);
	if (ret)
		code = coll_open_exit(ret);
	else if (sel.all)
		ret = coll_print(&c, f, stdout);
	else
		ret = coll_print_summary(&c, &sel, f, stdout, stderr);
	if (code == EXIT_OK && ret)
		code = ret == -ENOENT ? EXIT_USAGE : EXIT_FAIL;
	else if (code == EXIT_OK && plot &&
		 (ret = coll_plot(&c, plot, &sel, NULL, stderr)))
		code = coll_plot_exit(ret);
	coll_close(&c);
	return code;
}
