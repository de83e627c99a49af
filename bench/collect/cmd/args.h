/* SPDX-License-Identifier: GPL-2.0 */
/* What the collector's commands share: their arguments and exit codes. */
#ifndef MMBENCH_COLLECT_ARGS_H
#define MMBENCH_COLLECT_ARGS_H

#include <stdbool.h>

#include "collect/model/stats.h"

/*
 * An option: one that takes a value ("--plot DIR" stores DIR in *val),
 * or with flag set instead, one that stands alone ("--all" sets *flag).
 */
struct coll_opt {
	const char *name;
	const char **val;
	bool *flag;
};

/*
 * Split argv into the values of the options in opts (ending with a NULL
 * name) and the results directories, of which one more than COLL_MAXRUNS
 * is kept so that coll_load_runs can say there are too many: dirs has
 * room for COLL_MAXRUNS + 1.  Returns how many directories, or with *bad
 * the argument at fault, -EINVAL for an unknown option and -ENODATA for
 * an option without its value.
 */
int coll_parse_args(int argc, char **argv, const struct coll_opt *opts,
		    char **dirs, const char **bad);
/* --ci welch|bootstrap into *ci; else says so on stderr, -EINVAL. */
int coll_parse_ci(const char *s, enum coll_ci *ci);
/* The exit code of runs that could not be loaded or matched (-errno). */
int coll_open_exit(int err);
/* The exit code of graphs that could not be drawn (-errno). */
int coll_plot_exit(int err);

#endif
