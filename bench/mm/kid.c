// SPDX-License-Identifier: GPL-2.0
/* Child processes for fork, CoW, exit and shared-page benchmarks. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mm/kid.h"

struct reply {
	int ret;
	long minflt;
};

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void close_all(struct kid *k)
{
	if (!k->ready)
		return;
	k->ready = 0;
	close_fd(&k->cmd[0]);
	close_fd(&k->cmd[1]);
	close_fd(&k->res[0]);
	close_fd(&k->res[1]);
}

int kid_prepare(struct kid *k)
{
	k->pid = 0;
	k->cmd[0] = k->cmd[1] = k->res[0] = k->res[1] = -1;
	if (pipe2(k->cmd, O_CLOEXEC) || pipe2(k->res, O_CLOEXEC)) {
		int err = -errno;

		k->ready = 1;
		close_all(k);
		return err;
	}
	k->ready = 1;
	return 0;
}

static long minflt_self(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

static void __attribute__((noreturn)) serve(struct kid *k, pid_t parent,
					    kid_fn fn, void *arg)
{
	struct reply r;
	char cmd;

	/* A parent killed by SIGKILL takes its children with it. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	signal(SIGINT, SIG_IGN);	/* the parent ends the rep */
	close(k->cmd[1]);
	close(k->res[0]);
	while (read(k->cmd[0], &cmd, 1) == 1) {
		long f0 = minflt_self();

		r.ret = fn(arg, cmd);
		r.minflt = minflt_self() - f0;
		if (write(k->res[1], &r, sizeof(r)) != sizeof(r))
			_exit(1);
	}
	_exit(0);
}

int kid_fork(struct kid *k, kid_fn fn, void *arg)
{
	pid_t parent = getpid(), pid;

	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid)
		serve(k, parent, fn, arg);
	k->pid = pid;
	close_fd(&k->cmd[0]);
	close_fd(&k->res[1]);
	return 0;
}

int kid_cmd(struct kid *k, char cmd, long *minflt)
{
	struct reply r;
	ssize_t n;

	if (!k->pid)
		return -ECHILD;
	if (write(k->cmd[1], &cmd, 1) != 1)
		return -EPIPE;
	do
		n = read(k->res[0], &r, sizeof(r));
	while (n < 0 && errno == EINTR);
	if (n != sizeof(r))
		return -ECHILD;		/* it died */
	if (minflt)
		*minflt = r.minflt;
	return r.ret;
}

int kid_exit(struct kid *k)
{
	int status;
	pid_t pid;

	if (!k->pid)
		return -ECHILD;
	close_fd(&k->cmd[1]);
	do
		pid = waitpid(k->pid, &status, 0);
	while (pid < 0 && errno == EINTR);
	k->pid = 0;
	close_all(k);
	if (pid < 0)
		return -errno;
	return WIFEXITED(status) && !WEXITSTATUS(status) ? 0 : -ECHILD;
}

void kid_kill(struct kid *k)
{
	if (k->pid > 0) {
		kill(k->pid, SIGKILL);
		while (waitpid(k->pid, NULL, 0) < 0 && errno == EINTR)
			;
	}
	k->pid = 0;
	close_all(k);
}
