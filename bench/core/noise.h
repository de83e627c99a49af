/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_NOISE_H
#define MMBENCH_NOISE_H

#include <stdbool.h>

struct json_object;

/* Run-wide noise controls, applied only when asked, always recorded. */
struct noise {
	bool aslr_off;		/* aslr=off: re-executed without ASLR */
	bool drop_caches;	/* drop-caches=1: before every point */
	bool compact;		/* compact=1: before every point */
};

/*
 * aslr=off: if this process still randomizes its layout, turn it off
 * and re-execute; returns only if that failed (-errno) or was not
 * needed (0).
 */
int noise_aslr_off(char **argv);
/* Between points: drop the page cache and compact memory, as asked. */
void noise_between_points(const struct noise *n);
/* The controls asked for and the machine's state: governor, turbo... */
struct json_object *noise_json(const struct noise *n);

#endif
