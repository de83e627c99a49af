// SPDX-License-Identifier: GPL-2.0
/*
 * Setup differences between runs: every meta.json entry (machine, CPU,
 * kernel version, cmdline and config, knobs, virtualization, mmbench
 * version, counters...) whose value differs from the baseline's, except
 * those that are measurements or bookkeeping rather than setup.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "collect/collect.h"

/* Prefixes of meta.json paths that describe the run, not the setup. */
static const char *const ignored[] = {
	"started", "finished", "pid", "points_", "label", "clear_limit",
	"thp_knobs_after", "kernel.release", "status",
	/* counters of khugepaged, not settings */
	"thp_knobs.khugepaged/full_scans", "thp_knobs.khugepaged/pages_collapsed",
	NULL,
};

struct kv {
	char **k, **v;
	size_t n;
};

static bool is_ignored(const char *path)
{
	int i;

	for (i = 0; ignored[i]; i++)
		if (!strncmp(path, ignored[i], strlen(ignored[i])))
			return true;
	return false;
}

static int kv_add(struct kv *kv, const char *k, const char *v)
{
	char **nk = realloc(kv->k, (kv->n + 1) * sizeof(*nk)), **nv;

	if (!nk)
		return -ENOMEM;
	kv->k = nk;
	nv = realloc(kv->v, (kv->n + 1) * sizeof(*nv));
	if (!nv)
		return -ENOMEM;
	kv->v = nv;
	kv->k[kv->n] = strdup(k);
	kv->v[kv->n] = strdup(v);
	if (!kv->k[kv->n] || !kv->v[kv->n]) {
		free(kv->k[kv->n]);
		free(kv->v[kv->n]);
		return -ENOMEM;
	}
	kv->n++;
	return 0;
}

static int flatten(struct json_object *o, const char *path, struct kv *kv,
		   int depth)
{
	char sub[512];
	size_t i;
	int ret = 0;

	if (is_ignored(path))
		return 0;
	if (depth > 8)
		return kv_add(kv, path, json_object_to_json_string(o));
	if (json_object_is_type(o, json_type_object)) {
		json_object_object_foreach(o, k, v) {
			snprintf(sub, sizeof(sub), "%s%s%s", path,
				 *path ? "." : "", k);
			ret = flatten(v, sub, kv, depth + 1);
			if (ret)
				return ret;
		}
		return 0;
	}
	if (json_object_is_type(o, json_type_array)) {
		for (i = 0; i < json_object_array_length(o); i++) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			ret = flatten(json_object_array_get_idx(o, i), sub, kv,
				      depth + 1);
			if (ret)
				return ret;
		}
		return 0;
	}
	return kv_add(kv, path, o ? json_object_get_string(o) : "null");
}

static const char *kv_get(const struct kv *kv, const char *k)
{
	size_t i;

	for (i = 0; i < kv->n; i++)
		if (!strcmp(kv->k[i], k))
			return kv->v[i];
	return NULL;
}

static void kv_free(struct kv *kv)
{
	size_t i;

	for (i = 0; i < kv->n; i++) {
		free(kv->k[i]);
		free(kv->v[i]);
	}
	free(kv->k);
	free(kv->v);
}

/* Words of b not in a, each prefixed by sign, appended to out. */
static void word_diff(const char *a, const char *b, char sign, char *out,
		      size_t size)
{
	char *copy = strdup(b), *save, *w;
	size_t off = strlen(out);

	if (!copy)
		return;
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		size_t len = strlen(w);
		const char *p = a;
		bool found = false;

		/* label= and out= differ between any two runs */
		if (!strncmp(w, "label=", 6) || !strncmp(w, "out=", 4))
			continue;
		while ((p = strstr(p, w))) {
			if ((p == a || p[-1] == ' ') &&
			    (p[len] == ' ' || !p[len])) {
				found = true;
				break;
			}
			p += len;
		}
		if (!found && off + len + 3 < size)
			off += snprintf(out + off, size - off, " %c%s", sign, w);
	}
	free(copy);
}

static int add_diff(struct ccmp *c, char *s)
{
	char **nd;

	if (!s)
		return -ENOMEM;
	nd = realloc(c->diffs, (c->ndiffs + 1) * sizeof(*nd));
	if (!nd) {
		free(s);
		return -ENOMEM;
	}
	c->diffs = nd;
	nd[c->ndiffs++] = s;
	return 0;
}

/* One entry that differs: "path: A=x B=y", or word changes for long text. */
static int describe(struct ccmp *c, const char *path, const char **vals)
{
	char buf[2048];
	size_t i, off, mark;
	bool words = false;

	for (i = 0; i < c->nruns; i++)
		if (vals[i] && strchr(vals[i], ' ') && strlen(vals[i]) > 24)
			words = true;
	off = snprintf(buf, sizeof(buf), "%s:", path);
	for (i = words ? 1 : 0; i < c->nruns && off < sizeof(buf); i++) {
		if (!words) {
			off += snprintf(buf + off, sizeof(buf) - off, " %c=%s",
					c->runs[i].tag,
					vals[i] ? vals[i] : "(absent)");
			continue;
		}
		if (vals[i] && vals[0] && !strcmp(vals[i], vals[0]))
			continue;
		mark = off;
		off += snprintf(buf + off, sizeof(buf) - off, " %c vs A:",
				c->runs[i].tag);
		if (off >= sizeof(buf))
			break;
		buf[off] = '\0';
		word_diff(vals[0] ? vals[0] : "", vals[i] ? vals[i] : "", '+',
			  buf, sizeof(buf));
		word_diff(vals[i] ? vals[i] : "", vals[0] ? vals[0] : "", '-',
			  buf, sizeof(buf));
		off = strlen(buf);
		if (buf[off - 1] == ':') {
			/* only label=/out= differ: nothing to show */
			off = mark;
			buf[off] = '\0';
		}
	}
	if (buf[strlen(buf) - 1] == ':')
		return 0;
	return add_diff(c, strdup(buf));
}

int coll_setup_diffs(struct ccmp *c)
{
	struct kv kv[COLL_MAXRUNS] = { 0 };
	const char *vals[COLL_MAXRUNS];
	size_t i, j, k;
	int ret = 0;

	for (i = 0; i < c->nruns && !ret; i++)
		if (c->runs[i].meta)
			ret = flatten(c->runs[i].meta, "", &kv[i], 0);
	for (i = 0; i < c->nruns && !ret; i++) {
		for (j = 0; j < kv[i].n && !ret; j++) {
			const char *path = kv[i].k[j];
			bool differs = false, seen = false;

			/* Each path once: at the first run that has it. */
			for (k = 0; k < i; k++)
				seen |= kv_get(&kv[k], path) != NULL;
			if (seen)
				continue;
			for (k = 0; k < c->nruns; k++) {
				vals[k] = kv_get(&kv[k], path);
				if (!c->runs[k].meta)
					continue;	/* nothing known */
				if (!vals[k] || !vals[0] ||
				    strcmp(vals[k], vals[0]))
					differs = true;
			}
			if (differs && c->runs[0].meta)
				ret = describe(c, path, vals);
		}
	}
	for (i = 0; i < c->nruns; i++)
		kv_free(&kv[i]);
	return ret;
}
