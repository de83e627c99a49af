// SPDX-License-Identifier: GPL-2.0
/* Snapshots of the real /proc/vmstat and mTHP stats see this test's faults. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/mman.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "observe/stats.h"
#include "mm/thp.h"

#define NPAGES 1024

static void test_vmstat_sees_faults(void **st)
{
	struct snap *b, *a, *early;
	struct json_object *j, *vm, *pf;
	int64_t d;
	char *p;
	int i;

	(void)st;
	early = snap_new();
	assert_int_equal(stats_init(), 0);
	/* A snapshot made before the names were learnt is refused. */
	if (early)
		assert_int_equal(snap_take(early), -ESTALE);
	snap_free(early);
	b = snap_new();
	a = snap_new();
	p = mmap(NULL, NPAGES * 4096, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	madvise(p, NPAGES * 4096, MADV_NOHUGEPAGE);
	assert_int_equal(snap_take(b), 0);
	for (i = 0; i < NPAGES; i++)
		p[i * 4096] = 1;
	assert_int_equal(snap_take(a), 0);
	assert_int_equal(stats_vm(b, a, "pgfault", &d), 0);
	assert_true(d >= NPAGES);
	assert_int_equal(stats_vm(b, a, "no_such_counter", &d), -ENOENT);
	assert_int_equal(stats_mthp(b, a, 3 << 20, "anon_fault_alloc", &d),
			 -ENOENT);
	j = stats_json(b, a);
	assert_true(json_object_object_get_ex(j, "vmstat", &vm));
	assert_true(json_object_object_get_ex(vm, "pgfault", &pf));
	assert_true(json_object_get_int64(pf) >= NPAGES);
	json_object_put(j);
	munmap(p, NPAGES * 4096);
	snap_free(a);
	snap_free(b);
}

static void test_mthp_counters_probed(void **st)
{
	uint64_t s[THP_MAX_SIZES];
	struct snap *b;
	int64_t d;
	int n;

	(void)st;
	if (!thp_per_size())
		skip();
	assert_int_equal(stats_init(), 0);
	b = snap_new();
	assert_int_equal(snap_take(b), 0);
	n = thp_sizes(s, THP_MAX_SIZES);
	assert_true(n >= 2);
	/* The largest anon size has fault counters; the same snap gives 0. */
	assert_int_equal(stats_mthp(b, b, s[n - 1], "anon_fault_alloc", &d), 0);
	assert_int_equal(d, 0);
	snap_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmstat_sees_faults),
		cmocka_unit_test(test_mthp_counters_probed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
