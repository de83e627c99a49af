// SPDX-License-Identifier: GPL-2.0
/* The arguments of mmbench compare, plot and history, and their exits. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/mmbench.h"
#include "collect/cmd/args.h"
#include "collect/model/run.h"
#include "collect/views/words.h"

int coll_parse_args(int argc, char **argv, const struct coll_opt *opts,
		    char **dirs, const char **bad)
{
	const struct coll_opt *o;
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		for (o = opts; o->name && strcmp(argv[i], o->name); o++)
			;
		if (o->name && o->flag) {
			*o->flag = true;
		} else if (o->name) {
			if (++i == argc) {
				*bad = argv[i - 1];
				return -ENODATA;
			}
			*o->val = argv[i];
		} else if (argv[i][0] == '-') {
			*bad = argv[i];
			return -EINVAL;
		} else if (n <= COLL_MAXRUNS) {
			dirs[n++] = argv[i];
		}
	}
	return n;
}

int coll_parse_ci(const char *s, enum coll_ci *ci)
{
	if (!strcmp(s, coll_ci_word(COLL_WELCH))) {
		*ci = COLL_WELCH;
	} else if (!strcmp(s, coll_ci_word(COLL_BOOTSTRAP))) {
		*ci = COLL_BOOTSTRAP;
	} else {
		fprintf(stderr, "mmbench: --ci %s: use welch or bootstrap\n", s);
		return -EINVAL;
	}
	return 0;
}

/* Runs that cannot be read or matched are the user's to fix. */
int coll_open_exit(int err)
{
	return err == -ENOMEM ? EXIT_FAIL : EXIT_USAGE;
}

/* Without gnuplot or its templates the graphs are skipped, not failed. */
int coll_plot_exit(int err)
{
	return err == -ENOENT ? EXIT_SKIP : EXIT_FAIL;
}
