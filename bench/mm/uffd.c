// SPDX-License-Identifier: GPL-2.0
/* userfaultfd write-protection for the benchmarks that need it (uffd.h). */
#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/userfaultfd.h>

#include "mm/uffd.h"

int uffd_open(uint64_t features, uint64_t *have)
{
	struct uffdio_api api = { .api = UFFD_API, .features = features };
	int fd;

	fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, UFFDIO_API, &api)) {
		int err = errno;

		close(fd);
		return err == EINVAL ? -EOPNOTSUPP : -err;
	}
	if (have)
		*have = api.features;
	return fd;
}

int uffd_protect(void *base, size_t len, int *fd)
{
	struct uffdio_register reg = {
		.range = { (uintptr_t)base, len },
		.mode = UFFDIO_REGISTER_MODE_WP,
	};
	struct uffdio_writeprotect wp = {
		.range = { (uintptr_t)base, len },
		.mode = UFFDIO_WRITEPROTECT_MODE_WP,
	};

	*fd = uffd_open(UFFD_FEATURE_WP_HUGETLBFS_SHMEM, NULL);
	if (*fd < 0) {
		int err = *fd;

		*fd = -1;
		return err;
	}
	if (ioctl(*fd, UFFDIO_REGISTER, &reg) ||
	    ioctl(*fd, UFFDIO_WRITEPROTECT, &wp))
		return -errno;
	return 0;
}
