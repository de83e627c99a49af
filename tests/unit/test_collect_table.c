// SPDX-License-Identifier: GPL-2.0
/*
 * Matching and output: significance marks in the metric's direction,
 * fallback points never compared, setup differences listed, the text
 * table within 72 columns, csv and json that parse.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "collect/model/match.h"
#include "collect/model/reader.h"
#include "collect/views/table.h"

static char out[65536];

#define SAMPLE "{\"bench\":\"anon-fault\",\"params\":{\"size\":\"%s\",\"mode\":\"write\",\"policy\":\"always\",\"mem\":\"64M\",\"use_zero_page\":\"1\"},\"metrics\":{" \
	"\"throughput\":{\"value\":%g,\"unit\":\"GB/s\",\"better\":\"higher\",\"mean\":\"harmonic\"}," \
	"\"ns_per_fault\":{\"value\":%g,\"unit\":\"ns\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}%s}\n"

/*
 * A run with 5 samples at 4K and 64K: throughput tp + i/10 and
 * ns_per_fault ns + i; 64K can be marked as fallen back.
 */
static void make_run(struct crun *r, char tag, double tp, double ns,
		     bool fallback, const char *meta)
{
	char text[8192];
	size_t off = 0;
	int i;

	memset(r, 0, sizeof(*r));
	for (i = 0; i < 5; i++) {
		off += snprintf(text + off, sizeof(text) - off, SAMPLE, "4K",
				tp + i / 10.0, ns + i, "");
		off += snprintf(text + off, sizeof(text) - off, SAMPLE, "64K",
				tp + i / 10.0, ns + i, fallback ?
				",\"fallback\":true,\"fallback_reason\":\"only 4K folios\"" : "");
	}
	assert_int_equal(coll_parse_samples(r, text, off, "x", stderr), 0);
	r->tag = tag;
	r->dir = strdup(tag == 'A' ? "/tmp/results/vm/6.18.0/20261123-010203-base"
				   : "/tmp/results/vm/6.18.0-series/20261123-020304-a-rather-long-label-v3");
	r->label = strdup(tag == 'A' ? "base" : "a-rather-long-label-v3");
	r->release = strdup(tag == 'A' ? "6.18.0" : "6.18.0-series");
	r->started = strdup("2026-11-23T01:02:03+0000");
	r->status = strdup("complete");
	r->meta = json_tokener_parse(meta);
}

static const char *meta_a = "{\"cpu\":{\"model\":\"AMD EPYC\"},\"kernel\":{\"release\":\"6.18.0\",\"cmdline\":\"quiet console=ttyS0 mitigations=auto\"},\"label\":\"base\",\"thp_knobs\":{\"enabled\":\"never\"}}";
static const char *meta_b = "{\"cpu\":{\"model\":\"Intel Xeon\"},\"kernel\":{\"release\":\"6.18.0-series\",\"cmdline\":\"quiet console=ttyS0 mitigations=off\"},\"label\":\"v3\",\"thp_knobs\":{\"enabled\":\"never\"}}";

static void cmp_print(struct crun *runs, enum cfmt f, enum coll_ci ci)
{
	struct ccmp c = { .runs = runs, .nruns = 2, .ci = ci };
	FILE *o = fmemopen(out, sizeof(out), "w");

	assert_non_null(o);
	assert_int_equal(coll_match(&c, stderr), 0);
	assert_int_equal(coll_print(&c, f, o), 0);
	fclose(o);
	coll_free_cmp(&c);
}

/* The line of out that starts with prefix, after the line holding after. */
static char *line_after(const char *after, const char *prefix)
{
	static char buf[256];
	char *p = strstr(out, after), *q;

	assert_non_null(p);
	while ((p = strchr(p, '\n'))) {
		p++;
		if (!strncmp(p, prefix, strlen(prefix)))
			break;
	}
	assert_non_null(p);
	q = strchr(p, '\n');
	snprintf(buf, sizeof(buf), "%.*s", (int)(q - p), p);
	return buf;
}

static void test_marks_and_width(void **state)
{
	struct crun runs[2];
	char *l;

	(void)state;
	/* B: throughput up 20%, ns down 20%: both improvements */
	make_run(&runs[0], 'A', 10, 1000, false, meta_a);
	make_run(&runs[1], 'B', 12, 800, false, meta_b);
	cmp_print(runs, CF_TEXT, COLL_WELCH);
	for (char *s = out, *e; (e = strchr(s, '\n')); s = e + 1)
		if (e - s > 72)
			fail_msg("line over 72 columns: %.*s", (int)(e - s), s);
	assert_non_null(strstr(out, "Welch's t"));
	assert_non_null(strstr(out, "A: base, kernel 6.18.0"));
	assert_non_null(strstr(out, "B: a-rather-long-label-v3, kernel 6.18.0-series"));
	l = line_after("throughput GB/s, higher is better, harmonic mean", "  B");
	assert_non_null(strstr(l, " ++"));
	l = line_after("ns_per_fault ns, lower is better", "  B");
	assert_non_null(strstr(l, "-20.0%"));
	assert_non_null(strstr(l, " ++"));
	/* setup differences: plain values and cmdline words */
	assert_non_null(strstr(out, "cpu.model: A=AMD EPYC B=Intel Xeon"));
	assert_non_null(strstr(out, "kernel.cmdline: B vs A: +mitigations=off\n      -mitigations=auto") ||
			strstr(out, "kernel.cmdline: B vs A: +mitigations=off -mitigations=auto"));
	assert_null(strstr(out, "thp_knobs.enabled"));
	assert_null(strstr(out, "label:"));
	coll_free_run(&runs[1]);
	/* the other way round: both regressions */
	make_run(&runs[1], 'B', 8, 1200, false, meta_a);
	cmp_print(runs, CF_TEXT, COLL_BOOTSTRAP);
	assert_non_null(strstr(out, "bootstrap"));
	l = line_after("throughput GB/s", "  B");
	assert_non_null(strstr(l, " --"));
	l = line_after("ns_per_fault ns", "  B");
	assert_non_null(strstr(l, "+20.0%"));
	assert_non_null(strstr(l, " --"));
	/* same setup: no differences listed */
	assert_null(strstr(out, "setup differences"));
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

static void test_no_mark_when_overlapping(void **state)
{
	struct crun runs[2];
	char *l;

	(void)state;
	make_run(&runs[0], 'A', 10, 1000, false, meta_a);
	make_run(&runs[1], 'B', 10.05, 1001, false, meta_a);
	cmp_print(runs, CF_TEXT, COLL_WELCH);
	l = line_after("throughput GB/s", "  B");
	assert_null(strstr(l, "++"));
	assert_null(strstr(l, "--"));
	assert_non_null(strstr(l, "["));
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

static void test_fallback_not_compared(void **state)
{
	struct json_object *o, *rows, *row, *rb;
	struct crun runs[2];
	size_t i;
	int fb = 0;

	(void)state;
	make_run(&runs[0], 'A', 10, 1000, false, meta_a);
	make_run(&runs[1], 'B', 20, 500, true, meta_a);
	cmp_print(runs, CF_TEXT, COLL_WELCH);
	assert_non_null(strstr(out, "FALLBACK in 5 of 5 reps, not compared: only 4K"));
	cmp_print(runs, CF_JSON, COLL_WELCH);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "rows", &rows));
	assert_int_equal(json_object_array_length(rows), 4);
	for (i = 0; i < 4; i++) {
		row = json_object_array_get_idx(rows, i);
		rb = json_object_array_get_idx(json_object_object_get(row, "runs"), 1);
		if (!strcmp(json_object_get_string(json_object_object_get(rb, "state")),
			    "fallback")) {
			fb++;
			assert_false(json_object_object_get_ex(rb, "change", NULL));
		} else {
			assert_string_equal(json_object_get_string(
				json_object_object_get(rb, "significant")),
				"improvement");
		}
	}
	assert_int_equal(fb, 2);	/* 64K: throughput and ns_per_fault */
	json_object_put(o);
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

static void test_csv_markdown(void **state)
{
	struct crun runs[2];
	int lines = 0;
	char *s;

	(void)state;
	make_run(&runs[0], 'A', 10, 1000, false, meta_a);
	make_run(&runs[1], 'B', 12, 800, false, meta_a);
	cmp_print(runs, CF_CSV, COLL_WELCH);
	for (s = out; (s = strchr(s, '\n')); s++)
		lines++;
	/* header + 2 points x 2 metrics x 2 runs */
	assert_int_equal(lines, 9);
	assert_non_null(strstr(out, "\"anon-fault\",\"size=4K mode=write policy=always mem=64M use_zero_page=1\",\"throughput\",\"GB/s\",\"higher\",\"harmonic\",B,"));
	assert_non_null(strstr(out, ",improvement,"));
	cmp_print(runs, CF_MARKDOWN, COLL_WELCH);
	assert_non_null(strstr(out, "| benchmark | metric | run |"));
	assert_non_null(strstr(out, "| improvement |"));
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

static void test_share_nothing(void **state)
{
	const char *other = "{\"bench\":\"zap\",\"params\":{},\"metrics\":{\"t\":{\"value\":1,\"unit\":\"ns\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n";
	struct crun runs[2];
	struct ccmp c = { .runs = runs, .nruns = 2 };
	char msg[1024];
	FILE *err = fmemopen(msg, sizeof(msg), "w");

	(void)state;
	make_run(&runs[0], 'A', 10, 1000, false, meta_a);
	memset(&runs[1], 0, sizeof(runs[1]));
	coll_parse_samples(&runs[1], other, strlen(other), "y", stderr);
	runs[1].dir = strdup("/tmp/b");
	assert_int_equal(coll_match(&c, err), -ENODATA);
	fclose(err);
	assert_non_null(strstr(msg, "the runs share no benchmark point"));
	assert_non_null(strstr(msg, "/tmp/b has zap (1 points)"));
	coll_free_cmp(&c);
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

/*
 * A CPU model or a kernel version is a name: shown whole however long,
 * never as words added and removed; only command lines are word diffs.
 */
static void test_setup_names_whole(void **state)
{
	static const char *ma = "{\"cpu\":{\"model\":\"Intel(R) Xeon(R) Processor\"},\"kernel\":{\"version\":\"#1 SMP PREEMPT_DYNAMIC Mon Jan  5 2026\",\"cmdline\":\"ro\"},\"command\":\"mmbench run anon-fault label=a out=/tmp/a\"}";
	static const char *mb = "{\"cpu\":{\"model\":\"Other CPU 9000\"},\"kernel\":{\"version\":\"#2 SMP PREEMPT_DYNAMIC Tue Jan  6 2026\",\"cmdline\":\"ro quiet\"},\"command\":\"mmbench run anon-fault label=b out=/tmp/b\"}";
	struct crun runs[2];
	struct ccmp c = { .runs = runs, .nruns = 2 };

	(void)state;
	make_run(&runs[0], 'A', 10, 1000, false, ma);
	make_run(&runs[1], 'B', 10, 1000, false, mb);
	assert_int_equal(coll_match(&c, stderr), 0);
	assert_int_equal(c.ndiffs, 3);
	assert_string_equal(c.diffs[0], "cpu.model: A=Intel(R) Xeon(R) Processor B=Other CPU 9000");
	assert_string_equal(c.diffs[1], "kernel.version: A=#1 SMP PREEMPT_DYNAMIC Mon Jan  5 2026 B=#2 SMP PREEMPT_DYNAMIC Tue Jan  6 2026");
	/* short, but a command line; label= and out= alone are no change */
	assert_string_equal(c.diffs[2], "kernel.cmdline: B vs A: +quiet");
	coll_free_cmp(&c);
	coll_free_run(&runs[0]);
	coll_free_run(&runs[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_marks_and_width),
		cmocka_unit_test(test_no_mark_when_overlapping),
		cmocka_unit_test(test_fallback_not_compared),
		cmocka_unit_test(test_csv_markdown),
		cmocka_unit_test(test_share_nothing),
		cmocka_unit_test(test_setup_names_whole),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
