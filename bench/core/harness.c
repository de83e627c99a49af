// SPDX-License-Identifier: GPL-2.0
/*
 * The run: check every point, lock, save the knobs, open the results,
 * run each point (point.c) with its knobs put back after it, record the
 * outcome in meta.json, restore.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "observe/counters.h"
#include "observe/disturb.h"
#include "core/harness.h"
#include "core/param.h"
#include "place/place.h"
#include "core/point.h"
#include "core/progress.h"
#include "core/result.h"
#include "core/session.h"
#include "observe/stats.h"
#include "observe/sysinfo.h"
#include "core/util.h"

static struct res res;
static struct json_object *meta_counters;	/* meta.json's "counters" */

struct json_object *harness_meta_array(const char *key)
{
	struct json_object *a;

	if (!res.meta)
		return NULL;
	if (json_object_object_get_ex(res.meta, key, &a))
		return a;
	a = json_object_new_array();
	json_object_object_add(res.meta, key, a);
	return a;
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
	char stamp[64], busy[512];

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
	meta_counters = counters_probe();
	json_object_object_add(meta, "counters", meta_counters);
	json_object_object_add(meta, "topology", place_topology());
	json_object_object_add(meta, "noise", noise_json(&o->noise));
	/* Said once: every sample also says whether it was disturbed. */
	json_object_object_add(meta, "machine_load",
			       disturb_machine(busy, sizeof(busy)));
	if (busy[0])
		fprintf(stderr, "mmbench: %s\n", busy);
	return meta;
}

static void finish_meta(const char *status, const char *why, int failed,
			int skipped, int ok)
{
	time_t now = time(NULL);
	char stamp[64];

	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S%z", localtime(&now));
	json_object_object_add(res.meta, "finished",
			       json_object_new_string(stamp));
	json_object_object_add(res.meta, "status",
			       json_object_new_string(status));
	if (why)
		json_object_object_add(res.meta, "status_reason",
				       json_object_new_string(why));
	json_object_object_add(res.meta, "points_ok", json_object_new_int(ok));
	json_object_object_add(res.meta, "points_failed",
			       json_object_new_int(failed));
	json_object_object_add(res.meta, "points_skipped",
			       json_object_new_int(skipped));
	/* Knobs as they were during the run were saved; these are as left. */
	json_object_object_add(res.meta, "thp_knobs_after", sysinfo_thp_knobs());
	/* The room held since res_open: a full disk still gets this. */
	res_release_reserve(res.dir);
	if (res_write_meta(&res))
		fprintf(stderr, "mmbench: cannot rewrite %s/meta.json: it still says \"running\"\n",
			res.dir);
}

int harness_run(struct point *pts, size_t n, const struct run_opts *o)
{
	int ok = 0, failed = 0, skipped = 0, ret, code;
	char (*why)[WHYLEN];
	char dir[3072], err[ERRLEN];
	struct progress pg;
	size_t i, total = 0, lines = 0;

	why = calloc(n, sizeof(*why));
	if (!why)
		return EXIT_FAIL;
	/* Every point is checked before anything is touched. */
	for (i = 0; i < n; i++) {
		const struct bench *b = pts[i].bench;
		char desc[256];
		struct plan *pl = malloc(sizeof(*pl));

		ret = pl ? place_plan(&pts[i], pl, err, sizeof(err)) : -ENOMEM;
		free(pl);
		if (ret) {
			fprintf(stderr, "mmbench: %s: %s\n", pts[i].origin, err);
			free(why);
			return ret == -EINVAL ? EXIT_USAGE : EXIT_FAIL;
		}
		ret = b->supported ? b->supported(&pts[i], why[i], WHYLEN) : 0;
		if (ret == -EINVAL) {
			point_describe(&pts[i], desc, sizeof(desc));
			fprintf(stderr, "mmbench: %s: %s: %s\n", pts[i].origin,
				desc, why[i]);
			free(why);
			return EXIT_USAGE;
		}
		if (ret) {
			if (!why[i][0])
				snprintf(why[i], WHYLEN, "not supported here");
			skipped++;
			lines++;
			continue;
		}
		why[i][0] = '\0';
		total += pts[i].reps + pts[i].warmup + pts[i].counted;
		lines += pts[i].reps;
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
	if (strpbrk(dir, "\t\n\r")) {
		fprintf(stderr, "mmbench: out=: a tab or a newline in the directory name\n");
		free(why);
		return EXIT_USAGE;
	}
	/* Refused before anything is touched when it clearly cannot fit. */
	ret = res_space_check(dir, lines, err, sizeof(err));
	if (err[0])
		fprintf(stderr, "mmbench: %s%s\n", ret ? "out=" : "warning: out=",
			err);
	if (ret) {
		free(why);
		return EXIT_FAIL;
	}
	ret = session_begin(dir, err, sizeof(err));
	if (ret) {
		fprintf(stderr, "mmbench: %s\n", err);
		free(why);
		return ret == -EPERM ? EXIT_SKIP : EXIT_FAIL;
	}
	code = EXIT_FAIL;
	ret = point_snaps(true);
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
	for (i = 0; i < n && !session_signal; i++) {
		char desc[256];

		if (why[i][0]) {
			point_describe(&pts[i], desc, sizeof(desc));
			fprintf(stderr, "%s: SKIP: %s\n", desc, why[i]);
			point_record_status(&res, &pts[i], i, "skipped",
					    why[i]);
			continue;
		}
		noise_between_points(&o->noise);
		ret = point_run(&res, meta_counters, &pts[i], i, &pg);
		if (ret && ret != -EINTR)
			failed++;
		else if (!ret)
			ok++;
		if (session_reset_knobs())
			fprintf(stderr, "mmbench: could not put a knob back after %s\n",
				pts[i].origin);
		if (res.err)
			break;
	}
	if (res.err) {
		/* No later point could be recorded: stop, and say why. */
		snprintf(err, sizeof(err),
			 "writing samples.jsonl: %s; the run stopped, and samples.jsonl keeps every whole sample",
			 strerror(-res.err));
		fprintf(stderr, "mmbench: %s\n", err);
		finish_meta("failed", err, failed, skipped, ok);
		code = EXIT_FAIL;
	} else if (session_signal) {
		fprintf(stderr, "mmbench: interrupted by signal %d; every finished sample is kept\n",
			session_signal);
		finish_meta("interrupted", NULL, failed, skipped, ok);
		code = 128 + session_signal;
	} else {
		snprintf(err, sizeof(err), "%d point%s failed (see their \"failed\" lines)",
			 failed, failed == 1 ? "" : "s");
		finish_meta(failed ? "failed" : "complete", failed ? err : NULL,
			    failed, skipped, ok);
		code = failed ? EXIT_FAIL : ok ? EXIT_OK : EXIT_SKIP;
	}
	if (res_close(&res) && !res.err) {
		fprintf(stderr, "mmbench: cannot write %s/samples.jsonl to disk\n",
			dir);
		code = EXIT_FAIL;
	}
	json_object_put(res.meta);
	res.meta = NULL;
	printf("%s\n", dir);
out_snaps:
	point_snaps(false);
	if (session_end())
		code = EXIT_FAIL;
	free(why);
	return code;
}
