/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_WORKLOAD_H
#define MMBENCH_WORKLOAD_H

#include <stddef.h>
#include <stdio.h>

#include "core/mmbench.h"

/*
 * The workload a user names: the path as given if it exists; else a
 * bare name (no '/') as NAME.wl or NAME in the installed
 * share/mmbench/workloads beside the binary (exe/../share/mmbench/
 * workloads, as `make install` lays it out), then in the source tree's
 * workloads/ (exe/../workloads, for build/mmbench).  exe is the
 * binary's path (NULL: /proc/self/exe).  0 with the file in path, or
 * -ENOENT with the places looked at in tried.
 */
int workload_find(const char *name, const char *exe, char *path,
		  size_t size, char *tried, size_t tlen);

/*
 * A .wl file: one invocation a line, '#' starts a comment; each line
 * through spec_parse, the k=v overrides ov[0..nov) applied where its
 * benchmark takes them, the sweeps expanded into *pts (malloc'd, *n
 * points).  An override no line takes is an error.  0, or -EINVAL /
 * -ENOMEM with one line in err naming file:line.
 */
int workload_parse(FILE *f, const char *file, int nov, char *const *ov,
		   struct point **pts, size_t *n, char *err, size_t errlen);

#endif
