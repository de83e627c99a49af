// SPDX-License-Identifier: GPL-2.0
/*
 * Read a run's samples.jsonl.  It may be cut short by a killed run or
 * damaged by hand: every line that cannot be used is named with its file
 * and line number, and the sound lines are still used.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "collect/model/reader.h"

/* More than this many complaints per file would hide the summary. */
#define MAX_MSGS	8

struct rd {
	struct crun *r;
	const char *name;
	FILE *err;
	int line, msgs;
};

static void complain(struct rd *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void complain(struct rd *d, const char *fmt, ...)
{
	va_list ap;

	if (!d->err || ++d->msgs > MAX_MSGS)
		return;
	fprintf(d->err, "mmbench: %s:%d: ", d->name, d->line);
	va_start(ap, fmt);
	vfprintf(d->err, fmt, ap);
	va_end(ap);
	fputc('\n', d->err);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "size=64K mode=write" in the file's order, and the sorted match key. */
static int params_text(const char *bench, struct json_object *params,
		       char **text, char **key)
{
	size_t n = json_object_object_length(params), i = 0, len = 1, off;
	char **kv = calloc(n + 1, sizeof(*kv));
	int ret = -ENOMEM;

	*text = *key = NULL;
	if (!kv)
		return -ENOMEM;
	json_object_object_foreach(params, k, v) {
		if (asprintf(&kv[i], "%s=%s", k,
			     v ? json_object_get_string(v) : "") < 0) {
			kv[i] = NULL;
			goto out;
		}
		len += strlen(kv[i++]) + 1;
	}
	*text = calloc(1, len);
	*key = calloc(1, len + strlen(bench) + 1);
	if (!*text || !*key)
		goto out;
	for (i = 0, off = 0; i < n; i++)
		off += sprintf(*text + off, "%s%s", i ? " " : "", kv[i]);
	qsort(kv, n, sizeof(*kv), cmp_str);
	off = sprintf(*key, "%s", bench);
	for (i = 0; i < n; i++)
		off += sprintf(*key + off, " %s", kv[i]);
	ret = 0;
out:
	for (i = 0; i < n; i++)
		free(kv[i]);
	free(kv);
	if (ret) {
		free(*text);
		free(*key);
		*text = *key = NULL;
	}
	return ret;
}

static struct cpoint *get_point(struct crun *r, const char *bench,
				struct json_object *params)
{
	struct cpoint *p, *np;
	struct json_object *t;
	char *text, *key;

	if (params_text(bench, params, &text, &key))
		return NULL;
	p = coll_find_point(r, key);
	if (p) {
		free(text);
		free(key);
		return p;
	}
	np = realloc(r->p, (r->np + 1) * sizeof(*np));
	if (!np)
		goto fail;
	r->p = np;
	p = memset(&r->p[r->np], 0, sizeof(*p));
	p->bench = strdup(bench);
	p->params = text;
	p->key = key;
	if (json_object_object_get_ex(params, "tasks", &t))
		p->tasks = strdup(json_object_get_string(t));
	if (!p->bench)
		goto fail;
	r->np++;
	return p;
fail:
	free(text);
	free(key);
	return NULL;
}

const char *coll_json_str(struct json_object *o, const char *k)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, k, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

static int add_value(struct rd *d, struct cpoint *p, const char *name,
		     struct json_object *m)
{
	const char *unit = coll_json_str(m, "unit");
	const char *better = coll_json_str(m, "better");
	const char *mean = coll_json_str(m, "mean");
	struct json_object *v;
	struct cmetric *cm;
	enum coll_better b;
	enum coll_mean mk;
	double x;

	if (!json_object_object_get_ex(m, "value", &v) ||
	    !(json_object_is_type(v, json_type_double) ||
	      json_object_is_type(v, json_type_int)) ||
	    !isfinite(x = json_object_get_double(v))) {
		complain(d, "metric '%s' has no finite value; left out", name);
		return 0;
	}
	if (!unit || !*unit) {
		complain(d, "metric '%s' has no unit; left out", name);
		return 0;
	}
	if (!better || (strcmp(better, "higher") && strcmp(better, "lower"))) {
		complain(d, "metric '%s': better must be \"higher\" or \"lower\"; left out",
			 name);
		return 0;
	}
	if (!mean || (strcmp(mean, "harmonic") && strcmp(mean, "arithmetic"))) {
		complain(d, "metric '%s': mean must be \"harmonic\" or \"arithmetic\"; left out",
			 name);
		return 0;
	}
	b = better[0] == 'h' ? COLL_HIGHER : COLL_LOWER;
	mk = mean[0] == 'h' ? COLL_HARMONIC : COLL_ARITH;
	cm = coll_find_metric(p, name);
	if (!cm) {
		cm = realloc(p->m, (p->nm + 1) * sizeof(*cm));
		if (!cm)
			return -ENOMEM;
		p->m = cm;
		cm = memset(&p->m[p->nm], 0, sizeof(*cm));
		cm->name = strdup(name);
		cm->unit = strdup(unit);
		if (!cm->name || !cm->unit) {
			free(cm->name);
			free(cm->unit);
			return -ENOMEM;
		}
		cm->better = b;
		cm->mean = mk;
		p->nm++;
	} else if (strcmp(cm->unit, unit) || cm->better != b ||
		   cm->mean != mk) {
		complain(d, "metric '%s' changed unit or direction within the run; not compared",
			 name);
		cm->mixed = true;
	}
	if (cm->n == cm->cap) {
		size_t cap = cm->cap ? cm->cap * 2 : 16;
		double *nv = realloc(cm->v, cap * sizeof(*nv));

		if (!nv)
			return -ENOMEM;
		cm->v = nv;
		cm->cap = cap;
	}
	cm->v[cm->n++] = x;
	return 0;
}

static int set_reason(char **dst, const char *why)
{
	if (*dst)
		return 0;
	*dst = strdup(why ? why : "(no reason given)");
	return *dst ? 0 : -ENOMEM;
}

/*
 * A sample's disturbance (observe/disturb.c): "disturbed": true, and
 * "sched": {"wait_pct": ..} of the task that waited most.  Runs from
 * before it, or without schedstat, carry neither.
 */
static void take_sched(struct cpoint *p, struct json_object *o)
{
	struct json_object *d, *s, *w;
	double x;

	if (json_object_object_get_ex(o, "disturbed", &d) &&
	    json_object_is_type(d, json_type_boolean) &&
	    json_object_get_boolean(d))
		p->disturbed++;
	if (!json_object_object_get_ex(o, "sched", &s) ||
	    !json_object_is_type(s, json_type_object) ||
	    !json_object_object_get_ex(s, "wait_pct", &w) ||
	    !(json_object_is_type(w, json_type_double) ||
	      json_object_is_type(w, json_type_int)) ||
	    !isfinite(x = json_object_get_double(w)) || x < 0)
		return;
	if (!p->sched++ || x > p->wait_max)
		p->wait_max = x;
}

/* One parsed line; 1 = not usable (said why), 0 = used, -errno. */
static int take_line(struct rd *d, struct json_object *o)
{
	struct json_object *params, *metrics, *fb;
	const char *bench = coll_json_str(o, "bench");
	struct cpoint *p;
	int ret;

	if (!bench || !*bench) {
		complain(d, "no \"bench\" string; line left out");
		return 1;
	}
	if (!json_object_object_get_ex(o, "params", &params) ||
	    !json_object_is_type(params, json_type_object)) {
		complain(d, "no \"params\" object; line left out");
		return 1;
	}
	p = get_point(d->r, bench, params);
	if (!p)
		return -ENOMEM;
	if (json_object_object_get_ex(o, "skipped", NULL))
		return set_reason(&p->skipped, coll_json_str(o, "skipped"));
	if (json_object_object_get_ex(o, "failed", NULL))
		return set_reason(&p->failed, coll_json_str(o, "failed"));
	if (!json_object_object_get_ex(o, "metrics", &metrics) ||
	    !json_object_is_type(metrics, json_type_object)) {
		complain(d, "no \"metrics\" object; line left out");
		return 1;
	}
	p->samples++;
	take_sched(p, o);
	if (json_object_object_get_ex(o, "fallback", &fb) &&
	    json_object_get_boolean(fb)) {
		p->fallbacks++;
		ret = set_reason(&p->fallback_reason,
				 coll_json_str(o, "fallback_reason"));
		if (ret)
			return ret;
	}
	json_object_object_foreach(metrics, name, m) {
		if (!m || !json_object_is_type(m, json_type_object)) {
			complain(d, "metric '%s' is not an object; left out",
				 name);
			continue;
		}
		ret = add_value(d, p, name, m);
		if (ret)
			return ret;
	}
	return 0;
}

/* Only blanks in s[0..n): the buffer need not end in a NUL. */
static bool blank(const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r')) {
		s++;
		n--;
	}
	return !n;
}

int coll_parse_samples(struct crun *r, const char *buf, size_t len,
		       const char *name, FILE *err)
{
	struct rd d = { .r = r, .name = name, .err = err };
	struct json_tokener *tok = json_tokener_new();
	size_t off = 0;
	int ret = 0;

	if (!tok)
		return -ENOMEM;
	while (off < len && !ret) {
		const char *s = buf + off, *nl = memchr(s, '\n', len - off);
		size_t n = nl ? (size_t)(nl - s) : len - off;
		struct json_object *o = NULL;

		off += n + (nl != NULL);
		d.line++;
		if (blank(s, n))
			continue;	/* a blank line carries nothing */
		r->lines++;
		json_tokener_reset(tok);
		if (!memchr(s, '\0', n))
			o = json_tokener_parse_ex(tok, s, n);
		if (o && !blank(s + json_tokener_get_parse_end(tok),
				n - json_tokener_get_parse_end(tok))) {
			json_object_put(o);
			o = NULL;
		}
		if (!o) {
			r->bad++;
			if (!nl && json_tokener_get_error(tok) ==
				   json_tokener_continue)
				complain(&d, "last line is cut short (run killed mid-write?); left out");
			else
				complain(&d, "not valid JSON; line left out");
			continue;
		}
		if (!json_object_is_type(o, json_type_object)) {
			r->bad++;
			complain(&d, "not a JSON object; line left out");
		} else {
			ret = take_line(&d, o);
			if (ret == 1) {
				r->bad++;
				ret = 0;
			}
		}
		json_object_put(o);
	}
	json_tokener_free(tok);
	if (err && d.msgs > MAX_MSGS)
		fprintf(err, "mmbench: %s: %d more problems not shown\n",
			name, d.msgs - MAX_MSGS);
	if (err && r->bad)
		fprintf(err, "mmbench: %s: using the %d sound lines of %d\n",
			name, r->lines - r->bad, r->lines);
	return ret;
}
