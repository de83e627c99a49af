/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Text helpers of the collector: growable lists of printable lines, and
 * the space-separated words that parameters and command lines are made of.
 */
#ifndef MMBENCH_COLLECT_TEXT_H
#define MMBENCH_COLLECT_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Append s (malloc'ed, taken over) to the list *v of *n lines; s NULL
 * (a failed allocation) or no room gives -ENOMEM and s is freed.
 */
int coll_add_line(char ***v, size_t *n, char *s);
void coll_free_lines(char **v, size_t n);
/* s printed to a new string, or NULL. */
char *coll_asprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Is w one of the space-separated words of s? */
bool coll_has_word(const char *s, const char *w);

#endif
