// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop.  For each point: knobs -> setup -> warm-up -> for each
 * rep: snapshot -> clock -> run -> clock -> snapshot -> verify -> sample
 * written -> teardown -> knobs back.  Only run() sits between the two
 * clock reads.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "harness.h"
#include "membw.h"
#include "param.h"
#include "progress.h"
#include "result.h"
#include "session.h"
#include "stats.h"
#include "sysinfo.h"
#include "util.h"

static struct res res;
static struct snap *snap_a, *snap_b;
static struct json_object *clear_limits;

static long minflt_now(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt;
}

int harness_one_rep(struct ctx *c, uint64_t *ns)
{
	const struct bench *b = c->pt->bench;
	uint64_t t0, t1;
	long f0;
	int ret;

	if (b->rep_setup) {
		ret = b->rep_setup(c);
		if (ret)
			return ret;
	}
	c->before = snap_b;
	c->after = snap_a;
	if (snap_b) {
		ret = snap_take(snap_b);
		if (ret)
			goto out;
	}
	f0 = minflt_now();
	t0 = util_now_ns();
	ret = b->run(c);
	t1 = util_now_ns();
	c->minflt = minflt_now() - f0;
	c->ns = t1 - t0;
	*ns = c->ns;
	if (!ret && snap_a)
		ret = snap_take(snap_a);
	if (!ret && c->sample && b->verify)
		ret = b->verify(c);
out:
	if (b->rep_teardown)
		b->rep_teardown(c);
	return ret;
}

int harness_snaps(bool on)
{
	int ret;

	snap_free(snap_a);
	snap_free(snap_b);
	snap_a = snap_b = NULL;
	if (!on)
		return 0;
	ret = stats_init();
	if (ret)
		return ret;
	snap_a = snap_new();
	snap_b = snap_new();
	return snap_a && snap_b ? 0 : -ENOMEM;
}

static struct json_object *params_json(const struct point *pt)
{
	struct json_object *o = json_object_new_object();
	int i;

	for (i = 0; pt->bench->params[i].name; i++)
		json_object_object_add(o, pt->bench->params[i].name,
				       json_object_new_string(pt->v[i].text));
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

static int record_status(const struct point *pt, int idx, const char *key,
			 const char *why)
{
	struct json_object *o = sample_head(pt, idx);
	int ret;

	json_object_object_add(o, key, json_object_new_string(why));
	ret = res_append(&res, o);
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
		      int fallbacks)
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
	fprintf(stderr, "%-50s %10.3f %-6s cv %5.2f%% n=%d%s\n", desc, med,
		unit, mean ? 100 * sqrt(var) / mean : 0, n,
		fallbacks ? "  FALLBACK (see samples)" : "");
}

static int write_sample(struct sample *s, const struct ctx *c, int rep)
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
	json_object_object_add(s->obj, "stats", stats_json(snap_b, snap_a));
	ret = res_append(&res, s->obj);
	json_object_put(s->obj);
	return ret;
}

/* Returns 0, or -errno for a failed point, -EINTR when interrupted. */
static int run_point(const struct point *pt, int idx, struct progress *pg)
{
	const struct bench *b = pt->bench;
	struct ctx c = { .pt = pt };
	char desc[256], why[300], unit[16] = "";
	int ret = 0, fallbacks = 0, done = 0;
	unsigned int r;
	double *vals;
	uint64_t ns;

	point_describe(pt, desc, sizeof(desc));
	vals = calloc(pt->reps, sizeof(*vals));
	if (!vals)
		return -ENOMEM;
	ret = b->setup ? b->setup(&c) : 0;
	if (ret) {
		snprintf(why, sizeof(why), "setup: %s", strerror(-ret));
		goto fail;
	}
	for (r = 0; r < pt->warmup && !harness_signal; r++) {
		progress_update(pg, desc, "warm-up", r + 1, pt->warmup);
		ret = harness_one_rep(&c, &ns);
		if (ret) {
			snprintf(why, sizeof(why), "warm-up: %s", strerror(-ret));
			goto fail_teardown;
		}
	}
	for (r = 0; r < pt->reps && !harness_signal; r++) {
		struct sample s = { 0 };

		progress_update(pg, desc, "rep", r + 1, pt->reps);
		s.obj = sample_head(pt, idx);
		s.metrics = json_object_new_object();
		s.folios = json_object_new_object();
		c.sample = &s;
		ret = harness_one_rep(&c, &ns);
		c.sample = NULL;
		if (ret) {
			json_object_put(s.obj);
			json_object_put(s.metrics);
			json_object_put(s.folios);
			snprintf(why, sizeof(why), "rep %u: %s", r, strerror(-ret));
			goto fail_teardown;
		}
		vals[done++] = first_metric(&s, unit, sizeof(unit));
		fallbacks += s.fallback;
		ret = write_sample(&s, &c, r);
		if (ret) {
			snprintf(why, sizeof(why), "writing the sample: %s",
				 strerror(-ret));
			goto fail_teardown;
		}
	}
	progress_clear(pg);
	summarize(desc, vals, done, unit, fallbacks);
	if (b->teardown)
		b->teardown(&c);
	free(vals);
	return harness_signal ? -EINTR : 0;
fail_teardown:
	if (b->teardown)
		b->teardown(&c);
fail:
	progress_clear(pg);
	fprintf(stderr, "%s: FAILED: %s\n", desc, why);
	record_status(pt, idx, "failed", why);
	free(vals);
	return ret ? ret : -EIO;
}

double harness_clear_limit(uint64_t mem)
{
	struct json_object *e;
	double gbps;
	size_t i;

	for (i = 0; clear_limits && i < json_object_array_length(clear_limits);
	     i++) {
		struct json_object *m, *g;

		e = json_object_array_get_idx(clear_limits, i);
		json_object_object_get_ex(e, "mem_bytes", &m);
		json_object_object_get_ex(e, "gbps", &g);
		if ((uint64_t)json_object_get_int64(m) == mem)
			return json_object_get_double(g);
	}
	gbps = clear_limit_measure(mem);
	if (gbps <= 0 || !clear_limits)
		return gbps;
	e = json_object_new_object();
	json_object_object_add(e, "mem_bytes", json_object_new_int64(mem));
	json_object_object_add(e, "gbps", json_object_new_double(gbps));
	json_object_object_add(e, "method", json_object_new_string(
		"memset over populated 4K-mapped memory, best of 5"));
	json_object_array_add(clear_limits, e);
	return gbps;
}

static void default_dir(const char *label, char *buf, size_t size)
{
	char host[256] = "unknown", stamp[32];
	struct utsname u;
	time_t now = time(NULL);
	struct tm tm;

	gethostname(host, sizeof(host) - 1);
	uname(&u);
	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	snprintf(buf, size, "results/%s/%s/%s%s%s", host, u.release, stamp,
		 *label ? "-" : "", label);
}

static struct json_object *make_meta(const struct run_opts *o)
{
	struct json_object *meta = sysinfo_collect();
	time_t now = time(NULL);
	char stamp[64];

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	json_object_object_add(meta, "label", json_object_new_string(o->label));
	json_object_object_add(meta, "command",
			       json_object_new_string(o->command));
	if (o->workload)
		json_object_object_add(meta, "workload",
				       json_object_new_string(o->workload));
	json_object_object_add(meta, "started", json_object_new_string(stamp));
	json_object_object_add(meta, "status", json_object_new_string("running"));
	json_object_object_add(meta, "pid", json_object_new_int(getpid()));
	clear_limits = json_object_new_array();
	json_object_object_add(meta, "clear_limit", json_object_get(clear_limits));
	return meta;
}

static void finish_meta(const char *status, int failed, int skipped, int ok)
{
	time_t now = time(NULL);
	char stamp[64];

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	json_object_object_add(res.meta, "finished",
			       json_object_new_string(stamp));
	json_object_object_add(res.meta, "status",
			       json_object_new_string(status));
	json_object_object_add(res.meta, "points_ok", json_object_new_int(ok));
	json_object_object_add(res.meta, "points_failed",
			       json_object_new_int(failed));
	json_object_object_add(res.meta, "points_skipped",
			       json_object_new_int(skipped));
	/* Knobs as they were during the run were saved; these are as left. */
	json_object_object_add(res.meta, "thp_knobs_after", sysinfo_thp_knobs());
	if (res_write_meta(&res))
		fprintf(stderr, "mmbench: cannot rewrite %s/meta.json\n", res.dir);
}

int harness_run(struct point *pts, size_t n, const struct run_opts *o)
{
	int ok = 0, failed = 0, skipped = 0, ret, code;
	const char **why;
	char dir[3072], err[ERRLEN];
	struct progress pg;
	size_t i, total = 0;

	why = calloc(n, sizeof(*why));
	if (!why)
		return EXIT_FAIL;
	/* Every point is checked before anything is touched. */
	for (i = 0; i < n; i++) {
		const struct bench *b = pts[i].bench;
		char desc[256];

		ret = b->supported ? b->supported(&pts[i], &why[i]) : 0;
		if (ret == -EINVAL) {
			point_describe(&pts[i], desc, sizeof(desc));
			fprintf(stderr, "mmbench: %s: %s: %s\n", pts[i].origin,
				desc, why[i]);
			free(why);
			return EXIT_USAGE;
		}
		if (ret) {
			skipped++;
			continue;
		}
		why[i] = NULL;
		total += pts[i].reps + pts[i].warmup;
	}
	if (skipped == (int)n) {
		for (i = 0; i < n; i++) {
			char desc[256];

			point_describe(&pts[i], desc, sizeof(desc));
			fprintf(stderr, "%s: SKIP: %s\n", desc, why[i]);
		}
		free(why);
		return EXIT_SKIP;
	}
	if (o->out)
		snprintf(dir, sizeof(dir), "%s", o->out);
	else
		default_dir(o->label, dir, sizeof(dir));
	/* Absolute, so a later mmbench run elsewhere can mark it if killed. */
	if (dir[0] != '/') {
		char cwd[2048], rel[sizeof(dir)];

		if (!getcwd(cwd, sizeof(cwd))) {
			fprintf(stderr, "mmbench: getcwd: %s\n", strerror(errno));
			free(why);
			return EXIT_FAIL;
		}
		snprintf(rel, sizeof(rel), "%s", dir);
		snprintf(dir, sizeof(dir), "%s/%.1000s", cwd, rel);
	}
	ret = session_begin(dir, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmbench: %s\n", err);
		free(why);
		return ret == -EPERM ? EXIT_SKIP : EXIT_FAIL;
	}
	code = EXIT_FAIL;
	ret = harness_snaps(true);
	if (ret) {
		fprintf(stderr, "mmbench: cannot read /proc/vmstat: %s\n",
			strerror(-ret));
		goto out_snaps;
	}
	ret = res_open(&res, dir, make_meta(o));
	if (ret) {
		fprintf(stderr, "mmbench: cannot create the results in %s: %s\n",
			dir, strerror(-ret));
		json_object_put(res.meta);
		goto out_snaps;
	}
	progress_init(&pg, total);
	for (i = 0; i < n && !harness_signal; i++) {
		char desc[256];

		if (why[i]) {
			point_describe(&pts[i], desc, sizeof(desc));
			fprintf(stderr, "%s: SKIP: %s\n", desc, why[i]);
			record_status(&pts[i], i, "skipped", why[i]);
			continue;
		}
		ret = run_point(&pts[i], i, &pg);
		if (ret && ret != -EINTR)
			failed++;
		else if (!ret)
			ok++;
		if (session_reset_knobs())
			fprintf(stderr, "mmbench: could not put a knob back after %s\n",
				pts[i].origin);
	}
	if (harness_signal) {
		fprintf(stderr, "mmbench: interrupted by signal %d; every finished sample is kept\n",
			harness_signal);
		finish_meta("interrupted", failed, skipped, ok);
		code = 128 + harness_signal;
	} else {
		finish_meta(failed ? "failed" : "complete", failed, skipped, ok);
		code = failed ? EXIT_FAIL : ok ? EXIT_OK : EXIT_SKIP;
	}
	res_close(&res);
	json_object_put(res.meta);
	json_object_put(clear_limits);
	clear_limits = NULL;
	printf("%s\n", dir);
out_snaps:
	harness_snaps(false);
	if (session_end())
		code = EXIT_FAIL;
	free(why);
	return code;
}
