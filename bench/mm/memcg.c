// SPDX-License-Identifier: GPL-2.0
/* A child memory cgroup for reclaim of memory shared between processes. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mm/memcg.h"
#include "core/util.h"

#define CG	"/sys/fs/cgroup"

/* This process's cgroup path for the v1 memory controller or v2 ("0::"). */
static int own_path(const char *prefix, char *out, size_t len)
{
	char buf[4096], *line, *save;

	if (util_read_file("/proc/self/cgroup", buf, sizeof(buf)) < 0)
		return -ENOENT;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *p = strchr(line, ':');

		if (p && !strncmp(p + 1, prefix, strlen(prefix))) {
			snprintf(out, len, "%s", p + 1 + strlen(prefix));
			return 0;
		}
	}
	return -ENOENT;
}

static bool has_word(const char *path, const char *word)
{
	char buf[512], *tok, *save;

	if (util_read_file(path, buf, sizeof(buf)) < 0)
		return false;
	for (tok = strtok_r(buf, " \n", &save); tok;
	     tok = strtok_r(NULL, " \n", &save))
		if (!strcmp(tok, word))
			return true;
	return false;
}

int memcg_find(struct memcg *m, char *msg, size_t len)
{
	char path[400], ctl[600];

	memset(m, 0, sizeof(*m));
	if (!own_path("memory:", path, sizeof(path)) &&
	    !access(CG "/memory/memory.force_empty", F_OK)) {
		snprintf(m->home, sizeof(m->home), CG "/memory%s", path);
		snprintf(m->dir, sizeof(m->dir), "%.480s/mmbench", m->home);
		return 0;
	}
	if (!own_path(":", path, sizeof(path))) {
		snprintf(m->home, sizeof(m->home), CG "%s", path);
		snprintf(ctl, sizeof(ctl), "%s/cgroup.subtree_control", m->home);
		/* Processes live only in leaves: home must delegate memory. */
		if (has_word(ctl, "memory")) {
			snprintf(m->dir, sizeof(m->dir), "%.480s/mmbench",
				 m->home);
			m->v2 = 1;
			return 0;
		}
	}
	snprintf(msg, len, "no memory cgroup to reclaim in: neither cgroup v1's memory controller nor a v2 cgroup with memory in cgroup.subtree_control");
	return -EOPNOTSUPP;
}

int memcg_create(struct memcg *m)
{
	if (mkdir(m->dir, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int move_self(const char *dir)
{
	char path[600], pid[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	return util_write_file(path, pid);
}

int memcg_enter(struct memcg *m)
{
	return move_self(m->dir);
}

int memcg_leave(struct memcg *m)
{
	return move_self(m->home);
}

int memcg_reclaim(struct memcg *m, uint64_t bytes)
{
	char path[600], val[32];
	int ret;

	if (m->v2) {
		snprintf(path, sizeof(path), "%s/memory.reclaim", m->dir);
		snprintf(val, sizeof(val), "%llu", (unsigned long long)bytes);
		ret = util_write_file(path, val);
		/* EAGAIN: less than asked could go (page tables stay). */
		return ret == -EAGAIN ? 0 : ret;
	}
	snprintf(path, sizeof(path), "%s/memory.force_empty", m->dir);
	return util_write_file(path, "0");
}

void memcg_destroy(struct memcg *m)
{
	if (m->dir[0])
		rmdir(m->dir);
}
