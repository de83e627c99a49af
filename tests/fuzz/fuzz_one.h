/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One fuzz input through the collector: read it as samples.jsonl, match
 * the run against itself, print every format to /dev/null.  Shared by the
 * libFuzzer target and the corpus replay in the unit tests.
 */
#ifndef MMBENCH_FUZZ_ONE_H
#define MMBENCH_FUZZ_ONE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/match.h"
#include "collect/model/reader.h"
#include "collect/views/table.h"

static void fuzz_names(struct crun *r, char tag)
{
	r->tag = tag;
	r->dir = strdup("fuzz");
	r->label = strdup("");
	r->release = strdup("");
	r->started = strdup("");
	r->status = strdup("complete");
}

static int fuzz_one(const uint8_t *data, size_t size)
{
	struct crun runs[2];
	struct ccmp c = { .runs = runs, .nruns = 2 };
	FILE *null = fopen("/dev/null", "w");
	int f, ret;

	memset(runs, 0, sizeof(runs));
	ret = coll_parse_samples(&runs[0], (const char *)data, size, "fuzz",
				 NULL);
	if (!ret)
		ret = coll_parse_samples(&runs[1], (const char *)data, size,
					 "fuzz", NULL);
	fuzz_names(&runs[0], 'A');
	fuzz_names(&runs[1], 'B');
	if (!ret && runs[0].np && null && !coll_match(&c, null))
		for (f = CF_TEXT; f <= CF_JSON; f++)
			coll_print(&c, f, null);
	coll_free_cmp(&c);
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
	if (null)
		fclose(null);
	return ret;
}

#endif
