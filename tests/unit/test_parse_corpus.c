// SPDX-License-Identifier: GPL-2.0
/*
 * Replay the parsers' fuzz corpora (tests/fuzz/corpus-param,
 * tests/fuzz/corpus-workload) through the parameter and workload
 * parsers: in the ASan+UBSan build this catches what make fuzz found
 * once.  Also the workload lookup (workload_find) of installed and
 * in-tree names.  Run from the top of the tree, as tests/run.sh does.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../fuzz/fuzz_parse_one.h"
#include "fake_sysfs.h"

static int replay(const char *dir, int (*one)(const uint8_t *, size_t))
{
	char path[512], *buf, *exact;
	struct dirent *e;
	int files = 0;
	size_t n;
	DIR *d;
	FILE *f;

	d = opendir(dir);
	if (!d)
		fail_msg("cannot open %s: run from the top of the tree", dir);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		buf = malloc(1 << 20);
		assert_non_null(buf);
		n = fread(buf, 1, 1 << 20, f);
		fclose(f);
		/* exactly n bytes, so ASan sees any read past the end */
		exact = malloc(n ? n : 1);
		assert_non_null(exact);
		memcpy(exact, buf, n);
		free(buf);
		assert_int_equal(one((const uint8_t *)exact, n), 0);
		free(exact);
		files++;
	}
	closedir(d);
	return files;
}

static void test_param_corpus(void **state)
{
	(void)state;
	assert_true(replay("tests/fuzz/corpus-param", fuzz_param_one) >= 20);
}

static void test_workload_corpus(void **state)
{
	(void)state;
	assert_true(replay("tests/fuzz/corpus-workload", fuzz_workload_one) >= 10);
}

/* Every shipped workload parses, with and without overrides. */
static void test_workloads_parse(void **state)
{
	char *const ov[] = { "reps=2", "mem=64M" };
	char err[ERRLEN], path[512];
	struct point *pts;
	struct dirent *e;
	int files = 0;
	size_t n;
	DIR *d;
	FILE *f;

	(void)state;
	d = opendir("workloads");
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".wl"))
			continue;
		snprintf(path, sizeof(path), "workloads/%s", e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		if (workload_parse(f, path, 0, ov, &pts, &n, err, sizeof(err)))
			fail_msg("%s", err);
		assert_true(n > 0);
		free(pts);
		fclose(f);
		files++;
	}
	closedir(d);
	assert_true(files >= 3);
}

static void test_workload_errors(void **state)
{
	char *const ov[] = { "nosuch=1" };
	const char *text = "# c\nanon-fault size=4K\nnosuch x=1\n";
	char err[ERRLEN];
	struct point *pts;
	size_t n;
	FILE *f;

	(void)state;
	f = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(workload_parse(f, "w.wl", 0, ov, &pts, &n, err,
					sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "w.wl:3: unknown benchmark 'nosuch'"));
	assert_null(pts);
	fclose(f);
	text = "anon-fault size=4K\n";
	f = fmemopen((void *)text, strlen(text), "r");
	assert_int_equal(workload_parse(f, "w.wl", 1, ov, &pts, &n, err,
					sizeof(err)), -EINVAL);
	assert_string_equal(err, "nosuch=1: no benchmark in w.wl takes it");
	fclose(f);
}

/* A bare name: beside the binary as installed, then in the tree. */
static void test_workload_find(void **state)
{
	char *root = fake_thp_tree(), base[256], exe[320], path[4096];
	char tried[2048], cwd[4096];

	(void)state;
	snprintf(base, sizeof(base), "%.*s", (int)(strlen(root) - 4), root);
	fake_file(base, "prefix/bin/mmbench", "", 0755);
	fake_file(base, "prefix/share/mmbench/workloads/quick.wl", "x\n", 0644);
	fake_file(base, "tree/build/mmbench", "", 0755);
	fake_file(base, "tree/workloads/quick.wl", "x\n", 0644);
	fake_file(base, "tree/workloads/only-tree.wl", "x\n", 0644);

	snprintf(exe, sizeof(exe), "%s/prefix/bin/mmbench", base);
	assert_int_equal(workload_find("quick", exe, path, sizeof(path),
				       tried, sizeof(tried)), 0);
	assert_non_null(strstr(path, "/prefix/bin/../share/mmbench/workloads/quick.wl"));
	assert_int_equal(workload_find("quick.wl", exe, path, sizeof(path),
				       tried, sizeof(tried)), 0);
	assert_non_null(strstr(path, "/share/mmbench/workloads/quick.wl"));
	assert_int_equal(workload_find("only-tree", exe, path, sizeof(path),
				       tried, sizeof(tried)), -ENOENT);
	assert_non_null(strstr(tried, "only-tree, "));
	assert_non_null(strstr(tried, "/share/mmbench/workloads/only-tree.wl"));

	snprintf(exe, sizeof(exe), "%s/tree/build/mmbench", base);
	assert_int_equal(workload_find("only-tree", exe, path, sizeof(path),
				       tried, sizeof(tried)), 0);
	assert_non_null(strstr(path, "/tree/build/../workloads/only-tree.wl"));
	/* A path is only itself. */
	assert_int_equal(workload_find("sub/quick", exe, path, sizeof(path),
				       tried, sizeof(tried)), -ENOENT);
	assert_int_equal(workload_find("", exe, path, sizeof(path), tried,
				       sizeof(tried)), -ENOENT);
	/* Any file as given: a pipe, /dev/stdin. */
	assert_int_equal(workload_find("/dev/null", exe, path, sizeof(path),
				       tried, sizeof(tried)), 0);
	assert_string_equal(path, "/dev/null");
	/* The name as given wins where it exists. */
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	snprintf(path, 512, "%s/tree/workloads", base);
	assert_int_equal(chdir(path), 0);
	assert_int_equal(workload_find("quick.wl", exe, path, sizeof(path),
				       tried, sizeof(tried)), 0);
	assert_string_equal(path, "quick.wl");
	assert_int_equal(chdir(cwd), 0);
	fake_remove(root);
	free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_param_corpus),
		cmocka_unit_test(test_workload_corpus),
		cmocka_unit_test(test_workloads_parse),
		cmocka_unit_test(test_workload_errors),
		cmocka_unit_test(test_workload_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
