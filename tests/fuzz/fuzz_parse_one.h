/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One fuzz input through the parameter parser (a command line: words
 * split at blanks and NULs) or the workload parser (a .wl file).
 * Shared by the libFuzzer targets and the corpus replay in the unit
 * tests (test_parse_corpus).
 */
#ifndef MMBENCH_FUZZ_PARSE_ONE_H
#define MMBENCH_FUZZ_PARSE_ONE_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/param.h"
#include "core/workload.h"

#define FUZZ_WORDS 64

/* Every point described, as summaries and samples do. */
static void fuzz_describe(const struct point *pts, size_t n)
{
	char desc[256];
	size_t i;

	for (i = 0; i < n; i++)
		point_describe(&pts[i], desc, sizeof(desc));
}

static int fuzz_param_one(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *argv[FUZZ_WORDS], err[ERRLEN];
	struct point *pts = NULL;
	struct spec spec;
	size_t i, n = 0;
	int argc = 0;
	uint64_t v;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (i = 0; i <= size && argc < FUZZ_WORDS; i++) {
		char c = buf[i];

		if (c == ' ' || c == '\t' || c == '\n' || c == '\0') {
			buf[i] = '\0';
			continue;
		}
		if (!i || !buf[i - 1])
			argv[argc++] = buf + i;
	}
	for (i = 0; i < (size_t)argc; i++)
		param_parse_size(argv[i], &v);
	if (argc && !spec_parse(argc, argv, "fuzz", &spec, err, sizeof(err))) {
		/* The same words again as a suite's overrides. */
		for (i = 1; i < (size_t)argc; i++)
			spec_override(&spec, argv[i], err, sizeof(err));
		if (!spec_expand(&spec, &pts, &n, err, sizeof(err)))
			fuzz_describe(pts, n);
	}
	free(pts);
	free(buf);
	return 0;
}

static int fuzz_workload_one(const uint8_t *data, size_t size)
{
	char *const ov[] = { "reps=2", "mem=64M", "warmup=0" };
	struct point *pts = NULL;
	char err[ERRLEN];
	size_t n = 0;
	int pass;
	FILE *f;

	for (pass = 0; pass < 2; pass++) {
		/* fmemopen wants at least a byte. */
		f = fmemopen((void *)(size ? data : (const uint8_t *)""),
			     size ? size : 1, "r");
		if (!f)
			return 0;
		if (!workload_parse(f, "fuzz.wl", pass ? 3 : 0, ov, &pts, &n,
				    err, sizeof(err)))
			fuzz_describe(pts, n);
		free(pts);
		pts = NULL;
		fclose(f);
	}
	return 0;
}

#endif
