/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_SESSION_H
#define MMBENCH_SESSION_H

#include <stddef.h>

/*
 * Root check, lock, repair of a killed run, knob save (state file names
 * run_dir), signal handlers.  0, or -errno with one line in err
 * (-EPERM: not root, -EBUSY: another mmbench runs).
 */
int session_begin(const char *run_dir, char *err, size_t errlen);
/* Restore every knob, drop the state file and the lock. */
int session_end(void);
/* Between points: knobs back to what was found, state file kept. */
int session_reset_knobs(void);

/* Knob writes go through the session so it can restore them. */
int session_knob_set(const char *path, const char *val);
/* `mmbench restore`: repair what a killed run left; returns an exit code. */
int session_restore(void);
/* Set for SIGINT/SIGTERM/SIGHUP; benchmarks with long loops may poll it. */
extern volatile int session_signal;

#endif
