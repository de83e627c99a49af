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
	/* knob_recover writes only knobs under the THP root, sysfs, /proc/sys. */
	setenv("MMBENCH_THP_ROOT", fx->root, 1);
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
	char p1[4200], p2[4200], v[128];
	struct knob_recovery rec;

	snprintf(p1, sizeof(p1), "%s/enabled", fx->root);
	snprintf(p2, sizeof(p2), "%s/use_zero_page", fx->root);
	assert_int_equal(knob_save(&fx->ks, fx->state, "/results/x"), 0);
	assert_int_equal(knob_set(&fx->ks, p1, "never"), 0);
	assert_int_equal(knob_set(&fx->ks, p2, "0"), 0);
	/* The process dies here; a later one finds the state file. */
	assert_int_equal(knob_recover(fx->state, &rec), 2);
	assert_string_equal(rec.run, "/results/x");
	assert_int_equal(rec.bad, 0);
	assert_int_equal(rec.entries, 8);
	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	val(fx, "use_zero_page", v);
	assert_string_equal(v, "1");
	assert_int_equal(access(fx->state, F_OK), -1);
	assert_int_equal(knob_recover(fx->state, &rec), -ENOENT);
}

/* The state file's bytes, and a rewrite of it. */
static char *state_read(struct fx *fx, size_t *len)
{
	char *buf = malloc(65536);
	FILE *f = fopen(fx->state, "r");

	assert_non_null(f);
	*len = fread(buf, 1, 65535, f);
	buf[*len] = '\0';
	fclose(f);
	return buf;
}

static void state_write(const char *path, const char *buf, size_t len)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, len, f), len);
	fclose(f);
}

/* Kill a run that set enabled=always and pages_to_scan=512. */
static void killed_run(struct fx *fx)
{
	char p1[4200], p2[4200];

	snprintf(p1, sizeof(p1), "%s/enabled", fx->root);
	snprintf(p2, sizeof(p2), "%s/khugepaged/pages_to_scan", fx->root);
	assert_int_equal(knob_save(&fx->ks, fx->state, "/results/x"), 0);
	assert_int_equal(knob_set(&fx->ks, p1, "always"), 0);
	assert_int_equal(knob_set(&fx->ks, p2, "512"), 0);
}

/* A damaged file went aside with exactly its bytes; nothing blocks. */
static void assert_aside(struct fx *fx, struct knob_recovery *rec,
			 const char *want, size_t len)
{
	struct knob_recovery again;
	char buf[65536];
	size_t n;
	FILE *f;

	assert_true(rec->bad > 0);
	assert_non_null(strstr(rec->aside, "knobs.saved.damaged-"));
	f = fopen(rec->aside, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, len);
	assert_memory_equal(buf, want, len);
	assert_int_equal(access(fx->state, F_OK), -1);
	assert_int_equal(knob_recover(fx->state, &again), -ENOENT);
	unlink(rec->aside);
}

/* Cut inside a line: the entries before it come back, not the cut one. */
static void test_recover_cut_short(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;
	char *buf, *at, v[128];
	size_t len;

	killed_run(fx);
	buf = state_read(fx, &len);
	/* enabled's line is whole; cut halfway through the next one. */
	at = strstr(buf, "/enabled\t");
	assert_non_null(at);
	at = strchr(at, '\n') + 12;
	len = at - buf;
	state_write(fx->state, buf, len);
	assert_int_equal(knob_recover(fx->state, &rec), 1);
	assert_string_equal(rec.run, "/results/x");
	assert_non_null(strstr(rec.bad_why, "cut short"));
	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	/* Its line was lost: still as the killed run left it. */
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "512");
	assert_aside(fx, &rec, buf, len);
	free(buf);
}

/* A value cut short is never written: "4096" cut to "40" would be. */
static void test_recover_cut_value(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;
	char *buf, *at, v[128];
	size_t len;

	killed_run(fx);
	buf = state_read(fx, &len);
	at = strstr(buf, "pages_to_scan\t4096\n");
	assert_non_null(at);
	len = at + strlen("pages_to_scan\t40") - buf;
	state_write(fx->state, buf, len);
	assert_int_equal(knob_recover(fx->state, &rec), 1);
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "512");
	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	assert_aside(fx, &rec, buf, len);
	free(buf);
}

/* Cut at a line boundary: the missing end line tells. */
static void test_recover_no_end_line(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;
	char *buf, *at, v[128];
	size_t len;

	killed_run(fx);
	buf = state_read(fx, &len);
	at = strstr(buf, "\nend\t");
	assert_non_null(at);
	len = at + 1 - buf;
	state_write(fx->state, buf, len);
	assert_int_equal(knob_recover(fx->state, &rec), 2);
	assert_non_null(strstr(rec.bad_why, "no end line"));
	assert_int_equal(rec.entries, 8);
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "4096");
	assert_aside(fx, &rec, buf, len);
	free(buf);
}

/* A garbage line in the middle: named, and every other entry restored. */
static void test_recover_garbage_line(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;
	char *buf, *out, *at, v[128];
	size_t len, head, n;
	int line = 1;

	killed_run(fx);
	buf = state_read(fx, &len);
	at = strstr(buf, "knob\t");
	at = strchr(at, '\n') + 1;	/* after the first knob line */
	head = at - buf;
	for (n = 0; n < head; n++)
		line += buf[n] == '\n';
	out = malloc(len + 64);
	memcpy(out, buf, head);
	memcpy(out + head, "x\x01garbage\n", 10);
	memcpy(out + head + 10, at, len - head);
	len += 10;
	state_write(fx->state, out, len);
	assert_int_equal(knob_recover(fx->state, &rec), 2);
	assert_int_equal(rec.bad, 1);
	assert_int_equal(rec.bad_line, line);
	assert_string_equal(rec.bad_text, "x\\x01garbage");
	assert_int_equal(rec.entries, 8);
	val(fx, "enabled", v);
	assert_string_equal(v, "madvise");
	val(fx, "khugepaged/pages_to_scan", v);
	assert_string_equal(v, "4096");
	assert_aside(fx, &rec, out, len);
	free(out);
	free(buf);
}

/* A damaged line naming a file outside sysfs is never written. */
static void test_recover_foreign_path(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;
	char victim[4200], text[8400], v[128];

	snprintf(victim, sizeof(victim), "%s/../victim", fx->root);
	fake_file(fx->root, "../victim", "precious\n", 0644);
	snprintf(text, sizeof(text),
		 "# mmbench knob state, pid 1\nrun\t\nknob\t%s\tgone\n"
		 "knob\t/etc/mmbench-no-such\tx\nend\t2\n", victim);
	state_write(fx->state, text, strlen(text));
	assert_int_equal(knob_recover(fx->state, &rec), 0);
	assert_int_equal(rec.bad, 3);	/* two paths and the end count */
	assert_int_equal(rec.bad_line, 3);
	assert_int_equal(knob_read(victim, v, sizeof(v)), 0);
	assert_string_equal(v, "precious");
	assert_aside(fx, &rec, text, strlen(text));
}

/* An intact file whose write fails stays, for a later restore. */
static void test_recover_intact_write_fails(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;
	char text[8400];

	snprintf(text, sizeof(text),
		 "# mmbench knob state, pid 1\nrun\t\nknob\t%s/hugepages-16kB\tx\n"
		 "knob\t%s/enabled\tnever\nend\t2\n", fx->root, fx->root);
	state_write(fx->state, text, strlen(text));
	assert_int_equal(knob_recover(fx->state, &rec), -EIO);
	assert_int_equal(rec.bad, 0);
	assert_int_equal(rec.failed, 1);
	assert_int_equal(rec.changed, 1);
	assert_non_null(strstr(rec.failed_list, "hugepages-16kB"));
	assert_int_equal(access(fx->state, F_OK), 0);
	unlink(fx->state);
}

static void test_recover_empty(void **st)
{
	struct fx *fx = *st;
	struct knob_recovery rec;

	state_write(fx->state, "", 0);
	assert_int_equal(knob_recover(fx->state, &rec), 0);
	assert_string_equal(rec.bad_why, "empty");
	assert_aside(fx, &rec, "", 0);
}

static void test_signal_safe_restore(void **st)
{
	struct fx *fx = *st;
	char p[4200], v[128];
	struct knob_recovery rec;

	snprintf(p, sizeof(p), "%s/defrag", fx->root);
	assert_int_equal(knob_save(&fx->ks, fx->state, NULL), 0);
	assert_int_equal(knob_set(&fx->ks, p, "never"), 0);
	knob_restore_signal_safe(&fx->ks);
	val(fx, "defrag", v);
	assert_string_equal(v, "madvise");
	/* Kept, so the next run marks the abandoned results; nothing to undo. */
	assert_int_equal(knob_recover(fx->state, &rec), 0);
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
		cmocka_unit_test_setup_teardown(test_recover_cut_short, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_cut_value, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_no_end_line, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_garbage_line, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_foreign_path, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_intact_write_fails, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_recover_empty, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_signal_safe_restore, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(test_lock_refuses_second, fx_setup, fx_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
