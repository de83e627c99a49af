// SPDX-License-Identifier: GPL-2.0
/*
 * Waiting on khugepaged (collapse_env.h): its counters, its thread's CPU
 * time, and the mapping of collapsed shmem ranges it finishes late.
 */
#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "mm/collapse_env.h"
#include "mm/pagemap.h"
#include "mm/thp.h"

#define WAIT_NS		(60ULL * 1000000000)
#define IDLE_NS		(5ULL * 1000000000)
#define POLL_US		1000	/* khugepaged runs at nice 19: poll gently */

uint64_t collapse_khugepaged(const char *name)
{
	char path[256];
	uint64_t v = 0;

	snprintf(path, sizeof(path), "%s/khugepaged/%s", thp_root(), name);
	util_read_u64(path, &v);
	return v;
}

/* The khugepaged kthread's pid, or -1. */
static int khugepaged_pid(void)
{
	char path[300], comm[32];
	struct dirent *de;
	int pid = -1;
	DIR *d;

	d = opendir("/proc");
	if (!d)
		return -1;
	while (pid < 0 && (de = readdir(d))) {
		if (!isdigit((unsigned char)de->d_name[0]))
			continue;
		snprintf(path, sizeof(path), "/proc/%s/comm", de->d_name);
		if (util_read_file(path, comm, sizeof(comm)) > 0 &&
		    !strcmp(comm, "khugepaged\n"))
			pid = atoi(de->d_name);
	}
	closedir(d);
	return pid;
}

/* Time on CPU from schedstat (ns); 0 when it cannot be read. */
static uint64_t cpu_ns(int pid)
{
	char path[64], buf[128];
	unsigned long long ns;

	if (pid < 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/schedstat", pid);
	if (util_read_file(path, buf, sizeof(buf)) < 0 ||
	    sscanf(buf, "%llu", &ns) != 1)
		return 0;
	return ns;
}

/*
 * Collapses so far: allocations of the target size.  Not
 * pages_collapsed, which also counts every rescan of a shmem range
 * that is already PMD-mapped.
 */
static uint64_t collapse_allocs(size_t to)
{
	static char buf[128 * 1024];
	char path[256], *p;
	uint64_t v = 0;

	if (to != thp_pmd_size()) {
		snprintf(path, sizeof(path),
			 "%s/hugepages-%zukB/stats/collapse_alloc", thp_root(),
			 to / 1024);
		util_read_u64(path, &v);
		return v;
	}
	if (util_read_file("/proc/vmstat", buf, sizeof(buf)) < 0)
		return 0;
	p = strstr(buf, "\nthp_collapse_alloc ");
	return p ? strtoull(p + 20, NULL, 10) : 0;
}

int collapse_wait_begin(struct collapse_wait *w, size_t to)
{
	memset(w, 0, sizeof(*w));
	w->to = to;
	w->kpid = khugepaged_pid();
	w->cpu0 = cpu_ns(w->kpid);
	w->collapsed0 = collapse_allocs(to);
	w->done0 = collapse_khugepaged("pages_collapsed");
	w->scans0 = collapse_khugepaged("full_scans");
	w->t0 = util_now_ns();
	return 0;
}

int collapse_wait(struct collapse_wait *w, uint64_t expect)
{
	uint64_t now, scans;

	for (;;) {
		usleep(POLL_US);
		now = util_now_ns();
		scans = collapse_khugepaged("full_scans") - w->scans0;
		/* Allocated at the start of each collapse, counted at its end. */
		if (expect && collapse_allocs(w->to) - w->collapsed0 >= expect &&
		    collapse_khugepaged("pages_collapsed") - w->done0 >= expect) {
			w->done_ns = now - w->t0;
			w->scans = scans;
			break;
		}
		/* Nothing may collapse: two full scans saw our mm. */
		if (!expect && scans >= 2)
			break;
		/* It should have by now: verify says which ranges did not. */
		if (expect && scans >= 4)
			break;
		/* No scan at all: khugepaged has no mm to scan, ours included. */
		if (!scans && now - w->t0 > IDLE_NS) {
			w->timed_out = true;
			break;
		}
		if (now - w->t0 > WAIT_NS) {
			w->timed_out = true;
			w->scans = scans;
			break;
		}
	}
	w->cpu_ns = cpu_ns(w->kpid) - w->cpu0;
	return 0;
}

/*
 * shmem collapsed by khugepaged is unmapped until touched, and a range
 * the watcher faulted during the collapse may be mapped by one PTE:
 * read every page, so pagemap sees each range's folio whole.
 */
void collapse_refault(char *base, const struct collapse_shape *sh)
{
	size_t i;

	for (i = 0; i < sh->nranges * sh->per; i++)
		(void)*(volatile char *)(base + i * PAGE_4K);
}

/*
 * khugepaged shmem on 6.1: the page table of a collapsed range goes only
 * if mmap_lock is had for write at once (retract_page_tables(),
 * mmap_write_trylock()); else the range waits for khugepaged's next visit
 * of the mm (khugepaged_add_pte_mapped_thp()), and a read meanwhile maps
 * the new folio by PTEs.  The watcher's faults hold mmap_lock, so with
 * downtime=1 ranges stayed PTE-mapped.  6.6 and later retract without
 * it.  Read the ranges back until they are PMD-mapped, for up to two
 * full scans.
 */
void collapse_settle(char *base, const struct collapse_shape *sh)
{
	uint64_t want = sh->nranges * (sh->to / 1024), kb;
	uint64_t scans0 = collapse_khugepaged("full_scans"), t0 = util_now_ns();

	for (;;) {
		collapse_refault(base, sh);
		if (pagemap_smaps_kb(base, "ShmemPmdMapped", &kb) || kb >= want ||
		    collapse_khugepaged("full_scans") - scans0 >= 2 ||
		    util_now_ns() - t0 > IDLE_NS)
			return;
		usleep(10 * POLL_US);
	}
}
