// SPDX-License-Identifier: GPL-2.0
/* Lists of lines and words of text, for the model and the views alike. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"

int coll_add_line(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

void coll_free_lines(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *coll_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

bool coll_has_word(const char *s, const char *w)
{
	size_t len = strlen(w);
	const char *q = s;

	/* "" would match at every position without being a word */
	if (!len)
		return false;
	while ((q = strstr(q, w))) {
		if ((q == s || q[-1] == ' ') && (q[len] == ' ' || !q[len]))
			return true;
		q += len;
	}
	return false;
}
