// SPDX-License-Identifier: GPL-2.0
/* Progress and ETA on stderr, only when stderr is a terminal. */
#include <stdio.h>
#include <unistd.h>

#include "core/progress.h"
#include "core/util.h"

void progress_init(struct progress *pg, size_t total)
{
	pg->tty = isatty(STDERR_FILENO);
	pg->shown = false;
	pg->total = total;
	pg->done = 0;
	pg->start = util_now_ns();
}

void progress_update(struct progress *pg, const char *desc, const char *what,
		     unsigned int i, unsigned int n)
{
	uint64_t el;
	unsigned long eta = 0;

	if (pg->done < pg->total)
		pg->done++;
	if (!pg->tty)
		return;
	el = util_now_ns() - pg->start;
	/* Average so far times what is left: crude, but honest about it. */
	if (pg->done > 1)
		eta = (unsigned long)(el / (pg->done - 1) *
				      (pg->total - pg->done + 1) / 1000000000ULL);
	fprintf(stderr, "\r\033[K%.50s  %s %u/%u  [%zu/%zu]  ETA %lu:%02lu",
		desc, what, i, n, pg->done, pg->total, eta / 60, eta % 60);
	pg->shown = true;
}

void progress_clear(struct progress *pg)
{
	if (pg->tty && pg->shown)
		fprintf(stderr, "\r\033[K");
	pg->shown = false;
}
