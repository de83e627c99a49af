// SPDX-License-Identifier: GPL-2.0
/*
 * One point: counters open -> setup -> warm-up -> counted reps -> timed
 * reps (point_rep.c), each written as a sample line -> teardown.
 */
#include <errno.h>
#include <sched.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include <json-c/json.h>

#include "observe/counters.h"
#include "place/crew.h"
#include "observe/ctr.h"
#include "core/harness.h"
#include "core/session.h"
#include "core/param.h"
#include "place/place.h"
#include "core/point.h"
#include "observe/profile.h"
#include "core/progress.h"
#include "core/result.h"
#include "observe/stats.h"
#include "core/util.h"

static struct json_object *params_json(const struct point *pt)
{
	struct json_object *o = json_object_new_object();
	int i;

	for (i = 0; pt->bench->params[i].name; i++)
		json_object_object_add(o, pt->bench->params[i].name,
				       json_object_new_string(pt->v[i].text));
	for (i = 0; i < NPLACE; i++) {
		const char *k, *v = point_place_param(pt, i, &k);

		if (v)
			json_object_object_add(o, k, json_object_new_string(v));
	}
	return o;
}

static struct json_object *sample_head(const struct point *pt, int idx)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "bench",
			       json_object_new_string(pt->bench->name));
	json_object_object_add(o, "point", json_object_new_int(idx));
	json_object_object_add(o, "params", params_json(pt));
	json_object_object_add(o, "origin", json_object_new_string(pt->origin));
	return o;
}

int point_record_status(struct res *res, const struct point *pt, int idx,
			const char *key, const char *why)
{
	struct json_object *o = sample_head(pt, idx);
	int ret;

	json_object_object_add(o, key, json_object_new_string(why));
	ret = res_append(res, o);
	json_object_put(o);
	return ret;
}

/* The first metric a benchmark records is the one summaries show. */
static double first_metric(struct sample *s, char *unit, size_t size)
{
	struct json_object_iter it;

	json_object_object_foreachC(s->metrics, it) {
		struct json_object *v, *u;

		json_object_object_get_ex(it.val, "value", &v);
		json_object_object_get_ex(it.val, "unit", &u);
		snprintf(unit, size, "%s", json_object_get_string(u));
		return json_object_get_double(v);
	}
	return NAN;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static void summarize(const char *desc, double *v, int n, const char *unit,
		      int fallbacks, int disturbed)
{
	double mean = 0, var = 0, med;
	int i;

	if (!n)
		return;
	for (i = 0; i < n; i++)
		mean += v[i];
	mean /= n;
	for (i = 0; i < n; i++)
		var += (v[i] - mean) * (v[i] - mean);
	var = n > 1 ? var / (n - 1) : 0;
	qsort(v, n, sizeof(*v), cmp_double);
	med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	fprintf(stderr, "%-50s %10.3f %-6s cv %5.2f%% n=%d%s", desc, med,
		unit, mean ? 100 * sqrt(var) / mean : 0, n,
		fallbacks ? "  FALLBACK (see samples)" : "");
	if (disturbed)
		fprintf(stderr, "  disturbed %d/%d (run-queue wait > 1%%)",
			disturbed, n);
	fputc('\n', stderr);
}

static int write_sample(struct res *res, struct sample *s, const struct ctx *c,
			int rep, struct json_object *counted)
{
	int ret;

	json_object_object_add(s->obj, "rep", json_object_new_int(rep));
	json_object_object_add(s->obj, "ns", json_object_new_int64(c->ns));
	json_object_object_add(s->obj, "minflt",
			       json_object_new_int64(c->minflt));
	json_object_object_add(s->obj, "metrics", s->metrics);
	json_object_object_add(s->obj, "folios", s->folios);
	json_object_object_add(s->obj, "fallback",
			       json_object_new_boolean(s->fallback));
	if (s->fallback)
		json_object_object_add(s->obj, "fallback_reason",
				       json_object_new_string(s->why));
	json_object_object_add(s->obj, "stats", stats_json(c->before, c->after));
	if (c->ctrs)
		json_object_object_add(s->obj, "counters", ctr_json(c->ctrs));
	if (counted)
		json_object_object_add(s->obj, "counted",
				       json_object_get(counted));
	ret = res_append(res, s->obj);
	json_object_put(s->obj);
	return ret;
}

/* Bytes a rep works on, for per-4K figures: the benchmark's, or mem=. */
static void default_bytes(struct ctx *c)
{
	int i = bench_param_index(c->pt->bench, "mem");

	if (!c->bytes && i >= 0 && c->pt->bench->params[i].type == PT_BYTES)
		c->bytes = c->pt->v[i].num;
}

/* profile=1: one more rep, not a sample, under perf record. */
static void profile_rep(struct res *res, struct ctx *c, int idx,
			const char *desc)
{
	struct json_object *e = json_object_new_object(), *list;
	struct profile p;
	char why[512];
	uint64_t ns;
	int ret;

	json_object_object_add(e, "point", json_object_new_int(idx));
	ret = profile_start(&p, res->dir, idx, why, sizeof(why));
	if (!ret) {
		c->prof = &p;
		ret = point_one_rep(c, &ns);
		c->prof = NULL;
		if (ret)
			snprintf(why, sizeof(why), "the profiled rep failed: %s",
				 strerror(-ret));
		if (profile_finish(&p, ret ? NULL : why, sizeof(why)) && !ret)
			ret = -EIO;
	}
	if (ret) {
		fprintf(stderr, "%s: profile skipped: %s\n", desc, why);
		json_object_object_add(e, "skipped", json_object_new_string(why));
	} else {
		const char *data = strrchr(p.data, '/') + 1;
		char report[64];

		snprintf(report, sizeof(report), "%.*s.txt",
			 (int)strlen(data) - 5, data);
		json_object_object_add(e, "data", json_object_new_string(data));
		json_object_object_add(e, "report",
				       json_object_new_string(report));
	}
	if (!json_object_object_get_ex(res->meta, "profiles", &list)) {
		list = json_object_new_array();
		json_object_object_add(res->meta, "profiles", list);
	}
	json_object_array_add(list, e);
}

static bool sample_disturbed(struct sample *s)
{
	struct json_object *d;

	return json_object_object_get_ex(s->obj, "disturbed", &d) &&
	       json_object_get_boolean(d);
}

static void sample_new(struct sample *s, const struct point *pt, int idx)
{
	memset(s, 0, sizeof(*s));
	s->obj = sample_head(pt, idx);
	s->metrics = json_object_new_object();
	s->folios = json_object_new_object();
}

static void sample_drop(struct sample *s)
{
	json_object_put(s->obj);
	json_object_put(s->metrics);
	json_object_put(s->folios);
}

/*
 * The counted reps: the events that fire per fault on, besides the
 * timed set, through the same rep path with verify.  Each rep's counts
 * go into every timed sample as "counted"; *fb keeps a verify's
 * fallback when the benchmark proves itself by counts.
 */
static int counted_reps(struct ctx *c, int idx, struct progress *pg,
			const char *desc, struct json_object **out, char *fb,
			size_t fblen)
{
	const struct point *pt = c->pt;
	struct json_object *reps = json_object_new_array(), *o;
	struct sample s;
	unsigned int r;
	uint64_t ns;
	int ret = 0;

	for (r = 0; r < pt->counted && !session_signal && !ret; r++) {
		progress_update(pg, desc, "counted", r + 1, pt->counted);
		sample_new(&s, pt, idx);
		c->sample = &s;
		c->counting = true;
		ret = point_one_rep(c, &ns);
		c->counting = false;
		c->sample = NULL;
		if (!ret) {
			o = json_object_new_object();
			json_object_object_add(o, "rep", json_object_new_int(r));
			json_object_object_add(o, "ns",
					       json_object_new_int64(c->ns));
			json_object_object_add(o, "minflt",
					       json_object_new_int64(c->minflt));
			json_object_object_add(o, "counters",
					       ctr_json(c->counted));
			json_object_array_add(reps, o);
			if (s.fallback && pt->bench->verify_events)
				snprintf(fb, fblen, "counted rep %u: %s", r,
					 s.why);
		}
		sample_drop(&s);
	}
	*out = json_object_new_object();
	json_object_object_add(*out, "reps", reps);
	return ret;
}

int point_run(struct res *res, struct json_object *counters,
	      const struct point *pt, int idx, struct progress *pg)
{
	const struct bench *b = pt->bench;
	struct ctx c = { .pt = pt, .ntasks = 1 };
	char desc[256], why[300], unit[16] = "", events[1024];
	char timed[1024], costly[1024], fb[300] = "";
	int ret = 0, fallbacks = 0, disturbed = 0, done = 0;
	struct json_object *counted = NULL;
	struct place_saved *saved = NULL;
	struct ctr_set *cs, *cc;
	struct plan *pl;
	unsigned int r;
	double *vals;
	uint64_t ns;

	point_describe(pt, desc, sizeof(desc));
	vals = calloc(pt->reps, sizeof(*vals));
	cs = calloc(1, sizeof(*cs));
	cc = calloc(1, sizeof(*cc));
	pl = calloc(1, sizeof(*pl));
	if (!vals || !cs || !cc || !pl) {
		ret = -ENOMEM;
		goto out_free;
	}
	/* Checked before the run began; a failure here is the machine's. */
	ret = place_plan(pt, pl, why, sizeof(why));
	if (ret)
		goto fail;
	c.plan = pl;
	c.ntasks = pl->ntasks;
	/*
	 * Opened before setup, so the workers setup starts inherit them.
	 * What fires per fault is counted apart from the timed reps.
	 */
	counters_list(pt, events, sizeof(events));
	if (pt->counted) {
		counters_split(events, timed, costly, sizeof(timed));
	} else {
		snprintf(timed, sizeof(timed), "%s", events);
		costly[0] = '\0';
	}
	ret = ctr_open(cs, timed);
	if (!ret)
		ret = ctr_open(cc, costly);
	if (ret) {
		snprintf(why, sizeof(why), "counters: %s", strerror(-ret));
		goto fail;
	}
	counters_note(counters, cs);
	counters_note(counters, cc);
	c.counted = cc;
	/* Task 0 is this thread: bound, like every worker, before setup. */
	saved = place_save();
	ret = place_bind(pl, 0);
	if (ret) {
		snprintf(why, sizeof(why), "binding to CPU %d: %s", pl->cpu[0],
			 strerror(-ret));
		goto fail;
	}
	ret = b->setup ? b->setup(&c) : 0;
	if (ret) {
		snprintf(why, sizeof(why), "setup: %s", strerror(-ret));
		goto fail;
	}
	default_bytes(&c);
	if (pl->ntasks > 1) {
		ret = crew_start(&c.crew, pt, pl, why, sizeof(why));
		if (ret)
			goto fail_teardown;
	}
	for (r = 0; r < pt->warmup && !session_signal; r++) {
		progress_update(pg, desc, "warm-up", r + 1, pt->warmup);
		ret = point_one_rep(&c, &ns);
		if (ret) {
			snprintf(why, sizeof(why), "warm-up: %s", strerror(-ret));
			goto fail_teardown;
		}
	}
	c.ctrs = cs;
	if (pt->counted) {
		ret = counted_reps(&c, idx, pg, desc, &counted, fb, sizeof(fb));
		if (ret) {
			snprintf(why, sizeof(why), "counted rep: %s",
				 strerror(-ret));
			goto fail_teardown;
		}
	}
	for (r = 0; r < pt->reps && !session_signal; r++) {
		struct sample s;

		progress_update(pg, desc, "rep", r + 1, pt->reps);
		sample_new(&s, pt, idx);
		c.sample = &s;
		ret = point_one_rep(&c, &ns);
		if (!ret && fb[0])
			sample_fallback(&c, "%s", fb);
		c.sample = NULL;
		if (ret) {
			sample_drop(&s);
			snprintf(why, sizeof(why), "rep %u: %s", r, strerror(-ret));
			goto fail_teardown;
		}
		vals[done++] = first_metric(&s, unit, sizeof(unit));
		fallbacks += s.fallback;
		disturbed += sample_disturbed(&s);
		ret = write_sample(res, &s, &c, r, counted);
		if (ret) {
			snprintf(why, sizeof(why), "writing the sample: %s",
				 strerror(-ret));
			goto fail_teardown;
		}
	}
	c.ctrs = NULL;
	progress_clear(pg);
	summarize(desc, vals, done, unit, fallbacks, disturbed);
	if (pt->profile && !session_signal)
		profile_rep(res, &c, idx, desc);
	crew_stop(c.crew);
	if (b->teardown)
		b->teardown(&c);
	place_restore(saved);
	ret = session_signal ? -EINTR : 0;
	goto out_close;
fail_teardown:
	crew_stop(c.crew);
	if (b->teardown)
		b->teardown(&c);
fail:
	place_restore(saved);
	progress_clear(pg);
	fprintf(stderr, "%s: FAILED: %s\n", desc, why);
	point_record_status(res, pt, idx, "failed", why);
	ret = ret ? ret : -EIO;
out_close:
	ctr_close(cs);
	ctr_close(cc);
	json_object_put(counted);
out_free:
	free(cs);
	free(cc);
	free(pl);
	free(vals);
	return ret;
}
