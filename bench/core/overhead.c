// SPDX-License-Identifier: GPL-2.0
/*
 * `mmbench overhead`: does the harness slow what it measures?  Rotates
 * anon-fault mode=write through the harness's own repetition path
 * (snapshots, verify and all), with no counters, with the default ones
 * as runs count them, and with every default event in the timed reps,
 * against a bare mmap/touch/munmap loop that reads the clock twice, and
 * prints the ratios of their timed regions, per size.
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
#include "mm/thp.h"
#include "observe/counters.h"
#include "observe/ctr.h"

/* The bare loop maps PMD-aligned, as the benchmark does, so THPs fit. */
static int bare_rep(size_t len, uint64_t *ns)
{
	size_t align = thp_pmd_size() ? thp_pmd_size() : PAGE_4K;
	uint64_t t0, t1;
	char *p, *a, *q;

	p = mmap(NULL, len + align, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		return -errno;
	a = (char *)(((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1));
	t0 = util_now_ns();
	for (q = a; q < a + len; q += PAGE_4K)
		*(volatile char *)q = 1;
	t1 = util_now_ns();
	munmap(p, len + align);
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
	printf("  %-11s median %9.3f ms  mean %9.3f ms  cv %5.2f%%\n", what,
	       *median / 1e6, mean / 1e6, 100 * sqrt(var) / mean);
}

/*
 * The configurations compared, each its own timed region: the bare
 * loop; the harness with no counters; with the default events as a run
 * counts them around timed reps (the per-fault ones left to counted
 * reps); and with every default event in the timed reps (counted=0).
 */
enum { C_BARE, C_NONE, C_DEFAULT, C_ALL, NCONF };
static const char *const conf_name[NCONF] = {
	"bare loop", "events=none", "default", "counted=0",
};

struct overhead {
	struct ctx c;
	struct ctr_set sets[NCONF];	/* C_DEFAULT and C_ALL used */
	uint64_t *ns[NCONF];
	size_t len;
};

static int one(struct overhead *o, int conf, uint64_t *ns)
{
	if (conf == C_BARE)
		return bare_rep(o->len, ns);
	o->c.ctrs = conf == C_NONE ? NULL : &o->sets[conf];
	return harness_rep(&o->c, ns);
}

/* Rounds of every configuration, each round in a rotated order. */
static int measure(struct overhead *o, unsigned long rounds)
{
	unsigned long i;
	uint64_t ns;
	int k, ret;

	/* One of each untimed first: the host backs fresh memory lazily. */
	for (k = 0; k < NCONF; k++) {
		ret = one(o, k, &ns);
		if (ret)
			return ret;
	}
	for (i = 0; i < rounds && !session_signal; i++) {
		for (k = 0; k < NCONF; k++) {
			int conf = (k + i) % NCONF;

			ret = one(o, conf, &o->ns[conf][i]);
			if (ret)
				return ret;
		}
	}
	return session_signal ? -EINTR : 0;
}

static int open_sets(struct overhead *o)
{
	char all[1024], timed[1024], costly[1024];
	int ret;

	counters_list(o->c.pt, all, sizeof(all));
	counters_split(all, timed, costly, sizeof(timed));
	ret = ctr_open(&o->sets[C_DEFAULT], timed);
	return ret ? ret : ctr_open(&o->sets[C_ALL], all);
}

static int one_size(const char *size, const char *mem, unsigned long rounds)
{
	char sz[64], err[ERRLEN], *args[5];
	struct overhead o = { .c = { .ntasks = 1 } };
	struct point *pt = NULL;
	double med[NCONF];
	struct spec spec;
	size_t n = 0;
	int k, ret;

	snprintf(sz, sizeof(sz), "size=%s", size);
	args[0] = "anon-fault";
	args[1] = sz;
	args[2] = "mode=write";
	args[3] = (char *)mem;
	if (spec_parse(4, args, "overhead", &spec, err, sizeof(err)) ||
	    spec_expand(&spec, &pt, &n, err, sizeof(err))) {
		fprintf(stderr, "mmbench: overhead: %s\n", err);
		free(pt);
		return -EINVAL;
	}
	if (pt->bench->supported(pt, err, sizeof(err))) {
		printf("overhead: size=%s skipped: %s\n", size, err);
		free(pt);
		return 0;
	}
	o.c.pt = pt;
	o.len = pt->v[3].num;
	for (k = 0, ret = 0; k < NCONF && !ret; k++) {
		o.ns[k] = calloc(rounds, sizeof(uint64_t));
		if (!o.ns[k])
			ret = -ENOMEM;
	}
	if (!ret)
		ret = open_sets(&o);
	if (!ret)
		ret = pt->bench->setup(&o.c);
	if (!ret)
		ret = measure(&o, rounds);
	pt->bench->teardown(&o.c);
	if (!ret) {
		printf("overhead: anon-fault size=%s mode=write %s, %lu rounds, rotating\n",
		       size, mem, rounds);
		for (k = 0; k < NCONF; k++)
			report(conf_name[k], o.ns[k], rounds, &med[k]);
		printf("  ratio       %.4f events=none / bare, %.4f default / events=none\n"
		       "              (medians; targets <= 1.01); %.4f counted=0 / events=none\n",
		       med[C_NONE] / med[C_BARE], med[C_DEFAULT] / med[C_NONE],
		       med[C_ALL] / med[C_NONE]);
	}
	for (k = 0; k < NCONF; k++) {
		ctr_close(&o.sets[k]);
		free(o.ns[k]);
	}
	free(pt);
	return ret;
}

int cmd_overhead(int argc, char **argv)
{
	char mem[64] = "mem=256M", sizes[128] = "4K,64K,2M", err[ERRLEN];
	char *tok, *save;
	unsigned long rounds = 20;
	int i, ret;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "mem=", 4)) {
			snprintf(mem, sizeof(mem), "%s", argv[i]);
		} else if (!strncmp(argv[i], "rounds=", 7)) {
			rounds = strtoul(argv[i] + 7, NULL, 10);
		} else if (!strncmp(argv[i], "size=", 5)) {
			snprintf(sizes, sizeof(sizes), "%s", argv[i] + 5);
		} else {
			fprintf(stderr, "mmbench: overhead: unknown '%s' (mem=, rounds=, size=)\n",
				argv[i]);
			return EXIT_USAGE;
		}
	}
	if (rounds < 3 || rounds > 10000) {
		fprintf(stderr, "mmbench: overhead: rounds must be 3..10000\n");
		return EXIT_USAGE;
	}
	ret = session_begin(NULL, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmbench: overhead: %s\n", err);
		return ret == -EPERM ? EXIT_SKIP : EXIT_FAIL;
	}
	ret = point_snaps(true);
	for (tok = strtok_r(sizes, ",", &save); tok && !ret;
	     tok = strtok_r(NULL, ",", &save)) {
		ret = one_size(tok, mem, rounds);
		if (session_reset_knobs() && !ret)
			ret = -EIO;
	}
	point_snaps(false);
	if (session_end() && !ret)
		ret = -EIO;
	if (ret) {
		fprintf(stderr, "mmbench: overhead: %s\n", ret == -EINTR ?
			"interrupted" : strerror(-ret));
		return ret == -EINVAL ? EXIT_USAGE : EXIT_FAIL;
	}
	return EXIT_OK;
}
