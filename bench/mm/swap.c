// SPDX-License-Identifier: GPL-2.0
/* zram swap set up for a run and always taken down again. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/swap.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/knob.h"
#include "mm/swap.h"
#include "core/util.h"

#define ZRAM_DEV	"/dev/zram0"
#define ZRAM_SYS	"/sys/block/zram0"

extern char **environ;

static volatile int mine;		/* this process set zram0 up */
static char record[KNOB_PATH];	/* filled before mine is set */

static void record_path(char *buf, size_t size)
{
	snprintf(buf, size, "%s/zram-swap", knob_state_dir());
}

/* Active swap areas in /proc/swaps; with_dev: is ZRAM_DEV one of them. */
static int swaps_active(bool *with_dev)
{
	char buf[8192], *line, *save;
	int n = 0;

	*with_dev = false;
	if (util_read_file("/proc/swaps", buf, sizeof(buf)) < 0)
		return 0;
	line = strtok_r(buf, "\n", &save);	/* the header */
	while ((line = strtok_r(NULL, "\n", &save))) {
		char *sp = strchr(line, ' ');

		n++;
		/* Once its opener is gone the kernel may print "/zram0". */
		if (sp && sp - line >= 6 && !strncmp(sp - 6, "/zram0", 6))
			*with_dev = true;
	}
	return n;
}

int swap_check(char *msg, size_t len)
{
	uint64_t disksize;
	bool zram;

	if (swaps_active(&zram))
		return 0;
	if (access(ZRAM_SYS "/disksize", W_OK)) {
		snprintf(msg, len, "no swap and no %s (zram missing: modprobe zram)",
			 ZRAM_DEV);
		return -EOPNOTSUPP;
	}
	if (util_read_u64(ZRAM_SYS "/disksize", &disksize) || disksize) {
		snprintf(msg, len, "no swap, and %s is in use (disksize %llu): not touching it",
			 ZRAM_DEV, (unsigned long long)disksize);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int mkswap(void)
{
	char *argv[] = { "mkswap", ZRAM_DEV, NULL };
	posix_spawn_file_actions_t fa;
	int ret, status;
	pid_t pid;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	ret = posix_spawnp(&pid, "mkswap", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		return -ret;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -EIO;
}

int swap_ensure(uint64_t bytes, char *msg, size_t len)
{
	char val[32];
	bool zram;
	int ret;

	if (mine || swaps_active(&zram))
		return 0;
	ret = swap_check(msg, len);
	if (ret)
		return ret;
	/* The record first: a SIGKILL from here on is repaired later. */
	record_path(record, sizeof(record));
	ret = util_write_atomic(record, ZRAM_DEV "\n", strlen(ZRAM_DEV) + 1);
	if (ret) {
		snprintf(msg, len, "cannot write %s: %s", record, strerror(-ret));
		return ret;
	}
	mine = 1;
	snprintf(val, sizeof(val), "%llu", (unsigned long long)bytes);
	ret = util_write_file(ZRAM_SYS "/disksize", val);
	if (ret) {
		snprintf(msg, len, "zram0 disksize=%s: %s", val, strerror(-ret));
		goto undo;
	}
	ret = mkswap();
	if (ret) {
		snprintf(msg, len, "mkswap %s failed (%s)", ZRAM_DEV,
			 strerror(-ret));
		goto undo;
	}
	if (swapon(ZRAM_DEV, 0)) {
		ret = -errno;
		snprintf(msg, len, "swapon %s: %s", ZRAM_DEV, strerror(errno));
		goto undo;
	}
	return 0;
undo:
	swap_undo();
	return ret;
}

/* swapoff, zram reset, record gone; syscalls only. */
static int take_down(const char *rec)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int fd, tries, ret = 0;

	if (swapoff(ZRAM_DEV) && errno != EINVAL)
		ret = -errno;
	/* The reset fails with EBUSY while swapoff's last close settles. */
	for (tries = 0; tries < 50; tries++) {
		fd = open(ZRAM_SYS "/reset", O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			break;
		if (write(fd, "1", 1) == 1) {
			close(fd);
			break;
		}
		close(fd);
		nanosleep(&pause, NULL);
	}
	if (!ret && rec[0])
		unlink(rec);
	return ret;
}

int swap_undo(void)
{
	int ret;

	if (!mine)
		return 0;
	ret = take_down(record);
	mine = 0;
	if (ret)
		fprintf(stderr, "mmbench: swapoff %s: %s; 'mmbench restore' retries\n",
			ZRAM_DEV, strerror(-ret));
	return ret;
}

void swap_undo_signal_safe(void)
{
	if (mine)
		take_down(record);
}

int swap_recover(void)
{
	char path[KNOB_PATH];
	int ret;

	record_path(path, sizeof(path));
	if (access(path, F_OK))
		return 0;
	ret = take_down(path);
	if (ret) {
		fprintf(stderr, "mmbench: cannot take down the zram swap a killed run left: %s\n",
			strerror(-ret));
		return ret;
	}
	fprintf(stderr, "mmbench: a killed run left %s as swap; swapped it off and reset it\n",
		ZRAM_DEV);
	return 1;
}
