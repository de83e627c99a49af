// SPDX-License-Identifier: GPL-2.0
/* pagemap and kpageflags: what a range of a process maps, page by page. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
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

int pagemap_large_pages(pid_t pid, const void *addr, size_t len, uint64_t *count)
{
	const uint64_t compound = 1ULL << 15 | 1ULL << 16;	/* head, tail */
	uint64_t pm[512], flags, n = 0;
	size_t pages = len / PAGE_4K, done = 0, i;
	char path[64];
	int fd, kfd, ret = 0;
	ssize_t got;

	snprintf(path, sizeof(path), "/proc/%d/pagemap", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	kfd = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || kfd < 0) {
		ret = -errno;
		goto out;
	}
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
