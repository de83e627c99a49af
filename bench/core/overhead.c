// SPDX-License-Identifier: GPL-2.0
/*
 * `mmbench overhead`: does the harness slow what it measures?  Alternates
 * anon-fault size=4K mode=write through the harness's own repetition path
 * (snapshots, verify and all) with a bare mmap/touch/munmap loop that
 * reads the clock twice, and prints the ratio of their timed regions.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <json-c/json.h>

#include "core/harness.h"
#include "core/point.h"
#include "core/param.h"
#include "core/result.h"
#include "core/session.h"
#include "core/util.h"

static int bare_rep(size_t len, uint64_t *ns)
{
	uint64_t t0, t1;
	char *p, *q;

	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	t0 = util_now_ns();
	for (q = p; q < p + len; q += PAGE_4K)
		*(volatile char *)q = 1;
	t1 = util_now_ns();
	munmap(p, len);
	*ns = t1 - t0;
	return 0;
}

static int harness_rep(struct ctx *c, uint64_t *ns)
{
	struct sample s = { 0 };
	int ret;

	s.obj = json_object_new_object();
	s.metrics = json_object_new_object();
	s.folios = json_object_new_object();
	c->sample = &s;
	ret = point_one_rep(c, ns);
	c->sample = NULL;
	json_object_put(s.obj);
	json_object_put(s.metrics);
	json_object_put(s.folios);
	return ret;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static void report(const char *what, uint64_t *v, int n, double *median)
{
	double mean = 0, var = 0;
	int i;

	for (i = 0; i < n; i++)
		mean += v[i];
	mean /= n;
	for (i = 0; i < n; i++)
		var += (v[i] - mean) * (v[i] - mean);
	var /= n > 1 ? n - 1 : 1;
	qsort(v, n, sizeof(*v), cmp_u64);
	*median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
	printf("  %-9s median %9.3f ms   mean %9.3f ms   cv %5.2f%%\n", what,
	       *median / 1e6, mean / 1e6, 100 * sqrt(var) / mean);
}

int cmd_overhead(int argc, char **argv)
{
	char mem[64] = "mem=256M", err[ERRLEN], *args[5];
	uint64_t *bare, *harn, ns;
	unsigned long rounds = 20;
	struct point *pt = NULL;
	struct spec spec;
	struct ctx c = { .ntasks = 1 };
	double mb, mh;
	size_t n = 0;
	int i, ret, code = EXIT_FAIL;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mem=", 4)) {
			snprintf(mem, sizeof(mem), "%s", argv[i]);
		} else if (!strncmp(argv[i], "rounds=", 7)) {
			rounds = strtoul(argv[i] + 7, NULL, 10);
		} else {
			fprintf(stderr, "mmbench: overhead: unknown '%s' (mem=, rounds=)\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	if (rounds < 3 || rounds > 10000) {
		fprintf(stderr, "mmbench: overhead: rounds must be 3..10000\n");
		return EXIT_USAGE;
	}
	args[0] = "anon-fault";
	args[1] = "size=4K";
	args[2] = "mode=write";
	args[3] = mem;
	if (spec_parse(4, args, "overhead", &spec, err, sizeof(err)) ||
	    spec_expand(&spec, &pt, &n, err, sizeof(err))) {
		fprintf(stderr, "mmbench: overhead: %s\n", err);
		free(pt);
		return EXIT_USAGE;
	}
	bare = calloc(rounds, sizeof(*bare));
	harn = calloc(rounds, sizeof(*harn));
	if (!bare || !harn)
		goto out_free;
	ret = session_begin(NULL, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmbench: overhead: %s\n", err);
		code = ret == -EPERM ? EXIT_SKIP : EXIT_FAIL;
		goto out_free;
	}
	c.pt = pt;
	ret = point_snaps(true);
	if (!ret)
		ret = pt->bench->setup(&c);
	/* One of each untimed first: the host backs fresh memory lazily. */
	if (!ret)
		ret = bare_rep(pt->v[3].num, &ns);
	if (!ret)
		ret = harness_rep(&c, &ns);
	for (i = 0; !ret && i < (int)rounds && !session_signal; i++) {
		/* Alternate which goes first, so neither gets the warm cache. */
		if (i & 1) {
			ret = harness_rep(&c, &harn[i]);
			if (!ret)
				ret = bare_rep(pt->v[3].num, &bare[i]);
		} else {
			ret = bare_rep(pt->v[3].num, &bare[i]);
			if (!ret)
				ret = harness_rep(&c, &harn[i]);
		}
	}
	pt->bench->teardown(&c);
	point_snaps(false);
	if (session_end())
		ret = ret ? ret : -EIO;
	if (ret || session_signal) {
		fprintf(stderr, "mmbench: overhead: %s\n",
			ret ? strerror(-ret) : "interrupted");
		goto out_free;
	}
	printf("overhead: anon-fault size=4K mode=write %s, %lu rounds, alternating\n",
	       mem, rounds);
	report("bare loop", bare, rounds, &mb);
	report("mmbench", harn, rounds, &mh);
	printf("  ratio     %.4f (mmbench / bare, medians; target <= 1.01)\n",
	       mh / mb);
	code = EXIT_OK;
out_free:
	free(bare);
	free(harn);
	free(pt);
	return code;
}
