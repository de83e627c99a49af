/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_PROGRESS_H
#define MMBENCH_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One self-overwriting line on a terminal; silent when not a TTY. */
struct progress {
	bool tty, shown;
	size_t total, done;
	uint64_t start;
};

void progress_init(struct progress *pg, size_t total);
void progress_update(struct progress *pg, const char *desc, const char *what,
		     unsigned int i, unsigned int n);
void progress_clear(struct progress *pg);

#endif
