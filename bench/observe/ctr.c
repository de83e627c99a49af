// SPDX-License-Identifier: GPL-2.0
/*
 * Perf counters around the timed region.  Names are encoded by libpfm4
 * (generic and PMU-specific, with :u/:k) or looked up as tracepoints;
 * events are opened disabled, one group per PMU, inherited by every
 * task the benchmark starts, and read as groups with their enabled and
 * running times so multiplexing is visible and scaled.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/perf_event.h>	/* before libpfm4's copy of it */
#include <perfmon/pfmlib_perf_event.h>
#include <json-c/json.h>

#include "observe/ctr.h"
#include "observe/tracefs.h"
#include "core/util.h"

static int pfm_state;	/* 0 untried, 1 ready, -errno failed */

static int pfm_ready(void)
{
	if (!pfm_state)
		pfm_state = pfm_initialize() == PFM_SUCCESS ? 1 : -ENODEV;
	return pfm_state < 0 ? pfm_state : 0;
}

static enum ctr_kind kind_of(const struct perf_event_attr *a)
{
	switch (a->type) {
	case PERF_TYPE_HARDWARE:
		if (a->config == PERF_COUNT_HW_CPU_CYCLES)
			return CK_CYCLES;
		if (a->config == PERF_COUNT_HW_INSTRUCTIONS)
			return CK_INSNS;
		break;
	case PERF_TYPE_SOFTWARE:
		if (a->config == PERF_COUNT_SW_PAGE_FAULTS)
			return CK_FAULTS;
		break;
	case PERF_TYPE_HW_CACHE:
		if ((a->config & 0xff) == PERF_COUNT_HW_CACHE_DTLB &&
		    (a->config >> 16) == PERF_COUNT_HW_CACHE_RESULT_MISS)
			return CK_DTLB;
		break;
	}
	return CK_OTHER;
}

static int resolve_pfm(const char *name, struct ctr *c)
{
	pfm_perf_encode_arg_t arg;
	pfm_event_info_t info;
	pfm_pmu_info_t pmu;
	char *fstr = NULL;

	if (pfm_ready())
		return -ENOENT;
	memset(&arg, 0, sizeof(arg));
	arg.attr = &c->attr;
	arg.fstr = &fstr;
	arg.size = sizeof(arg);
	/* User and kernel unless the name says :u or :k. */
	if (pfm_get_os_event_encoding(name, PFM_PLM0 | PFM_PLM3,
				      PFM_OS_PERF_EVENT_EXT, &arg) != PFM_SUCCESS)
		return -ENOENT;
	snprintf(c->enc, sizeof(c->enc), "%s", fstr);
	free(fstr);
	memset(&info, 0, sizeof(info));
	memset(&pmu, 0, sizeof(pmu));
	info.size = sizeof(info);
	pmu.size = sizeof(pmu);
	if (pfm_get_event_info(arg.idx, PFM_OS_PERF_EVENT_EXT, &info) ==
	    PFM_SUCCESS &&
	    pfm_get_pmu_info(info.pmu, &pmu) == PFM_SUCCESS)
		snprintf(c->pmu, sizeof(c->pmu), "%s", pmu.name);
	c->kind = kind_of(&c->attr);
	return 0;
}

int ctr_resolve(const char *name, struct ctr *c)
{
	const char *why = NULL;
	uint64_t id;
	int ret;

	memset(c, 0, sizeof(*c));
	c->fd = -1;
	c->leader = -1;
	if (!*name || strlen(name) >= sizeof(c->name))
		return -ENOENT;
	snprintf(c->name, sizeof(c->name), "%s", name);
	ret = strstr(name, "::") ? -ENOENT : tracefs_event_id(name, &id, &why);
	if (!ret) {
		c->attr.type = PERF_TYPE_TRACEPOINT;
		c->attr.config = id;
		snprintf(c->enc, sizeof(c->enc), "tracepoint %s (id %llu)",
			 name, (unsigned long long)id);
		snprintf(c->pmu, sizeof(c->pmu), "tracepoint");
		return 0;
	}
	if (!resolve_pfm(name, c))
		return 0;
	if (ret == -EOPNOTSUPP) {
		/* "sys:event" may well be a tracepoint we cannot look up. */
		snprintf(c->why, sizeof(c->why), "%s", why);
		return -EOPNOTSUPP;
	}
	return -ENOENT;
}

static bool have_cpu_pmu(void)
{
	static const char *const names[] = {
		"/sys/bus/event_source/devices/cpu",
		"/sys/bus/event_source/devices/cpu_core",
		"/sys/bus/event_source/devices/armv8_pmuv3_0",
		"/sys/bus/event_source/devices/armv8_pmuv3",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (!access(names[i], F_OK))
			return true;
	return false;
}

static void open_failed(struct ctr *c, int err)
{
	bool hw = c->attr.type == PERF_TYPE_HARDWARE ||
		  c->attr.type == PERF_TYPE_HW_CACHE ||
		  c->attr.type == PERF_TYPE_RAW;
	uint64_t paranoid = 0;

	util_read_u64("/proc/sys/kernel/perf_event_paranoid", &paranoid);
	if (err == EACCES || err == EPERM)
		snprintf(c->why, sizeof(c->why),
			 "perf_event_open: %s (kernel.perf_event_paranoid=%lld; run as root or lower it)",
			 strerror(err), (long long)paranoid);
	else if (hw && !have_cpu_pmu())
		snprintf(c->why, sizeof(c->why),
			 "no hardware PMU on this machine (a VM without a vPMU?): perf_event_open: %s",
			 strerror(err));
	else
		snprintf(c->why, sizeof(c->why), "perf_event_open: %s",
			 strerror(err));
}

/*
 * One group per kernel PMU.  Hardware events of every kind share the
 * core PMU.  The software clocks are PMUs of their own: a page-fault
 * event in a group led by task-clock lost up to all of its counts on
 * 6.18 from the second enable on, while led by itself it was exact.
 */
static uint64_t group_key(const struct perf_event_attr *a)
{
	if (a->type == PERF_TYPE_HW_CACHE || a->type == PERF_TYPE_RAW)
		return PERF_TYPE_HARDWARE;
	if (a->type == PERF_TYPE_SOFTWARE &&
	    (a->config == PERF_COUNT_SW_CPU_CLOCK ||
	     a->config == PERF_COUNT_SW_TASK_CLOCK))
		return (uint64_t)a->type << 32 | (a->config + 1);
	return (uint64_t)a->type << 32;
}

static void open_one(struct ctr_set *cs, struct ctr *c)
{
	int i, group = -1, self = c - cs->c;

	for (i = 0; i < self; i++) {
		struct ctr *o = &cs->c[i];

		if (o->ok && o->leader == i &&
		    group_key(&o->attr) == group_key(&c->attr)) {
			group = i;
			break;
		}
	}
	c->attr.size = sizeof(c->attr);
	c->attr.read_format = PERF_FORMAT_GROUP | PERF_FORMAT_ID |
			      PERF_FORMAT_TOTAL_TIME_ENABLED |
			      PERF_FORMAT_TOTAL_TIME_RUNNING;
	c->attr.disabled = group < 0;
	c->attr.inherit = 1;
	c->fd = syscall(SYS_perf_event_open, &c->attr, 0, -1,
			group < 0 ? -1 : cs->c[group].fd, PERF_FLAG_FD_CLOEXEC);
	if (c->fd < 0) {
		open_failed(c, errno);
		return;
	}
	if (ioctl(c->fd, PERF_EVENT_IOC_ID, &c->id)) {
		open_failed(c, errno);
		close(c->fd);
		c->fd = -1;
		return;
	}
	c->ok = true;
	c->leader = group < 0 ? self : group;
}

int ctr_open(struct ctr_set *cs, const char *list)
{
	char buf[1024], *tok, *save;
	int ret;

	memset(cs, 0, sizeof(*cs));
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		struct ctr *c;
		int i;

		for (i = 0; i < cs->n && strcmp(cs->c[i].name, tok); i++)
			;
		if (i < cs->n)
			continue;	/* named twice */
		if (cs->n == CTR_MAX) {
			ctr_close(cs);
			return -E2BIG;
		}
		c = &cs->c[cs->n++];
		ret = ctr_resolve(tok, c);
		if (!ret)
			open_one(cs, c);
		else if (ret == -ENOENT)
			snprintf(c->why, sizeof(c->why),
				 "no such event here: neither libpfm4 nor tracefs knows it");
	}
	return 0;
}

static void group_ioctl(struct ctr_set *cs, unsigned long req)
{
	int i;

	for (i = 0; i < cs->n; i++)
		if (cs->c[i].ok && cs->c[i].leader == i)
			ioctl(cs->c[i].fd, req, PERF_IOC_FLAG_GROUP);
}

void ctr_enable(struct ctr_set *cs)
{
	if (cs)
		group_ioctl(cs, PERF_EVENT_IOC_ENABLE);
}

void ctr_disable(struct ctr_set *cs)
{
	if (cs)
		group_ioctl(cs, PERF_EVENT_IOC_DISABLE);
}

int ctr_parse_group(const void *buf, size_t len, struct ctr_group *g)
{
	const uint64_t *u = buf;

	if (len < 3 * sizeof(uint64_t) || len % sizeof(uint64_t))
		return -EIO;
	g->nr = u[0];
	if (g->nr > CTR_MAX || len != (3 + 2 * g->nr) * sizeof(uint64_t))
		return -EIO;
	g->enabled = u[1];
	g->running = u[2];
	memcpy(g->v, u + 3, 2 * g->nr * sizeof(uint64_t));
	return 0;
}

void ctr_scale(struct ctr_val *out, const struct ctr_val *last,
	       uint64_t raw, uint64_t enabled, uint64_t running)
{
	out->raw = raw - last->raw;
	out->enabled = enabled - last->enabled;
	out->running = running - last->running;
	out->scaled = out->running < out->enabled;
	if (!out->running)
		out->value = 0;
	else if (out->scaled)
		out->value = (double)out->raw * out->enabled / out->running;
	else
		out->value = out->raw;
}

static int read_group(struct ctr_set *cs, int lead)
{
	uint64_t buf[3 + 2 * CTR_MAX];
	struct ctr_group g;
	ssize_t n;
	uint64_t k;
	int i;

	n = read(cs->c[lead].fd, buf, sizeof(buf));
	if (n < 0)
		return -errno;
	if (ctr_parse_group(buf, n, &g))
		return -EIO;
	for (k = 0; k < g.nr; k++) {
		for (i = 0; i < cs->n; i++) {
			struct ctr *c = &cs->c[i];

			if (!c->ok || c->id != g.v[k].id)
				continue;
			ctr_scale(&c->v, &c->last, g.v[k].value, g.enabled,
				  g.running);
			c->last.raw = g.v[k].value;
			c->last.enabled = g.enabled;
			c->last.running = g.running;
		}
	}
	return 0;
}

int ctr_read(struct ctr_set *cs)
{
	int i, ret;

	for (i = 0; cs && i < cs->n; i++) {
		if (!cs->c[i].ok || cs->c[i].leader != i)
			continue;
		ret = read_group(cs, i);
		if (ret)
			return ret;
	}
	return 0;
}

void ctr_close(struct ctr_set *cs)
{
	int i;

	for (i = 0; i < cs->n; i++) {
		/* Members first: closing a leader ungroups them. */
		if (cs->c[i].fd >= 0 && cs->c[i].leader != i)
			close(cs->c[i].fd);
	}
	for (i = 0; i < cs->n; i++) {
		if (cs->c[i].fd >= 0 && cs->c[i].leader == i)
			close(cs->c[i].fd);
		cs->c[i].fd = -1;
		cs->c[i].ok = false;
	}
	cs->n = 0;
}

struct json_object *ctr_json(const struct ctr_set *cs)
{
	struct json_object *o = json_object_new_object();
	int i;

	for (i = 0; i < cs->n; i++) {
		const struct ctr *c = &cs->c[i];
		struct json_object *e;

		if (!c->ok)
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "value", c->v.scaled ?
			json_object_new_double(c->v.value) :
			json_object_new_int64(c->v.raw));
		json_object_object_add(e, "raw", json_object_new_int64(c->v.raw));
		json_object_object_add(e, "enabled_ns",
				       json_object_new_int64(c->v.enabled));
		json_object_object_add(e, "running_ns",
				       json_object_new_int64(c->v.running));
		json_object_object_add(e, "scaled",
				       json_object_new_boolean(c->v.scaled));
		json_object_object_add(o, c->name, e);
	}
	return o;
}

bool ctr_kind_value(const struct ctr_set *cs, enum ctr_kind kind, double *v)
{
	uint64_t seen[CTR_MAX];
	int i, j, n = 0;

	*v = 0;
	/* dTLB load and store misses add up; the same event twice does not. */
	for (i = 0; cs && i < cs->n; i++) {
		const struct ctr *c = &cs->c[i];

		if (!c->ok || c->kind != kind || !c->v.running)
			continue;
		for (j = 0; j < n && seen[j] != c->attr.config; j++)
			;
		if (j < n)
			continue;
		seen[n++] = c->attr.config;
		*v += c->v.value;
	}
	return n > 0;
}

int ctr_value(const struct ctr_set *cs, const char *name, uint64_t *v)
{
	int i;

	for (i = 0; cs && i < cs->n; i++) {
		if (strcmp(cs->c[i].name, name))
			continue;
		if (!cs->c[i].ok)
			return -EOPNOTSUPP;
		*v = cs->c[i].v.raw;
		return 0;
	}
	return -ENOENT;
}

bool ctr_costly(const struct ctr *c)
{
	if (c->attr.type == PERF_TYPE_TRACEPOINT)
		return true;
	return c->attr.type == PERF_TYPE_SOFTWARE &&
	       (c->attr.config == PERF_COUNT_SW_PAGE_FAULTS ||
		c->attr.config == PERF_COUNT_SW_PAGE_FAULTS_MIN ||
		c->attr.config == PERF_COUNT_SW_PAGE_FAULTS_MAJ ||
		c->attr.config == PERF_COUNT_SW_ALIGNMENT_FAULTS ||
		c->attr.config == PERF_COUNT_SW_EMULATION_FAULTS);
}
