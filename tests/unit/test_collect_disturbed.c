// SPDX-License-Identifier: GPL-2.0
/*
 * Disturbed samples in the collector: the reader counts a point's
 * samples marked "disturbed" and its largest run-queue wait; the
 * summary (also with --metric), the whole table and the history mark
 * the point of the run that was disturbed, D3/10, and only that one, with
 * one note under the table; csv and json carry the count and the wait;
 * the setup differences say when a run started on a busy machine.
 */
#include <errno.h>
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
#include "collect/views/shape.h"
#include "collect/views/summary.h"
#include "collect/views/table.h"
#include "collect/views/timeline.h"

static char out[1 << 17];

struct text {
	char s[1 << 16];
	size_t off;
};

/*
 * n samples of anon-fault at size: throughput (first) and ns_per_fault;
 * the first k marked disturbed, their wait 4.2%, 3.2%.. of the region,
 * the others 0.3%.  sched false: samples from before the figures.
 */
static void fault(struct text *t, const char *size, double tp, int n, int k,
		  bool sched)
{
	char extra[128] = "";
	int i;

	for (i = 0; i < n; i++) {
		double v = tp * (1 + i / 100.0);

		if (sched)
			snprintf(extra, sizeof(extra),
				 ",\"sched\":{\"run_wait_ns\":1,\"nivcsw\":1,\"wait_pct\":%.1f},\"disturbed\":%s",
				 i < k ? 4.2 - i : 0.3, i < k ? "true" : "false");
		t->off += snprintf(t->s + t->off, sizeof(t->s) - t->off,
			"{\"bench\":\"anon-fault\",\"params\":{\"size\":\"%s\",\"mode\":\"write\",\"mem\":\"64M\"},\"metrics\":{"
			"\"throughput\":{\"value\":%.17g,\"unit\":\"GB/s\",\"better\":\"higher\",\"mean\":\"harmonic\"},"
			"\"ns_per_fault\":{\"value\":%.17g,\"unit\":\"ns\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}%s}\n",
			size, v, 1000 / v, extra);
	}
	assert_true(t->off < sizeof(t->s));
}

/*
 * Run i of two: 4K, 64K and 2M, 10 samples each, d64k and d2m of them
 * disturbed at 64K and 2M (64K is 40% slower in B); meta.json meta.
 */
static void make_run(struct crun *r, size_t i, int d64k, int d2m,
		     bool sched, const char *meta)
{
	struct text *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	fault(t, "4K", 10, 10, 0, sched);
	fault(t, "64K", i ? 12 : 20, 10, d64k, sched);
	fault(t, "2M", 30, 10, d2m, sched);
	memset(r, 0, sizeof(*r));
	assert_int_equal(coll_parse_samples(r, t->s, t->off, "x", stderr), 0);
	free(t);
	r->tag = coll_tag(i);
	r->idx = i;
	r->dir = strdup(i ? "/tmp/run-B" : "/tmp/run-A");
	r->label = strdup(i ? "series" : "base");
	r->release = strdup("6.18.0");
	r->started = strdup(i ? "2026-11-23T02:00:00+0000" :
			    "2026-11-23T01:00:00+0000");
	r->status = strdup("complete");
	r->meta = json_tokener_parse(meta ? meta : "{}");
}

/* a64k of A's 64K samples disturbed, b64k of B's, b2m of B's 2M. */
static void make_runs(struct crun *runs, int a64k, int b64k, int b2m)
{
	make_run(&runs[0], 0, a64k, 0, true, NULL);
	make_run(&runs[1], 1, b64k, b2m, true, NULL);
}

static void free_runs(struct crun *runs)
{
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

/* The view of runs in f: summary (metrics, NULL: headline), --all, history. */
enum view { SUMMARY, ALL, HISTORY };

static void show(struct crun *runs, enum view v, const char *metrics,
		 enum cfmt f)
{
	struct ccmp c = { .runs = runs, .nruns = 2, .ci = COLL_WELCH };
	struct csel sel = { .metrics = metrics };
	FILE *o = fmemopen(out, sizeof(out), "w");

	assert_non_null(o);
	if (v == HISTORY) {
		assert_int_equal(coll_history(runs, 2, "time", NULL,
					      COLL_WELCH, o, stderr), 0);
		fclose(o);
		return;
	}
	assert_int_equal(coll_match(&c, stderr), 0);
	if (v == ALL)
		assert_int_equal(coll_print(&c, f, o), 0);
	else
		assert_int_equal(coll_print_summary(&c, &sel, f, o, stderr), 0);
	fclose(o);
	coll_free_cmp(&c);
}

static void within_72(void)
{
	for (char *s = out, *e; (e = strchr(s, '\n')); s = e + 1)
		if (e - s > 72)
			fail_msg("line over 72 bytes: %.*s", (int)(e - s), s);
}

/* The summary line of the swept value val ("  64K  "), or NULL. */
static char *row_of(const char *val)
{
	static char buf[512];
	char *p = strstr(out, val), *e;

	if (!p)
		return NULL;
	while (p > out && p[-1] != '\n')
		p--;
	e = strchr(p, '\n');
	snprintf(buf, sizeof(buf), "%.*s", (int)(e - p), p);
	return buf;
}

/*
 * Row val of the summary split at B's CI, its second ±: A's cell (and
 * B's mean) into a, the rest of B's cell into b.
 */
static void split_row(const char *val, char *a, char *b, size_t size)
{
	char *l = row_of(val), *ci;

	assert_non_null(l);
	ci = strstr(strstr(l, "±") + 1, "±");
	assert_non_null(ci);
	snprintf(b, size, "%s", ci);
	snprintf(a, size, "%.*s", (int)(ci - l), l);
}

static size_t count(const char *what)
{
	size_t n = 0;

	for (char *p = out; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

static void test_reader(void **state)
{
	static const char text[] =
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{},\"disturbed\":true,\"sched\":{\"wait_pct\":2.5}}\n"
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{},\"disturbed\":false,\"sched\":{\"wait_pct\":0.5}}\n"
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{},\"disturbed\":\"yes\",\"sched\":{\"wait_pct\":\"9\"}}\n"
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{},\"disturbed\":true,\"sched\":{\"wait_pct\":7}}\n"
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{}}\n"
		"{\"bench\":\"c\",\"params\":{},\"metrics\":{}}\n";
	struct crun r = { 0 };
	struct cpoint *p;

	(void)state;
	assert_int_equal(coll_parse_samples(&r, text, strlen(text), "x",
					    stderr), 0);
	p = coll_find_point(&r, "b");
	assert_non_null(p);
	assert_int_equal(p->samples, 5);
	/* a string is not a mark, nor a figure */
	assert_int_equal(p->disturbed, 2);
	assert_int_equal(p->sched, 3);
	assert_true(p->wait_max == 7);
	/* from before the figures: nothing either way */
	p = coll_find_point(&r, "c");
	assert_int_equal(p->disturbed, 0);
	assert_int_equal(p->sched, 0);
	coll_free_run(&r);
}

/* B's 64K cell is marked, A's is not; one note; 72 columns. */
static void test_summary(void **state)
{
	struct crun runs[2];
	char a[256], b[256];

	(void)state;
	make_runs(runs, 0, 3, 0);
	show(runs, SUMMARY, NULL, CF_TEXT);
	within_72();
	/* after B's CI, not in A's cell; before the change and its mark */
	split_row(" 64K ", a, b, sizeof(b));
	assert_non_null(strstr(b, " D3/10 "));
	assert_null(strstr(a, "D3/10"));
	assert_non_null(strstr(strstr(b, "D3/10"), "% --"));
	assert_int_equal(count("D3/10"), 2);	/* the cell and the note */
	assert_null(strstr(row_of(" 4K "), " D"));
	assert_null(strstr(row_of(" 2M "), " D"));
	assert_non_null(strstr(out, "\nD3/10: 3 of 10 samples waited on the run queue more than 1% of their\n  timed region, at most 4.2%; rerun on a quiet machine\n"));
	/* the note stands before the sensitivity */
	assert_true(strstr(out, "rerun on a quiet") <
		    strstr(out, "smallest change each point"));
	/* --metric: the same mark */
	show(runs, SUMMARY, "ns_per_fault", CF_TEXT);
	within_72();
	assert_non_null(strstr(row_of(" 64K "), " D3/10 "));
	assert_int_equal(count("D3/10"), 2);
	free_runs(runs);
}

/* The other way round: A disturbed, B quiet; and several marks. */
static void test_summary_a_and_many(void **state)
{
	struct crun runs[2];
	char a[256], b[256];

	(void)state;
	make_runs(runs, 2, 0, 0);
	show(runs, SUMMARY, NULL, CF_TEXT);
	within_72();
	split_row(" 64K ", a, b, sizeof(b));
	assert_non_null(strstr(a, " D2/10 "));
	assert_null(strstr(b, "D2/10"));
	assert_non_null(strstr(out, "D2/10: 2 of 10 samples"));
	free_runs(runs);

	make_runs(runs, 1, 3, 10);
	show(runs, SUMMARY, NULL, CF_TEXT);
	within_72();
	assert_non_null(strstr(row_of(" 64K "), "D1/10"));
	assert_non_null(strstr(row_of(" 64K "), "D3/10"));
	assert_non_null(strstr(row_of(" 2M "), "D10/10"));
	assert_int_equal(count("rerun on a quiet machine"), 1);
	assert_non_null(strstr(out, "\nDk/n: k of the point's n samples waited on the run queue more than 1%"));
	assert_non_null(strstr(out, "(3 marks, at most 4.2%)"));
	free_runs(runs);
}

/* No disturbed sample: no mark, no note, the table as it was. */
static void test_quiet(void **state)
{
	struct crun runs[2];
	static char before[sizeof(out)];

	(void)state;
	make_run(&runs[0], 0, 0, 0, false, NULL);
	make_run(&runs[1], 1, 0, 0, false, NULL);
	show(runs, SUMMARY, NULL, CF_TEXT);
	memcpy(before, out, sizeof(out));
	free_runs(runs);
	make_runs(runs, 0, 0, 0);
	show(runs, SUMMARY, NULL, CF_TEXT);
	assert_string_equal(out, before);
	assert_null(strstr(out, "D0/"));
	assert_null(strstr(out, "quiet machine"));
	show(runs, ALL, NULL, CF_TEXT);
	assert_null(strstr(out, "disturbed"));
	show(runs, HISTORY, NULL, CF_TEXT);
	assert_null(strstr(out, "disturbed"));
	free_runs(runs);
}

/* --all and history: a line under the point's heading, the note. */
static void test_all_and_history(void **state)
{
	struct crun runs[2];
	enum view v;
	char *at64k, *at2m;

	(void)state;
	for (v = ALL; v <= HISTORY; v++) {
		make_runs(runs, 0, 3, 0);
		show(runs, v, NULL, CF_TEXT);
		within_72();
		at64k = strstr(out, "\nanon-fault size=64K mode=write mem=64M\n");
		at2m = strstr(out, "\nanon-fault size=2M mode=write mem=64M\n");
		assert_true(at64k && at2m);
		assert_non_null(strstr(at64k, "mem=64M\n  disturbed: B D3/10 (at most 4.2%)\n"));
		assert_int_equal(count("  disturbed: "), 1);
		assert_true(strstr(out, "  disturbed: ") < at2m);
		assert_non_null(strstr(out, "\nD3/10: 3 of 10 samples waited"));
		free_runs(runs);
	}
}

/* csv and json: the count and the largest wait per point and run. */
static void test_exports(void **state)
{
	struct json_object *o, *rows, *row, *rs, *e, *v;
	struct crun runs[2];
	const char *params;
	size_t i, k, seen = 0;
	char *l;

	(void)state;
	make_runs(runs, 0, 3, 0);
	show(runs, SUMMARY, NULL, CF_CSV);
	assert_non_null(strstr(out, ",A_ci_pct,A_disturbed,A_wait_pct_max,B_state,"));
	assert_non_null(strstr(out, ",B_detectable_pct,B_disturbed,B_wait_pct_max\n"));
	l = strstr(out, "\"size\",\"64K\"");
	assert_non_null(l);
	*strchr(l, '\n') = '\0';
	assert_non_null(strstr(l, ",3,4.2"));
	assert_non_null(strstr(l, ",0,0.3,ok,"));	/* A's group: quiet */
	show(runs, ALL, NULL, CF_CSV);
	assert_non_null(strstr(out, ",note,disturbed,wait_pct_max,ci_method,detectable_pct\n"));
	assert_non_null(strstr(out, "\"size=64K mode=write mem=64M\",\"throughput\",\"GB/s\",\"higher\",\"harmonic\",B,\"series\",\"6.18.0\",ok,10,"));
	l = strstr(out, "\"size=64K mode=write mem=64M\",\"throughput\",\"GB/s\",\"higher\",\"harmonic\",B,");
	*strchr(l, '\n') = '\0';
	assert_non_null(strstr(l, "\"\",3,4.2,welch,"));
	show(runs, SUMMARY, NULL, CF_JSON);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "rows", &rows));
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		params = json_object_get_string(json_object_object_get(row, "params"));
		assert_true(json_object_object_get_ex(row, "runs", &rs));
		for (k = 0; k < 2; k++) {
			e = json_object_array_get_idx(rs, k);
			assert_true(json_object_object_get_ex(e, "disturbed", &v));
			assert_int_equal(json_object_get_int(v),
					 k && !strncmp(params, "size=64K", 8) ? 3 : 0);
			assert_true(json_object_object_get_ex(e, "wait_pct_max", &v));
			assert_true(json_object_get_double(v) ==
				    (k && !strncmp(params, "size=64K", 8) ? 4.2 : 0.3));
			seen++;
		}
	}
	assert_int_equal(seen, 3 * 2 * 2);
	json_object_put(o);
	free_runs(runs);
	/* runs from before the figures: no keys, empty csv cells */
	make_run(&runs[0], 0, 0, 0, false, NULL);
	make_run(&runs[1], 1, 0, 0, false, NULL);
	show(runs, SUMMARY, NULL, CF_JSON);
	assert_null(strstr(out, "disturbed"));
	show(runs, SUMMARY, NULL, CF_CSV);
	assert_non_null(strstr(out, ",,\n"));
	free_runs(runs);
}

/* Setup differences: machine_load.busy where a run started busy only. */
static void test_busy(void **state)
{
	static const char *const quiet =
		"{\"machine_load\":{\"other_runnable\":0,\"loadavg_1m\":0.1,\"cpus\":2,\"busy\":false}}";
	static const char *const busy =
		"{\"machine_load\":{\"other_runnable\":3,\"loadavg_1m\":3.5,\"cpus\":2,\"cpu_some_avg10\":40.1,\"busy\":true}}";
	struct crun runs[2];

	(void)state;
	make_run(&runs[0], 0, 0, 0, true, quiet);
	make_run(&runs[1], 1, 0, 0, true, busy);
	show(runs, SUMMARY, NULL, CF_TEXT);
	within_72();
	assert_non_null(strstr(out, "\nsetup differences that could explain a delta:\n  machine_load.busy: A=false B=true\n"));
	/* the load itself is a measurement, not the setup */
	assert_null(strstr(out, "loadavg"));
	assert_null(strstr(out, "other_runnable"));
	free_runs(runs);
	/* both quiet, their loads apart: nothing */
	make_run(&runs[0], 0, 0, 0, true, quiet);
	make_run(&runs[1], 1, 0, 0, true,
		 "{\"machine_load\":{\"other_runnable\":0,\"loadavg_1m\":1.7,\"cpus\":2,\"busy\":false}}");
	show(runs, SUMMARY, NULL, CF_TEXT);
	assert_null(strstr(out, "machine_load"));
	free_runs(runs);
	/* quiet against a run from before machine_load: nothing */
	make_run(&runs[0], 0, 0, 0, true, "{\"label\":\"x\"}");
	make_run(&runs[1], 1, 0, 0, true, quiet);
	show(runs, SUMMARY, NULL, CF_TEXT);
	assert_null(strstr(out, "machine_load"));
	free_runs(runs);
	/* busy against one from before: said */
	make_run(&runs[0], 0, 0, 0, true, "{\"label\":\"x\"}");
	make_run(&runs[1], 1, 0, 0, true, busy);
	show(runs, SUMMARY, NULL, CF_TEXT);
	assert_non_null(strstr(out, "machine_load.busy: A=(absent) B=true"));
	free_runs(runs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader),
		cmocka_unit_test(test_summary),
		cmocka_unit_test(test_summary_a_and_many),
		cmocka_unit_test(test_quiet),
		cmocka_unit_test(test_all_and_history),
		cmocka_unit_test(test_exports),
		cmocka_unit_test(test_busy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
