// SPDX-License-Identifier: GPL-2.0
/* pagemap and kpageflags: what a range of a process maps, page by page. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/mmbench.h"
#include "mm/pagemap.h"

int pagemap_count(pid_t pid, const void *addr, size_t len, uint64_t bits,
		  uint64_t *count)
{
	uint64_t buf[512], n = 0;
	size_t pages = len / PAGE_4K, done = 0, i, want;
	char path[64];
	ssize_t got;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (done < pages) {
		want = pages - done < 512 ? pages - done : 512;
		got = pread(fd, buf, want * 8,
			    ((uintptr_t)addr / PAGE_4K + done) * 8);
		if (got <= 0) {
			close(fd);
			return got < 0 ? -errno : -EIO;
		}
		for (i = 0; i < (size_t)got / 8; i++)
			n += (buf[i] & bits) == bits;
		done += got / 8;
	}
	close(fd);
	*count = n;
	return 0;
}

/* pid's pagemap and /proc/kpageflags; -1 for whichever did not open. */
static int open_both(pid_t pid, int *fd, int *kfd)
{
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	*fd = open(path, O_RDONLY | O_CLOEXEC);
	*kfd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	return *fd < 0 || *kfd < 0 ? -errno : 0;
}

int pagemap_large_pages(pid_t pid, const void *addr, size_t len, uint64_t *count)
{
	const uint64_t compound = 1ULL << 15 | 1ULL << 16;	/* head, tail */
	uint64_t pm[512], flags, n = 0;
	size_t pages = len / PAGE_4K, done = 0, i;
	int fd, kfd, ret;
	ssize_t got;

	ret = open_both(pid, &fd, &kfd);
	if (ret)
		goto out;
	while (done < pages && !ret) {
		got = pread(fd, pm, (pages - done < 512 ? pages - done : 512) * 8,
			    ((uintptr_t)addr / PAGE_4K + done) * 8);
		if (got <= 0) {
			ret = got < 0 ? -errno : -EIO;
			break;
		}
		for (i = 0; i < (size_t)got / 8; i++) {
			uint64_t pfn = pm[i] & ((1ULL << 55) - 1);

			if (!(pm[i] & PM_PRESENT) || !pfn)
				continue;	/* PFNs read as 0 without root */
			if (pread(kfd, &flags, 8, pfn * 8) != 8) {
				ret = -EIO;
				break;
			}
			n += !!(flags & compound);
		}
		done += got / 8;
	}
out:
	if (fd >= 0)
		close(fd);
	if (kfd >= 0)
		close(kfd);
	*count = n;
	return ret;
}

/* kpageflags bits (Documentation/admin-guide/mm/pagemap.rst). */
#define KPF_COMPOUND_HEAD	15
#define KPF_COMPOUND_TAIL	16
#define KPF_THP			22
#define PM_PFN_MASK		((1ULL << 55) - 1)

/* One folio of exactly npages, starting at pm[0]'s page? */
static bool whole_folio(int kfd, const uint64_t *pm, size_t npages)
{
	uint64_t pfn0 = pm[0] & PM_PFN_MASK, fl, after;
	size_t i;

	if (!(pm[0] & PM_PRESENT) || !pfn0 || npages < 2)
		return false;
	for (i = 0; i < npages; i++) {
		if (!(pm[i] & PM_PRESENT) || (pm[i] & PM_PFN_MASK) != pfn0 + i)
			return false;
		if (pread(kfd, &fl, 8, (pfn0 + i) * 8) != 8)
			return false;
		if (!(fl & (1ULL << (i ? KPF_COMPOUND_TAIL :
					 KPF_COMPOUND_HEAD))))
			return false;
	}
	/* The folio ends here: the next page frame is no tail of it. */
	if (pread(kfd, &after, 8, (pfn0 + npages) * 8) == 8 &&
	    (after & (1ULL << KPF_COMPOUND_TAIL)))
		return false;
	return true;
}

/* A range's pagemap entries, read whole, and kpageflags kept open. */
struct pm_range {
	uint64_t *pm;
	size_t pages;
	int kfd;
};

static int range_read(pid_t pid, const void *addr, size_t len,
		      struct pm_range *r)
{
	int fd, ret;

	r->pages = len / PAGE_4K;
	r->pm = malloc(r->pages * sizeof(*r->pm));
	if (!r->pm)
		return -ENOMEM;
	ret = open_both(pid, &fd, &r->kfd);
	if (!ret && pread(fd, r->pm, r->pages * 8,
			  (uintptr_t)addr / PAGE_4K * 8) !=
		    (ssize_t)(r->pages * 8))
		ret = -EIO;
	if (fd >= 0)
		close(fd);
	return ret;
}

static void range_free(struct pm_range *r)
{
	if (r->kfd >= 0)
		close(r->kfd);
	free(r->pm);
}

int pagemap_whole_folios(pid_t pid, const void *addr, size_t len,
			 size_t folio, bool *whole, uint64_t *count)
{
	size_t per = folio / PAGE_4K, i;
	struct pm_range r = { .kfd = -1 };
	uint64_t n = 0;
	int ret;

	ret = range_read(pid, addr, len, &r);
	for (i = 0; !ret && i + per <= r.pages; i += per) {
		bool w = whole_folio(r.kfd, r.pm + i, per);

		if (whole)
			whole[i / per] = w;
		n += w;
	}
	*count = n;
	range_free(&r);
	return ret;
}

int pagemap_smaps_kb(const void *addr, const char *field, uint64_t *kb)
{
	char line[512], want[64];
	unsigned long long lo, v;
	bool in = false;
	FILE *f;

	f = fopen("/proc/self/smaps", "re");
	if (!f)
		return -errno;
	snprintf(want, sizeof(want), "%s: %%llu kB", field);
	while (fgets(line, sizeof(line), f)) {
		/* A VMA's first line: "start-end perms ...". */
		if (line[strspn(line, "0123456789abcdef")] == '-' &&
		    sscanf(line, "%llx-", &lo) == 1) {
			in = lo == (uintptr_t)addr;
		} else if (in && sscanf(line, want, &v) == 1) {
			*kb = v;
			fclose(f);
			return 0;
		}
	}
	fclose(f);
	return -ENOENT;
}

int pagemap_kpf_pages(pid_t pid, const void *addr, size_t len, uint64_t mask,
		      uint64_t *count)
{
	struct pm_range r = { .kfd = -1 };
	uint64_t fl, n = 0;
	size_t i;
	int ret;

	ret = range_read(pid, addr, len, &r);
	for (i = 0; !ret && i < r.pages; i++) {
		uint64_t pfn = r.pm[i] & PM_PFN_MASK;

		/* The zero pages have PFNs too; none is 0 under root. */
		if (!(r.pm[i] & PM_PRESENT) || !pfn ||
		    pread(r.kfd, &fl, 8, pfn * 8) != 8)
			continue;
		n += (fl & mask) == mask;
	}
	*count = n;
	range_free(&r);
	return ret;
}
