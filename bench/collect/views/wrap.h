/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text for email: lines wrapped within 72 columns, percentages in a
 * fixed width, and the header every text view of a comparison starts
 * with (its runs, setup differences and notes).
 */
#ifndef MMBENCH_COLLECT_WRAP_H
#define MMBENCH_COLLECT_WRAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"

#define COLL_COLS	72

/*
 * Print s wrapped at spaces within COLL_COLS, the first line indented by
 * in1, the rest in2.  With list, a list (items after ", " or "; ") is
 * broken between items where that fills at least half the line.
 */
void coll_wrap_text(FILE *out, int in1, int in2, const char *s, bool list);
static inline void coll_wrap(FILE *out, int in1, int in2, const char *s)
{
	coll_wrap_text(out, in1, in2, s, false);
}
/* A relative change x as a percentage in at most 6 characters: -99.9 +1234 */
const char *coll_pct(double x, char *buf, size_t size);
/*
 * The header of a text comparison: what it shows (intro, wrapped), each
 * run with its label, kernel, start and directory, what the marks mean
 * (with marks), the setup differences and the notes (without marks, a
 * summary's header, more than 3 notes are counted, not listed).
 */
void coll_text_header(const struct ccmp *c, const char *intro, bool marks,
		      FILE *out);

#endif
