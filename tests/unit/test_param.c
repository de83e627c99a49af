// SPDX-License-Identifier: GPL-2.0
/* Size, value and sweep parsing, including bad input. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_sysfs.h"
#include "core/param.h"

static void test_sizes(void **st)
{
	static const struct { const char *s; uint64_t v; } ok[] = {
		{ "4K", 4096 }, { "4k", 4096 }, { "64K", 65536 },
		{ "2M", 2 << 20 }, { "2MB", 2 << 20 }, { "2MiB", 2 << 20 },
		{ "1G", 1ULL << 30 }, { "4096", 4096 }, { "1536M", 1536ULL << 20 },
	};
	static const char *const bad[] = {
		"", "K", "4Q", "4KK", "-4K", "1.5M", "4 K", "0x10",
		"99999999999999999999G", "20000000000000T",
	};
	uint64_t v;
	size_t i;

	(void)st;
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(param_parse_size(ok[i].s, &v), 0);
		assert_int_equal(v, ok[i].v);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_not_equal(param_parse_size(bad[i], &v), 0);
}

static void expect_bad(const char *kv, const char *needle)
{
	char *argv[] = { "anon-fault", (char *)kv }, err[ERRLEN] = "";
	struct spec spec;

	assert_int_equal(spec_parse(2, argv, "t", &spec, err, sizeof(err)),
			 -EINVAL);
	if (!strstr(err, needle))
		fail_msg("'%s': message '%s' lacks '%s'", kv, err, needle);
}

static void test_bad_values(void **st)
{
	(void)st;
	expect_bad("size=3K", "power of two");
	expect_bad("size=2K", "multiple of 4K");
	expect_bad("size=4X", "not a size");
	expect_bad("mem=6K", "multiple of 4K");
	expect_bad("mode=bogus", "write read populate");
	expect_bad("policy=", "empty");
	expect_bad("size=4K,,64K", "empty");
	expect_bad("size=4K,", "empty");
	expect_bad("reps=0", "out of range");
	expect_bad("reps=x", "whole number");
	expect_bad("nosuch=1", "unknown parameter 'nosuch'");
	expect_bad("tasks=0", "out of range");
	expect_bad("task-mode=fiber", "process thread");
	expect_bad("place=everywhere", "core pu compact scatter");
	expect_bad("membind=far", "local node:N interleave");
	expect_bad("cpus=x", "not a CPU list");
	expect_bad("cpus=100000", "no such CPU");
	expect_bad("node=4096", "no such NUMA node");
	expect_bad("events=bogus-event", "unknown event");
	expect_bad("profile=2", "0 1");
	expect_bad("noequals", "expected name=value");
	expect_bad("=4K", "expected name=value");
}

static void test_unknown_bench(void **st)
{
	char *argv[] = { "nosuch" }, err[ERRLEN];
	struct spec spec;

	(void)st;
	assert_int_equal(spec_parse(1, argv, "t", &spec, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "unknown benchmark 'nosuch'"));
	assert_non_null(strstr(err, "anon-fault"));
}

static void test_sweep_order_and_defaults(void **st)
{
	char *argv[] = { "anon-fault", "size=4K,64K", "mode=write,read",
			 "reps=3" }, err[ERRLEN];
	struct point *pts = NULL;
	struct spec spec;
	size_t n = 0;

	(void)st;
	assert_int_equal(spec_parse(4, argv, "t", &spec, err, sizeof(err)), 0);
	assert_int_equal(spec_expand(&spec, &pts, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 4);
	/* The first parameter varies slowest. */
	assert_string_equal(pts[0].v[0].text, "4K");
	assert_string_equal(pts[0].v[1].text, "write");
	assert_string_equal(pts[1].v[0].text, "4K");
	assert_string_equal(pts[1].v[1].text, "read");
	assert_string_equal(pts[2].v[0].text, "64K");
	assert_int_equal(pts[3].v[0].num, 65536);
	assert_int_equal(pts[3].reps, 3);
	assert_int_equal(pts[3].warmup, 3);	/* default */
	assert_string_equal(pts[3].v[3].text, "1G");	/* mem default */
	assert_int_equal(pts[3].v[3].num, 1ULL << 30);
	free(pts);
}

static void test_size_all_probes_kernel(void **st)
{
	char *argv[] = { "anon-fault", "size=all,pmd" }, err[ERRLEN];
	char *root = fake_thp_tree();
	struct point *pts = NULL;
	struct spec spec;
	size_t n = 0;

	(void)st;
	setenv("MMBENCH_THP_ROOT", root, 1);
	assert_int_equal(spec_parse(2, argv, "t", &spec, err, sizeof(err)), 0);
	assert_int_equal(spec_expand(&spec, &pts, &n, err, sizeof(err)), 0);
	/* 4K, then the anon sizes of the tree; 8kB is shmem-only. */
	assert_int_equal(n, 5);
	assert_string_equal(pts[0].v[0].text, "4K");
	assert_string_equal(pts[1].v[0].text, "16K");
	assert_string_equal(pts[2].v[0].text, "64K");
	assert_string_equal(pts[3].v[0].text, "2M");
	/* "pmd" is hpage_pmd_size of the tree. */
	assert_int_equal(pts[4].v[0].num, 2 << 20);
	unsetenv("MMBENCH_THP_ROOT");
	free(pts);
	fake_remove(root);
	free(root);
}

static void test_override(void **st)
{
	char *argv[] = { "anon-fault", "mem=512M" }, err[ERRLEN];
	struct point *pts = NULL;
	struct spec spec;
	size_t n = 0;

	(void)st;
	assert_int_equal(spec_parse(2, argv, "t", &spec, err, sizeof(err)), 0);
	assert_int_equal(spec_override(&spec, "mem=64M", err, sizeof(err)), 0);
	/* A name this benchmark lacks is not an error for one line. */
	assert_int_equal(spec_override(&spec, "other=1", err, sizeof(err)), 0);
	assert_int_equal(spec_override(&spec, "mem=3X", err, sizeof(err)),
			 -EINVAL);
	assert_int_equal(spec_expand(&spec, &pts, &n, err, sizeof(err)), 0);
	assert_int_equal(pts[0].v[3].num, 64ULL << 20);
	free(pts);
}

/* The harness's sweeps: tasks and task-mode vary, lists do not. */
static void test_placement_sweep(void **st)
{
	char *argv[] = { "anon-fault", "size=4K", "tasks=1,all",
			 "task-mode=process,thread", "membind=interleave",
			 "cpus=0", "events=page-faults,minor-faults" };
	char err[ERRLEN] = "";
	struct point *pts = NULL;
	struct spec spec;
	size_t n = 0;

	(void)st;
	assert_int_equal(spec_parse(7, argv, "t", &spec, err, sizeof(err)), 0);
	assert_int_equal(spec_expand(&spec, &pts, &n, err, sizeof(err)), 0);
	assert_int_equal(n, 4);
	assert_int_equal(pts[0].tasks, 1);
	assert_int_equal(pts[0].task_mode, 0);
	assert_int_equal(pts[1].task_mode, 1);
	assert_int_equal(pts[2].tasks, 0);	/* all */
	assert_string_equal(pts[3].membind, "interleave");
	assert_string_equal(pts[3].cpus, "0");
	assert_string_equal(pts[3].events, "page-faults,minor-faults");
	assert_int_equal(pts[3].node, -1);
	free(pts);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes),
		cmocka_unit_test(test_bad_values),
		cmocka_unit_test(test_unknown_bench),
		cmocka_unit_test(test_sweep_order_and_defaults),
		cmocka_unit_test(test_size_all_probes_kernel),
		cmocka_unit_test(test_override),
		cmocka_unit_test(test_placement_sweep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
