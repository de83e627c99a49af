// SPDX-License-Identifier: GPL-2.0
/* Which sizes a kernel offers, and the skip reasons when it does not. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_sysfs.h"
#include "mm/mem.h"
#include "mm/thp.h"

static void test_old_kernel_offers_4k_and_pmd(void **st)
{
	char tmpl[] = "/tmp/mmbench-unit-XXXXXX", root[64], msg[256];
	uint64_t s[THP_MAX_SIZES];

	(void)st;
	/* 6.1: no hugepages-<N>kB directories, only the global knobs. */
	assert_non_null(mkdtemp(tmpl));
	snprintf(root, sizeof(root), "%s/thp", tmpl);
	fake_file(root, "enabled", "always [madvise] never\n", 0644);
	fake_file(root, "hpage_pmd_size", "2097152\n", 0444);
	setenv("MMBENCH_THP_ROOT", root, 1);
	assert_false(thp_per_size());
	assert_int_equal(thp_sizes(s, THP_MAX_SIZES), 2);
	assert_int_equal(s[0], 4096);
	assert_int_equal(s[1], 2 << 20);
	assert_int_equal(mem_check_size(4096, msg, sizeof(msg)), 0);
	assert_int_equal(mem_check_size(2 << 20, msg, sizeof(msg)), 0);
	assert_int_equal(mem_check_size(64 << 10, msg, sizeof(msg)),
			 -EOPNOTSUPP);
	assert_non_null(strstr(msg, "no per-size mTHP knobs"));
	assert_non_null(strstr(msg, "4K 2M"));
	unsetenv("MMBENCH_THP_ROOT");
	fake_remove(root);
}

static void test_new_kernel_sizes(void **st)
{
	char *root = fake_thp_tree(), msg[256];

	(void)st;
	setenv("MMBENCH_THP_ROOT", root, 1);
	assert_true(thp_per_size());
	assert_int_equal(mem_check_size(16 << 10, msg, sizeof(msg)), 0);
	/* Order 1 is there for shmem only. */
	assert_int_equal(mem_check_size(8 << 10, msg, sizeof(msg)),
			 -EOPNOTSUPP);
	assert_non_null(strstr(msg, "offers 4K 16K 64K 2M"));
	assert_int_equal(mem_check_size(1ULL << 30, msg, sizeof(msg)),
			 -EOPNOTSUPP);
	unsetenv("MMBENCH_THP_ROOT");
	fake_remove(root);
	free(root);
}

static void test_region_bounds(void **st)
{
	char msg[256];

	(void)st;
	assert_int_equal(mem_check_region(1ULL << 30, 2 << 20, msg,
					  sizeof(msg)), 0);
	assert_int_equal(mem_check_region(3 << 20, 2 << 20, msg, sizeof(msg)),
			 -EINVAL);
	assert_non_null(strstr(msg, "not a multiple of size=2M"));
	/* 64T is more than any test machine has available. */
	assert_int_equal(mem_check_region(64ULL << 40, 2 << 20, msg,
					  sizeof(msg)), -EINVAL);
	assert_non_null(strstr(msg, "MemAvailable"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_old_kernel_offers_4k_and_pmd),
		cmocka_unit_test(test_new_kernel_sizes),
		cmocka_unit_test(test_region_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
