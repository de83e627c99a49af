// SPDX-License-Identifier: GPL-2.0
/*
 * Counter snapshots taken around every timed region, outside it:
 * /proc/vmstat, every hugepages-<N>kB/stats file and khugepaged's own
 * counters.  Names come from the files at stats_init, with no cap on
 * their number or length, so counters new kernels add show up by
 * themselves.
 */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/util.h"
#include "mm/thp.h"
#include "observe/stats.h"

#define VMSTAT_MAX	1024
#define KHUGEPAGED	(-1)	/* a file counter's size index: khugepaged */

/* Counters read from a file of their own: per-size stats, khugepaged. */
struct file_ctr {
	int si;			/* index in cat.size, or KHUGEPAGED */
	char *name, *path;
};

static struct {
	int nvm;
	char *vm[VMSTAT_MAX];
	int nsizes;
	uint64_t size[THP_MAX_SIZES];
	int nfile;
	struct file_ctr *file;
} cat;

struct snap {
	int nfile;		/* the catalogue's when it was made */
	uint64_t vm[VMSTAT_MAX];
	uint64_t file[];
};

static char vmbuf[128 * 1024];

/* names: learn them (stats_init); else check they did not change. */
static int read_vmstat(bool learn, uint64_t *vals)
{
	char *line, *save;
	ssize_t len;
	int i = 0;

	len = util_read_file("/proc/vmstat", vmbuf, sizeof(vmbuf));
	if (len < 0)
		return len;
	for (line = strtok_r(vmbuf, "\n", &save); line && i < VMSTAT_MAX;
	     line = strtok_r(NULL, "\n", &save)) {
		char *sp = strchr(line, ' ');

		if (!sp)
			continue;
		*sp = '\0';
		if (learn) {
			cat.vm[i] = strdup(line);
			if (!cat.vm[i])
				return -ENOMEM;
		} else if (i >= cat.nvm || strcmp(cat.vm[i], line)) {
			return -ESTALE;
		}
		vals[i++] = strtoull(sp + 1, NULL, 10);
	}
	if (learn)
		cat.nvm = i;
	return 0;
}

static int add_file_ctr(int si, const char *dir, const char *name)
{
	struct file_ctr *f, *grown;

	grown = realloc(cat.file, (cat.nfile + 1) * sizeof(*cat.file));
	if (!grown)
		return -ENOMEM;
	cat.file = grown;
	f = &cat.file[cat.nfile];
	f->si = si;
	f->name = strdup(name);
	if (!f->name || asprintf(&f->path, "%s/%s", dir, name) < 0) {
		free(f->name);
		return -ENOMEM;
	}
	cat.nfile++;
	return 0;
}

/* Every regular counter file of a directory; a missing one adds none. */
static int add_dir(int si, const char *dir, const char *const *only)
{
	struct dirent *de;
	int ret = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return 0;	/* 6.8/6.9 have no stats/ yet */
	while (!ret && (de = readdir(d))) {
		const char *const *o;

		if (de->d_name[0] == '.')
			continue;
		for (o = only; o && *o && strcmp(*o, de->d_name); o++)
			;
		if (only && !*o)
			continue;
		ret = add_file_ctr(si, dir, de->d_name);
	}
	closedir(d);
	return ret;
}

/* khugepaged's knobs sit beside its counters: take the counters only. */
static const char *const khugepaged_ctrs[] = {
	"pages_collapsed", "full_scans", NULL
};

int stats_init(void)
{
	static uint64_t scratch[VMSTAT_MAX];
	char dir[4096];
	int i, ret;

	stats_exit();
	ret = read_vmstat(true, scratch);
	if (ret)
		return ret;
	cat.nsizes = thp_all_sizes(cat.size, THP_MAX_SIZES);
	for (i = 0; !ret && i < cat.nsizes; i++) {
		snprintf(dir, sizeof(dir), "%s/hugepages-%" PRIu64 "kB/stats",
			 thp_root(), cat.size[i] / 1024);
		ret = add_dir(i, dir, NULL);
	}
	snprintf(dir, sizeof(dir), "%s/khugepaged", thp_root());
	return ret ? ret : add_dir(KHUGEPAGED, dir, khugepaged_ctrs);
}

void stats_exit(void)
{
	int i;

	for (i = 0; i < cat.nvm; i++)
		free(cat.vm[i]);
	for (i = 0; i < cat.nfile; i++) {
		free(cat.file[i].name);
		free(cat.file[i].path);
	}
	free(cat.file);
	memset(&cat, 0, sizeof(cat));
}

struct snap *snap_new(void)
{
	struct snap *s;

	s = calloc(1, sizeof(*s) + cat.nfile * sizeof(uint64_t));
	if (s)
		s->nfile = cat.nfile;
	return s;
}

void snap_free(struct snap *s)
{
	free(s);
}

int snap_take(struct snap *s)
{
	int i, ret;

	/* Made before stats_init (or a later one): it has no room. */
	if (s->nfile != cat.nfile)
		return -ESTALE;
	ret = read_vmstat(false, s->vm);
	if (ret)
		return ret;
	for (i = 0; i < cat.nfile; i++)
		if (util_read_u64(cat.file[i].path, &s->file[i]))
			s->file[i] = 0;
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

static int file_delta(const struct snap *b, const struct snap *a, int si,
		      const char *name, int64_t *delta)
{
	int i;

	for (i = 0; i < cat.nfile; i++) {
		if (cat.file[i].si != si || strcmp(cat.file[i].name, name))
			continue;
		*delta = (int64_t)(a->file[i] - b->file[i]);
		return 0;
	}
	return -ENOENT;
}

int stats_mthp(const struct snap *b, const struct snap *a, uint64_t size,
	       const char *name, int64_t *delta)
{
	int i;

	for (i = 0; i < cat.nsizes; i++)
		if (cat.size[i] == size)
			return file_delta(b, a, i, name, delta);
	return -ENOENT;
}

int stats_khugepaged(const struct snap *b, const struct snap *a,
		     const char *name, int64_t *delta)
{
	return file_delta(b, a, KHUGEPAGED, name, delta);
}

/* The group a file counter's non-zero delta goes in, created on need. */
static struct json_object *group(struct json_object *o, struct json_object *mthp,
				 int si)
{
	struct json_object *g;
	char key[32];

	if (si == KHUGEPAGED) {
		snprintf(key, sizeof(key), "khugepaged");
	} else {
		o = mthp;
		snprintf(key, sizeof(key), "%" PRIu64 "kB", cat.size[si] / 1024);
	}
	if (json_object_object_get_ex(o, key, &g))
		return g;
	g = json_object_new_object();
	json_object_object_add(o, key, g);
	return g;
}

struct json_object *stats_json(const struct snap *b, const struct snap *a)
{
	struct json_object *o, *vm, *mthp;
	int i;

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
	json_object_object_add(o, "mthp", mthp);
	for (i = 0; i < cat.nfile; i++) {
		int64_t d = (int64_t)(a->file[i] - b->file[i]);

		if (d)
			json_object_object_add(group(o, mthp, cat.file[i].si),
					       cat.file[i].name,
					       json_object_new_int64(d));
	}
	return o;
}
