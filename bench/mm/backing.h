/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_BACKING_H
#define MMBENCH_BACKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/mmbench.h"

/*
 * File and DAX backings of the region driver: a file in dir=, which
 * for dax must sit on a filesystem mounted with DAX.  The file is
 * anonymous (O_TMPFILE, or unlinked at once), so a killed run leaves
 * nothing behind in dir=.
 */

/*
 * May dir hold the region?  0, or -EOPNOTSUPP (a skip: no such mount
 * option for dax) with the reason naming dir, its filesystem and
 * options.  Changes nothing.
 */
int backing_check_dir(bool dax, const char *dir, char *why, size_t len);
/* Open the region's file in dir; for dax, confirm STATX_ATTR_DAX on it. */
int backing_open(const char *dir, bool dax, int *fd);
/* Empty and sparse again at len bytes, so every rep starts from holes. */
int backing_resize(int fd, uint64_t len);
/* The sample's "backing": dir, filesystem type, source, mount options. */
void backing_record(struct ctx *c, int fd, const char *dir);
/* The mount that holds path, from /proc/self/mountinfo: 0 or -ENOENT. */
int backing_mount(const char *path, char *fstype, char *source, char *opts,
		  size_t len);

#endif
