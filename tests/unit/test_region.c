// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark contract on the real kernel: per-point skip reasons,
 * path parameters, op rows, the khugepaged counters in the snapshots,
 * and the region driver running a file-backed region end to end.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/param.h"
#include "core/result.h"
#include "mm/backing.h"
#include "mm/pagemap.h"
#include "mm/region.h"
#include "observe/stats.h"

static struct point *expand(const char *bench, const char *kv, size_t *n)
{
	char *argv[] = { (char *)bench, (char *)kv }, err[ERRLEN] = "";
	struct point *pts = NULL;
	struct spec spec;

	*n = 0;
	assert_int_equal(spec_parse(2, argv, "t", &spec, err, sizeof(err)), 0);
	assert_int_equal(spec_expand(&spec, &pts, n, err, sizeof(err)), 0);
	return pts;
}

/* Each point's reason is its own: no shared buffer names the last size. */
static void test_skip_reason_per_point(void **st)
{
	char why[2][WHYLEN];
	struct point *pts;
	size_t n, i;

	(void)st;
	pts = expand("anon-fault", "size=8M,16M", &n);
	assert_int_equal(n, 2);
	for (i = 0; i < n; i++)
		assert_int_equal(pts[i].bench->supported(&pts[i], why[i],
							 WHYLEN), -EOPNOTSUPP);
	assert_non_null(strstr(why[0], "size=8M"));
	assert_non_null(strstr(why[1], "size=16M"));
	free(pts);
}

static void test_path_param(void **st)
{
	const struct param p = { .name = "dir", .type = PT_PATH };
	char dir[] = "/tmp/mmbench-a-directory-name-longer-than-32-XXXXXX";
	char err[ERRLEN], file[128];
	struct pval v;

	(void)st;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(param_parse_value(&p, dir, &v, err, sizeof(err)), 0);
	assert_string_equal(v.text, dir);
	snprintf(file, sizeof(file), "%s/f", dir);
	fclose(fopen(file, "w"));
	assert_int_equal(param_parse_value(&p, file, &v, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "not a directory"));
	unlink(file);
	rmdir(dir);
	assert_int_equal(param_parse_value(&p, dir, &v, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, dir));
}

static void test_op_rows(void **st)
{
	const struct bench *b = bench_find("zap");
	const struct param *op = &b->params[bench_param_index(b, "op")];
	char err[ERRLEN];
	struct pval v;

	(void)st;
	assert_string_equal(param_choice(op, 0), "munmap");
	assert_string_equal(param_choice(op, 2), "exit");
	assert_null(param_choice(op, 3));
	assert_non_null(param_choice_help(op, 1));
	assert_int_equal(param_parse_value(op, "exit", &v, err, sizeof(err)),
			 0);
	assert_int_equal(v.num, 2);
	assert_int_equal(param_parse_value(op, "nope", &v, err, sizeof(err)),
			 -EINVAL);
	assert_non_null(strstr(err, "munmap dontneed exit"));
}

static void test_khugepaged_counters(void **st)
{
	struct snap *b, *a;
	int64_t d = -1;

	(void)st;
	if (access("/sys/kernel/mm/transparent_hugepage/khugepaged/full_scans",
		   R_OK))
		skip();	/* a kernel without THP */
	assert_int_equal(stats_init(), 0);
	b = snap_new();
	a = snap_new();
	assert_int_equal(snap_take(b), 0);
	assert_int_equal(snap_take(a), 0);
	assert_int_equal(stats_khugepaged(b, a, "full_scans", &d), 0);
	assert_true(d >= 0);
	assert_int_equal(stats_khugepaged(b, a, "pages_collapsed", &d), 0);
	/* Knobs beside the counters are not counters. */
	assert_int_equal(stats_khugepaged(b, a, "pages_to_scan", &d), -ENOENT);
	snap_free(b);
	snap_free(a);
}

static void test_dax_dir_is_a_skip(void **st)
{
	char why[WHYLEN], fs[256], src[256], opts[256];

	(void)st;
	assert_int_equal(backing_mount("/proc/self", fs, src, opts,
				       sizeof(fs)), 0);
	assert_string_equal(fs, "proc");
	assert_int_equal(backing_check_dir(true, "/proc", why, sizeof(why)),
			 -EOPNOTSUPP);
	assert_non_null(strstr(why, "dir=/proc is on proc"));
	assert_int_equal(backing_check_dir(false, "", why, sizeof(why)),
			 -EINVAL);
}

/* A file-backed region through the driver, as a benchmark would run. */
static int touched(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_DONTNEED) ? -errno : 0;
}

static const struct region_op ops[] = {
	{ "dontneed", "MADV_DONTNEED", NULL, touched, NULL, 0 },
	{ 0 }
};

static const struct param params[] = {
	MEM_P_SIZE, REGION_P_OP(ops, "dontneed"), MEM_P_MEM("1M"),
	REGION_P_BACKING("file"), REGION_P_DIR("/tmp"), { 0 }
};

static const struct region_bench rb = {
	.ops = ops, .backings = BACK_BIT(BACK_FILE),
};

static const struct bench file_bench = REGION_BENCH("file-test",
	"a file-backed region", params, rb);

static void test_file_region(void **st)
{
	char dir[] = "/tmp/mmbench-region-XXXXXX", why[WHYLEN];
	struct point pt = { .bench = &file_bench };
	struct sample s = { 0 };
	struct ctx c = { .pt = &pt };
	struct json_object *bk, *v;
	uint64_t present;
	struct snap *b, *a;

	(void)st;
	assert_non_null(mkdtemp(dir));
	pt.v[0].num = PAGE_4K;
	pt.v[2].num = 1 << 20;
	pt.v[3].num = BACK_FILE;
	snprintf(pt.v[4].text, sizeof(pt.v[4].text), "%s", dir);
	assert_int_equal(region_supported(&pt, why, sizeof(why)), 0);
	assert_int_equal(stats_init(), 0);
	b = snap_new();
	a = snap_new();
	s.obj = json_object_new_object();
	s.metrics = json_object_new_object();
	s.folios = json_object_new_object();
	c.sample = &s;
	c.before = b;
	c.after = a;
	assert_int_equal(region_setup(&c), 0);
	assert_int_equal(region_rep_setup(&c), 0);
	struct rgn *r = c.priv;
	assert_int_equal(pagemap_count(getpid(), r->rg.base, r->mem,
					   PM_PRESENT, &present), 0);
	assert_int_equal(present, 256);
	assert_false(s.fallback);
	assert_int_equal(region_run(&c), 0);
	c.ns = 1000;
	assert_int_equal(region_verify(&c), 0);
	assert_true(json_object_object_get_ex(s.obj, "backing", &bk));
	assert_true(json_object_object_get_ex(bk, "dir", &v));
	assert_string_equal(json_object_get_string(v), dir);
	assert_true(json_object_object_get_ex(bk, "fstype", &v));
	assert_true(strlen(json_object_get_string(v)) > 0);
	assert_true(json_object_object_get_ex(s.metrics, "time", &v));
	region_rep_teardown(&c);
	region_rep_teardown(&c);	/* safe twice */
	region_teardown(&c);
	/* The file was anonymous: nothing is left in the directory. */
	assert_int_equal(rmdir(dir), 0);
	json_object_put(s.obj);
	json_object_put(s.metrics);
	json_object_put(s.folios);
	snap_free(b);
	snap_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skip_reason_per_point),
		cmocka_unit_test(test_path_param),
		cmocka_unit_test(test_op_rows),
		cmocka_unit_test(test_khugepaged_counters),
		cmocka_unit_test(test_dax_dir_is_a_skip),
		cmocka_unit_test(test_file_region),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
