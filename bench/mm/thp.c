// SPDX-License-Identifier: GPL-2.0
/* Probe which folio sizes the running kernel offers. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mm/thp.h"
#include "core/util.h"

const char *thp_root(void)
{
	const char *r = getenv("MMBENCH_THP_ROOT");

	return r && *r ? r : "/sys/kernel/mm/transparent_hugepage";
}

uint64_t thp_pmd_size(void)
{
	char path[4096];
	uint64_t v;

	snprintf(path, sizeof(path), "%s/hpage_pmd_size", thp_root());
	return util_read_u64(path, &v) ? 0 : v;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* hugepages-<N>kB directories; anon_only: those with an "enabled" knob. */
static int mthp_sizes(uint64_t *out, int max, bool anon_only)
{
	char path[4096];
	struct dirent *de;
	unsigned long kb;
	int n = 0;
	DIR *d;

	d = opendir(thp_root());
	if (!d)
		return 0;
	while ((de = readdir(d)) && n < max) {
		char tail[8];

		if (sscanf(de->d_name, "hugepages-%lukB%7s", &kb, tail) != 1)
			continue;
		/* Order 1 exists for shmem and file folios only. */
		snprintf(path, sizeof(path), "%s/%s/enabled", thp_root(),
			 de->d_name);
		if (anon_only && access(path, F_OK))
			continue;
		out[n++] = (uint64_t)kb * 1024;
	}
	closedir(d);
	qsort(out, n, sizeof(*out), cmp_u64);
	return n;
}

bool thp_per_size(void)
{
	uint64_t s[THP_MAX_SIZES];

	return mthp_sizes(s, THP_MAX_SIZES, false) > 0;
}

int thp_all_sizes(uint64_t *out, int max)
{
	return mthp_sizes(out, max, false);
}

int thp_sizes(uint64_t *out, int max)
{
	uint64_t pmd;
	int n;

	if (max < 2)
		return 0;
	out[0] = 4096;
	n = mthp_sizes(out + 1, max - 1, true);
	if (n > 0)
		return n + 1;
	pmd = thp_pmd_size();
	if (!pmd)
		return 1;
	out[1] = pmd;
	return 2;
}

void thp_sizes_str(char *buf, size_t size)
{
	uint64_t s[THP_MAX_SIZES];
	size_t off = 0;
	int i, n;

	buf[0] = '\0';
	n = thp_sizes(s, THP_MAX_SIZES);
	for (i = 0; i < n && off < size; i++) {
		char t[16];

		util_fmt_size(s[i], t, sizeof(t));
		off += snprintf(buf + off, size - off, "%s%s", i ? " " : "", t);
	}
}
