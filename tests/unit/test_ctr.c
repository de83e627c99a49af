// SPDX-License-Identifier: GPL-2.0
/*
 * Counters: group-read parsing and scaling on fixed buffers, then the
 * real kernel's software page-fault counter, enabled around a region
 * only, inherited by a child.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "observe/counters.h"
#include "observe/ctr.h"

#define PG 4096

static void test_parse_group(void **st)
{
	uint64_t buf[3 + 2 * 3] = { 3, 1000, 500, 7, 11, 8, 12, 9, 13 };
	struct ctr_group g;

	(void)st;
	assert_int_equal(ctr_parse_group(buf, sizeof(buf), &g), 0);
	assert_int_equal(g.nr, 3);
	assert_int_equal(g.enabled, 1000);
	assert_int_equal(g.running, 500);
	assert_int_equal(g.v[2].value, 9);
	assert_int_equal(g.v[2].id, 13);
	/* A read shorter or longer than nr says is not a group read. */
	assert_int_equal(ctr_parse_group(buf, sizeof(buf) - 8, &g), -EIO);
	assert_int_equal(ctr_parse_group(buf, 16, &g), -EIO);
	buf[0] = CTR_MAX + 1;
	assert_int_equal(ctr_parse_group(buf, sizeof(buf), &g), -EIO);
	buf[0] = 2;
	assert_int_equal(ctr_parse_group(buf, sizeof(buf), &g), -EIO);
}

static void test_scale(void **st)
{
	struct ctr_val last = { .raw = 100, .enabled = 1000, .running = 1000 };
	struct ctr_val v;

	(void)st;
	/* Counted all the time: the delta as it is. */
	ctr_scale(&v, &last, 150, 2000, 2000);
	assert_int_equal(v.raw, 50);
	assert_false(v.scaled);
	assert_true(v.value == 50.0);
	/* On the PMU a quarter of the time: scaled by enabled/running. */
	ctr_scale(&v, &last, 150, 2000, 1250);
	assert_true(v.scaled);
	assert_int_equal(v.enabled, 1000);
	assert_int_equal(v.running, 250);
	assert_true(v.value == 200.0);
	/* Never on the PMU: no value rather than a division by zero. */
	ctr_scale(&v, &last, 100, 2000, 1000);
	assert_true(v.scaled);
	assert_true(v.value == 0.0);
}

static void test_resolve(void **st)
{
	struct ctr c;

	(void)st;
	assert_int_equal(ctr_resolve("page-faults", &c), 0);
	assert_int_equal(c.attr.type, PERF_TYPE_SOFTWARE);
	assert_int_equal(c.kind, CK_FAULTS);
	assert_int_equal(ctr_resolve("cycles:u", &c), 0);
	assert_int_equal(c.kind, CK_CYCLES);
	assert_true(c.attr.exclude_kernel && !c.attr.exclude_user);
	assert_int_equal(ctr_resolve("dTLB-store-misses", &c), 0);
	assert_int_equal(c.kind, CK_DTLB);
	assert_int_equal(ctr_resolve("no-such-event", &c), -ENOENT);
	assert_int_equal(ctr_resolve("", &c), -ENOENT);
}

/* Uninstrumented: ASan's shadow faults must not count as the test's. */
__attribute__((no_sanitize("address")))
static void touch(char *p, int from, int to)
{
	for (; from < to; from++)
		*(volatile char *)(p + (size_t)from * PG) = 1;
}

static char *map(int pages)
{
	char *p = mmap(NULL, (size_t)pages * PG, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	assert_true(p != MAP_FAILED);
	/* One fault per 4K page, whatever the THP settings are. */
	assert_int_equal(madvise(p, (size_t)pages * PG, MADV_NOHUGEPAGE), 0);
	return p;
}

static int open_faults(struct ctr_set *cs)
{
	assert_int_equal(ctr_open(cs, "page-faults,minor-faults"), 0);
	assert_int_equal(cs->n, 2);
	if (!cs->c[0].ok) {
		print_message("skip: %s\n", cs->c[0].why);
		return -1;
	}
	return 0;
}

static void test_region_only(void **st)
{
	static struct ctr_set cs;
	char *p = map(400);

	(void)st;
	if (open_faults(&cs))
		skip();
	touch(p, 0, 100);		/* before: not counted */
	ctr_enable(&cs);
	touch(p, 100, 250);
	ctr_disable(&cs);
	touch(p, 250, 400);		/* after: not counted */
	assert_int_equal(ctr_read(&cs), 0);
	assert_int_equal(cs.c[0].v.raw, 150);
	assert_int_equal(cs.c[1].v.raw, 150);
	assert_false(cs.c[0].v.scaled);
	/* The next read is a delta: a second region of 50 pages. */
	munmap(p, 400 * PG);
	p = map(50);
	ctr_enable(&cs);
	touch(p, 0, 50);
	ctr_disable(&cs);
	assert_int_equal(ctr_read(&cs), 0);
	assert_int_equal(cs.c[0].v.raw, 50);
	ctr_close(&cs);
	munmap(p, 50 * PG);
}

static void test_child_inherits(void **st)
{
	static struct ctr_set cs;
	char *p = map(300);
	pid_t pid;
	int status;

	(void)st;
	if (open_faults(&cs))
		skip();
	ctr_enable(&cs);
	pid = fork();
	if (!pid) {
		touch(p, 0, 300);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	ctr_disable(&cs);
	assert_int_equal(ctr_read(&cs), 0);
	/* The child's 300, plus the few fork and exit take. */
	assert_true(cs.c[0].v.raw >= 300);
	assert_true(cs.c[0].v.raw < 400);
	ctr_close(&cs);
	munmap(p, 300 * PG);
}

/* What fires per fault leaves the timed reps; the rest stays, in order. */
static void test_split(void **st)
{
	char timed[256], costly[256];

	(void)st;
	counters_split("task-clock,page-faults,cycles,minor-faults,cpu-migrations,major-faults",
		       timed, costly, sizeof(timed));
	assert_string_equal(timed, "task-clock,cycles,cpu-migrations");
	assert_string_equal(costly, "page-faults,minor-faults,major-faults");
	counters_split("", timed, costly, sizeof(timed));
	assert_string_equal(timed, "");
	assert_string_equal(costly, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_group),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_region_only),
		cmocka_unit_test(test_child_inherits),
		cmocka_unit_test(test_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
