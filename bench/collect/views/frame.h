/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a small-multiples graph tells its template besides its data
 * (scripts/panels.gp): its files, its size from its panels, the title
 * broken to fit, the key, each panel's title, the x axis of a section.
 */
#ifndef MMBENCH_COLLECT_FRAME_H
#define MMBENCH_COLLECT_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/gnuplot.h"
#include "collect/views/shape.h"

struct cframe {
	size_t npanels;
	const char *title;		/* broken into lines to fit */
	const char *subtitle;		/* a line; NULL: the runs of c */
	const char *const *keys;	/* the key's entries, nkeys */
	const size_t *colors;		/* each entry's colour, from 1 */
	size_t nkeys;
	const char *extra_key;		/* one more entry (a marker), or NULL */
};

/* panels.gp's variables for a graph of c (may be NULL with a subtitle). */
void coll_gp_frame(FILE *f, const struct ccmp *c, const struct gp_files *gf,
		   const struct cframe *fr);
/* ptitle[]: the labels of s's blocks that use marks (NULL: all) */
void coll_gp_ptitles(FILE *f, const struct csect *s, const bool *use);
/*
 * The x axis of s's n swept values v, in order: at each value (a log2
 * axis for sizes and tasks) or, with slots, at 0..n-1.
 */
void coll_gp_xaxis(FILE *f, const struct csect *s, const struct cbrow **v,
		   size_t n, bool slots);
/* "folio size", the swept parameter's name, or "" */
const char *coll_param_words(const struct csect *s);

#endif
