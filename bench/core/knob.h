/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_KNOB_H
#define MMBENCH_KNOB_H

#include <stdbool.h>
#include <stddef.h>

#define KNOB_PATH	256
#define KNOB_VAL	128

struct knob {
	char path[KNOB_PATH];	/* absolute */
	char saved[KNOB_VAL];	/* value as found: "never", "1" */
	bool dirty;		/* written since saved */
	bool session;		/* held for the whole run, not per point */
};

/*
 * Every knob mmbench may touch, saved before the first change.  The
 * saved values also live in a state file, so that a run killed with
 * SIGKILL is repaired by the next invocation (knob_recover).
 */
struct knobs {
	struct knob *k;
	size_t n;
	char state[KNOB_PATH];	/* state file, "" until knob_save */
};

/* Directory for the lock and the state file; MMBENCH_STATE_DIR overrides. */
const char *knob_state_dir(void);

/* Current value of a knob: the [selected] word, or the stripped content. */
int knob_read(const char *path, char *val, size_t size);

/* Every writable knob under a THP tree (top, hugepages-*kB, khugepaged). */
int knob_discover(struct knobs *ks, const char *thp_root);
/* Add one more knob by absolute path (zram, sysctl, ...). */
int knob_add(struct knobs *ks, const char *path);
/* Read every value and write the state file before any change. */
int knob_save(struct knobs *ks, const char *state_path, const char *run_dir);
/* Write a value (path absolute, or relative to the THP root); verified. */
int knob_set(struct knobs *ks, const char *path, const char *val);
/* knob_set for the whole run: knob_reset(ks, false) leaves it. */
int knob_set_session(struct knobs *ks, const char *path, const char *val);
/* Put knobs written since the save back (session ones too if asked). */
int knob_reset(struct knobs *ks, bool session_too);
/* knob_reset, then remove the state file: the machine is as found. */
int knob_restore(struct knobs *ks);
/* Async-signal-safe knob_reset(ks, true); the state file is kept. */
void knob_restore_signal_safe(struct knobs *ks);
void knob_free(struct knobs *ks);

/* What knob_recover found in a state file a killed run left. */
struct knob_recovery {
	char run[3072];		/* the run that left it, "" if not recorded */
	int entries;		/* knob lines that parse */
	int changed;		/* knobs written back */
	int failed;		/* entries that parse but could not be written */
	char failed_list[512];	/* "path (error), .." */
	int bad;		/* lines that do not parse, or a missing end */
	int bad_line;		/* the first of them, 1-based */
	char bad_why[96];	/* what is wrong with it */
	char bad_text[120];	/* its text, cut */
	char aside[KNOB_PATH + 64];	/* where a damaged file went, or "" */
};

/*
 * If a state file is left behind, restore what it records and remove
 * it.  Returns the number of knobs that were changed back (0 = all
 * matched), -ENOENT when there was no state file, or -errno (-EIO: an
 * intact file some of whose knobs could not be written; it stays).
 * A damaged file (rec->bad) blocks nothing: every entry that parses is
 * restored and the file is moved to rec->aside for a person to read.
 */
int knob_recover(const char *state_path, struct knob_recovery *rec);

/* flock-based lock in the state dir: 0, -EBUSY (owner in msg), -errno. */
int knob_lock(const char *dir, int *fd, char *msg, size_t size);

#endif
