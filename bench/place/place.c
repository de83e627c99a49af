// SPDX-License-Identifier: GPL-2.0
/*
 * Where tasks run (hwloc) and where their memory lives (libnuma), with
 * the check that it really did: the pages' nodes from move_pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hwloc.h>
#include <json-c/json.h>
#include <numa.h>
#include <numaif.h>

#include "place/place.h"
#include "core/util.h"

static hwloc_topology_t topo;
static int topo_state;	/* 0 untried, 1 loaded, -errno */

static int topo_get(void)
{
	if (!topo_state) {
		topo_state = -ENODEV;
		if (!hwloc_topology_init(&topo)) {
			if (!hwloc_topology_load(topo))
				topo_state = 1;
			else
				hwloc_topology_destroy(topo);
		}
	}
	return topo_state < 0 ? topo_state : 0;
}

static char *set_str(hwloc_const_bitmap_t set)
{
	char *s = NULL;

	if (hwloc_bitmap_list_asprintf(&s, set) < 0)
		return NULL;
	return s;
}

static struct json_object *cache_list(void)
{
	struct json_object *a = json_object_new_array();
	hwloc_obj_type_t t;

	for (t = HWLOC_OBJ_L1CACHE; t <= HWLOC_OBJ_L3CACHE; t++) {
		hwloc_obj_t o = hwloc_get_obj_by_type(topo, t, 0);
		struct json_object *c;

		if (!o)
			continue;
		c = json_object_new_object();
		json_object_object_add(c, "level",
				       json_object_new_int(o->attr->cache.depth));
		json_object_object_add(c, "size_bytes", json_object_new_int64(
				       (int64_t)o->attr->cache.size));
		json_object_object_add(c, "count", json_object_new_int(
				       hwloc_get_nbobjs_by_type(topo, t)));
		json_object_array_add(a, c);
	}
	return a;
}

struct json_object *place_topology(void)
{
	struct json_object *o = json_object_new_object(), *nodes;
	int cores, pus, i, n;

	if (topo_get()) {
		json_object_object_add(o, "error",
				       json_object_new_string("hwloc could not load the topology"));
		return o;
	}
	cores = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_CORE);
	pus = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU);
	json_object_object_add(o, "packages", json_object_new_int(
			       hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE)));
	json_object_object_add(o, "cores", json_object_new_int(cores));
	json_object_object_add(o, "pus", json_object_new_int(pus));
	json_object_object_add(o, "smt", json_object_new_boolean(pus > cores));
	nodes = json_object_new_array();
	n = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_NUMANODE);
	for (i = 0; i < n; i++) {
		hwloc_obj_t nd = hwloc_get_obj_by_type(topo, HWLOC_OBJ_NUMANODE, i);
		struct json_object *e = json_object_new_object();
		char *cpus = set_str(nd->cpuset);

		json_object_object_add(e, "node", json_object_new_int(nd->os_index));
		json_object_object_add(e, "memory_bytes", json_object_new_int64(
				       (int64_t)nd->attr->numanode.local_memory));
		json_object_object_add(e, "cpus", json_object_new_string(
				       cpus ? cpus : "?"));
		free(cpus);
		json_object_array_add(nodes, e);
	}
	json_object_object_add(o, "numa_nodes", nodes);
	json_object_object_add(o, "caches", cache_list());
	return o;
}

/* OS indexes of the PUs of a set, "0 1 2" for messages. */
static void pus_str(hwloc_const_bitmap_t set, char *buf, size_t len)
{
	char *s = set_str(set);

	snprintf(buf, len, "%s", s ? s : "?");
	free(s);
}

int place_check_cpus(const char *list, char *err, size_t len)
{
	hwloc_bitmap_t set = hwloc_bitmap_alloc();
	int ret = 0;
	char have[256];

	if (topo_get()) {
		snprintf(err, len, "cpus=: hwloc cannot read the topology");
		ret = -EINVAL;
	} else if (hwloc_bitmap_list_sscanf(set, list) || hwloc_bitmap_iszero(set) ||
		   hwloc_bitmap_weight(set) < 0) {
		snprintf(err, len, "cpus=%s: not a CPU list (e.g. 0,2-3)", list);
		ret = -EINVAL;
	} else if (!hwloc_bitmap_isincluded(set,
			hwloc_topology_get_allowed_cpuset(topo))) {
		pus_str(hwloc_topology_get_allowed_cpuset(topo), have,
			sizeof(have));
		snprintf(err, len, "cpus=%s: no such CPU here; available: %s",
			 list, have);
		ret = -EINVAL;
	}
	hwloc_bitmap_free(set);
	return ret;
}

static hwloc_obj_t node_obj(int node)
{
	hwloc_obj_t o = NULL;

	while ((o = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, o)))
		if ((int)o->os_index == node)
			return o;
	return NULL;
}

static void nodes_str(char *buf, size_t len)
{
	hwloc_obj_t o = NULL;
	size_t off = 0;

	buf[0] = '\0';
	while ((o = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_NUMANODE, o)) &&
	       off < len)
		off += snprintf(buf + off, len - off, "%s%u%s", off ? " " : "",
				o->os_index,
				o->attr->numanode.local_memory ? "" :
								 "(no memory)");
}

static int check_node(const char *what, const char *s, char *err, size_t len)
{
	char *end, have[256];
	long n;
	hwloc_obj_t o;

	if (topo_get()) {
		snprintf(err, len, "%s: hwloc cannot read the topology", what);
		return -EINVAL;
	}
	n = strtol(s, &end, 10);
	o = (*s && !*end && n >= 0) ? node_obj(n) : NULL;
	if (o && o->attr->numanode.local_memory)
		return 0;
	nodes_str(have, sizeof(have));
	snprintf(err, len, "%s%s: %s; nodes: %s", what, s,
		 o ? "node has no memory" : "no such NUMA node", have);
	return -EINVAL;
}

int place_check_node(const char *s, char *err, size_t len)
{
	return check_node("node=", s, err, len);
}

int place_check_membind(const char *s, char *err, size_t len)
{
	if (!strcmp(s, "local") || !strcmp(s, "interleave"))
		return 0;
	if (!strncmp(s, "node:", 5))
		return check_node("membind=node:", s + 5, err, len);
	snprintf(err, len, "membind=%s: accepted values: local node:N interleave",
		 s);
	return -EINVAL;
}

/* First allowed PU inside a core, its OS index, or -1. */
static int first_pu(hwloc_obj_t core, hwloc_const_bitmap_t allow, int nth)
{
	hwloc_bitmap_t s = hwloc_bitmap_alloc();
	int i, pu;

	hwloc_bitmap_and(s, core->cpuset, allow);
	pu = hwloc_bitmap_first(s);
	for (i = 0; i < nth && pu >= 0; i++)
		pu = hwloc_bitmap_next(s, pu);
	hwloc_bitmap_free(s);
	return pu;
}

static int by_core(hwloc_const_bitmap_t allow, int nth, int *cpu, int n,
		   int max)
{
	hwloc_obj_t core = NULL;
	int pu;

	while ((core = hwloc_get_next_obj_by_type(topo, HWLOC_OBJ_CORE, core)) &&
	       n < max)
		if ((pu = first_pu(core, allow, nth)) >= 0)
			cpu[n++] = pu;
	return n;
}

/* One core of each package in turn: spread over sockets first. */
static int by_package(hwloc_const_bitmap_t allow, int *cpu, int max)
{
	int npkg = hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PACKAGE);
	int k, p, n = 0, added = 1;

	if (npkg < 1)
		return by_core(allow, 0, cpu, 0, max);
	for (k = 0; added && n < max; k++) {
		added = 0;
		for (p = 0; p < npkg && n < max; p++) {
			hwloc_obj_t pkg = hwloc_get_obj_by_type(topo,
						HWLOC_OBJ_PACKAGE, p);
			hwloc_obj_t core = hwloc_get_obj_inside_cpuset_by_type(
				topo, pkg->cpuset, HWLOC_OBJ_CORE, k);
			int pu = core ? first_pu(core, allow, 0) : -1;

			if (core)
				added = 1;
			if (pu >= 0)
				cpu[n++] = pu;
		}
	}
	return n;
}

static int candidates(const struct point *pt, hwloc_bitmap_t allow,
		      int *cpu, int max)
{
	int n = 0, i, pu;

	if (pt->cpus[0]) {
		hwloc_bitmap_t s = hwloc_bitmap_alloc();

		hwloc_bitmap_list_sscanf(s, pt->cpus);
		hwloc_bitmap_and(s, s, allow);
		hwloc_bitmap_foreach_begin(pu, s)
			if (n < max)
				cpu[n++] = pu;
		hwloc_bitmap_foreach_end();
		hwloc_bitmap_free(s);
		return n;
	}
	switch (pt->place) {
	case PLACE_CORE:
		return by_core(allow, 0, cpu, 0, max);
	case PLACE_SCATTER:
		return by_package(allow, cpu, max);
	case PLACE_PU:
		/* Every core once before any SMT sibling. */
		for (i = 0; i < 64; i++) {
			int before = n;

			n = by_core(allow, i, cpu, n, max);
			if (n == before)
				break;
		}
		return n;
	}
	for (i = 0; i < hwloc_get_nbobjs_by_type(topo, HWLOC_OBJ_PU); i++) {
		hwloc_obj_t o = hwloc_get_obj_by_type(topo, HWLOC_OBJ_PU, i);

		if (hwloc_bitmap_isset(allow, o->os_index) && n < max)
			cpu[n++] = o->os_index;
	}
	return n;
}

static const char *const place_names[] = { "core", "pu", "compact", "scatter" };

int place_plan(const struct point *pt, struct plan *pl, char *err,
	       size_t len)
{
	hwloc_bitmap_t allow;
	char have[256] = "";
	int n, i;

	memset(pl, 0, sizeof(*pl));
	if (topo_get()) {
		snprintf(err, len, "hwloc cannot read the topology");
		return -EINVAL;
	}
	allow = hwloc_bitmap_dup(hwloc_topology_get_allowed_cpuset(topo));
	if (pt->node >= 0)
		hwloc_bitmap_and(allow, allow, node_obj(pt->node)->cpuset);
	n = candidates(pt, allow, pl->cpu, PLACE_MAX_TASKS);
	for (i = 0; i < n; i++)
		snprintf(have + strlen(have), sizeof(have) - strlen(have),
			 "%s%d", i ? "," : "", pl->cpu[i]);
	hwloc_bitmap_free(allow);
	if (!n) {
		snprintf(err, len, "no CPU left by cpus=%s node=%d",
			 pt->cpus[0] ? pt->cpus : "(all)", pt->node);
		return -EINVAL;
	}
	pl->ntasks = pt->tasks ? (int)pt->tasks : n;
	if (pl->ntasks > n) {
		snprintf(err, len, "tasks=%u: more tasks than the %d CPU%s placed by %s%s (%s)",
			 pt->tasks, n, n == 1 ? "" : "s",
			 pt->cpus[0] ? "cpus=" : "place=",
			 pt->cpus[0] ? pt->cpus : place_names[pt->place], have);
		return -EINVAL;
	}
	pl->membind = !strncmp(pt->membind, "node:", 5) ? MB_NODE :
		      !strcmp(pt->membind, "interleave") ? MB_INTERLEAVE :
							    MB_LOCAL;
	pl->node = pl->membind == MB_NODE ? atoi(pt->membind + 5) : -1;
	return 0;
}

int place_bind(const struct plan *pl, int task)
{
	hwloc_obj_t pu = hwloc_get_pu_obj_by_os_index(topo, pl->cpu[task]);
	struct bitmask *bm;

	if (!pu)
		return -ENODEV;
	if (hwloc_set_cpubind(topo, pu->cpuset, HWLOC_CPUBIND_THREAD))
		return -errno;
	if (numa_available() < 0)
		return pl->membind == MB_LOCAL ? 0 : -EOPNOTSUPP;
	switch (pl->membind) {
	case MB_NODE:
		bm = numa_allocate_nodemask();
		numa_bitmask_setbit(bm, pl->node);
		numa_set_membind(bm);
		numa_free_nodemask(bm);
		break;
	case MB_INTERLEAVE:
		numa_set_interleave_mask(numa_all_nodes_ptr);
		break;
	default:
		numa_set_localalloc();
	}
	return 0;
}

struct place_saved {
	hwloc_bitmap_t cpus;
	int mode;
	unsigned long mask[16];
};

struct place_saved *place_save(void)
{
	struct place_saved *s;

	if (topo_get())
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->cpus = hwloc_bitmap_alloc();
	hwloc_get_cpubind(topo, s->cpus, HWLOC_CPUBIND_THREAD);
	if (get_mempolicy(&s->mode, s->mask, sizeof(s->mask) * 8, NULL, 0))
		s->mode = -1;
	return s;
}

void place_restore(struct place_saved *s)
{
	if (!s)
		return;
	hwloc_set_cpubind(topo, s->cpus, HWLOC_CPUBIND_THREAD);
	if (s->mode >= 0)
		set_mempolicy(s->mode, s->mask, sizeof(s->mask) * 8);
	hwloc_bitmap_free(s->cpus);
	free(s);
}

#define CHECK_PAGES 64

int place_check_memory(const struct plan *pl, int cpu, const void *base,
		       size_t len, struct json_object **json, char *msg,
		       size_t msglen)
{
	void *pages[CHECK_PAGES];
	int status[CHECK_PAGES], count[CHECK_PAGES] = { 0 }, want, i, n;
	int present = 0, wrong = 0;
	size_t step;
	struct json_object *nodes;
	char exp[32];

	*json = NULL;
	n = len / PAGE_4K < CHECK_PAGES ? (int)(len / PAGE_4K) : CHECK_PAGES;
	if (!base || n < 1 || numa_available() < 0)
		return 0;
	step = len / n & ~(PAGE_4K - 1);
	for (i = 0; i < n; i++)
		pages[i] = (char *)base + i * step;
	if (move_pages(0, n, pages, NULL, status, 0))
		return -errno;
	want = pl->membind == MB_NODE ? pl->node :
	       pl->membind == MB_LOCAL ? numa_node_of_cpu(cpu) : -1;
	for (i = 0; i < n; i++) {
		if (status[i] < 0)
			continue;	/* not present: zapped, swapped */
		present++;
		if (status[i] < CHECK_PAGES)
			count[status[i]]++;
		if (want >= 0 && status[i] != want)
			wrong++;
	}
	if (pl->membind == MB_INTERLEAVE)
		snprintf(exp, sizeof(exp), "interleave");
	else
		snprintf(exp, sizeof(exp), "node %d", want);
	*json = json_object_new_object();
	json_object_object_add(*json, "checked", json_object_new_int(present));
	json_object_object_add(*json, "expected", json_object_new_string(exp));
	nodes = json_object_new_object();
	for (i = 0; i < CHECK_PAGES; i++) {
		char k[16];

		if (!count[i])
			continue;
		snprintf(k, sizeof(k), "%d", i);
		json_object_object_add(nodes, k, json_object_new_int(count[i]));
	}
	json_object_object_add(*json, "nodes", nodes);
	if (!wrong)
		return 0;
	snprintf(msg, msglen, "memory placement: %d of %d sampled pages not on %s",
		 wrong, present, exp);
	return -EFAULT;
}
