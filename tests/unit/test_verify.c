// SPDX-License-Identifier: GPL-2.0
/*
 * The verification that turns counters into folio counts and fallback
 * flags, fed with a fake stats tree whose counters the test moves.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "fake_sysfs.h"
#include "mm/mem.h"
#include "mm/mem_verify.h"
#include "core/result.h"
#include "observe/stats.h"

#define MEM (1 << 20)	/* 16 folios of 64K */

struct fx {
	char *root;
	struct snap *b, *a;
	struct sample s;
	struct ctx c;
};

static void ctr(struct fx *fx, const char *name, const char *v)
{
	char rel[128];

	snprintf(rel, sizeof(rel), "hugepages-64kB/stats/%s", name);
	fake_file(fx->root, rel, v, 0444);
}

static int fx_setup(void **st)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	fx->root = fake_thp_tree();
	setenv("MMBENCH_THP_ROOT", fx->root, 1);
	ctr(fx, "anon_fault_alloc", "7\n");
	ctr(fx, "anon_fault_fallback", "0\n");
	ctr(fx, "anon_fault_fallback_charge", "0\n");
	ctr(fx, "nr_anon", "0\n");
	assert_int_equal(stats_init(), 0);
	fx->b = snap_new();
	fx->a = snap_new();
	assert_int_equal(snap_take(fx->b), 0);
	fx->s.obj = json_object_new_object();
	fx->s.metrics = json_object_new_object();
	fx->s.folios = json_object_new_object();
	fx->c.sample = &fx->s;
	fx->c.before = fx->b;
	fx->c.after = fx->a;
	*st = fx;
	return 0;
}

static int fx_teardown(void **st)
{
	struct fx *fx = *st;

	json_object_put(fx->s.obj);
	json_object_put(fx->s.metrics);
	json_object_put(fx->s.folios);
	snap_free(fx->a);
	snap_free(fx->b);
	unsetenv("MMBENCH_THP_ROOT");
	fake_remove(fx->root);
	free(fx->root);
	free(fx);
	return 0;
}

static int64_t folios(struct fx *fx, const char *size)
{
	struct json_object *v;

	if (!json_object_object_get_ex(fx->s.folios, size, &v))
		return -1;
	return json_object_get_int64(v);
}

static void test_all_at_size(void **st)
{
	struct fx *fx = *st;

	ctr(fx, "anon_fault_alloc", "23\n");
	ctr(fx, "nr_anon", "16\n");
	assert_int_equal(snap_take(fx->a), 0);
	mem_verify_folios(&fx->c, MEM, 64 << 10);
	assert_false(fx->s.fallback);
	assert_int_equal(folios(fx, "64K"), 16);
	assert_int_equal(folios(fx, "4K"), -1);
}

static void test_partial_is_fallback(void **st)
{
	struct fx *fx = *st;

	ctr(fx, "anon_fault_alloc", "17\n");
	ctr(fx, "nr_anon", "10\n");
	ctr(fx, "anon_fault_fallback", "6\n");
	assert_int_equal(snap_take(fx->a), 0);
	mem_verify_folios(&fx->c, MEM, 64 << 10);
	assert_true(fx->s.fallback);
	assert_string_equal(fx->s.why,
			    "10 of 16 folios at 64K, 6 faults fell back");
	assert_int_equal(folios(fx, "64K"), 10);
	assert_int_equal(folios(fx, "4K"), 96);
}

static void test_charge_fallback_flags_even_if_counts_match(void **st)
{
	struct fx *fx = *st;

	/* Another task's folios can hide ours in the counts; the fallback
	 * counter still tells. */
	ctr(fx, "anon_fault_alloc", "23\n");
	ctr(fx, "nr_anon", "16\n");
	ctr(fx, "anon_fault_fallback_charge", "1\n");
	assert_int_equal(snap_take(fx->a), 0);
	mem_verify_folios(&fx->c, MEM, 64 << 10);
	assert_true(fx->s.fallback);
}

static void test_4k_with_large_folios_is_flagged(void **st)
{
	struct fx *fx = *st;

	ctr(fx, "anon_fault_alloc", "8\n");
	assert_int_equal(snap_take(fx->a), 0);
	mem_verify_folios(&fx->c, MEM, 4096);
	assert_true(fx->s.fallback);
	assert_int_equal(folios(fx, "4K"), 256);
}

static void test_zero_page_fault_count(void **st)
{
	struct fx *fx = *st;

	assert_int_equal(snap_take(fx->a), 0);
	fx->c.minflt = 1;	/* one huge zero folio for 2M */
	mem_verify_zero(&fx->c, 2 << 20, 2 << 20);
	assert_false(fx->s.fallback);
	fx->c.minflt = 512;	/* 4K zero pages instead */
	mem_verify_zero(&fx->c, 2 << 20, 2 << 20);
	assert_true(fx->s.fallback);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_all_at_size, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_partial_is_fallback, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_charge_fallback_flags_even_if_counts_match, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_4k_with_large_folios_is_flagged, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_zero_page_fault_count, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
