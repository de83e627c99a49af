// SPDX-License-Identifier: GPL-2.0
/*
 * The results reader on damaged input: a line cut short by a killed run,
 * garbage, a metric without a unit.  Each gives its documented message
 * naming file and line, and the sound lines are still used.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "collect/model/load.h"
#include "collect/model/reader.h"

#define M_OK "\"metrics\":{\"tp\":{\"value\":%d,\"unit\":\"GB/s\",\"better\":\"higher\",\"mean\":\"harmonic\"}}"
#define HEAD "{\"bench\":\"b\",\"params\":{\"size\":\"%s\"},\"rep\":0,"

static char msgs[8192];

/* Parse text as samples.jsonl named "s.jsonl"; messages land in msgs. */
static int parse(struct crun *r, const char *text)
{
	FILE *err = fmemopen(msgs, sizeof(msgs), "w");
	int ret;

	assert_non_null(err);
	memset(r, 0, sizeof(*r));
	ret = coll_parse_samples(r, text, strlen(text), "s.jsonl", err);
	fclose(err);
	return ret;
}

static char *line(const char *size, int v, const char *extra)
{
	static char buf[4][512];
	static int i;
	char *b = buf[i++ % 4];

	snprintf(b, 512, HEAD M_OK "%s}\n", size, v, extra);
	return b;
}

static void test_good(void **state)
{
	char text[2048];
	struct cpoint *p;
	struct crun r;

	(void)state;
	snprintf(text, sizeof(text), "%s%s%s\n%s"
		 "{\"bench\":\"b\",\"params\":{\"size\":\"2M\"},\"skipped\":\"no PMD\"}\n",
		 line("4K", 1, ""), line("4K", 2, ""),
		 line("64K", 3, ",\"fallback\":true,\"fallback_reason\":\"got 4K\""),
		 line("4K", 4, ""));
	assert_int_equal(parse(&r, text), 0);
	assert_string_equal(msgs, "");
	assert_int_equal(r.lines, 5);
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.np, 3);
	p = coll_find_point(&r, "b size=4K");
	assert_non_null(p);
	assert_int_equal(p->samples, 3);
	assert_int_equal(p->m[0].n, 3);
	assert_true(p->m[0].v[2] == 4);
	assert_int_equal(p->m[0].better, COLL_HIGHER);
	assert_int_equal(p->m[0].mean, COLL_HARMONIC);
	p = coll_find_point(&r, "b size=64K");
	assert_int_equal(p->fallbacks, 1);
	assert_string_equal(p->fallback_reason, "got 4K");
	p = coll_find_point(&r, "b size=2M");
	assert_string_equal(p->skipped, "no PMD");
	assert_int_equal(p->samples, 0);
	coll_free_run(&r);
}

static void test_truncated_last_line(void **state)
{
	char text[2048];
	struct crun r;

	(void)state;
	/* a run SIGKILLed in the middle of a write() */
	snprintf(text, sizeof(text), "%s%s{\"bench\":\"b\",\"params\":{\"si",
		 line("4K", 1, ""), line("4K", 2, ""));
	assert_int_equal(parse(&r, text), 0);
	assert_non_null(strstr(msgs, "s.jsonl:3: last line is cut short (run killed mid-write?); left out"));
	assert_non_null(strstr(msgs, "s.jsonl: using the 2 sound lines of 3"));
	assert_int_equal(r.bad, 1);
	assert_int_equal(r.p[0].m[0].n, 2);
	coll_free_run(&r);
}

static void test_garbage(void **state)
{
	char text[2048];
	struct crun r;

	(void)state;
	snprintf(text, sizeof(text), "%sxyz{]\n[1,2]\n{\"params\":{}}\n%s%s",
		 line("4K", 1, ""), line("4K", 2, ""),
		 "{\"bench\":\"b\",\"params\":{\"size\":\"4K\"}} trailing\n");
	assert_int_equal(parse(&r, text), 0);
	assert_non_null(strstr(msgs, "s.jsonl:2: not valid JSON; line left out"));
	assert_non_null(strstr(msgs, "s.jsonl:3: not a JSON object; line left out"));
	assert_non_null(strstr(msgs, "s.jsonl:4: no \"bench\" string; line left out"));
	assert_non_null(strstr(msgs, "s.jsonl:6: not valid JSON; line left out"));
	assert_int_equal(r.bad, 4);
	assert_int_equal(r.p[0].m[0].n, 2);
	coll_free_run(&r);
}

static void test_metric_without_unit(void **state)
{
	const char *text =
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{"
		"\"ns\":{\"value\":5,\"better\":\"lower\",\"mean\":\"arithmetic\"},"
		"\"tp\":{\"value\":2,\"unit\":\"GB/s\",\"better\":\"higher\",\"mean\":\"harmonic\"},"
		"\"x\":{\"value\":1,\"unit\":\"s\",\"better\":\"up\",\"mean\":\"arithmetic\"},"
		"\"y\":{\"value\":\"NaN\",\"unit\":\"s\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n";
	struct crun r;

	(void)state;
	assert_int_equal(parse(&r, text), 0);
	assert_non_null(strstr(msgs, "s.jsonl:1: metric 'ns' has no unit; left out"));
	assert_non_null(strstr(msgs, "s.jsonl:1: metric 'x': better must be \"higher\" or \"lower\"; left out"));
	assert_non_null(strstr(msgs, "s.jsonl:1: metric 'y' has no finite value; left out"));
	/* the line itself is sound: the metric that is complete is used */
	assert_int_equal(r.bad, 0);
	assert_int_equal(r.p[0].nm, 1);
	assert_string_equal(r.p[0].m[0].name, "tp");
	coll_free_run(&r);
}

static void test_unit_changes_within_run(void **state)
{
	const char *text =
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{\"t\":{\"value\":5,\"unit\":\"ns\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n"
		"{\"bench\":\"b\",\"params\":{},\"metrics\":{\"t\":{\"value\":5,\"unit\":\"us\",\"better\":\"lower\",\"mean\":\"arithmetic\"}}}\n";
	struct crun r;

	(void)state;
	assert_int_equal(parse(&r, text), 0);
	assert_non_null(strstr(msgs, "s.jsonl:2: metric 't' changed unit or direction within the run; not compared"));
	assert_true(r.p[0].m[0].mixed);
	coll_free_run(&r);
}

static void test_read_run_errors(void **state)
{
	char dir[] = "/tmp/mmbench-coll-XXXXXX", path[256];
	FILE *err, *f;
	struct crun r;

	(void)state;
	assert_non_null(mkdtemp(dir));
	err = fmemopen(msgs, sizeof(msgs), "w");
	memset(&r, 0, sizeof(r));
	assert_int_equal(coll_read_run("/nonexistent/run", &r, err), -ENOENT);
	coll_free_run(&r);
	/* no samples.jsonl: not a results directory */
	assert_int_equal(coll_read_run(dir, &r, err), -ENOENT);
	coll_free_run(&r);
	/* only garbage: nothing usable */
	snprintf(path, sizeof(path), "%s/samples.jsonl", dir);
	f = fopen(path, "w");
	fputs("garbage\n", f);
	fclose(f);
	assert_int_equal(coll_read_run(dir, &r, err), -ENODATA);
	coll_free_run(&r);
	fclose(err);
	assert_non_null(strstr(msgs, "mmbench: /nonexistent/run: no such results directory"));
	assert_non_null(strstr(msgs, "/meta.json: missing; setup cannot be compared"));
	assert_non_null(strstr(msgs, "/samples.jsonl: cannot read: No such file or directory"));
	assert_non_null(strstr(msgs, "/samples.jsonl: no usable sample"));
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),
		cmocka_unit_test(test_truncated_last_line),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_metric_without_unit),
		cmocka_unit_test(test_unit_changes_within_run),
		cmocka_unit_test(test_read_run_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
