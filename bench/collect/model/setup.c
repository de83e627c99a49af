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

#include "collect/model/setup.h"
#include "collect/model/text.h"

/* Prefixes of meta.json paths that describe the run, not the setup. */
static const char *const ignored[] = {
	"started", "finished", "pid", "points_", "label", "clear_limit",
	"thp_knobs_after", "kernel.release", "status",
	/* counters of khugepaged, not settings */
	"thp_knobs.khugepaged/full_scans", "thp_knobs.khugepaged/pages_collapsed",
	/* the load at the start is measured; only "busy" is said */
	"machine_load.",
	NULL,
};

/* What the machine was doing, said only where a run started busy. */
static const char busy[] = "machine_load.busy";

struct kv {
	char **k, **v;
	size_t n;
};

static bool is_ignored(const char *path)
{
	int i;

	if (!strcmp(path, busy))
		return false;
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
	/* A double by value: 2.33 from Python is json-c's 2.3300000000000001. */
	if (json_object_is_type(o, json_type_double)) {
		char num[32];

		snprintf(num, sizeof(num), "%.15g", json_object_get_double(o));
		return kv_add(kv, path, num);
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

/*
 * Command lines, shown as the words added and removed: one option more
 * is easier to spot that way than in two long lines.  Any other value,
 * however long (a CPU model, a kernel version), is a name and is shown
 * whole: its words added and removed would not read as a change.
 */
static const char *const word_lists[] = { "kernel.cmdline", "command", NULL };

static bool is_word_list(const char *path)
{
	int i;

	for (i = 0; word_lists[i]; i++)
		if (!strcmp(path, word_lists[i]))
			return true;
	return false;
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

		/* label= and out= differ between any two runs */
		if (!strncmp(w, "label=", 6) || !strncmp(w, "out=", 4))
			continue;
		if (!coll_has_word(a, w) && off + len + 3 < size)
			off += snprintf(out + off, size - off, " %c%s", sign, w);
	}
	free(copy);
}

/* One entry that differs: "path: A=x B=y", or word changes for a cmdline. */
static int describe(const struct crun *runs, size_t n, const char *path,
		    const char **vals, char ***diffs, size_t *ndiffs)
{
	bool words = is_word_list(path);
	char buf[2048];
	size_t i, off, mark;

	off = snprintf(buf, sizeof(buf), "%s:", path);
	for (i = words ? 1 : 0; i < n && off < sizeof(buf); i++) {
		if (!words) {
			off += snprintf(buf + off, sizeof(buf) - off, " %c=%s",
					runs[i].tag,
					vals[i] ? vals[i] : "(absent)");
			continue;
		}
		if (vals[i] && vals[0] && !strcmp(vals[i], vals[0]))
			continue;
		mark = off;
		off += snprintf(buf + off, sizeof(buf) - off, " %c vs A:",
				runs[i].tag);
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
	return coll_add_line(diffs, ndiffs, strdup(buf));
}

/*
 * A difference worth a line: machine_load.busy only where a run started
 * busy (quiet against a run that did not record it says nothing).
 */
static bool worth_saying(const char *path, const char *const *vals,
			 size_t n)
{
	size_t k;

	if (strcmp(path, busy))
		return true;
	for (k = 0; k < n; k++)
		if (vals[k] && !strcmp(vals[k], "true"))
			return true;
	return false;
}

int coll_setup_diffs(const struct crun *runs, size_t n, char ***diffs,
		     size_t *ndiffs)
{
	struct kv kv[COLL_MAXRUNS] = { 0 };
	const char *vals[COLL_MAXRUNS];
	size_t i, j, k;
	int ret = 0;

	for (i = 0; i < n && !ret; i++)
		if (runs[i].meta)
			ret = flatten(runs[i].meta, "", &kv[i], 0);
	for (i = 0; i < n && !ret; i++) {
		for (j = 0; j < kv[i].n && !ret; j++) {
			const char *path = kv[i].k[j];
			bool differs = false, seen = false;

			/* Each path once: at the first run that has it. */
			for (k = 0; k < i; k++)
				seen |= kv_get(&kv[k], path) != NULL;
			if (seen)
				continue;
			for (k = 0; k < n; k++) {
				vals[k] = kv_get(&kv[k], path);
				if (!runs[k].meta)
					continue;	/* nothing known */
				if (!vals[k] || !vals[0] ||
				    strcmp(vals[k], vals[0]))
					differs = true;
			}
			if (differs && runs[0].meta &&
			    worth_saying(path, vals, n))
				ret = describe(runs, n, path, vals, diffs,
					       ndiffs);
		}
	}
	for (i = 0; i < n; i++)
		kv_free(&kv[i]);
	return ret;
}
