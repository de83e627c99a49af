// SPDX-License-Identifier: GPL-2.0
/* Making the walk benchmark's states, and counting them (walk_state.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/userfaultfd.h>

#include "core/result.h"
#include "mm/pagemap.h"
#include "mm/region.h"
#include "mm/uffd.h"
#include "mm/walk_state.h"

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_GUARD_INSTALL
#define MADV_GUARD_INSTALL 102
#endif

#define PM_GUARD	(1ULL << 58)	/* 6.15+ */

const char *const walk_states[] = {
	"present", "swapped", "uffd-wp", "guard", "zero", "mixed", "pfnmap",
	NULL
};

/* Does this kernel have guard regions on this backing?  A scratch probe. */
static bool have_guard(bool shmem)
{
	int flags = (shmem ? MAP_SHARED : MAP_PRIVATE) | MAP_ANONYMOUS;
	void *p = mmap(NULL, PAGE_4K, PROT_READ | PROT_WRITE, flags, -1, 0);
	bool ok;

	if (p == MAP_FAILED)
		return false;
	ok = !madvise(p, PAGE_4K, MADV_GUARD_INSTALL);
	munmap(p, PAGE_4K);
	return ok;
}

int walk_state_can(enum walk_state st, bool shmem, char *why, size_t len)
{
	int fd;

	switch (st) {
	case WS_UFFD_WP:
		if (!shmem) {
			snprintf(why, len, "state=uffd-wp is markers on unpopulated shmem: backing=shmem");
			return -EOPNOTSUPP;
		}
		fd = uffd_open(UFFD_FEATURE_WP_HUGETLBFS_SHMEM, NULL);
		if (fd < 0) {
			snprintf(why, len, "userfaultfd without WP on shmem (UFFD_FEATURE_WP_HUGETLBFS_SHMEM, 5.19+)");
			return -EOPNOTSUPP;
		}
		close(fd);
		return 0;
	case WS_GUARD:
	case WS_MIXED:
		if (st == WS_MIXED && shmem) {
			snprintf(why, len, "state=mixed is anonymous (zero pages cannot be made on shmem)");
			return -EOPNOTSUPP;
		}
		if (!have_guard(shmem)) {
			snprintf(why, len, "no MADV_GUARD_INSTALL for %s here (6.13+ anon, 6.15+ shmem)",
				 shmem ? "shmem" : "anonymous memory");
			return -EOPNOTSUPP;
		}
		return 0;
	case WS_ZERO:
		if (shmem) {
			snprintf(why, len, "state=zero cannot be made on shmem: a read allocates");
			return -EOPNOTSUPP;
		}
		return 0;
	case WS_PFNMAP:
		snprintf(why, len, "no PFN mapping mmbench can make safely here (/dev/mem would risk the machine)");
		return -EOPNOTSUPP;
	default:
		return 0;
	}
}

static void touch_range(char *p, size_t len, bool write)
{
	char *q;

	for (q = p; q < p + len; q += PAGE_4K) {
		if (write)
			*(volatile char *)q = 1;
		else
			(void)*(volatile char *)q;
	}
}

/* Every fourth page present, swapped, a zero page, a guard. */
static int make_mixed(struct rgn *r)
{
	struct region part = { .len = PAGE_4K };
	size_t i;

	for (i = 0; i < r->mem / PAGE_4K; i++) {
		char *p = r->rg.base + i * PAGE_4K;

		switch (i % 4) {
		case 0:
			*(volatile char *)p = 1;
			break;
		case 1:
			part.base = p;
			mem_touch_drained(&part);
			break;
		case 2:
			(void)*(volatile char *)p;
			break;
		case 3:
			if (madvise(p, PAGE_4K, MADV_GUARD_INSTALL))
				return -errno;
			break;
		}
	}
	for (i = 1; i < r->mem / PAGE_4K; i += 4)
		if (madvise(r->rg.base + i * PAGE_4K, PAGE_4K, MADV_PAGEOUT))
			return -errno;
	return 0;
}

int walk_state_make(struct rgn *r, enum walk_state st, int *uffd)
{
	switch (st) {
	case WS_PRESENT:
		mem_touch(&r->rg);
		return 0;
	case WS_SWAPPED:
		mem_touch_drained(&r->rg);
		return madvise(r->rg.base, r->mem, MADV_PAGEOUT) ? -errno : 0;
	case WS_UFFD_WP:
		return uffd_protect(r->rg.base, r->mem, uffd);
	case WS_GUARD:
		return madvise(r->rg.base, r->mem, MADV_GUARD_INSTALL) ?
		       -errno : 0;
	case WS_ZERO:
		touch_range(r->rg.base, r->mem, false);
		return 0;
	case WS_MIXED:
		return make_mixed(r);
	default:
		return -EOPNOTSUPP;
	}
}

static sigjmp_buf probe_env;

static void probe_segv(int sig)
{
	(void)sig;
	siglongjmp(probe_env, 1);
}

/* Before bit 58 (6.13, 6.14), a guard shows only as a fault on access. */
static bool faults(const char *p)
{
	struct sigaction sa = { .sa_handler = probe_segv }, old;
	bool hit = false;

	sigaction(SIGSEGV, &sa, &old);
	if (!sigsetjmp(probe_env, 1))
		(void)*(volatile const char *)p;
	else
		hit = true;
	sigaction(SIGSEGV, &old, NULL);
	return hit;
}

bool walk_pagemap_shows_guards(void)
{
	static int known = -1;
	uint64_t e = 0;
	char path[64];
	void *p;
	int fd;

	if (known >= 0)
		return known;
	known = 0;
	p = mmap(NULL, PAGE_4K, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return false;
	snprintf(path, sizeof(path), "/proc/self/pagemap");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0 && !madvise(p, PAGE_4K, MADV_GUARD_INSTALL) &&
	    pread(fd, &e, 8, (uintptr_t)p / PAGE_4K * 8) == 8)
		known = !!(e & PM_GUARD);
	if (fd >= 0)
		close(fd);
	munmap(p, PAGE_4K);
	return known;
}

int walk_census(pid_t pid, const char *base, size_t len, bool shmem,
		bool probe, struct walk_census *wc)
{
	size_t pages = len / PAGE_4K, i;
	uint64_t *pm = malloc(pages * sizeof(*pm)), zero = 0, kb;
	char path[64];
	int fd, ret = 0;

	memset(wc, 0, sizeof(*wc));
	if (!pm)
		return -ENOMEM;
	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || pread(fd, pm, pages * 8, (uintptr_t)base / PAGE_4K * 8) !=
	    (ssize_t)(pages * 8)) {
		ret = fd < 0 ? -errno : -EIO;
		goto out;
	}
	for (i = 0; i < pages; i++) {
		uint64_t e = pm[i];

		if (e & PM_SWAP)
			*(e & PM_GUARD ? &wc->guard : e & PM_UFFD_WP ?
			  &wc->marker : &wc->swap) += 1;
		else if (e & PM_PRESENT)
			wc->present++;
		else
			wc->none++;
	}
	/* Zero pages are present pages of a zero PFN. */
	if (!pagemap_kpf_pages(pid, base, len, KPF_BIT_ZERO_PAGE, &zero)) {
		wc->zero = zero;
		wc->present -= zero;
	}
	/*
	 * A guard of 6.13/6.14 reads as a swap entry; its access faults.
	 * Probing would swap a real swap entry in, so only when asked.
	 */
	if (probe && pid == getpid()) {
		for (i = 0; i < pages; i++)
			if ((pm[i] & PM_SWAP) && !(pm[i] & PM_UFFD_WP) &&
			    faults(base + i * PAGE_4K)) {
				wc->guard++;
				wc->swap--;
			}
	}
	/* shmem's swap entries sit in the page cache: its PTEs are none. */
	if (shmem && pid == getpid() &&
	    !pagemap_smaps_kb(base, "Swap", &kb)) {
		wc->swap = kb / 4;
		wc->none -= wc->none < wc->swap ? wc->none : wc->swap;
	}
out:
	if (fd >= 0)
		close(fd);
	free(pm);
	return ret;
}

static int off(char *why, size_t len, const char *what, uint64_t got,
	       uint64_t want)
{
	snprintf(why, len, "%s: %" PRIu64 " pages, want %" PRIu64, what, got,
		 want);
	return -EIO;
}

int walk_state_check(enum walk_state st, bool shmem, size_t len,
		     const struct walk_census *wc, char *why, size_t wlen)
{
	uint64_t n = len / PAGE_4K;

	(void)shmem;
	switch (st) {
	case WS_PRESENT:
		return wc->present == n ? 0 : off(why, wlen, "present", wc->present, n);
	case WS_SWAPPED:
		return wc->swap == n ? 0 : off(why, wlen, "swapped", wc->swap, n);
	case WS_UFFD_WP:
		return wc->marker == n ? 0 : off(why, wlen, "uffd-wp markers", wc->marker, n);
	case WS_GUARD:
		return wc->guard == n ? 0 : off(why, wlen, "guards", wc->guard, n);
	case WS_ZERO:
		return wc->zero == n ? 0 : off(why, wlen, "zero pages", wc->zero, n);
	case WS_MIXED:
		if (wc->present != n / 4)
			return off(why, wlen, "mixed: present", wc->present, n / 4);
		if (wc->swap != n / 4)
			return off(why, wlen, "mixed: swapped", wc->swap, n / 4);
		if (wc->zero != n / 4)
			return off(why, wlen, "mixed: zero", wc->zero, n / 4);
		return wc->guard == n / 4 ? 0 :
		       off(why, wlen, "mixed: guards", wc->guard, n / 4);
	default:
		return 0;
	}
}

void walk_census_record(struct ctx *c, const char *prefix,
			const struct walk_census *wc)
{
	static const char *const names[] = {
		"present", "swap", "marker", "guard", "zero", "none",
	};
	const uint64_t v[] = {
		wc->present, wc->swap, wc->marker, wc->guard, wc->zero,
		wc->none,
	};
	char key[64];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		snprintf(key, sizeof(key), "%s_%s", prefix, names[i]);
		sample_set_int(c, key, v[i]);
	}
}
