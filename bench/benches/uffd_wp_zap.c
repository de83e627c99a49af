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

#include "core/harness.h"
#include "mm/mem.h"
#include "core/result.h"

enum { P_SIZE, P_ZAP, P_MEM, P_PTE };
enum { Z_DONTNEED, Z_REMOVE };

static const char *const zaps[] = { "dontneed", "remove", NULL };

static const struct param params[] = {
	{ .name = "size", .type = PT_SIZE, .def = "all", .thp_sizes = true,
	  .help = "shmem folio size: 4K (all large off), an mTHP size, pmd, or all offered" },
	{ .name = "zap", .type = PT_ENUM, .def = "dontneed", .choices = zaps,
	  .help = "dontneed: MADV_DONTNEED; remove: MADV_REMOVE (a hole punched in the shmem)" },
	MEM_P_MEM("1G"),
	MEM_P_PTE,
	{ 0 }
};

struct uz {
	struct region rg;
	uint64_t size;
	int uffd;
};

/* A userfaultfd with the features asked; -errno, -EOPNOTSUPP if absent. */
static int uffd_open(uint64_t features, uint64_t *have)
{
	struct uffdio_api api = { .api = UFFD_API, .features = features };
	int fd;

	fd = syscall(__NR_userfaultfd, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (ioctl(fd, UFFDIO_API, &api)) {
		close(fd);
		return errno == EINVAL ? -EOPNOTSUPP : -errno;
	}
	if (have)
		*have = api.features;
	return fd;
}

static int uz_supported(const struct point *pt, const char **why)
{
	uint64_t have;
	int ret, fd;

	ret = mem_point_supported(pt, why);
	if (ret)
		return ret;
	fd = uffd_open(0, &have);
	if (fd == -ENOSYS) {
		*why = "kernel without userfaultfd (CONFIG_USERFAULTFD)";
		return -EOPNOTSUPP;
	}
	if (fd == -EPERM) {
		*why = "userfaultfd not permitted: /proc/sys/vm/unprivileged_userfaultfd is 0 and CAP_SYS_PTRACE is missing";
		return -EOPNOTSUPP;
	}
	if (fd < 0) {
		*why = "userfaultfd cannot be opened";
		return -EOPNOTSUPP;
	}
	close(fd);
	if (!(have & UFFD_FEATURE_WP_HUGETLBFS_SHMEM)) {
		*why = "userfaultfd lacks WP on shmem (UFFD_FEATURE_WP_HUGETLBFS_SHMEM, 5.19+, CONFIG_PTE_MARKER_UFFD_WP)";
		return -EOPNOTSUPP;
	}
	return 0;
}

static int uz_setup(struct ctx *c)
{
	struct uz *u = calloc(1, sizeof(*u));

	if (!u)
		return -ENOMEM;
	c->priv = u;
	u->uffd = -1;
	u->size = c->pt->v[P_SIZE].num;
	return mem_enable_only_shmem(u->size);
}

static int write_protect(struct uz *u)
{
	struct uffdio_register reg = {
		.range = { (uintptr_t)u->rg.base, u->rg.len },
		.mode = UFFDIO_REGISTER_MODE_WP,
	};
	struct uffdio_writeprotect wp = {
		.range = { (uintptr_t)u->rg.base, u->rg.len },
		.mode = UFFDIO_WRITEPROTECT_MODE_WP,
	};

	u->uffd = uffd_open(UFFD_FEATURE_WP_HUGETLBFS_SHMEM, NULL);
	if (u->uffd < 0)
		return u->uffd;
	if (ioctl(u->uffd, UFFDIO_REGISTER, &reg) ||
	    ioctl(u->uffd, UFFDIO_WRITEPROTECT, &wp))
		return -errno;
	return 0;
}

/* Also after a failed rep_setup: the harness calls it only after a good one. */
static void uz_rep_teardown(struct ctx *c)
{
	struct uz *u = c->priv;

	if (u->uffd >= 0)
		close(u->uffd);
	u->uffd = -1;
	mem_unmap(&u->rg);
}

static int uz_rep_setup(struct ctx *c)
{
	const struct point *pt = c->pt;
	struct uz *u = c->priv;
	struct mem_setup ms;
	int ret;

	ret = mem_setup_begin(&ms);
	if (ret)
		return ret;
	ret = mem_map_shared(&u->rg, pt->v[P_MEM].num);
	if (ret)
		goto fail;
	mem_touch(&u->rg);
	if (pt->v[P_PTE].num) {
		/* A shmem PMD split unmaps; fault it back in, by PTEs. */
		ret = mem_remap_unaligned(&u->rg);
		if (!ret)
			mem_touch(&u->rg);
	}
	if (!ret)
		ret = write_protect(u);
	if (ret)
		goto fail;
	ms.base = u->rg.base;
	ret = mem_setup_end(c, &ms, pt->v[P_MEM].num, u->size, true,
			     pt->v[P_PTE].num);
	if (ret)
		uz_rep_teardown(c);
	return ret;
fail:
	mem_setup_free(&ms);
	uz_rep_teardown(c);
	return ret;
}

static int uz_run(struct ctx *c)
{
	struct uz *u = c->priv;
	int advice = c->pt->v[P_ZAP].num == Z_DONTNEED ? MADV_DONTNEED :
							   MADV_REMOVE;

	return madvise(u->rg.base, u->rg.len, advice) ? -errno : 0;
}

static int uz_verify(struct ctx *c)
{
	struct uz *u = c->priv;
	uint64_t pages = u->rg.len / PAGE_4K, markers, present;
	int ret;

	ret = mem_pagemap_count(getpid(), u->rg.base, u->rg.len, PM_UFFD_WP,
				&markers);
	if (!ret)
		ret = mem_pagemap_count(getpid(), u->rg.base, u->rg.len,
					PM_PRESENT, &present);
	if (ret)
		return ret;
	sample_set_int(c, "uffd_wp_markers", markers);
	sample_set_int(c, "present_pages", present);
	sample_set_int(c, "thp_split_pmd", mem_delta(c, 0, "thp_split_pmd"));
	if (u->size > PAGE_4K)
		sample_set_int(c, "split", mem_delta(c, u->size, "split"));
	mem_metrics(c, u->rg.len);
	if (markers < pages || present) {
		fprintf(stderr, "uffd-wp-zap: %llu of %llu zapped pages keep a uffd-wp marker, %llu still present\n",
			(unsigned long long)markers, (unsigned long long)pages,
			(unsigned long long)present);
		return -EIO;
	}
	return 0;
}

const struct bench bench_uffd_wp_zap = {
	.name = "uffd-wp-zap",
	.summary = "zap uffd-wp protected shmem: the markers the zap must leave",
	.params = params,
	.supported = uz_supported,
	.setup = uz_setup,
	.rep_setup = uz_rep_setup,
	.run = uz_run,
	.verify = uz_verify,
	.rep_teardown = uz_rep_teardown,
	.teardown = mem_free_priv,
};
