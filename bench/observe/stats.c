// SPDX-License-Identifier: GPL-2.0
/* Counter snapshots taken around every timed region, outside it. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "observe/stats.h"
#include "mm/thp.h"
#include "core/util.h"

#define VMSTAT_MAX	512
#define MTHP_CTR_MAX	32
#define NAME_LEN	48

static struct {
	int nvm;
	char vm[VMSTAT_MAX][NAME_LEN];
	int nsizes, nctr[THP_MAX_SIZES];
	uint64_t size[THP_MAX_SIZES];
	char ctr[THP_MAX_SIZES][MTHP_CTR_MAX][NAME_LEN];
} cat;

struct snap {
	uint64_t vm[VMSTAT_MAX];
	uint64_t mthp[THP_MAX_SIZES][MTHP_CTR_MAX];
};

static char vmbuf[64 * 1024];

static int read_vmstat(char names[][NAME_LEN], uint64_t *vals, int *n)
{
	char *line, *save;
	ssize_t len;
	int i = 0;

	len = util_read_file("/proc/vmstat", vmbuf, sizeof(vmbuf));
	if (len < 0)
		return len;
	for (line = strtok_r(vmbuf, "\n", &save); line && i < VMSTAT_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[NAME_LEN];
		unsigned long long v;

		if (sscanf(line, "%47s %llu", name, &v) != 2)
			continue;
		if (names)
			strcpy(names[i], name);
		else if (strcmp(cat.vm[i], name))
			return -ESTALE;
		vals[i++] = v;
	}
	*n = i;
	return 0;
}

static void mthp_stat_path(char *buf, size_t size, int si, const char *ctr)
{
	snprintf(buf, size, "%s/hugepages-%" PRIu64 "kB/stats/%s",
		 thp_root(), cat.size[si] / 1024, ctr);
}

/* Counter names of one size; sizes differ (order 1 has no anon ones). */
static void read_ctr_names(int si)
{
	char dir[4096];
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/hugepages-%" PRIu64 "kB/stats",
		 thp_root(), cat.size[si] / 1024);
	d = opendir(dir);
	if (!d)
		return;	/* 6.8/6.9 have no stats/ yet */
	while ((de = readdir(d)) && cat.nctr[si] < MTHP_CTR_MAX) {
		if (de->d_name[0] == '.' || strlen(de->d_name) >= NAME_LEN)
			continue;
		strcpy(cat.ctr[si][cat.nctr[si]++], de->d_name);
	}
	closedir(d);
}

int stats_init(void)
{
	static uint64_t scratch[VMSTAT_MAX];
	int i, ret;

	memset(&cat, 0, sizeof(cat));
	ret = read_vmstat(cat.vm, scratch, &cat.nvm);
	if (ret)
		return ret;
	cat.nsizes = thp_all_sizes(cat.size, THP_MAX_SIZES);
	for (i = 0; i < cat.nsizes; i++)
		read_ctr_names(i);
	return 0;
}

void stats_exit(void)
{
}

struct snap *snap_new(void)
{
	return calloc(1, sizeof(struct snap));
}

void snap_free(struct snap *s)
{
	free(s);
}

int snap_take(struct snap *s)
{
	char path[4096];
	int i, j, n, ret;

	ret = read_vmstat(NULL, s->vm, &n);
	if (ret)
		return ret;
	for (i = 0; i < cat.nsizes; i++) {
		for (j = 0; j < cat.nctr[i]; j++) {
			mthp_stat_path(path, sizeof(path), i, cat.ctr[i][j]);
			if (util_read_u64(path, &s->mthp[i][j]))
				s->mthp[i][j] = 0;
		}
	}
	return 0;
}

int stats_vm(const struct snap *b, const struct snap *a, const char *name,
	     int64_t *delta)
{
	int i;

	for (i = 0; i < cat.nvm; i++) {
		if (!strcmp(cat.vm[i], name)) {
			*delta = (int64_t)(a->vm[i] - b->vm[i]);
			return 0;
		}
	}
	return -ENOENT;
}

int stats_mthp(const struct snap *b, const struct snap *a, uint64_t size,
	       const char *name, int64_t *delta)
{
	int i, j;

	for (i = 0; i < cat.nsizes; i++) {
		if (cat.size[i] != size)
			continue;
		for (j = 0; j < cat.nctr[i]; j++) {
			if (!strcmp(cat.ctr[i][j], name)) {
				*delta = (int64_t)(a->mthp[i][j] -
						   b->mthp[i][j]);
				return 0;
			}
		}
	}
	return -ENOENT;
}

struct json_object *stats_json(const struct snap *b, const struct snap *a)
{
	struct json_object *o, *vm, *mthp, *sz;
	char key[32];
	int i, j;

	o = json_object_new_object();
	vm = json_object_new_object();
	for (i = 0; i < cat.nvm; i++) {
		int64_t d = (int64_t)(a->vm[i] - b->vm[i]);

		if (d)
			json_object_object_add(vm, cat.vm[i],
					       json_object_new_int64(d));
	}
	json_object_object_add(o, "vmstat", vm);
	mthp = json_object_new_object();
	for (i = 0; i < cat.nsizes; i++) {
		sz = NULL;
		for (j = 0; j < cat.nctr[i]; j++) {
			int64_t d = (int64_t)(a->mthp[i][j] - b->mthp[i][j]);

			if (!d)
				continue;
			if (!sz)
				sz = json_object_new_object();
			json_object_object_add(sz, cat.ctr[i][j],
					       json_object_new_int64(d));
		}
		if (!sz)
			continue;
		snprintf(key, sizeof(key), "%" PRIu64 "kB", cat.size[i] / 1024);
		json_object_object_add(mthp, key, sz);
	}
	json_object_object_add(o, "mthp", mthp);
	return o;
}
