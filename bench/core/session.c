// SPDX-License-Identifier: GPL-2.0
/*
 * The session around a run: the lock, repairing what a killed run left,
 * saving the knobs before the first change, and putting them back on
 * every exit path (normal end, error, SIGINT/SIGTERM/SIGHUP).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/harness.h"
#include "core/knob.h"
#include "core/result.h"
#include "core/session.h"
#include "mm/swap.h"
#include "mm/thp.h"

volatile int session_signal;
static struct knobs knobs;
static int lock_fd = -1;
static bool atfork_done;

static void on_signal(int sig)
{
	static const char msg[] =
		"\nmmbench: second signal: knobs restored, exiting now\n";

	if (!session_signal) {
		/* Let the current repetition finish and the run close cleanly. */
		session_signal = sig;
		return;
	}
	knob_restore_signal_safe(&knobs);
	swap_undo_signal_safe();
	if (write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0) {
		/* nothing left to tell */
	}
	_exit(128 + sig);
}

static void signals_set(void (*fn)(int))
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = fn;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		sigaction(sigs[i], &sa, NULL);
	/*
	 * `mmbench run ... | head` must not die of SIGPIPE with knobs
	 * changed: a closed stdout only loses the output, the run goes on
	 * and its results are in the run directory.
	 */
	if (fn != SIG_DFL)
		signal(SIGPIPE, SIG_IGN);
}

/*
 * A forked child (a crew worker, a benchmark's child) must not keep the
 * lock: its copy of the descriptor would hold the flock after mmbench
 * is killed, and the next mmbench could not repair the run.  Closing
 * the copy leaves the parent's lock held.
 */
static void drop_lock_in_child(void)
{
	if (lock_fd >= 0)
		close(lock_fd);
	lock_fd = -1;
}

static void state_path(char *buf, size_t size)
{
	snprintf(buf, size, "%s/knobs.saved", knob_state_dir());
}

/* Repair a killed run's leftovers; needs the lock held. */
static int recover(void)
{
	char path[KNOB_PATH], run[3072];
	int ret, swap;

	swap = swap_recover();	/* zram swap a killed run set up */
	if (swap < 0)
		return swap;
	state_path(path, sizeof(path));
	ret = knob_recover(path, run, sizeof(run));
	if (ret == -ENOENT)
		return swap;	/* no knobs were left */
	if (ret < 0) {
		fprintf(stderr, "mmbench: cannot restore the knobs recorded in %s: %s\n",
			path, strerror(-ret));
		return ret;
	}
	if (ret)
		fprintf(stderr, "mmbench: a previous run was killed before it could restore the knobs; restored %d knob%s from %s\n",
			ret, ret == 1 ? "" : "s", path);
	else
		fprintf(stderr, "mmbench: a previous run ended without closing its results; its knobs were already restored\n");
	if (run[0] && !res_set_status(run, "interrupted",
				      "killed; knobs restored by a later mmbench"))
		fprintf(stderr, "mmbench: marked %s as interrupted\n", run);
	return 1;
}

/*
 * Noise controls held for the whole run.  A guest with free page
 * reporting hands freed memory back to the host at once, and the next
 * fault on it pays for the host's lazy backing: CVs of 5-40% on the
 * development VMs.  The highest order the kernel accepts turns it off
 * (upstream allows MAX_PAGE_ORDER, some kernels one more).
 */
static const char page_reporting[] =
	"/sys/module/page_reporting/parameters/page_reporting_order";

/*
 * -1 means no device reports free pages (6.12 without virtio-balloon's
 * reporting): nothing to turn off, and the kernel refuses -1 back.
 */
static bool page_reporting_on(void)
{
	char v[32];

	return !access(page_reporting, W_OK) &&
	       !knob_read(page_reporting, v, sizeof(v)) && atoi(v) >= 0;
}

static void noise_controls(void)
{
	static const char *const orders[] = { "11", "10" };
	size_t i;

	if (!page_reporting_on())
		return;
	for (i = 0; i < sizeof(orders) / sizeof(orders[0]); i++)
		if (!knob_set_session(&knobs, page_reporting, orders[i]))
			return;
}

int session_begin(const char *run_dir, char *err, size_t errlen)
{
	char path[KNOB_PATH];
	int ret;

	if (geteuid()) {
		snprintf(err, errlen, "not root: the THP knobs cannot be changed (run as root)");
		return -EPERM;
	}
	ret = knob_lock(knob_state_dir(), &lock_fd, err, errlen);
	if (ret)
		return ret;
	if (!atfork_done) {
		pthread_atfork(NULL, NULL, drop_lock_in_child);
		atfork_done = true;
	}
	ret = recover();
	if (ret < 0) {
		snprintf(err, errlen, "the knobs a killed run left could not be restored; see above");
		goto out_unlock;
	}
	ret = knob_discover(&knobs, thp_root());
	if (!ret && page_reporting_on())
		ret = knob_add(&knobs, page_reporting);
	if (ret) {
		snprintf(err, errlen, "cannot read the THP knobs under %s: %s",
			 thp_root(), strerror(-ret));
		goto out_unlock;
	}
	state_path(path, sizeof(path));
	ret = knob_save(&knobs, path, run_dir);
	if (ret) {
		snprintf(err, errlen, "cannot save the knobs to %s: %s", path,
			 strerror(-ret));
		goto out_free;
	}
	session_signal = 0;
	signals_set(on_signal);
	noise_controls();
	return 0;
out_free:
	knob_free(&knobs);
out_unlock:
	close(lock_fd);
	lock_fd = -1;
	return ret;
}

int session_end(void)
{
	int ret;

	ret = knob_restore(&knobs);
	if (swap_undo() && !ret)
		ret = -EBUSY;
	if (ret)
		fprintf(stderr, "mmbench: restoring the knobs failed (%s); the state file stays for 'mmbench restore'\n",
			strerror(-ret));
	signals_set(SIG_DFL);
	knob_free(&knobs);
	close(lock_fd);
	lock_fd = -1;
	return ret;
}

int session_reset_knobs(void)
{
	return knob_reset(&knobs, false);
}



int session_knob_set(const char *path, const char *val)
{
	return knob_set(&knobs, path, val);
}

int session_restore(void)
{
	char err[512];
	int ret;

	if (geteuid()) {
		fprintf(stderr, "mmbench: restore: not root (run as root)\n");
		return EXIT_SKIP;
	}
	ret = knob_lock(knob_state_dir(), &lock_fd, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmbench: restore: %s\n", err);
		return EXIT_FAIL;
	}
	ret = recover();
	if (!ret)
		fprintf(stderr, "mmbench: restore: no run left knobs changed; nothing to do\n");
	close(lock_fd);
	lock_fd = -1;
	return ret < 0 ? EXIT_FAIL : EXIT_OK;
}
