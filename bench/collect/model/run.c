// SPDX-License-Identifier: GPL-2.0
/* A run's points and metrics: looking them up and freeing them. */
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "collect/model/run.h"

struct cpoint *coll_find_point(const struct crun *r, const char *key)
{
	size_t i;

	for (i = 0; i < r->np; i++)
		if (!strcmp(r->p[i].key, key))
			return &r->p[i];
	return NULL;
}

struct cmetric *coll_find_metric(const struct cpoint *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nm; i++)
		if (!strcmp(p->m[i].name, name))
			return &p->m[i];
	return NULL;
}

void coll_free_run(struct crun *r)
{
	size_t i, j;

	for (i = 0; i < r->np; i++) {
		struct cpoint *p = &r->p[i];

		for (j = 0; j < p->nm; j++) {
			free(p->m[j].name);
			free(p->m[j].unit);
			free(p->m[j].v);
		}
		free(p->m);
		free(p->bench);
		free(p->params);
		free(p->key);
		free(p->tasks);
		free(p->skipped);
		free(p->failed);
		free(p->fallback_reason);
	}
	free(r->p);
	free(r->dir);
	free(r->label);
	free(r->release);
	free(r->started);
	free(r->status);
	json_object_put(r->meta);
	memset(r, 0, sizeof(*r));
}

void coll_free_runs(struct crun *runs, size_t n)
{
	size_t i;

	for (i = 0; runs && i < n; i++)
		coll_free_run(&runs[i]);
	free(runs);
}
