// SPDX-License-Identifier: GPL-2.0
/*
 * The parameters of a benchmark's points: their values, and which of them
 * is swept, the one a summary's rows and a graph's x axis follow.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/sweep.h"

double coll_size_kib(const char *s)
{
	char *end;
	double v = strtod(s, &end);

	if (end == s || v < 0)
		return NAN;
	switch (*end) {
	case 'K':
	case 'k':
		end++;
		break;
	case 'M':
	case 'm':
		v *= 1024;
		end++;
		break;
	case 'G':
	case 'g':
		v *= 1024 * 1024;
		end++;
		break;
	default:
		v /= 1024;
	}
	return *end ? NAN : v;
}

const char *coll_param_value(const struct cpoint *p, const char *name,
			     char *buf, size_t size)
{
	size_t len = strlen(name), n;
	const char *s = p->params;

	while (*s) {
		n = strcspn(s, " ");
		if (n > len && !strncmp(s, name, len) && s[len] == '=') {
			snprintf(buf, size, "%.*s", (int)(n - len - 1),
				 s + len + 1);
			return buf;
		}
		s += n;
		s += strspn(s, " ");
	}
	snprintf(buf, size, "%s", strcmp(name, "tasks") ? "" : "1");
	return buf;
}

/* The parameter names of bench's points in A, in their first order. */
static int bench_names(const struct ccmp *c, const char *bench, char ***names,
		       size_t *n)
{
	const struct crun *a = &c->runs[0];
	size_t j, k, len;
	int ret;

	for (j = 0; j < a->np; j++) {
		const char *s = a->p[j].params;

		if (strcmp(a->p[j].bench, bench))
			continue;
		while (*s) {
			len = strcspn(s, "=");
			if (len > strcspn(s, " "))
				len = strcspn(s, " ");
			for (k = 0; k < *n; k++)
				if (strlen((*names)[k]) == len &&
				    !strncmp((*names)[k], s, len))
					break;
			if (k == *n) {
				ret = coll_add_line(names, n, strndup(s, len));
				if (ret)
					return ret;
			}
			s += strcspn(s, " ");
			s += strspn(s, " ");
		}
	}
	return 0;
}

/* How many values name takes at bench's points in A. */
static size_t distinct(const struct ccmp *c, const char *bench,
		       const char *name)
{
	const struct crun *a = &c->runs[0];
	char v[256], w[256];
	size_t j, k, count = 0;

	for (j = 0; j < a->np; j++) {
		if (strcmp(a->p[j].bench, bench))
			continue;
		coll_param_value(&a->p[j], name, v, sizeof(v));
		for (k = 0; k < j; k++)
			if (!strcmp(a->p[k].bench, bench) &&
			    !strcmp(coll_param_value(&a->p[k], name, w, sizeof(w)), v))
				break;
		count += k == j;
	}
	return count;
}

int coll_swept(const struct ccmp *c, const char *bench, const char *force,
	       char ***names, size_t *n, const char **param)
{
	size_t k, best = 1, d;
	int ret = bench_names(c, bench, names, n);

	*param = NULL;
	if (ret)
		return ret;
	if (force) {
		for (k = 0; k < *n; k++)
			if (!strcmp((*names)[k], force) &&
			    distinct(c, bench, force) > 1)
				*param = (*names)[k];
		return *param ? 0 : 1;
	}
	for (k = 0; k < *n; k++) {
		d = distinct(c, bench, (*names)[k]);
		if (d > 1 && (!strcmp((*names)[k], "size") ||
			      !strcmp((*names)[k], "tasks"))) {
			if (!*param || strcmp(*param, "size"))
				*param = (*names)[k];
			best = ~(size_t)0;
		} else if (d > best) {
			best = d;
			*param = (*names)[k];
		}
	}
	return 0;
}
