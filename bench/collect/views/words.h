/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How every view writes a value, a metric's direction and mean, a
 * significance and a state, so that tables, exports, graphs and the
 * history say the same thing in the same words.
 */
#ifndef MMBENCH_COLLECT_WORDS_H
#define MMBENCH_COLLECT_WORDS_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/match.h"

/* A value in at most 9 characters; whole numbers without an exponent. */
const char *coll_fmt_val(double x, char *buf, size_t size);
/* "improvement", "regression" or "" */
const char *coll_sig_word(int sig);
/* "++", "--" or "" */
const char *coll_sig_mark(int sig);
/* "higher" or "lower" (is better) */
const char *coll_better_word(const struct cmetric *m);
/* "harmonic" or "arithmetic" (mean) */
const char *coll_mean_word(const struct cmetric *m);
/* "welch" or "bootstrap", as --ci, csv and json spell the method */
const char *coll_ci_word(enum coll_ci ci);
/* "Welch's t" or "bootstrap", in a graph's label or a short header */
const char *coll_ci_short(enum coll_ci ci);
/* Why run i of row r has no comparison ("" when it has one). */
void coll_state_reason(const struct crow *r, size_t i, char *buf,
		       size_t size);
/* s as a quoted csv field, quotes doubled (RFC 4180), no comma */
void coll_csv_quote(FILE *out, const char *s);

#endif
