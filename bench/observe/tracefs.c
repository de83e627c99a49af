// SPDX-License-Identifier: GPL-2.0
/*
 * Tracepoints are counted by perf through their tracefs id.  Many
 * machines (this VM included) have tracefs unmounted; mounting it for
 * everyone would change the machine, so mmbench mounts it in a mount
 * namespace of its own that disappears with the process.
 */
#include <errno.h>
#include <stdbool.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "observe/tracefs.h"
#include "core/util.h"

static const char *const dirs[] = {
	"/sys/kernel/tracing",
	"/sys/kernel/debug/tracing",
};

static const char *found;
static char why_buf[160];
static bool private_mount;

static const char *probe(void)
{
	char path[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/events", dirs[i]);
		if (!access(path, R_OK))
			return dirs[i];
	}
	return NULL;
}

static int mount_private(void)
{
	/* Needs a single-threaded process: done before any worker starts. */
	if (unshare(CLONE_NEWNS))
		return -errno;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -errno;
	if (mount("nodev", dirs[0], "tracefs", 0, NULL))
		return -errno;
	return 0;
}

const char *tracefs_dir(const char **why)
{
	int ret;

	if (found || why_buf[0])
		goto out;
	found = probe();
	if (found)
		goto out;
	ret = mount_private();
	if (!ret)
		found = probe();
	private_mount = found;
	if (!found)
		snprintf(why_buf, sizeof(why_buf),
			 "no tracefs mounted, and mounting one privately failed: %s",
			 strerror(ret ? -ret : ENOENT));
out:
	if (!found && why)
		*why = why_buf;
	return found;
}

int tracefs_event_id(const char *name, uint64_t *id, const char **why)
{
	const char *dir = tracefs_dir(why), *colon = strchr(name, ':');
	char path[512];
	int ret;

	if (!colon || colon == name || !colon[1] || strchr(colon + 1, ':') ||
	    strchr(name, '/'))
		return -ENOENT;
	if (!dir)
		return -EOPNOTSUPP;
	snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", dir,
		 (int)(colon - name), name, colon + 1);
	ret = util_read_u64(path, id);
	return ret ? -ENOENT : 0;
}

bool tracefs_private(void)
{
	return private_mount;
}
