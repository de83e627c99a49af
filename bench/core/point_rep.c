// SPDX-License-Identifier: GPL-2.0
/*
 * One repetition: rep_setup -> snapshot -> counters on -> clock -> run
 * -> clock -> counters off -> snapshot -> counters read -> verify ->
 * derived metrics -> rep_teardown.  Only run() sits between the two
 * clock reads.  Shared by point_run, the counted reps, the profile rep
 * and `mmbench overhead`.
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <sys/resource.h>

#include <json-c/json.h>

#include "core/point.h"
#include "core/result.h"
#include "core/util.h"
#include "observe/counters.h"
#include "observe/ctr.h"
#include "observe/disturb.h"
#include "observe/profile.h"
#include "observe/stats.h"
#include "place/crew.h"
#include "place/place.h"

static struct snap *snap_a, *snap_b;

static long minflt_now(void)
{
	struct rusage ru;

	/* This thread's: with task-mode=thread the others count their own. */
	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_minflt;
}

/* Where task 0 ran and where its memory is, against the plan. */
static void check_placement(struct ctx *c, int cpu)
{
	struct json_object *o, *mem = NULL;
	char msg[160];
	int want = c->plan->cpu[0];

	o = json_object_new_object();
	json_object_object_add(o, "cpu", json_object_new_int(cpu));
	json_object_object_add(o, "planned_cpu", json_object_new_int(want));
	json_object_object_add(o, "membind",
			       json_object_new_string(c->pt->membind));
	if (cpu != want)
		sample_fallback(c, "task 0 ran on CPU %d, placed on %d", cpu,
				want);
	if (c->mem_base && place_check_memory(c->plan, cpu, c->mem_base,
					      c->mem_len, &mem, msg,
					      sizeof(msg)) == -EFAULT)
		sample_fallback(c, "%s", msg);
	if (mem)
		json_object_object_add(o, "memory", mem);
	if (c->crew && crew_misplaced(c->crew))
		sample_fallback(c, "%s", crew_misplaced(c->crew));
	json_object_object_add(c->sample->obj, "placement", o);
}

/* tasks > 1: the per-task results and the aggregate rate. */
static void record_tasks(struct ctx *c, struct json_object *tasks,
			 uint64_t wall)
{
	size_t i;

	for (i = 0; i < json_object_array_length(tasks); i++) {
		struct json_object *t = json_object_array_get_idx(tasks, i), *v;

		json_object_object_get_ex(t, "cpu", &v);
		if (json_object_get_int(v) != c->plan->cpu[i])
			sample_fallback(c, "task %zu ran on CPU %d, placed on %d",
					i, json_object_get_int(v),
					c->plan->cpu[i]);
	}
	json_object_object_add(c->sample->obj, "tasks", json_object_get(tasks));
	json_object_object_add(c->sample->obj, "wall_ns",
			       json_object_new_int64(wall));
	if (c->bytes && wall)
		sample_metric(c, "aggregate_throughput", "GB/s", HIGHER,
			      MEAN_HARMONIC,
			      (double)c->bytes * c->ntasks / wall);
}

/*
 * Disturbance over the timed region: every task's run-queue wait against
 * its own region (the crew's from their slots), the machine's pressure.
 */
static void record_disturb(struct ctx *c, const struct disturb_task *d0,
			   uint64_t region, const struct disturb_psi *psi)
{
	struct disturb_task t[PLACE_MAX_TASKS];
	uint64_t ns[PLACE_MAX_TASKS];
	unsigned int n = 1;

	t[0] = *d0;
	ns[0] = region;
	if (c->crew)
		n = crew_disturb(c->crew, t, ns, PLACE_MAX_TASKS);
	disturb_record(c->sample->obj, t, ns, n, &psi[0], &psi[1]);
}

int point_one_rep(struct ctx *c, uint64_t *ns)
{
	const struct bench *b = c->pt->bench;
	struct disturb_task d0, d1, dd;
	struct json_object *tasks = NULL;
	struct disturb_psi psi[2];
	struct crew *cr = c->crew;
	uint64_t t0, t1, wall = 0;
	int ret = 0, cpu;
	long f0;

	if (cr)
		ret = crew_rep(cr);
	if (!ret && b->rep_setup)
		ret = b->rep_setup(c);
	if (!ret && cr)
		ret = crew_gate(cr, CG_READY);
	if (ret)
		goto out;
	c->before = snap_b;
	c->after = snap_a;
	if (snap_b) {
		ret = snap_take(snap_b);
		if (ret)
			goto out;
	}
	f0 = minflt_now();
	/* The machine's pressure around the region, not inside the clock. */
	disturb_psi_read(&psi[0]);
	ctr_enable(c->ctrs);
	if (c->counting)
		ctr_enable(c->counted);
	if (c->prof)
		ret = profile_enable(c->prof);
	if (!ret && cr)
		ret = crew_gate(cr, CG_START);
	if (ret)
		goto out;
	/* Run-queue wait: read next to the clock reads, outside them. */
	disturb_task_read(&d0);
	t0 = util_now_ns();
	ret = b->run(c);
	t1 = util_now_ns();
	disturb_task_read(&d1);
	cpu = sched_getcpu();
	if (cr && crew_gate(cr, CG_DONE) && !ret)
		ret = -ECANCELED;
	if (c->prof && profile_disable(c->prof) && !ret)
		ret = -EIO;
	if (c->counting)
		ctr_disable(c->counted);
	ctr_disable(c->ctrs);
	disturb_psi_read(&psi[1]);
	c->minflt = minflt_now() - f0;
	c->ns = t1 - t0;
	disturb_task_delta(&d0, &d1, &dd);
	if (cr) {
		crew_task0(cr, t0, t1, c->minflt, cpu, &dd);
		if (crew_collect(cr, c, &wall, &tasks) && !ret)
			ret = -EIO;
	}
	*ns = c->ns;
	if (!ret && snap_a)
		ret = snap_take(snap_a);
	if (!ret && c->sample && c->plan)
		check_placement(c, cpu);
	/* Read before verify, which may check a count (point_count). */
	if (!ret && c->sample && c->ctrs)
		ret = ctr_read(c->ctrs);
	if (!ret && c->counting)
		ret = ctr_read(c->counted);
	if (!ret && c->sample && b->verify)
		ret = b->verify(c);
	/* After verify: its metric comes first, and it may own minflt. */
	if (!ret && c->sample && c->ctrs)
		counters_derive(c, c->ctrs);
	if (!ret && c->sample && tasks)
		record_tasks(c, tasks, wall);
	if (!ret && c->sample)
		record_disturb(c, &dd, t1 - t0, psi);
	if (!ret && cr)
		ret = crew_gate(cr, CG_END);
out:
	json_object_put(tasks);
	if (ret && cr)
		crew_abort(cr);
	if (b->rep_teardown)
		b->rep_teardown(c);
	return ret;
}

int point_count(const struct ctx *c, const char *event, uint64_t *v)
{
	int ret = ctr_value(c->counted, event, v);

	/* counted=0: every event is counted in the timed reps. */
	return ret == -ENOENT ? ctr_value(c->ctrs, event, v) : ret;
}

int point_snaps(bool on)
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
