/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_UFFD_H
#define MMBENCH_UFFD_H

#include <stddef.h>
#include <stdint.h>

/*
 * A userfaultfd with the features asked: the fd, or -errno
 * (-EOPNOTSUPP when the kernel refuses the features); *have gets what
 * the kernel offers.
 */
int uffd_open(uint64_t features, uint64_t *have);
/*
 * Register [base, base+len) for write-protect faults and protect it
 * (on shmem: markers on the none PTEs too).  *fd is the new uffd, or
 * -1; a protected range stays so until *fd is closed.
 */
int uffd_protect(void *base, size_t len, int *fd);

#endif
