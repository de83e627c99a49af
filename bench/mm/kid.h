/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_KID_H
#define MMBENCH_KID_H

#include <sys/types.h>

/*
 * A child process that runs commands for a benchmark: it shares the
 * parent's memory copy-on-write (fork), runs fn(arg, cmd) for every
 * command byte and reports the result and its own minor faults.  It
 * dies with its parent (PR_SET_PDEATHSIG) and exits when the command
 * pipe closes, so it never outlives a rep.
 */
typedef int (*kid_fn)(void *arg, char cmd);

struct kid {
	pid_t pid;		/* 0: none */
	int cmd[2], res[2];
	int ready;		/* pipes open (a zeroed struct is idle) */
};

/* Pipes only (outside a timed fork); then kid_fork. */
int kid_prepare(struct kid *k);
/* fork(); the child serves commands.  0 or -errno. */
int kid_fork(struct kid *k, kid_fn fn, void *arg);
/* Run cmd in the child; its return value, *minflt its faults meanwhile. */
int kid_cmd(struct kid *k, char cmd, long *minflt);
/* Close the command pipe and reap: 0 when it exited 0, else -errno. */
int kid_exit(struct kid *k);
/* SIGKILL and reap whatever is left; safe on an idle struct. */
void kid_kill(struct kid *k);

#endif
