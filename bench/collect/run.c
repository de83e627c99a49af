// SPDX-License-Identifier: GPL-2.0
/* A results directory: meta.json, then samples.jsonl through the reader. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "collect/collect.h"

static const char *meta_str(struct json_object *meta, const char *a,
			    const char *b)
{
	struct json_object *o;

	if (!meta || !json_object_object_get_ex(meta, a, &o))
		return NULL;
	if (b && !json_object_object_get_ex(o, b, &o))
		return NULL;
	return json_object_is_type(o, json_type_string) ?
		json_object_get_string(o) : NULL;
}

static char *read_all(const char *path, size_t *len)
{
	char *buf = NULL, *nb;
	size_t cap = 0, n = 0, got;
	FILE *f = fopen(path, "re");

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 65536) {
			cap = cap ? cap * 2 : 65536;
			nb = realloc(buf, cap);
			if (!nb)
				goto fail;
			buf = nb;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (!got)
			break;
	}
	if (ferror(f))
		goto fail;
	fclose(f);
	*len = n;
	return buf;
fail:
	free(buf);
	fclose(f);
	return NULL;
}

static int dup_or_empty(char **dst, const char *s)
{
	*dst = strdup(s ? s : "");
	return *dst ? 0 : -ENOMEM;
}

int coll_read_run(const char *dir, struct crun *r, FILE *err)
{
	char path[4096];
	const char *tb;
	struct stat st;
	size_t len = 0;
	char *buf;
	int ret;

	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		if (err)
			fprintf(err, "mmbench: %s: no such results directory\n",
				dir);
		return -ENOENT;
	}
	r->dir = strdup(dir);
	if (!r->dir)
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/meta.json", dir);
	if (!stat(path, &st)) {
		r->meta = json_object_from_file(path);
		if (!r->meta && err)
			fprintf(err, "mmbench: %s: not valid JSON (%s); setup cannot be compared\n",
				path, json_util_get_last_err());
	} else if (err) {
		fprintf(err, "mmbench: %s: missing; setup cannot be compared\n",
			path);
	}
	tb = meta_str(r->meta, "timebase", NULL);
	r->icount = tb && !strcmp(tb, "icount");
	if (dup_or_empty(&r->label, meta_str(r->meta, "label", NULL)) ||
	    dup_or_empty(&r->release, meta_str(r->meta, "kernel", "release")) ||
	    dup_or_empty(&r->started, meta_str(r->meta, "started", NULL)) ||
	    dup_or_empty(&r->status, meta_str(r->meta, "status", NULL)))
		return -ENOMEM;
	snprintf(path, sizeof(path), "%s/samples.jsonl", dir);
	buf = read_all(path, &len);
	if (!buf) {
		if (err)
			fprintf(err, "mmbench: %s: cannot read: %s\n", path,
				strerror(errno ? errno : EIO));
		return errno == ENOMEM ? -ENOMEM : -ENOENT;
	}
	ret = coll_parse_samples(r, buf, len, path, err);
	free(buf);
	if (ret)
		return ret;
	if (!r->np) {
		if (err)
			fprintf(err, "mmbench: %s: no usable sample\n", path);
		return -ENODATA;
	}
	return 0;
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
