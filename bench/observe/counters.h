/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_COUNTERS_H
#define MMBENCH_COUNTERS_H

#include <stddef.h>

#include "core/mmbench.h"

struct json_object;
struct ctr_set;

/*
 * The harness's side of the counters: which events a point counts, what
 * the machine supports (meta.json, `mmbench events`), and the metrics
 * derived from the counts.
 */

/*
 * Check an events= value as typed: every name known (to libpfm4 or
 * tracefs), "default" adds the defaults, "none" alone counts nothing.
 * 0, or -EINVAL with one line in err saying how to find valid names.
 */
int counters_check(const char *list, char *err, size_t len);
/* The comma list a point counts: its events= with "default" expanded. */
void counters_list(const struct point *pt, char *buf, size_t size);
/*
 * Split a point's list: events cheap to count go around every timed
 * rep (timed), those that fire per fault in the timed path (ctr_costly)
 * into the counted reps only (costly).  Both buffers of size bytes.
 */
void counters_split(const char *list, char *timed, char *costly, size_t size);
/*
 * Record in meta (an object: environment and one entry per event) what
 * the set could and could not open; an event is told on stderr once.
 */
void counters_note(struct json_object *meta, const struct ctr_set *cs);
/* The environment and every default event, as meta.json's "counters". */
struct json_object *counters_probe(void);
/* After a rep's counters are read: cycles/instructions per fault etc. */
void counters_derive(struct ctx *c, const struct ctr_set *cs);
/* `mmbench events [NAME..]` */
int cmd_events(int argc, char **argv);

#endif
