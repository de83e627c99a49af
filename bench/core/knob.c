// SPDX-License-Identifier: GPL-2.0
/*
 * Save, set and restore sysfs knobs.  Modelled on the selftests'
 * thp_settings push/pop, but with the saved state on disk first, so that
 * no exit path (signals and SIGKILL included) leaves the machine changed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/knob.h"
#include "mm/thp.h"
#include "core/util.h"

const char *knob_state_dir(void)
{
	const char *d = getenv("MMBENCH_STATE_DIR");

	return d && *d ? d : "/run/mmbench";
}

int knob_read(const char *path, char *val, size_t size)
{
	char buf[1024], *l, *r;
	ssize_t n;

	n = util_read_file(path, buf, sizeof(buf));
	if (n < 0)
		return n;
	l = strchr(buf, '[');
	r = l ? strchr(l, ']') : NULL;
	if (l && r) {
		*r = '\0';
		l++;
	} else {
		util_strip(buf);
		l = buf;
	}
	if (strlen(l) >= size || strchr(l, '\t') || strchr(l, '\n'))
		return -EINVAL;
	strcpy(val, l);
	return 0;
}

int knob_add(struct knobs *ks, const char *path)
{
	struct knob *k;
	size_t i;

	for (i = 0; i < ks->n; i++)
		if (!strcmp(ks->k[i].path, path))
			return 0;
	if (strlen(path) >= KNOB_PATH)
		return -ENAMETOOLONG;
	k = realloc(ks->k, (ks->n + 1) * sizeof(*k));
	if (!k)
		return -ENOMEM;
	ks->k = k;
	k = &ks->k[ks->n++];
	memset(k, 0, sizeof(*k));
	strcpy(k->path, path);
	return 0;
}

static bool writable_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) &&
	       (st.st_mode & S_IWUSR);
}

/* Writable files in dir; recurse into hugepages-*kB and khugepaged. */
static int discover_dir(struct knobs *ks, const char *dir, bool top)
{
	char path[KNOB_PATH];
	struct dirent *de;
	int ret = 0;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return -errno;
	while ((de = readdir(d)) && !ret) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(path, sizeof(path), "%s/%s", dir, de->d_name) >=
		    (int)sizeof(path)) {
			ret = -ENAMETOOLONG;
			break;
		}
		if (top && (!strncmp(de->d_name, "hugepages-", 10) ||
			    !strcmp(de->d_name, "khugepaged"))) {
			ret = discover_dir(ks, path, false);
			continue;
		}
		if (writable_file(path))
			ret = knob_add(ks, path);
	}
	closedir(d);
	return ret;
}

static int cmp_knob(const void *a, const void *b)
{
	return strcmp(((const struct knob *)a)->path,
		      ((const struct knob *)b)->path);
}

int knob_discover(struct knobs *ks, const char *thp_root)
{
	int ret;

	ret = discover_dir(ks, thp_root, true);
	if (ret)
		return ret;
	qsort(ks->k, ks->n, sizeof(*ks->k), cmp_knob);
	return 0;
}

int knob_save(struct knobs *ks, const char *state_path, const char *run_dir)
{
	size_t i, len = 0, cap = 4096;
	char *buf, *nb;
	int ret;

	buf = malloc(cap);
	if (!buf)
		return -ENOMEM;
	len = snprintf(buf, cap, "# mmbench knob state, pid %d\nrun\t%s\n",
		       (int)getpid(), run_dir ? run_dir : "");
	for (i = 0; i < ks->n; i++) {
		struct knob *k = &ks->k[i];

		ret = knob_read(k->path, k->saved, sizeof(k->saved));
		if (ret)
			goto out;
		k->dirty = false;
		if (len + KNOB_PATH + KNOB_VAL + 64 > cap) {
			cap *= 2;
			nb = realloc(buf, cap);
			if (!nb) {
				ret = -ENOMEM;
				goto out;
			}
			buf = nb;
		}
		len += snprintf(buf + len, cap - len, "knob\t%s\t%s\n",
				k->path, k->saved);
	}
	/* The end line: a file cut short at a line boundary is seen as such. */
	len += snprintf(buf + len, cap - len, "end\t%zu\n", ks->n);
	ret = util_write_atomic(state_path, buf, len);
	if (!ret)
		snprintf(ks->state, sizeof(ks->state), "%s", state_path);
out:
	free(buf);
	return ret;
}

static struct knob *knob_find(struct knobs *ks, const char *path)
{
	char abs[KNOB_PATH];
	size_t i;

	if (path[0] != '/') {
		snprintf(abs, sizeof(abs), "%s/%s", thp_root(), path);
		path = abs;
	}
	for (i = 0; i < ks->n; i++)
		if (!strcmp(ks->k[i].path, path))
			return &ks->k[i];
	return NULL;
}

int knob_set(struct knobs *ks, const char *path, const char *val)
{
	char cur[KNOB_VAL];
	struct knob *k;
	int ret;

	k = knob_find(ks, path);
	if (!k)
		return -ENOENT;
	/* Refuse to touch anything whose old value is not on disk yet. */
	if (!ks->state[0])
		return -EPERM;
	ret = knob_read(k->path, cur, sizeof(cur));
	if (ret)
		return ret;
	if (!strcmp(cur, val))
		return 0;
	k->dirty = true;
	ret = util_write_file(k->path, val);
	if (ret)
		return ret;
	ret = knob_read(k->path, cur, sizeof(cur));
	if (ret)
		return ret;
	return strcmp(cur, val) ? -EINVAL : 0;
}

int knob_set_session(struct knobs *ks, const char *path, const char *val)
{
	struct knob *k = knob_find(ks, path);
	int ret;

	if (!k)
		return -ENOENT;
	ret = knob_set(ks, path, val);
	if (k->dirty)
		k->session = true;
	return ret;
}

int knob_reset(struct knobs *ks, bool session_too)
{
	char cur[KNOB_VAL];
	int ret, err = 0;
	size_t i;

	for (i = 0; i < ks->n; i++) {
		struct knob *k = &ks->k[i];

		if (!k->dirty || (k->session && !session_too))
			continue;
		ret = knob_read(k->path, cur, sizeof(cur));
		if (!ret && strcmp(cur, k->saved))
			ret = util_write_file(k->path, k->saved);
		if (ret) {
			err = err ? err : ret;
			continue;
		}
		k->dirty = k->session = false;
	}
	return err;
}

int knob_restore(struct knobs *ks)
{
	int ret;

	ret = knob_reset(ks, true);
	if (!ret && ks->state[0]) {
		if (unlink(ks->state) && errno != ENOENT)
			ret = -errno;
		ks->state[0] = '\0';
	}
	return ret;
}

void knob_restore_signal_safe(struct knobs *ks)
{
	size_t i;

	for (i = 0; i < ks->n; i++) {
		struct knob *k = &ks->k[i];
		int fd;

		if (!k->dirty)
			continue;
		fd = open(k->path, O_WRONLY | O_TRUNC | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (write(fd, k->saved, strlen(k->saved)) > 0)
			k->dirty = false;
		close(fd);
	}
	/*
	 * The state file stays: the next mmbench finds the knobs already
	 * restored and marks the abandoned run interrupted.
	 */
}

void knob_free(struct knobs *ks)
{
	free(ks->k);
	ks->k = NULL;
	ks->n = 0;
}

int knob_lock(const char *dir, int *fd, char *msg, size_t size)
{
	char path[KNOB_PATH], pid[32];
	ssize_t n;
	int ret;

	ret = util_mkdir_p(dir, 0755);
	if (ret) {
		snprintf(msg, size, "cannot create %s: %s", dir, strerror(-ret));
		return ret;
	}
	snprintf(path, sizeof(path), "%s/lock", dir);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		ret = -errno;
		snprintf(msg, size, "cannot open %s: %s", path, strerror(errno));
		return ret;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB)) {
		ret = errno == EWOULDBLOCK ? -EBUSY : -errno;
		n = pread(*fd, pid, sizeof(pid) - 1, 0);
		pid[n > 0 ? n : 0] = '\0';
		util_strip(pid);
		snprintf(msg, size,
			 "another mmbench (pid %s) holds %s; two runs never overlap",
			 *pid ? pid : "?", path);
		close(*fd);
		*fd = -1;
		return ret;
	}
	n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());
	if (ftruncate(*fd, 0) || pwrite(*fd, pid, n, 0) != n) {
		/* The pid is only for the message; the flock is what counts. */
	}
	return 0;
}
