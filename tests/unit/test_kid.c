// SPDX-License-Identifier: GPL-2.0
/*
 * Child processes of the fork/exit/CoW benchmarks: commands run in the
 * child's copy of memory, its faults come back, and no child outlives
 * kid_exit or kid_kill.  Also pagemap counting and skip reasons.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "mm/kid.h"
#include "mm/mem.h"
#include "mm/pagemap.h"

#define PAGES 64

static char *buf;

/* 'w': write every page of buf (the child's copy); 'e': fail; 'x': die. */
static int cmd(void *arg, char c)
{
	struct region rg = { buf, PAGES * PAGE_4K };

	(void)arg;
	if (c == 'x')
		_exit(3);
	if (c == 'e')
		return -EBADMSG;
	mem_touch(&rg);
	return 0;
}

static void test_child_runs_commands(void **st)
{
	struct kid k = { 0 };
	long faults = -1;
	pid_t pid;

	(void)st;
	buf = mmap(NULL, PAGES * PAGE_4K, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_ptr_not_equal(buf, MAP_FAILED);
	assert_int_equal(kid_prepare(&k), 0);
	assert_int_equal(kid_fork(&k, cmd, NULL), 0);
	pid = k.pid;
	assert_true(pid > 0);
	assert_int_equal(kid_cmd(&k, 'w', &faults), 0);
	/* The child faulted its own copy; the parent's stays untouched. */
	assert_true(faults >= PAGES);
	assert_int_equal(buf[0], 0);
	assert_int_equal(kid_cmd(&k, 'e', NULL), -EBADMSG);
	assert_int_equal(kid_exit(&k), 0);
	assert_int_equal(k.pid, 0);
	assert_int_equal(kill(pid, 0), -1);	/* reaped: gone */
	assert_int_equal(kid_cmd(&k, 'w', NULL), -ECHILD);
	munmap(buf, PAGES * PAGE_4K);
}

static void test_dead_child_and_kill(void **st)
{
	struct kid k = { 0 }, idle = { 0 };
	pid_t pid;

	(void)st;
	kid_kill(&idle);		/* a zeroed struct: nothing to do */
	assert_int_equal(kid_prepare(&k), 0);
	assert_int_equal(kid_fork(&k, cmd, NULL), 0);
	assert_int_equal(kid_cmd(&k, 'x', NULL), -ECHILD);
	assert_int_equal(kid_exit(&k), -ECHILD);	/* exit status 3 */
	assert_int_equal(kid_prepare(&k), 0);
	assert_int_equal(kid_fork(&k, cmd, NULL), 0);
	pid = k.pid;
	kid_kill(&k);
	assert_int_equal(k.pid, 0);
	assert_int_equal(kill(pid, 0), -1);
	kid_kill(&k);			/* twice is fine */
}

static void test_pagemap_present(void **st)
{
	struct region rg;
	uint64_t n = 0;

	(void)st;
	rg.len = PAGES * PAGE_4K;
	rg.base = mmap(NULL, rg.len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_ptr_not_equal(rg.base, MAP_FAILED);
	assert_int_equal(pagemap_count(getpid(), rg.base, rg.len,
					   PM_PRESENT, &n), 0);
	assert_int_equal(n, 0);
	rg.len = PAGES / 2 * PAGE_4K;
	mem_touch(&rg);
	rg.len = PAGES * PAGE_4K;
	assert_int_equal(pagemap_count(getpid(), rg.base, rg.len,
					   PM_PRESENT, &n), 0);
	assert_int_equal(n, PAGES / 2);
	assert_int_equal(pagemap_count(getpid(), rg.base, rg.len,
					   PM_PRESENT | PM_SWAP, &n), 0);
	assert_int_equal(n, 0);
	munmap(rg.base, rg.len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_child_runs_commands),
		cmocka_unit_test(test_dead_child_and_kill),
		cmocka_unit_test(test_pagemap_present),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
