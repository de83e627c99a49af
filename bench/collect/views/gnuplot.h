/* SPDX-License-Identifier: GPL-2.0 */
/* What every graph needs: gnuplot, its files, its labels. */
#ifndef MMBENCH_COLLECT_GNUPLOT_H
#define MMBENCH_COLLECT_GNUPLOT_H

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>

#include "collect/model/match.h"

/* A graph's files: gnuplot writes BASE.png and BASE.svg from BASE.dat. */
struct gp_files {
	char base[PATH_MAX];
	char dat[PATH_MAX + 16];
};

/* Run gnuplot on scripts/TMPL.gp with the variables in vars (gnuplot code). */
int coll_gnuplot(const char *tmpl, const char *vars, FILE *err);
/* mkdir -p dir, saying why on err when it cannot. */
int coll_plot_mkdir(const char *dir, FILE *err);
/*
 * Name f's files DIR/W1-W2-..., the NULL-terminated words made safe for a
 * file name, and open BASE.dat for writing: NULL with errno on failure.
 */
FILE *coll_gp_open(struct gp_files *f, const char *dir,
		   const char *const *words);
/* A name safe in a file name: [A-Za-z0-9._-], the rest '_'. */
void coll_file_name(char *dst, size_t size, const char *src);
/* s as a gnuplot string literal. */
void coll_gp_str(char *dst, size_t size, const char *s);
/* "A:label:release B:..." from run `from` on, for titles and keys */
void coll_run_names(const struct ccmp *c, size_t from, char *out,
		    size_t size);
/*
 * The words of params that tell a point apart from the others, those for
 * which everywhere(word, arg) is false, but those that start with skip
 * (may be NULL), joined by sep into out; "" when none.
 */
void coll_varying_words(const char *params, const char *skip, const char *sep,
			bool (*everywhere)(const char *w, const void *arg),
			const void *arg, char *out, size_t size);

#endif
