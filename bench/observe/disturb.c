// SPDX-License-Identifier: GPL-2.0
/*
 * Disturbed samples: on a shared machine another task can take the CPU
 * in the middle of a timed region.  The scheduler says so: the time a
 * task waited runnable on a run queue (schedstat) and its involuntary
 * context switches; PSI says how much the machine as a whole stalled.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/util.h"
#include "observe/disturb.h"

void disturb_task_read(struct disturb_task *t)
{
	char buf[128], *end;
	struct rusage ru;
	ssize_t n;

	t->ok = false;
	n = util_read_file("/proc/thread-self/schedstat", buf, sizeof(buf));
	if (n > 0) {
		/* "<on-cpu ns> <run-queue wait ns> <timeslices>" */
		strtoull(buf, &end, 10);
		if (end != buf && *end == ' ') {
			char *p = end + 1;

			t->wait_ns = strtoull(p, &end, 10);
			t->ok = end != p;
		}
	}
	t->nivcsw = getrusage(RUSAGE_THREAD, &ru) ? 0 : ru.ru_nivcsw;
}

int disturb_psi_some_total(const char *text, uint64_t *us)
{
	const char *t;
	char *end;

	if (strncmp(text, "some ", 5))
		return -EINVAL;
	t = strstr(text, " total=");
	if (!t || (strchr(text, '\n') && t > strchr(text, '\n')))
		return -EINVAL;
	t += 7;
	if (*t < '0' || *t > '9')
		return -EINVAL;
	*us = strtoull(t, &end, 10);
	return 0;
}

static bool psi_read_one(const char *path, uint64_t *us)
{
	char buf[256];

	return util_read_file(path, buf, sizeof(buf)) > 0 &&
	       !disturb_psi_some_total(buf, us);
}

void disturb_psi_read(struct disturb_psi *p)
{
	p->cpu_ok = psi_read_one("/proc/pressure/cpu", &p->cpu_us);
	p->mem_ok = psi_read_one("/proc/pressure/memory", &p->mem_us);
}

void disturb_task_delta(const struct disturb_task *before,
			const struct disturb_task *after,
			struct disturb_task *d)
{
	d->ok = before->ok && after->ok && after->wait_ns >= before->wait_ns;
	d->wait_ns = d->ok ? after->wait_ns - before->wait_ns : 0;
	d->nivcsw = after->nivcsw - before->nivcsw;
}

void disturb_record(struct json_object *sample,
		    const struct disturb_task *tasks,
		    const uint64_t *region_ns, unsigned int n,
		    const struct disturb_psi *psi0,
		    const struct disturb_psi *psi1)
{
	struct json_object *o;
	double pct, worst = -1;
	unsigned int i, w = 0;
	char why[256];

	for (i = 0; i < n; i++) {
		if (!tasks[i].ok || !region_ns[i])
			continue;
		pct = 100.0 * tasks[i].wait_ns / region_ns[i];
		if (pct > worst) {
			worst = pct;
			w = i;
		}
	}
	if (worst >= 0) {
		o = json_object_new_object();
		json_object_object_add(o, "run_wait_ns",
				       json_object_new_int64(tasks[w].wait_ns));
		json_object_object_add(o, "nivcsw",
				       json_object_new_int64(tasks[w].nivcsw));
		json_object_object_add(o, "wait_pct",
				       json_object_new_double(worst));
		if (n > 1)
			json_object_object_add(o, "task",
					       json_object_new_int(w));
		json_object_object_add(sample, "sched", o);
	}
	if ((psi0->cpu_ok && psi1->cpu_ok) || (psi0->mem_ok && psi1->mem_ok)) {
		o = json_object_new_object();
		if (psi0->cpu_ok && psi1->cpu_ok)
			json_object_object_add(o, "cpu_some_us",
				json_object_new_int64(psi1->cpu_us - psi0->cpu_us));
		if (psi0->mem_ok && psi1->mem_ok)
			json_object_object_add(o, "memory_some_us",
				json_object_new_int64(psi1->mem_us - psi0->mem_us));
		json_object_object_add(sample, "pressure", o);
	}
	if (worst < 0)
		return;	/* no schedstat: nothing to say either way */
	json_object_object_add(sample, "disturbed",
			       json_object_new_boolean(worst > DISTURB_WAIT_PCT));
	if (worst <= DISTURB_WAIT_PCT)
		return;
	snprintf(why, sizeof(why),
		 "task %u waited %.3f ms on the run queue, %.1f%% of its %.3f ms timed region; %ld involuntary context switches",
		 w, tasks[w].wait_ns / 1e6, worst, region_ns[w] / 1e6,
		 tasks[w].nivcsw);
	json_object_object_add(sample, "disturbed_reason",
			       json_object_new_string(why));
}

int disturb_loadavg(const char *text, double *load1, long *running)
{
	long total;

	if (sscanf(text, "%lf %*f %*f %ld/%ld", load1, running, &total) != 3 ||
	    *running < 0)
		return -EINVAL;
	return 0;
}

struct json_object *disturb_machine(char *msg, size_t len)
{
	struct timespec gap = { .tv_sec = 0, .tv_nsec = 10 * 1000 * 1000 };
	long running, least = -1, cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct json_object *o = json_object_new_object();
	char buf[256], pressure[64] = "";
	double load1 = 0, avg10;
	const char *a;
	int i;

	msg[0] = '\0';
	/* The least of three reads: a task that just woke is not a load. */
	for (i = 0; i < 3; i++) {
		if (i)
			nanosleep(&gap, NULL);
		if (util_read_file("/proc/loadavg", buf, sizeof(buf)) <= 0 ||
		    disturb_loadavg(buf, &load1, &running))
			break;
		running--;	/* this mmbench */
		if (least < 0 || running < least)
			least = running < 0 ? 0 : running;
	}
	if (least < 0)
		return o;
	json_object_object_add(o, "other_runnable", json_object_new_int64(least));
	json_object_object_add(o, "loadavg_1m", json_object_new_double(load1));
	json_object_object_add(o, "cpus", json_object_new_int64(cpus));
	if (util_read_file("/proc/pressure/cpu", buf, sizeof(buf)) > 0 &&
	    (a = strstr(buf, "avg10=")) && sscanf(a, "avg10=%lf", &avg10) == 1) {
		json_object_object_add(o, "cpu_some_avg10",
				       json_object_new_double(avg10));
		snprintf(pressure, sizeof(pressure),
			 ", CPU pressure %.0f%% (avg10)", avg10);
	}
	json_object_object_add(o, "busy", json_object_new_boolean(least > 0));
	if (least > 0)
		snprintf(msg, len,
			 "the machine is busy: %ld other runnable task%s (the least of 3 reads of /proc/loadavg), load average %.2f on %ld CPUs%s; samples may be slower than on a quiet machine, and each says whether it was disturbed",
			 least, least == 1 ? "" : "s", load1, cpus, pressure);
	return o;
}
