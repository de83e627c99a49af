// SPDX-License-Identifier: GPL-2.0
/* Knob save/set/reset/recover against a fake sysfs tree. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "fake_sysfs.h"
#include "core/knob.h"

struct fx {
	char *root;
	char state[4200];
	struct knobs ks;
};

static int fx_setup(void **st)
{
	struct fx *fx = calloc(1, sizeof(*fx));

	fx->root = fake_thp_tree();
	snprintf(fx->state, sizeof(fx->state), "%s/../knobs.saved", fx->root);
	assert_int_equal(knob_discover(&fx->ks, fx->root), 0);
	*st = fx;
	return 0;
}

static int fx_teardown(void **st)
{
	struct fx *fx = *st;

	knob_free(&fx->ks);
	fake_remove(fx->root);
	free(fx->root);
	free(fx);
	return 0;
}

static void val(struct fx *fx, const char *rel, char *out)
{
	char path[4200];

	snprintf(path, sizeof(path), "%s/%s", fx->root, rel);
	assert_int_equal(knob_read(path, out, 128), 0);
}

static bool has(struct knobs *ks, const char *suffix)
{
	size_t i, n = strlen(suffix);

	for (i = 0; i < ks->n; i++) {
		size_t l = strlen(ks->k[i].path);

		if (l >= n && !strcmp(ks->k[i].path + l - n, suffix))
			return true;
	}
	return false;
}

static void test_discover_writable_only(void **st)
{
	struct fx *fx = *st;

	assert_true(has(&fx->ks, "/thp/enabled"));
	assert_true(has(&fx->ks, "/thp/defrag"));
	assert_true(has(&fx->ks, "/thp/use_zero_page"));
	assert_true(has(&fx->ks, "hugepages-64kB/enabled"));
	assert_true(has(&fx->ks, "hugepages-8kB/shmem_enabled"));
	assert_true(has(&fx->ks, "khugepaged/pages_to_scan"));
	assert_false(has(&fx->ks, "hpage_pmd_size"));
	assert_false(has(&fx->ks, "anon_fault_alloc"));
	assert_false(has(&fx->ks, "khugepaged/full_scans"));
	assert_int_equal(fx->ks.n, 8);
}

static void test_read_bracket_and_plain(void **st)
{
	struct fx *fx = *st;
	char v[128];

	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	val(fx, "hugepages-2048kB/enabled", v);
	assert_string_equal(v, "inherit");
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "4096");
}

static void test_set_needs_saved_state(void **st)
{
	struct fx *fx = *st;
	char path[4200], v[128];

	snprintf(path, sizeof(path), "%s/enabled", fx->root);
	/* Nothing may change before the old values are on disk. */
	assert_int_equal(knob_set(&fx->ks, path, "always"), -EPERM);
	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	assert_int_equal(knob_save(&fx->ks, fx->state, "/some/run"), 0);
	assert_int_equal(access(fx->state, F_OK), 0);
	assert_int_equal(knob_set(&fx->ks, path, "always"), 0);
	val(fx, "enabled", v);
	assert_string_equal(v, "always");
	snprintf(path, sizeof(path), "%s/hpage_pmd_size", fx->root);
	assert_int_equal(knob_set(&fx->ks, path, "4096"), -ENOENT);
}

static void test_reset_and_restore(void **st)
{
	struct fx *fx = *st;
	char p1[4200], p2[4200], v[128];

	snprintf(p1, sizeof(p1), "%s/hugepages-64kB/enabled", fx->root);
	snprintf(p2, sizeof(p2), "%s/khugepaged/pages_to_scan", fx->root);
	assert_int_equal(knob_save(&fx->ks, fx->state, NULL), 0);
	assert_int_equal(knob_set(&fx->ks, p1, "always"), 0);
	assert_int_equal(knob_set_session(&fx->ks, p2, "512"), 0);
	/* Between points: per-point knobs back, session knobs held. */
	assert_int_equal(knob_reset(&fx->ks, false), 0);
	val(fx, "hugepages-64kB/enabled", v);
	assert_string_equal(v, "never");
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "512");
	assert_int_equal(access(fx->state, F_OK), 0);
	/* End of run: everything back, state file gone. */
	assert_int_equal(knob_restore(&fx->ks), 0);
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "4096");
	assert_int_equal(access(fx->state, F_OK), -1);
}

static void test_recover_after_kill(void **st)
{
	struct fx *fx = *st;
	char p1[4200], p2[4200], v[128], run[256];

	snprintf(p1, sizeof(p1), "%s/enabled", fx->root);
	snprintf(p2, sizeof(p2), "%s/use_zero_page", fx->root);
	assert_int_equal(knob_save(&fx->ks, fx->state, "/results/x"), 0);
	assert_int_equal(knob_set(&fx->ks, p1, "never"), 0);
	assert_int_equal(knob_set(&fx->ks, p2, "0"), 0);
	/* The process dies here; a later one finds the state file. */
	assert_int_equal(knob_recover(fx->state, run, sizeof(run)), 2);
	assert_string_equal(run, "/results/x");
	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	val(fx, "use_zero_page", v);
	assert_string_equal(v, "1");
	assert_int_equal(access(fx->state, F_OK), -1);
	assert_int_equal(knob_recover(fx->state, run, sizeof(run)), -ENOENT);
}

static void test_signal_safe_restore(void **st)
{
	struct fx *fx = *st;
	char p[4200], v[128];

	snprintf(p, sizeof(p), "%s/defrag", fx->root);
	assert_int_equal(knob_save(&fx->ks, fx->state, NULL), 0);
	assert_int_equal(knob_set(&fx->ks, p, "never"), 0);
	knob_restore_signal_safe(&fx->ks);
	val(fx, "defrag", v);
	assert_string_equal(v, "madvise");
	/* Kept, so the next run marks the abandoned results; nothing to undo. */
	assert_int_equal(knob_recover(fx->state, NULL, 0), 0);
	assert_int_equal(access(fx->state, F_OK), -1);
}

static void test_lock_refuses_second(void **st)
{
	struct fx *fx = *st;
	char dir[4200], msg[512];
	int fd1, fd2;

	snprintf(dir, sizeof(dir), "%s/../lockdir", fx->root);
	assert_int_equal(knob_lock(dir, &fd1, msg, sizeof(msg)), 0);
	/* flock is per open file: a second open conflicts even here. */
	assert_int_equal(knob_lock(dir, &fd2, msg, sizeof(msg)), -EBUSY);
	assert_non_null(strstr(msg, "another mmbench"));
	close(fd1);
	assert_int_equal(knob_lock(dir, &fd2, msg, sizeof(msg)), 0);
	close(fd2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_discover_writable_only, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_read_bracket_and_plain, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_set_needs_saved_state, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_reset_and_restore, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_after_kill, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_signal_safe_restore, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lock_refuses_second, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
