// SPDX-License-Identifier: GPL-2.0
/*
 * The summary of a comparison: one block per benchmark and fixed
 * parameters, a row per size in numeric order, a column per run, the
 * headline metric only (or those --metric names), twins said once, every
 * line within 72 columns however many runs; markdown and csv in the same
 * shape, json whole; the shape itself (swept parameter, blocks, fixed
 * params); and history --pairs finding the rebase where what a series
 * buys changed.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "collect/model/match.h"
#include "collect/model/reader.h"
#include "collect/views/cell.h"
#include "collect/views/pairs.h"
#include "collect/views/shape.h"
#include "collect/views/summary.h"
#include "collect/views/sweep.h"
#include "collect/views/table.h"

static char out[1 << 17];

struct text {
	char s[1 << 16];
	size_t off;
};

/*
 * anon-fault: throughput (first), ns_per_fault and ns_per_4k, the same
 * as ns_per_fault at 4K as the harness makes them; 5 reps of tp * (1 +
 * i/100).
 */
static void fault(struct text *t, const char *size, const char *mode,
		  double tp, int n)
{
	double kib = !strcmp(size, "4K") ? 4 : !strcmp(size, "64K") ? 64 :
		     !strcmp(size, "16K") ? 16 : 2048;
	int i;

	for (i = 0; i < n; i++) {
		double v = tp * (1 + i / 100.0), ns = kib * 1024 / v;

		t->off += snprintf(t->s + t->off, sizeof(t->s) - t->off,
			"{\"bench\":\"anon-fault\",\"params\":{\"size\":\"%s\",\"mode\":\"%s\",\"policy\":\"always\",\"mem\":\"64M\"},\"metrics\":{"
			"\"throughput\":{\"value\":%.17g,\"unit\":\"GB/s\",\"better\":\"higher\",\"mean\":\"harmonic\"},"
			"\"ns_per_fault\":{\"value\":%.17g,\"unit\":\"ns\",\"better\":\"lower\",\"mean\":\"arithmetic\"},"
			"\"ns_per_4k\":{\"value\":%.17g,\"unit\":\"ns\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n",
			size, mode, v, ns, ns * 4 / kib);
	}
	assert_true(t->off < sizeof(t->s));
}

/* zap: time first, by size and op */
static void zap(struct text *t, const char *size, const char *op, double us)
{
	int i;

	for (i = 0; i < 5; i++)
		t->off += snprintf(t->s + t->off, sizeof(t->s) - t->off,
			"{\"bench\":\"zap\",\"params\":{\"size\":\"%s\",\"op\":\"%s\",\"mem\":\"1G\"},\"metrics\":{"
			"\"time\":{\"value\":%g,\"unit\":\"us\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n",
			size, op, us + i);
}

static void finish(struct crun *r, struct text *t, size_t i,
		   const char *label, const char *release, const char *meta)
{
	char dir[64];

	memset(r, 0, sizeof(*r));
	assert_int_equal(coll_parse_samples(r, t->s, t->off, "x", stderr), 0);
	snprintf(dir, sizeof(dir), "/tmp/run-%c", coll_tag(i));
	r->tag = coll_tag(i);
	r->idx = i;
	r->dir = strdup(dir);
	r->label = strdup(label);
	r->release = strdup(release);
	r->started = strdup("2026-11-23T01:02:03+0000");
	r->status = strdup("complete");
	r->meta = json_tokener_parse(meta ? meta : "{}");
}

/*
 * Run i: anon-fault at 2M, 64K, 4K (out of order, as a workload may give
 * them) write and 4K read; zap by op and size.  Runs after A are 20%
 * faster at 64K write.
 */
static void make_runs(struct crun *runs, size_t n)
{
	static const char *const sizes[] = { "2M", "64K", "4K" };
	size_t r, s;

	for (r = 0; r < n; r++) {
		struct text *t = calloc(1, sizeof(*t));

		assert_non_null(t);
		for (s = 0; s < 3; s++)
			fault(t, sizes[s], "write",
			      (s == 1 && r ? 1.2 : 1.0) * (10 + s), 5);
		fault(t, "4K", "read", 4, 5);
		zap(t, "4K", "munmap", 100);
		zap(t, "2M", "munmap", 10);
		zap(t, "4K", "dontneed", 90);
		zap(t, "2M", "dontneed", 9);
		finish(&runs[r], t, r, r ? "series-v3" : "base", "6.18.0", NULL);
		free(t);
	}
}

static void free_runs(struct crun *runs, size_t n)
{
	while (n--)
		coll_free_run(&runs[n]);
}

static int summary(struct crun *runs, size_t n, const char *metrics,
		   enum cfmt f)
{
	struct ccmp c = { .runs = runs, .nruns = n, .ci = COLL_WELCH };
	struct csel sel = { .metrics = metrics };
	FILE *o = fmemopen(out, sizeof(out), "w");
	int ret;

	assert_non_null(o);
	assert_int_equal(coll_match(&c, stderr), 0);
	ret = coll_print_summary(&c, &sel, f, o, stderr);
	fclose(o);
	coll_free_cmp(&c);
	return ret;
}

static void within_72(void)
{
	for (char *s = out, *e; (e = strchr(s, '\n')); s = e + 1)
		if (e - s > 72)
			fail_msg("line over 72 bytes: %.*s", (int)(e - s), s);
}

/* The line of out that starts with prefix, or NULL. */
static char *line_of(const char *prefix)
{
	static char buf[512];
	char *p = out, *q;

	for (; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, prefix, strlen(prefix)))
			continue;
		q = strchr(p, '\n');
		snprintf(buf, sizeof(buf), "%.*s", (int)(q - p), p);
		return buf;
	}
	return NULL;
}

static size_t count(const char *what)
{
	size_t n = 0;

	for (char *p = out; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void test_text_shape(void **state)
{
	struct crun runs[2];
	char *l, *at4k, *at64k, *at2m;

	(void)state;
	make_runs(runs, 2);
	assert_int_equal(summary(runs, 2, NULL, CF_TEXT), 0);
	within_72();
	/* the headline only, once per benchmark and metric */
	assert_int_equal(count("\nanon-fault throughput GB/s, higher is better; policy=always mem=64M\n"), 1);
	assert_int_equal(count("\nzap time us, lower is better; mem=1G\n"), 1);
	assert_int_equal(count("ns_per_fault"), 0);
	assert_int_equal(count("ns_per_4k"), 0);
	/* the columns: one per run, named */
	l = strstr(out, "  A base");
	assert_non_null(l);
	assert_non_null(strstr(l, "  B series-v3"));
	/* a block label left of its rows, sizes in numeric order */
	l = line_of("mode=write");
	assert_non_null(l);
	assert_non_null(strstr(l, " 4K "));
	at4k = strstr(out, "mode=write");
	at64k = strstr(at4k, " 64K ");
	at2m = strstr(at4k, " 2M ");
	assert_true(at4k && at64k && at2m && at64k < at2m);
	/* 64K: 20% faster, marked; its A cell has mean ± CI */
	l = strstr(out, " 64K ");
	assert_non_null(l);
	assert_non_null(strstr(l, "±"));
	assert_non_null(strstr(l, "+20.0% ++"));
	l = line_of("mode=read");
	assert_non_null(l);
	assert_null(strstr(l, "++"));
	/* zap: a block per op */
	assert_non_null(line_of("op=munmap"));
	assert_non_null(line_of("op=dontneed"));
	/* one sentence of sensitivity per later run */
	assert_non_null(strstr(out, "\n  B against A: "));
	free_runs(runs, 2);
}

/* Many runs: A repeated in each table, no line over 72 columns. */
static void test_many_runs(void **state)
{
	struct crun runs[5];

	(void)state;
	make_runs(runs, 5);
	assert_int_equal(summary(runs, 5, NULL, CF_TEXT), 0);
	within_72();
	assert_non_null(strstr(out, "  E series-v3"));
	assert_true(count("  A base") >= 2);
	assert_non_null(strstr(out, "\n  E against A: "));
	free_runs(runs, 5);
}

/* --metric: the ones named; a twin said, not printed twice. */
static void test_metric_and_twins(void **state)
{
	struct crun runs[2];
	char *l;

	(void)state;
	make_runs(runs, 2);
	assert_int_equal(summary(runs, 2, "ns_per_fault,ns_per_4k", CF_TEXT), 0);
	within_72();
	assert_int_equal(count("throughput"), 0);
	assert_non_null(strstr(out, "\nanon-fault ns_per_fault ns, lower is better"));
	l = strstr(out, "\nanon-fault ns_per_4k ns, lower is better");
	assert_non_null(l);
	assert_non_null(strstr(l, "4K  the same values as ns_per_fault"));
	/* at 64K they differ: numbers */
	l = strstr(l, " 64K ");
	assert_non_null(l);
	assert_null(memmem(l, strchr(l, '\n') - l, "same values", 11));
	assert_int_equal(summary(runs, 2, "nope", CF_TEXT), -ENOENT);
	free_runs(runs, 2);
}

/* markdown and csv: the same shape; json: every row, twins named. */
static void test_formats(void **state)
{
	struct json_object *o, *rows, *row, *v;
	struct crun runs[2];
	size_t i, lines = 0, twins = 0;

	(void)state;
	make_runs(runs, 2);
	assert_int_equal(summary(runs, 2, NULL, CF_MARKDOWN), 0);
	assert_non_null(strstr(out, "**anon-fault** throughput (GB/s, higher is better), by size; policy=always mem=64M\n\n| | size | A base | B series-v3 |\n|---|--:|--:|--:|\n| mode=write | 4K | "));
	assert_non_null(strstr(out, "**+20.0% ++** |"));
	assert_non_null(strstr(out, "\n- B against A: "));
	assert_int_equal(summary(runs, 2, NULL, CF_CSV), 0);
	assert_non_null(strstr(out, "bench,metric,unit,better,fixed,block,param,value,same_as,A_state,A_n,A_mean,A_ci_pct,A_disturbed,A_wait_pct_max,B_state,B_n,B_mean,B_ci_pct,B_change_pct,B_ci_lo_pct,B_ci_hi_pct,B_significance,B_detectable_pct,B_disturbed,B_wait_pct_max\n"));
	assert_non_null(strstr(out, "\"anon-fault\",\"throughput\",\"GB/s\",higher,\"policy=always mem=64M\",\"mode=write\",\"size\",\"64K\",\"\",ok,5,"));
	for (char *s = out; (s = strchr(s, '\n')); s++)
		lines++;
	assert_int_equal(lines, 1 + 4 + 4);	/* header, 4 + 4 points */
	assert_non_null(strstr(out, ",improvement,"));
	assert_int_equal(summary(runs, 2, NULL, CF_JSON), 0);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "rows", &rows));
	/* 4 points x 3 metrics + 4 points x 1 */
	assert_int_equal(json_object_array_length(rows), 16);
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		if (!json_object_object_get_ex(row, "same_as", &v))
			continue;
		twins++;
		assert_string_equal(json_object_get_string(v), "ns_per_fault");
	}
	assert_int_equal(twins, 2);	/* 4K write and 4K read */
	json_object_put(o);
	free_runs(runs, 2);
}

/* --all: today's table, the twin said in one line. */
static void test_all(void **state)
{
	struct ccmp c = { .ci = COLL_WELCH };
	struct crun runs[2];
	FILE *o;

	(void)state;
	make_runs(runs, 2);
	c.runs = runs;
	c.nruns = 2;
	o = fmemopen(out, sizeof(out), "w");
	assert_int_equal(coll_match(&c, stderr), 0);
	assert_int_equal(coll_print(&c, CF_TEXT, o), 0);
	fclose(o);
	within_72();
	assert_non_null(strstr(out, "  run  n      mean    median    stddev    cv% change%  95% CI\n"));
	assert_int_equal(count(" ns_per_4k ns: the same values as ns_per_fault\n"), 2);
	assert_int_equal(count(" ns_per_4k ns, lower is better"), 2);	/* 64K, 2M */
	coll_free_cmp(&c);
	free_runs(runs, 2);
}

/* The shape: swept parameter, blocks, fixed params, order. */
static void test_shape(void **state)
{
	static const char walk[] =
		"{\"bench\":\"walk\",\"params\":{\"state\":\"%s\",\"op\":\"%s\",\"mem\":\"64M\"},\"metrics\":{\"time\":{\"value\":%d,\"unit\":\"us\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n";
	static const char *const states[] = { "present", "swapped" };
	static const char *const ops[] = { "pagemap", "mprotect", "fork" };
	struct ccmp c = { .ci = COLL_WELCH };
	struct crun runs[1];
	struct cshape sh;
	struct text *t = calloc(1, sizeof(*t));
	size_t s, o, k;

	(void)state;
	assert_non_null(t);
	fault(t, "64K", "write", 5, 3);
	fault(t, "4K", "write", 5, 3);
	fault(t, "2M", "write", 5, 3);
	for (s = 0; s < 2; s++)
		for (o = 0; o < 3; o++)
			for (k = 0; k < 2; k++)
				t->off += snprintf(t->s + t->off, sizeof(t->s) - t->off,
						   walk, states[s], ops[o],
						   (int)(10 * o + k));
	zap(t, "4K", "munmap", 1);
	finish(&runs[0], t, 0, "base", "6.18.0", NULL);
	free(t);
	c.runs = runs;
	c.nruns = 1;
	assert_int_equal(coll_match(&c, stderr), 0);
	assert_int_equal(coll_shape(&c, NULL, NULL, &sh), 0);
	assert_int_equal(sh.ns, 3);
	/* anon-fault: by size, in order, one block */
	assert_string_equal(sh.s[0].bench, "anon-fault");
	assert_string_equal(sh.s[0].def->name, "throughput");
	assert_string_equal(sh.s[0].param, "size");
	assert_int_equal(sh.s[0].kind, CX_SIZE);
	assert_int_equal(sh.s[0].nb, 1);
	assert_string_equal(sh.s[0].fixed, "mode=write policy=always mem=64M");
	assert_string_equal(sh.s[0].b[0].r[0].val, "4K");
	assert_string_equal(sh.s[0].b[0].r[1].val, "64K");
	assert_string_equal(sh.s[0].b[0].r[2].val, "2M");
	assert_true(sh.s[0].b[0].r[2].x == 2048);
	/* walk: no size; op has the most values, a block per state */
	assert_string_equal(sh.s[1].param, "op");
	assert_int_equal(sh.s[1].kind, CX_WORD);
	assert_int_equal(sh.s[1].nb, 2);
	assert_string_equal(sh.s[1].b[1].label, "state=swapped");
	assert_string_equal(sh.s[1].fixed, "mem=64M");
	assert_string_equal(sh.s[1].b[0].r[2].val, "fork");
	/* zap: one point; nothing swept, its params fixed */
	assert_null(sh.s[2].param);
	assert_string_equal(sh.s[2].fixed, "size=4K op=munmap mem=1G");
	coll_free_shape(&sh);
	/* --all: every metric of anon-fault, its own section each */
	{
		struct csel all = { .all = true };

		assert_int_equal(coll_shape(&c, &all, NULL, &sh), 0);
		assert_int_equal(sh.ns, 5);
		coll_free_shape(&sh);
	}
	coll_free_cmp(&c);
	free_runs(runs, 1);
	assert_true(coll_size_kib("2M") == 2048);
	assert_true(coll_size_kib("4096") == 4);
	assert_true(isnan(coll_size_kib("pmd")));
	assert_true(coll_in_list("a,bb,c", "bb"));
	assert_false(coll_in_list("a,bb,c", "b"));
}

/*
 * Four rebases, each a base and a series run: the series buys 10% at
 * 4K until rebase 3, where it buys nothing; 6% at 64K throughout.
 */
static void make_rebases(struct crun *runs, bool manifest)
{
	char meta[512], rel[64], started[64];
	size_t k, role;

	for (k = 0; k < 4; k++) {
		for (role = 0; role < 2; role++) {
			struct text *t = calloc(1, sizeof(*t));
			size_t i = 2 * k + role;

			assert_non_null(t);
			fault(t, "4K", "write", role && k < 2 ? 11 : 10, 5);
			fault(t, "64K", "write", role ? 21.2 : 20, 5);
			snprintf(rel, sizeof(rel), "6.18.0-rc%zu-mmbench-%s",
				 k + 1, role ? "3f9a1c" : "base");
			if (manifest) {
				/* the same release every week: the commit tells */
				snprintf(rel, sizeof(rel), "6.18.0");
				snprintf(meta, sizeof(meta),
					 "{\"kernel\":{\"manifest\":{\"variant\":\"%s\",\"source\":{\"base_commit\":\"c0ffee%zu\"}}}}",
					 role ? "series" : "base", k);
			}
			finish(&runs[i], t, i, role ? "v3" : "mm", rel,
			       manifest ? meta : NULL);
			/* started out of order on the command line */
			free(runs[i].started);
			snprintf(started, sizeof(started),
				 "2026-11-%02zuT0%zu:00:00+0000", 1 + 7 * k,
				 1 + role);
			runs[i].started = strdup(started);
			free(t);
		}
	}
}

static void check_pairs(struct crun *runs, const char *how)
{
	struct csel sel = { 0 };
	FILE *o = fmemopen(out, sizeof(out), "w"), *err;
	char msg[4096] = "";
	char *at4k, *at64k;

	assert_non_null(o);
	err = fmemopen(msg, sizeof(msg), "w");
	assert_int_equal(coll_history_pairs(runs, 8, &sel, NULL, COLL_WELCH,
					    o, err), 0);
	fclose(o);
	fclose(err);
	within_72();
	if (*msg)
		fail_msg("%s: unexpected messages: %s", how, msg);
	at4k = strstr(out, "\n  size=4K\n");
	at64k = strstr(out, "\n  size=64K\n");
	assert_true(at4k && at64k && at4k < at64k);
	/* rebase 1: +10% at 4K, marked; rebase 3 steps down */
	assert_non_null(strstr(at4k, "\n    1  +10.0% ["));
	assert_non_null(strstr(at4k, "\n    3   +0.0% ["));
	assert_non_null(strstr(at4k, "step -10.0% ["));
	assert_int_equal(count("  step "), 1);
	assert_null(strstr(at64k, "step"));
	assert_non_null(strstr(at64k, "\n    4   +6.0% ["));
}

static void test_pairs(void **state)
{
	struct crun runs[8], t;

	(void)state;
	make_rebases(runs, false);
	/* the command line's order does not matter: start times do */
	t = runs[0];
	runs[0] = runs[5];
	runs[5] = t;
	check_pairs(runs, "releases");
	assert_non_null(strstr(out, "  1: 6.18.0-rc1: mm 6.18.0-rc1-mmbench-base, v3"));
	free_runs(runs, 8);
	make_rebases(runs, true);
	check_pairs(runs, "manifests");
	assert_non_null(strstr(out, "  3: c0ffee2: mm 6.18.0, v3 6.18.0"));
	free_runs(runs, 8);
}

/* Runs that do not pair: said, and -ENODATA. */
static void test_no_pairs(void **state)
{
	struct crun runs[2];
	struct csel sel = { 0 };
	char msg[4096];
	FILE *o, *err;

	(void)state;
	make_runs(runs, 2);
	free(runs[0].release);
	runs[0].release = strdup("6.18.0");
	free(runs[1].release);
	runs[1].release = strdup("6.19.0");
	o = fmemopen(out, sizeof(out), "w");
	err = fmemopen(msg, sizeof(msg), "w");
	assert_int_equal(coll_history_pairs(runs, 2, &sel, NULL, COLL_WELCH,
					    o, err), -ENODATA);
	fclose(o);
	fclose(err);
	assert_non_null(strstr(msg, "no rebase has both a base run and a series run"));
	free_runs(runs, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_shape),
		cmocka_unit_test(test_many_runs),
		cmocka_unit_test(test_metric_and_twins),
		cmocka_unit_test(test_formats),
		cmocka_unit_test(test_all),
		cmocka_unit_test(test_shape),
		cmocka_unit_test(test_pairs),
		cmocka_unit_test(test_no_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
