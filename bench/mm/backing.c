// SPDX-License-Identifier: GPL-2.0
/* The file and DAX backings of the region driver (backing.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/result.h"
#include "core/util.h"
#include "mm/backing.h"

#ifndef STATX_ATTR_DAX
#define STATX_ATTR_DAX 0x00200000
#endif

/*
 * The longest mount point that prefixes path wins: mountinfo fields are
 * id parent maj:min root mountpoint options ... - fstype source super.
 */
int backing_mount(const char *path, char *fstype, char *source, char *opts,
		  size_t len)
{
	char line[4096], mnt[2048], o[1024], fs[128], src[1024], sup[1024];
	size_t best = 0;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		char *dash = strstr(line, " - ");
		size_t n;

		if (!dash || sscanf(line, "%*s %*s %*s %*s %2047s %1023s",
				    mnt, o) != 2 ||
		    sscanf(dash + 3, "%127s %1023s %1023s", fs, src, sup) != 3)
			continue;
		n = strlen(mnt);
		if (strncmp(path, mnt, n) ||
		    (path[n] && path[n] != '/' && strcmp(mnt, "/")) ||
		    n < best)
			continue;
		best = n;
		snprintf(fstype, len, "%s", fs);
		snprintf(source, len, "%s", src);
		/* DAX is a superblock option: join both lists. */
		snprintf(opts, len, "%s,%s", o, sup);
	}
	fclose(f);
	return best ? 0 : -ENOENT;
}

static bool has_dax_option(const char *opts)
{
	char buf[2048], *tok, *save;

	snprintf(buf, sizeof(buf), "%s", opts);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		if (!strcmp(tok, "dax") || !strcmp(tok, "dax=always"))
			return true;
	return false;
}

int backing_check_dir(bool dax, const char *dir, char *why, size_t len)
{
	char fs[256], src[256], opts[256];

	/* No pmem here is a missing feature; no dir= for a file is input. */
	if (!*dir && dax) {
		snprintf(why, len, "no fsdax directory: give dir= or set MMBENCH_PMEM_DIR (scripts/pmem-setup makes one)");
		return -EOPNOTSUPP;
	}
	if (!*dir) {
		snprintf(why, len, "backing=file needs dir=");
		return -EINVAL;
	}
	if (!dax)
		return 0;
	if (backing_mount(dir, fs, src, opts, sizeof(fs))) {
		snprintf(why, len, "dir=%s: no mount found for it", dir);
		return -EOPNOTSUPP;
	}
	if (!has_dax_option(opts)) {
		snprintf(why, len, "dir=%s is on %s (%s, options %s), not mounted with dax",
			 dir, fs, src, opts);
		return -EOPNOTSUPP;
	}
	return 0;
}

int backing_open(const char *dir, bool dax, int *fd)
{
	struct statx stx;
	char path[PVAL_LEN + 64];

	*fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (*fd < 0 && errno == EOPNOTSUPP) {
		snprintf(path, sizeof(path), "%s/.mmbench-%d", dir, getpid());
		*fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (*fd >= 0)
			unlink(path);
	}
	if (*fd < 0)
		return -errno;
	if (!dax)
		return 0;
	/* The mount said dax; the inode has the last word (dax=inode). */
	if (statx(*fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		return -errno;
	if (!(stx.stx_attributes_mask & STATX_ATTR_DAX) ||
	    !(stx.stx_attributes & STATX_ATTR_DAX))
		return -EOPNOTSUPP;
	return 0;
}

int backing_resize(int fd, uint64_t len)
{
	if (ftruncate(fd, 0) || ftruncate(fd, len))
		return -errno;
	return 0;
}

/* A pmem block device's namespace mode (fsdax, raw...), as ndctl shows. */
static void namespace_mode(struct json_object *o, const char *src)
{
	char path[320], mode[64];

	if (strncmp(src, "/dev/pmem", 9))
		return;
	snprintf(path, sizeof(path), "/sys/class/block/%s/device/mode",
		 src + 5);
	if (util_read_file(path, mode, sizeof(mode)) <= 0)
		return;
	mode[strcspn(mode, "\n")] = '\0';
	json_object_object_add(o, "namespace_mode",
			       json_object_new_string(mode));
}

void backing_record(struct ctx *c, int fd, const char *dir)
{
	char fs[256] = "", src[256] = "", opts[256] = "";
	struct json_object *o = json_object_new_object();
	struct statx stx;

	backing_mount(dir, fs, src, opts, sizeof(fs));
	json_object_object_add(o, "dir", json_object_new_string(dir));
	json_object_object_add(o, "fstype", json_object_new_string(fs));
	json_object_object_add(o, "source", json_object_new_string(src));
	json_object_object_add(o, "options", json_object_new_string(opts));
	if (!statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, &stx))
		json_object_object_add(o, "dax", json_object_new_boolean(
			!!(stx.stx_attributes & STATX_ATTR_DAX)));
	namespace_mode(o, src);
	json_object_object_add(c->sample->obj, "backing", o);
}
