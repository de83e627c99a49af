/* SPDX-License-Identifier: GPL-2.0 */
/* A fake THP sysfs tree in a temp dir, for unit tests of knob logic. */
#ifndef FAKE_SYSFS_H
#define FAKE_SYSFS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static inline void fake_file(const char *root, const char *rel,
			     const char *content, mode_t mode)
{
	char path[1024], cmd[1100], *slash;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, rel);
	slash = strrchr(path, '/');
	*slash = '\0';
	snprintf(cmd, sizeof(cmd), "mkdir -p '%.1000s'", path);
	if (system(cmd))
		abort();
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	f = fopen(path, "w");
	if (!f)
		abort();
	fputs(content, f);
	fclose(f);
	chmod(path, mode);
}

/* Returns a malloc'd root: <tmp>/thp, with <tmp>/state for the state dir. */
static inline char *fake_thp_tree(void)
{
	char tmpl[] = "/tmp/mmbench-unit-XXXXXX", *root;

	if (!mkdtemp(tmpl))
		abort();
	root = malloc(4096);
	snprintf(root, 4096, "%s/thp", tmpl);
	fake_file(root, "enabled", "always [madvise] never\n", 0644);
	fake_file(root, "defrag",
		  "always defer defer+madvise [madvise] never\n", 0644);
	fake_file(root, "use_zero_page", "1\n", 0644);
	fake_file(root, "hpage_pmd_size", "2097152\n", 0444);
	fake_file(root, "hugepages-16kB/enabled",
		  "always inherit madvise [never]\n", 0644);
	fake_file(root, "hugepages-64kB/enabled",
		  "always inherit madvise [never]\n", 0644);
	fake_file(root, "hugepages-64kB/stats/anon_fault_alloc", "7\n", 0444);
	fake_file(root, "hugepages-2048kB/enabled",
		  "always [inherit] madvise never\n", 0644);
	/* Order 1: shmem only, no anonymous "enabled". */
	fake_file(root, "hugepages-8kB/shmem_enabled",
		  "always inherit advise [never]\n", 0644);
	fake_file(root, "khugepaged/pages_to_scan", "4096\n", 0644);
	fake_file(root, "khugepaged/full_scans", "3\n", 0444);
	return root;
}

static inline void fake_remove(const char *root)
{
	char cmd[4200];
	size_t n = strlen(root) - strlen("/thp");

	snprintf(cmd, sizeof(cmd), "rm -rf '%.*s'", (int)n, root);
	if (system(cmd)) {
		/* best effort */
	}
}

#endif
