// SPDX-License-Identifier: GPL-2.0
/* mmbench report: report.md and a self-contained report.html. */
#include <errno.h>
#include <stdio.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/cmd/report.h"
#include "collect/model/match.h"
#include "collect/views/report.h"

#define REPORT_USAGE "usage: mmbench report RUN.. [--out DIR] [--metric NAME[,NAME..]] [--ci welch|bootstrap]"

int cmd_report(int argc, char **argv)
{
	const char *out = "mmbench-report", *ci = "welch", *bad;
	struct csel sel = { 0 };
	const struct coll_opt opts[] = {
		{ "--out", &out, NULL }, { "--metric", &sel.metrics, NULL },
		{ "--ci", &ci, NULL }, { NULL, NULL, NULL },
	};
	struct ccmp c = { 0 };
	char *dirs[COLL_MAXRUNS + 1];
	int n, ret, code = EXIT_OK;

	n = coll_parse_args(argc, argv, opts, dirs, &bad);
	if (n < 0) {
		fprintf(stderr, "mmbench: report: %s %s; " REPORT_USAGE "\n",
			n == -ENODATA ? "no value for" : "unknown option", bad);
		return EXIT_USAGE;
	}
	if (coll_parse_ci(ci, &c.ci))
		return EXIT_USAGE;
	if (!n) {
		fprintf(stderr, "mmbench: " REPORT_USAGE "\n");
		return EXIT_USAGE;
	}
	ret = coll_open(&c, dirs, n, stderr);
	if (ret) {
		code = coll_open_exit(ret);
	} else {
		/* without gnuplot the report is there all the same (exit 4) */
		ret = coll_report(&c, &sel, out, stderr);
		code = !ret ? EXIT_OK : ret == -EINVAL ? EXIT_USAGE :
		       coll_plot_exit(ret);
		if (!ret || ret == -ENOENT)
			printf("%s/report.md\n%s/report.html\n", out, out);
	}
	coll_close(&c);
	return code;
}
