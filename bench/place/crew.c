// SPDX-License-Identifier: GPL-2.0
/*
 * Several tasks on one point.  The gates are futex barriers in shared
 * memory, so the same code serves threads and forked processes; the
 * start gate lets every task into run() at once, as will-it-scale does.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "observe/disturb.h"
#include "place/crew.h"
#include "place/place.h"
#include "core/util.h"

enum { CMD_REP = 1, CMD_QUIT };

/* One task's results, a cache line (or more) of its own. */
struct slot {
	uint64_t t0, t1;
	long minflt;
	struct disturb_task dist;	/* over t0..t1 */
	int cpu, ret, mem_ret;
	char mem_msg[96];
} __attribute__((aligned(64)));

struct gate {
	_Atomic uint32_t count, gen;
} __attribute__((aligned(64)));

struct crew {
	const struct point *pt;
	int n, cmd;
	_Atomic int abort;
	struct plan plan;
	struct gate gate[5];		/* cmd + enum crew_gate */
	pid_t pid[PLACE_MAX_TASKS];
	pthread_t tid[PLACE_MAX_TASKS];
	struct targ { struct crew *cr; int i; } targ[PLACE_MAX_TASKS];
	size_t size;
	struct slot slot[];
};

static long futex(_Atomic uint32_t *uaddr, int op, uint32_t val,
		  const struct timespec *ts)
{
	/* Not FUTEX_PRIVATE: the word is shared with forked workers. */
	return syscall(SYS_futex, uaddr, op, val, ts, NULL, 0);
}

static bool workers_dead(struct crew *cr)
{
	int i, st;

	for (i = 1; i < cr->n; i++)
		if (cr->pid[i] > 0 && waitpid(cr->pid[i], &st, WNOHANG) ==
		    cr->pid[i]) {
			cr->pid[i] = 0;
			return true;
		}
	return false;
}

static int gate_wait(struct crew *cr, struct gate *g, bool main_task)
{
	struct timespec ts = { .tv_sec = 0, .tv_nsec = 100 * 1000 * 1000 };
	uint32_t gen = atomic_load(&g->gen);
	int spin;

	if (atomic_fetch_add(&g->count, 1) + 1 == (uint32_t)cr->n) {
		atomic_store(&g->count, 0);
		atomic_fetch_add(&g->gen, 1);
		futex(&g->gen, FUTEX_WAKE, INT_MAX, NULL);
		return 0;
	}
	/* Spin a little: the start gate should open for all at once. */
	for (spin = 0; spin < 20000; spin++)
		if (atomic_load(&g->gen) != gen)
			return 0;
	while (atomic_load(&g->gen) == gen) {
		if (atomic_load(&cr->abort))
			return -ECANCELED;
		futex(&g->gen, FUTEX_WAIT, gen, &ts);
		if (main_task && workers_dead(cr))
			atomic_store(&cr->abort, 1);
	}
	return 0;
}

static long minflt_thread(void)
{
	struct rusage ru;

	getrusage(RUSAGE_THREAD, &ru);
	return ru.ru_minflt;
}

static int worker(struct crew *cr, int i)
{
	const struct bench *b = cr->pt->bench;
	struct ctx c = { .pt = cr->pt, .task = i, .ntasks = cr->n };
	struct slot *s = &cr->slot[i];
	struct disturb_task d0, d1;
	bool set_up;
	long f0;

	s->ret = place_bind(&cr->plan, i);
	if (!s->ret && b->setup)
		s->ret = b->setup(&c);
	set_up = !s->ret;
	if (gate_wait(cr, &cr->gate[0], false))
		goto out;
	for (;;) {
		if (gate_wait(cr, &cr->gate[0], false) || cr->cmd == CMD_QUIT)
			break;
		if (!s->ret && b->rep_setup)
			s->ret = b->rep_setup(&c);
		if (gate_wait(cr, &cr->gate[1 + CG_READY], false) ||
		    gate_wait(cr, &cr->gate[1 + CG_START], false))
			break;
		f0 = minflt_thread();
		disturb_task_read(&d0);
		s->t0 = util_now_ns();
		if (!s->ret)
			s->ret = b->run(&c);
		s->t1 = util_now_ns();
		disturb_task_read(&d1);
		disturb_task_delta(&d0, &d1, &s->dist);
		s->minflt = minflt_thread() - f0;
		s->cpu = sched_getcpu();
		if (gate_wait(cr, &cr->gate[1 + CG_DONE], false))
			break;
		if (!s->ret && c.mem_base) {
			struct json_object *j;

			s->mem_ret = place_check_memory(&cr->plan, s->cpu,
					c.mem_base, c.mem_len, &j, s->mem_msg,
					sizeof(s->mem_msg));
			json_object_put(j);
		}
		if (gate_wait(cr, &cr->gate[1 + CG_END], false))
			break;
		if (b->rep_teardown)
			b->rep_teardown(&c);
	}
out:
	if (set_up && b->teardown)
		b->teardown(&c);
	return s->ret;
}

static void *thread_main(void *arg)
{
	struct targ *t = arg;

	worker(t->cr, t->i);
	return NULL;
}

static int spawn(struct crew *cr, int i)
{
	sigset_t set, old;
	pid_t pid;
	int ret;

	if (cr->pt->task_mode == TASK_THREAD) {
		/* Signals go to task 0, which ends the run between reps. */
		sigemptyset(&set);
		sigaddset(&set, SIGINT);
		sigaddset(&set, SIGTERM);
		sigaddset(&set, SIGHUP);
		pthread_sigmask(SIG_BLOCK, &set, &old);
		cr->targ[i].cr = cr;
		cr->targ[i].i = i;
		ret = pthread_create(&cr->tid[i], NULL, thread_main,
				     &cr->targ[i]);
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		return -ret;
	}
	pid = fork();
	if (pid < 0)
		return -errno;
	if (!pid) {
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		/* No orphans spinning on a gate if mmbench is killed. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(1);
		_exit(worker(cr, i) ? 1 : 0);
	}
	cr->pid[i] = pid;
	return 0;
}

int crew_start(struct crew **crp, const struct point *pt,
	       const struct plan *pl, char *why, size_t len)
{
	size_t size = sizeof(struct crew) + pl->ntasks * sizeof(struct slot);
	struct crew *cr;
	int i, ret = 0;

	*crp = NULL;
	cr = mmap(NULL, size, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (cr == MAP_FAILED) {
		snprintf(why, len, "crew: %s", strerror(errno));
		return -ENOMEM;
	}
	cr->size = size;
	cr->pt = pt;
	cr->n = pl->ntasks;
	cr->plan = *pl;
	for (i = 1; i < cr->n && !ret; i++) {
		ret = spawn(cr, i);
		if (ret) {
			cr->n = i;	/* the ones started so far */
			snprintf(why, len, "starting task %d: %s", i,
				 strerror(-ret));
		}
	}
	/* Every worker bound and set up (or failed) before the first rep. */
	if (!ret && gate_wait(cr, &cr->gate[0], true))
		ret = -ECANCELED;
	for (i = 1; !ret && i < cr->n; i++) {
		if (cr->slot[i].ret) {
			ret = cr->slot[i].ret;
			snprintf(why, len, "task %d setup: %s", i,
				 strerror(-ret));
		}
	}
	if (ret)
		crew_stop(cr);
	else
		*crp = cr;
	return ret;
}

int crew_rep(struct crew *cr)
{
	cr->cmd = CMD_REP;
	return gate_wait(cr, &cr->gate[0], true);
}

int crew_gate(struct crew *cr, enum crew_gate g)
{
	return gate_wait(cr, &cr->gate[1 + g], true);
}

void crew_task0(struct crew *cr, uint64_t t0, uint64_t t1, long minflt,
		int cpu, const struct disturb_task *d)
{
	cr->slot[0].t0 = t0;
	cr->slot[0].t1 = t1;
	cr->slot[0].minflt = minflt;
	cr->slot[0].cpu = cpu;
	cr->slot[0].dist = *d;
}

unsigned int crew_disturb(const struct crew *cr, struct disturb_task *t,
			  uint64_t *region_ns, unsigned int max)
{
	unsigned int i;

	for (i = 0; i < (unsigned int)cr->n && i < max; i++) {
		t[i] = cr->slot[i].dist;
		region_ns[i] = cr->slot[i].t1 - cr->slot[i].t0;
	}
	return i;
}

int crew_collect(struct crew *cr, struct ctx *c, uint64_t *wall,
		 struct json_object **tasks)
{
	uint64_t first = UINT64_MAX, last = 0, ns = 0;
	long flt = 0;
	int i, ret = 0;

	*tasks = json_object_new_array();
	for (i = 0; i < cr->n; i++) {
		struct slot *s = &cr->slot[i];
		struct json_object *t = json_object_new_object();

		if (i && s->ret && !ret)
			ret = s->ret;
		first = s->t0 < first ? s->t0 : first;
		last = s->t1 > last ? s->t1 : last;
		ns += s->t1 - s->t0;
		flt += s->minflt;
		json_object_object_add(t, "task", json_object_new_int(i));
		json_object_object_add(t, "cpu", json_object_new_int(s->cpu));
		json_object_object_add(t, "ns",
				       json_object_new_int64(s->t1 - s->t0));
		json_object_object_add(t, "minflt",
				       json_object_new_int64(s->minflt));
		if (s->dist.ok)
			json_object_object_add(t, "run_wait_ns",
				json_object_new_int64(s->dist.wait_ns));
		json_object_object_add(t, "nivcsw",
				       json_object_new_int64(s->dist.nivcsw));
		if (i && s->mem_ret)
			json_object_object_add(t, "memory_misplaced",
					json_object_new_string(s->mem_msg));
		json_object_array_add(*tasks, t);
	}
	c->ns = ns / cr->n;
	c->minflt = flt / cr->n;
	*wall = last - first;
	return ret;
}

/* The first worker whose pages were not where membind= asked, or NULL. */
const char *crew_misplaced(const struct crew *cr)
{
	int i;

	for (i = 1; i < cr->n; i++)
		if (cr->slot[i].mem_ret)
			return cr->slot[i].mem_msg;
	return NULL;
}

void crew_abort(struct crew *cr)
{
	int i;

	atomic_store(&cr->abort, 1);
	for (i = 0; i < 5; i++)
		futex(&cr->gate[i].gen, FUTEX_WAKE, INT_MAX, NULL);
}

void crew_stop(struct crew *cr)
{
	int i, st;

	if (!cr)
		return;
	cr->cmd = CMD_QUIT;
	if (!atomic_load(&cr->abort))
		gate_wait(cr, &cr->gate[0], true);
	/* A worker stuck past the abort is killed, never left behind. */
	atomic_store(&cr->abort, 1);
	for (i = 1; i < cr->n; i++) {
		if (cr->pid[i] > 0) {
			struct timespec d = { 0, 10 * 1000 * 1000 };
			int k;

			for (k = 0; k < 500; k++) {
				if (waitpid(cr->pid[i], &st, WNOHANG) == cr->pid[i])
					break;
				futex(&cr->gate[0].gen, FUTEX_WAKE, INT_MAX, NULL);
				nanosleep(&d, NULL);
			}
			if (k == 500) {
				kill(cr->pid[i], SIGKILL);
				waitpid(cr->pid[i], &st, 0);
			}
		} else if (cr->pt->task_mode == TASK_THREAD && cr->tid[i]) {
			pthread_join(cr->tid[i], NULL);
		}
	}
	munmap(cr, cr->size);
}
