/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_TRACEFS_H
#define MMBENCH_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Where tracefs is, mounting it in a private mount namespace when it is
 * not mounted anywhere (so the machine's mounts are left as found).
 * Returns the directory holding events/, or NULL with *why set.
 */
const char *tracefs_dir(const char **why);
/* True when mmbench mounted it in its own mount namespace. */
bool tracefs_private(void);
/*
 * The perf tracepoint id of "subsystem:event": 0, -ENOENT when tracefs
 * has no such event, -EOPNOTSUPP when there is no tracefs (*why says).
 */
int tracefs_event_id(const char *name, uint64_t *id, const char **why);

#endif
