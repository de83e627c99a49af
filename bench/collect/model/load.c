// SPDX-License-Identifier: GPL-2.0
/*
 * Results directories: meta.json, then samples.jsonl through the reader;
 * several at once for a comparison.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-c/json.h>

#include "collect/model/load.h"
#include "collect/model/reader.h"

/* meta.a, or meta.a.b when b is given: a string, or NULL. */
static const char *meta_str(struct json_object *meta, const char *a,
			    const char *b)
{
	struct json_object *o;

	if (!b)
		return coll_json_str(meta, a);
	if (!json_object_object_get_ex(meta, a, &o))
		return NULL;
	return coll_json_str(o, b);
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

/*
 * Instruction counts depend on the CPU QEMU emulated (clear_page is a
 * loop of stores on one, a rep stosb that counts every byte on another):
 * icount runs compare only on the same model.  Runs from before
 * kernel/qemu-run recorded it were all on -cpu max.  Returns 0 or -EINVAL.
 */
static int same_qemu_cpu(const struct crun *a, const struct crun *b,
			 FILE *err)
{
	static const char old[] = " (not recorded: -cpu max)";
	const char *ca = meta_str(a->meta, "qemu_cpu", NULL);
	const char *cb = meta_str(b->meta, "qemu_cpu", NULL);

	if (!a->icount || !b->icount ||
	    !strcmp(ca ? ca : "max", cb ? cb : "max"))
		return 0;
	fprintf(err, "mmbench: %s counts instructions on QEMU CPU model %s%s but %s on %s%s; they cannot be compared\n",
		a->dir, ca ? ca : "max", ca ? "" : old, b->dir,
		cb ? cb : "max", cb ? "" : old);
	return -EINVAL;
}

int coll_load_runs(char **dirs, int n, struct crun **out, FILE *err)
{
	struct crun *runs;
	int i, ret;

	*out = NULL;
	if (n > COLL_MAXRUNS) {
		fprintf(err, "mmbench: at most %d runs at once\n", COLL_MAXRUNS);
		return -E2BIG;
	}
	runs = calloc(n, sizeof(*runs));
	if (!runs)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		runs[i].tag = coll_tag(i);
		runs[i].idx = i;
		ret = coll_read_run(dirs[i], &runs[i], err);
		if (ret)
			goto fail;
	}
	for (i = 1; i < n; i++) {
		if (runs[i].icount != runs[0].icount) {
			fprintf(err, "mmbench: %s counts %s time but %s counts %s time; they cannot be compared\n",
				runs[0].dir, runs[0].icount ? "icount" : "wall",
				runs[i].dir, runs[i].icount ? "icount" : "wall");
			ret = -EINVAL;
			goto fail;
		}
		ret = same_qemu_cpu(&runs[0], &runs[i], err);
		if (ret)
			goto fail;
	}
	*out = runs;
	return 0;
fail:
	coll_free_runs(runs, n);
	return ret;
}
