// SPDX-License-Identifier: GPL-2.0
/*
 * uffd-wp-zap: zap shmem that userfaultfd write-protects, so the zap
 * must leave a uffd-wp marker in every PTE it clears.  pagemap then
 * shows the uffd-wp bit on every page, or the rep fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/userfaultfd.h>

#include "core/result.h"
#include "mm/pagemap.h"
#include "mm/mem_verify.h"
#include "mm/region.h"
#include "mm/uffd.h"

/* The benchmark's own state: the userfaultfd, -1 when closed. */
struct uz {
	int uffd;
};

static int uz_supported(const struct point *pt, char *why, size_t len)
{
	uint64_t have;
	int fd;

	(void)pt;
	fd = uffd_open(0, &have);
	if (fd == -ENOSYS) {
		snprintf(why, len, "kernel without userfaultfd (CONFIG_USERFAULTFD)");
		return -EOPNOTSUPP;
	}
	if (fd == -EPERM) {
		snprintf(why, len, "userfaultfd not permitted: /proc/sys/vm/unprivileged_userfaultfd is 0 and CAP_SYS_PTRACE is missing");
		return -EOPNOTSUPP;
	}
	if (fd < 0) {
		snprintf(why, len, "userfaultfd cannot be opened");
		return -EOPNOTSUPP;
	}
	close(fd);
	if (!(have & UFFD_FEATURE_WP_HUGETLBFS_SHMEM)) {
		snprintf(why, len, "userfaultfd lacks WP on shmem (UFFD_FEATURE_WP_HUGETLBFS_SHMEM, 5.19+, CONFIG_PTE_MARKER_UFFD_WP)");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int uz_setup(struct ctx *c, struct rgn *r)
{
	struct uz *u = r->priv;

	(void)c;
	u->uffd = -1;
	return 0;
}

static int write_protect(struct ctx *c, struct rgn *r)
{
	struct uz *u = r->priv;

	(void)c;
	if (u->uffd >= 0)
		close(u->uffd);
	return uffd_protect(r->rg.base, r->mem, &u->uffd);
}

static int uz_dontneed(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_DONTNEED) ? -errno : 0;
}

static int uz_remove(struct ctx *c, struct rgn *r)
{
	(void)c;
	return madvise(r->rg.base, r->mem, MADV_REMOVE) ? -errno : 0;
}

static int uz_verify(struct ctx *c, struct rgn *r)
{
	uint64_t pages = r->mem / PAGE_4K, markers, present;
	int ret;

	ret = pagemap_count(getpid(), r->rg.base, r->mem, PM_UFFD_WP,
				&markers);
	if (!ret)
		ret = pagemap_count(getpid(), r->rg.base, r->mem,
					PM_PRESENT, &present);
	if (ret)
		return ret;
	sample_set_int(c, "uffd_wp_markers", markers);
	sample_set_int(c, "present_pages", present);
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	if (r->size > PAGE_4K)
		sample_set_int(c, "split", mem_delta(c, r->size, "split"));
	if (markers < pages || present) {
		fprintf(stderr, "uffd-wp-zap: %llu of %llu zapped pages keep a uffd-wp marker, %llu still present\n",
			(unsigned long long)markers, (unsigned long long)pages,
			(unsigned long long)present);
		return -EIO;
	}
	return 0;
}

static void uz_teardown(struct ctx *c, struct rgn *r)
{
	struct uz *u = r->priv;

	(void)c;
	if (u && u->uffd >= 0)
		close(u->uffd);
}

static const struct region_op ops[] = {
	{ "dontneed", "MADV_DONTNEED", write_protect, uz_dontneed, uz_verify, 0 },
	{ "remove", "MADV_REMOVE (a hole punched in the shmem)",
	  write_protect, uz_remove, uz_verify, 0 },
	{ 0 }
};

static const struct param params[] = {
	{ .name = "size", .type = PT_SIZE, .def = "all", .thp_sizes = true,
	  .help = "shmem folio size: 4K (all large off), an mTHP size, pmd, or all offered" },
	{ .name = "zap", .type = PT_ENUM, .def = "dontneed", .rows = ops,
	  .row_size = sizeof(ops[0]), .help = "how the region is zapped" },
	MEM_P_MEM("1G"), MEM_P_PTE, { 0 }
};

static const struct region_bench rb = {
	.ops = ops, .op_param = "zap", .backings = BACK_BIT(BACK_SHMEM),
	.priv_size = sizeof(struct uz),
	.supported = uz_supported, .setup = uz_setup, .teardown = uz_teardown,
};

const struct bench bench_uffd_wp_zap = REGION_BENCH("uffd-wp-zap",
	"zap uffd-wp protected shmem: the markers the zap must leave",
	params, rb);
