// SPDX-License-Identifier: GPL-2.0
/*
 * Runs paired by rebase: the kernel base each was measured on, and
 * whether it is the base run or the series run of that rebase.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "collect/model/reader.h"
#include "collect/model/rebase.h"

static struct json_object *manifest(const struct crun *r)
{
	struct json_object *k, *m;

	if (!r->meta || !json_object_object_get_ex(r->meta, "kernel", &k) ||
	    !json_object_object_get_ex(k, "manifest", &m) ||
	    !json_object_is_type(m, json_type_object))
		return NULL;
	return m;
}

/* The kernel base of r, malloc'ed. */
static char *key_of(const struct crun *r)
{
	struct json_object *m = manifest(r), *src;
	const char *s, *cut;

	if (m && json_object_object_get_ex(m, "source", &src)) {
		s = coll_json_str(src, "base_commit");
		s = s ? s : coll_json_str(src, "describe");
		s = s ? s : coll_json_str(src, "version");
		if (s)
			return strdup(s);
	}
	cut = strstr(r->release, "-mmbench-");
	return strndup(r->release, cut ? (size_t)(cut - r->release) :
			strlen(r->release));
}

static bool is_base(const struct crun *r)
{
	struct json_object *m = manifest(r);
	const char *v = m ? coll_json_str(m, "variant") : NULL;
	size_t len = strlen(r->release);

	if (v)
		return !strcmp(v, "base");
	if (len > 13 && !strcmp(r->release + len - 13, "-mmbench-base"))
		return true;
	return !strcmp(r->label, "base") || !strncmp(r->label, "base-", 5);
}

static int by_start(const void *a, const void *b)
{
	const struct crun *const *x = a, *const *y = b;
	int d = strcmp((*x)->started, (*y)->started);

	return d ? d : (*x)->idx - (*y)->idx;
}

/*
 * Runs grouped by key and, within a key, in start order, a base opening a
 * rebase and the next series run closing it.
 */
int coll_rebases(struct crun *runs, size_t n, struct crebase *rb,
		 size_t *nrb, FILE *err)
{
	struct crun *by[COLL_MAXRUNS];
	char *keys[COLL_MAXRUNS];
	size_t i, j, k;
	int ret = 0;

	for (i = 0; i < n; i++)
		by[i] = &runs[i];
	qsort(by, n, sizeof(*by), by_start);
	for (i = 0; i < n; i++) {
		keys[i] = key_of(by[i]);
		if (!keys[i])
			ret = -ENOMEM;
	}
	*nrb = 0;
	for (i = 0; i < n && !ret; i++) {
		struct crebase *open = NULL;
		bool later = false;

		for (j = 0; j < i && strcmp(keys[j], keys[i]); j++)
			;
		if (j < i)
			continue;	/* a key done with its first run */
		/* without a base run, the first one started is the base */
		for (j = i; j < n; j++)
			later |= !strcmp(keys[j], keys[i]) && is_base(by[j]);
		for (j = i; j < n; j++) {
			if (strcmp(keys[j], keys[i]))
				continue;
			if (is_base(by[j]) || (!later && j == i)) {
				if (open && !open->series)
					fprintf(err, "mmbench: %s: a base run without a series run after it; left out\n",
						open->base->dir);
				open = &rb[(*nrb)++];
				memset(open, 0, sizeof(*open));
				open->base = by[j];
				open->key = strdup(keys[i]);
				if (!open->key)
					ret = -ENOMEM;
			} else if (open) {
				if (open->series)
					fprintf(err, "mmbench: %s: a second series run for the base %s; the later one counts\n",
						open->series->dir, open->base->dir);
				open->series = by[j];
			} else {
				fprintf(err, "mmbench: %s: a series run without a base run before it; left out\n",
					by[j]->dir);
			}
		}
		if (open && !open->series)
			fprintf(err, "mmbench: %s: a base run without a series run after it; left out\n",
				open->base->dir);
	}
	for (i = 0; i < n; i++)
		free(keys[i]);
	/* keep the complete ones, in the order of their base runs */
	for (i = k = 0; i < *nrb; i++) {
		if (rb[i].series)
			rb[k++] = rb[i];
		else
			free(rb[i].key);
	}
	*nrb = k;
	for (i = 1; i < k; i++) {
		struct crebase t = rb[i];

		for (j = i; j > 0 && by_start(&rb[j - 1].base, &t.base) > 0; j--)
			rb[j] = rb[j - 1];
		rb[j] = t;
	}
	return ret;
}

void coll_free_rebases(struct crebase *rb, size_t n)
{
	while (n--)
		free(rb[n].key);
}
