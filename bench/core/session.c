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
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/harness.h"
#include "core/knob.h"
#include "core/result.h"
#include "core/session.h"
#include "core/util.h"
#include "mm/memcg.h"
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

/* Say what a damaged state file held, what came back and what did not. */
static void say_damaged(const char *path, const struct knob_recovery *rec)
{
	fprintf(stderr, "mmbench: %s is damaged: line %d: %s%s%s%s\n", path,
		rec->bad_line, rec->bad_why, rec->bad_text[0] ? ": \"" : "",
		rec->bad_text, rec->bad_text[0] ? "\"" : "");
	if (rec->bad > 1)
		fprintf(stderr, "mmbench:   and %d more line%s that do not parse\n",
			rec->bad - 1, rec->bad == 2 ? "" : "s");
	fprintf(stderr, "mmbench:   restored %d of the %d entr%s that parse%s\n",
		rec->changed, rec->entries, rec->entries == 1 ? "y" : "ies",
		rec->failed ? "" : " (the others had their saved value)");
	if (rec->failed)
		fprintf(stderr, "mmbench:   could not restore: %s\n",
			rec->failed_list);
	fprintf(stderr, "mmbench:   could not restore: any knob whose line was lost or damaged; its value as found is not known (compare 'mmbench sysinfo' with the machine's defaults)\n");
	if (rec->aside[0])
		fprintf(stderr, "mmbench:   moved it to %s for a person to read; later runs start again\n",
			rec->aside);
}

/*
 * A damaged state file lost some entries; the killed run's meta.json
 * recorded every THP knob as it found them (after its knob_save, before
 * its first change): put back from there what still differs.  The
 * number of knobs changed, or -errno when there is no meta.json.
 */
static int meta_knobs_recover(const char *run, char *failed, size_t len)
{
	char path[KNOB_PATH], cur[KNOB_VAL], file[3100];
	struct json_object *meta, *knobs;
	int changed = 0, ret;
	size_t off = 0;
	struct stat st;

	failed[0] = '\0';
	snprintf(file, sizeof(file), "%.3000s/meta.json", run);
	meta = json_object_from_file(file);
	if (!meta)
		return -ENOENT;
	if (!json_object_object_get_ex(meta, "thp_knobs", &knobs) ||
	    !json_object_is_type(knobs, json_type_object)) {
		json_object_put(meta);
		return -ENOENT;
	}
	json_object_object_foreach(knobs, key, v) {
		const char *val = json_object_get_string(v);

		if (!val || key[0] == '/' || strstr(key, "..") ||
		    strpbrk(val, "\t\n") || strlen(val) >= KNOB_VAL ||
		    snprintf(path, sizeof(path), "%s/%s", thp_root(), key) >=
		    (int)sizeof(path))
			continue;
		/* Knobs only: counters and hpage_pmd_size are read-only. */
		if (stat(path, &st) || !S_ISREG(st.st_mode) ||
		    !(st.st_mode & S_IWUSR) || knob_read(path, cur, sizeof(cur)) ||
		    !strcmp(cur, val))
			continue;
		ret = util_write_file(path, val);
		if (!ret) {
			changed++;
		} else if (off < len) {
			off += snprintf(failed + off, len - off, "%s%s (%s)",
					off ? ", " : "", key, strerror(-ret));
		}
	}
	json_object_put(meta);
	return changed;
}

/*
 * The memory cgroup a run killed in pageout-forked left: the next run's
 * pageout-forked reuses it (memcg.c), and the end of the next run or
 * `mmbench restore` removes it.  With the lock held and at the end of a
 * run no mmbench is in it.  1 if one was removed.
 */
static int memcg_recover(void)
{
	struct memcg m;
	char msg[256];

	if (memcg_find(&m, msg, sizeof(msg)) || access(m.dir, F_OK))
		return 0;
	if (rmdir(m.dir)) {
		fprintf(stderr, "mmbench: cannot remove the memory cgroup a killed run left, %s: %s\n",
			m.dir, strerror(errno));
		return 0;
	}
	fprintf(stderr, "mmbench: removed the memory cgroup a killed run left: %s\n",
		m.dir);
	return 1;
}

/*
 * Repair a killed run's leftovers; needs the lock held.  0 nothing was
 * left, 1 repaired, 2 repaired what could be from a damaged state file,
 * -errno when it could not be (later runs stay blocked).
 */
static int recover(void)
{
	struct knob_recovery *rec;
	char path[KNOB_PATH];
	int ret, swap;

	swap = swap_recover();	/* zram swap a killed run set up */
	if (swap < 0)
		return swap;
	rec = malloc(sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	state_path(path, sizeof(path));
	ret = knob_recover(path, rec);
	if (ret == -ENOENT) {
		ret = swap;	/* no knobs were left */
		goto out;
	}
	if (ret < 0 && rec->bad) {
		say_damaged(path, rec);
		fprintf(stderr, "mmbench: cannot move %s aside: %s; remove it by hand once read\n",
			path, strerror(-ret));
		goto out;
	}
	if (ret < 0) {
		fprintf(stderr, "mmbench: cannot restore the knobs recorded in %s: %s\n",
			path, strerror(-ret));
		if (rec->failed)
			fprintf(stderr, "mmbench:   could not restore: %s; the file stays for 'mmbench restore'\n",
				rec->failed_list);
		goto out;
	}
	if (rec->bad) {
		char failed[512];
		int more;

		say_damaged(path, rec);
		more = rec->run[0] ? meta_knobs_recover(rec->run, failed,
						       sizeof(failed)) : -ENOENT;
		if (more >= 0)
			fprintf(stderr, "mmbench:   restored %d more THP knob%s from %s/meta.json, which recorded them as that run found them%s%s\n",
				more, more == 1 ? "" : "s", rec->run,
				failed[0] ? "; could not: " : "", failed);
	} else if (ret)
		fprintf(stderr, "mmbench: a previous run was killed before it could restore the knobs; restored %d knob%s from %s\n",
			ret, ret == 1 ? "" : "s", path);
	else
		fprintf(stderr, "mmbench: a previous run ended without closing its results; its knobs were already restored\n");
	if (rec->run[0] && !res_set_status(rec->run, "interrupted",
					   "killed; knobs restored by a later mmbench"))
		fprintf(stderr, "mmbench: marked %s as interrupted\n", rec->run);
	ret = rec->bad ? 2 : 1;
out:
	free(rec);
	return ret;
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
	memcg_recover();
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
	if (ret >= 0 && memcg_recover() && !ret)
		ret = 1;
	if (!ret)
		fprintf(stderr, "mmbench: restore: no run left knobs changed; nothing to do\n");
	close(lock_fd);
	lock_fd = -1;
	/* A damaged state file wants a person's eyes, once. */
	return ret < 0 || ret == 2 ? EXIT_FAIL : EXIT_OK;
}
