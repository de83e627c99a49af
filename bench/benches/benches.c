// SPDX-License-Identifier: GPL-2.0
/* Every benchmark, in one place.  Add a new one here and in the Makefile. */
#include <string.h>

#include "core/mmbench.h"

extern const struct bench bench_anon_fault;
extern const struct bench bench_zap;
extern const struct bench bench_fork;
extern const struct bench bench_pageout;
extern const struct bench bench_lazyfree;
extern const struct bench bench_uffd_wp_zap;
extern const struct bench bench_collapse;
extern const struct bench bench_dax_hole;
extern const struct bench bench_walk;

const struct bench *const benches[] = {
	&bench_anon_fault,
	&bench_zap,
	&bench_fork,
	&bench_pageout,
	&bench_lazyfree,
	&bench_uffd_wp_zap,
	&bench_collapse,
	&bench_dax_hole,
	&bench_walk,
	NULL
};

const struct bench *bench_find(const char *name)
{
	int i;

	for (i = 0; benches[i]; i++)
		if (!strcmp(benches[i]->name, name))
			return benches[i];
	return NULL;
}

int bench_param_index(const struct bench *b, const char *name)
{
	int i;

	for (i = 0; b->params[i].name; i++)
		if (!strcmp(b->params[i].name, name))
			return i;
	return -1;
}
