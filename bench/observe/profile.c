// SPDX-License-Identifier: GPL-2.0
/*
 * perf record driven through --control: perf attaches before the extra
 * repetition with its events off (-D -1), and each enable/disable waits
 * for perf's ack, so what it samples is the timed region and no more.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "observe/profile.h"

extern char **environ;

/* Run a command, stdout to a file (or /dev/null); its exit status. */
static int spawn_wait(char *const argv[], const char *out)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int ret, st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO,
					 out ? out : "/dev/null",
					 O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null",
					 O_WRONLY, 0);
	ret = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret)
		return -ret;
	if (waitpid(pid, &st, 0) < 0)
		return -errno;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static int command(struct profile *p, const char *cmd)
{
	char buf[16];
	struct pollfd pfd = { .fd = p->ack, .events = POLLIN };
	ssize_t n;

	if (write(p->ctl, cmd, strlen(cmd)) < 0)
		return -errno;
	/* perf answers "ack\n" once its events are switched. */
	if (poll(&pfd, 1, 10000) <= 0)
		return -ETIMEDOUT;
	n = read(p->ack, buf, sizeof(buf) - 1);
	if (n <= 0)
		return -EIO;
	buf[n] = '\0';
	return strncmp(buf, "ack", 3) ? -EIO : 0;
}

int profile_start(struct profile *p, const char *dir, int idx, char *why,
		  size_t len)
{
	char *ver[] = { "perf", "--version", NULL }, ctl[6420], pid[16];
	char *argv[] = { "perf", "record", "-q", "-g", "-D", "-1",
			 "--control", ctl, "-p", pid, "-o", p->data, NULL };
	int ret;

	memset(p, 0, sizeof(*p));
	p->pid = -1;
	p->ctl = p->ack = -1;
	if (spawn_wait(ver, NULL)) {
		snprintf(why, len, "the perf tool is missing or unusable ('perf --version' failed; Debian: linux-perf)");
		return -ENOENT;
	}
	snprintf(p->data, sizeof(p->data), "%s/profile-%d.data", dir, idx);
	snprintf(p->ctl_path, sizeof(p->ctl_path), "%s/.perf-ctl", dir);
	snprintf(p->ack_path, sizeof(p->ack_path), "%s/.perf-ack", dir);
	snprintf(ctl, sizeof(ctl), "fifo:%s,%s", p->ctl_path, p->ack_path);
	snprintf(pid, sizeof(pid), "%d", getpid());
	unlink(p->ctl_path);
	unlink(p->ack_path);
	if (mkfifo(p->ctl_path, 0600) || mkfifo(p->ack_path, 0600)) {
		ret = -errno;
		snprintf(why, len, "mkfifo in %s: %s", dir, strerror(-ret));
		goto fail;
	}
	ret = posix_spawnp(&p->pid, "perf", NULL, NULL, argv, environ);
	if (ret) {
		p->pid = -1;
		snprintf(why, len, "cannot start perf record: %s", strerror(ret));
		ret = -ret;
		goto fail;
	}
	/* O_RDWR: neither open blocks waiting for perf's side. */
	p->ctl = open(p->ctl_path, O_RDWR | O_CLOEXEC);
	p->ack = open(p->ack_path, O_RDWR | O_CLOEXEC);
	if (p->ctl < 0 || p->ack < 0) {
		ret = -errno;
		snprintf(why, len, "opening perf's control FIFOs: %s",
			 strerror(-ret));
		goto fail;
	}
	/* A no-op command proves perf is attached and listening. */
	ret = command(p, "disable\n");
	if (ret) {
		snprintf(why, len, "perf record did not answer on its control FIFO: %s",
			 strerror(-ret));
		goto fail;
	}
	return 0;
fail:
	profile_finish(p, NULL, 0);
	return ret;
}

int profile_enable(struct profile *p)
{
	return command(p, "enable\n");
}

int profile_disable(struct profile *p)
{
	return command(p, "disable\n");
}

int profile_finish(struct profile *p, char *why, size_t len)
{
	char txt[3300], *argv[] = { "perf", "report", "--stdio", "-i", p->data,
				    "--no-children", "--percent-limit", "1",
				    NULL };
	int ret = 0, st;

	if (p->pid > 0) {
		/* perf record's status after SIGINT varies; perf report judges. */
		kill(p->pid, SIGINT);
		if (waitpid(p->pid, &st, 0) < 0)
			ret = -errno;
	}
	if (p->ctl >= 0)
		close(p->ctl);
	if (p->ack >= 0)
		close(p->ack);
	unlink(p->ctl_path);
	unlink(p->ack_path);
	if (p->pid > 0 && !ret) {
		snprintf(txt, sizeof(txt), "%.*s.txt",
			 (int)(strlen(p->data) - 5), p->data);
		if (spawn_wait(argv, txt))
			ret = -EIO;
	}
	if (ret && why)
		snprintf(why, len, "perf record or perf report failed for %s",
			 p->data);
	p->pid = -1;
	return ret;
}
