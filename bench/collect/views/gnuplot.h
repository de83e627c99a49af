/* SPDX-License-Identifier: GPL-2.0 */
/* What every graph needs: gnuplot, its files, its labels. */
#ifndef MMBENCH_COLLECT_GNUPLOT_H
#define MMBENCH_COLLECT_GNUPLOT_H

#include <limits.h>
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
/*
 * "name = s" on f, s as a gnuplot expression broken at spaces into lines
 * of at most cols characters ("a b" . "\n" . "c d"): how many lines.
 */
size_t coll_gp_lines(FILE *f, const char *name, const char *s, size_t cols);
/* About how many rows a key of these n names takes in width pixels. */
size_t coll_key_rows(const char *const *names, size_t n, size_t width);

#endif
