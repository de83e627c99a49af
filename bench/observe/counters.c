// SPDX-License-Identifier: GPL-2.0
/*
 * Which events a point counts, what this machine can count and why not,
 * and the per-fault and per-page figures derived from the counts.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "observe/counters.h"
#include "observe/ctr.h"
#include "core/result.h"
#include "observe/tracefs.h"
#include "core/util.h"

/* What every benchmark counts unless its events= says otherwise. */
static const char *const harness_events[] = {
	"task-clock", "page-faults", "minor-faults", "context-switches",
	"cpu-migrations", "cycles", "instructions", "dTLB-load-misses",
	"dTLB-store-misses", NULL
};

static const char hint[] =
	"'mmbench events' lists the defaults and what this machine counts; "
	"'perf list' or libpfm4's showevtinfo names PMU events; "
	"tracepoints are subsystem:event as in /sys/kernel/tracing/events";

int counters_check(const char *list, char *err, size_t len)
{
	char buf[1024], *tok, *save;
	struct ctr c;
	int n = 0;

	if (strlen(list) >= sizeof(buf) || !*list || strstr(list, ",,") ||
	    list[strlen(list) - 1] == ',') {
		snprintf(err, len, "events=%.64s: empty or too long a list", list);
		return -EINVAL;
	}
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save), n++) {
		if (!strcmp(tok, "default"))
			continue;
		if (!strcmp(tok, "none")) {
			if (!strcmp(list, "none"))
				continue;
			snprintf(err, len, "events=: 'none' stands alone");
			return -EINVAL;
		}
		if (ctr_resolve(tok, &c) == -ENOENT) {
			snprintf(err, len, "events=: unknown event '%s'; %s",
				 tok, hint);
			return -EINVAL;
		}
	}
	if (n > CTR_MAX) {
		snprintf(err, len, "events=: more than %d events", CTR_MAX);
		return -EINVAL;
	}
	return 0;
}

static size_t add_names(char *buf, size_t size, size_t off,
			const char *const *names)
{
	for (; names && *names && off < size; names++)
		off += snprintf(buf + off, size - off, "%s%s", off ? "," : "",
				*names);
	return off;
}

void counters_list(const struct point *pt, char *buf, size_t size)
{
	char list[sizeof(pt->events)], *tok, *save;
	size_t off = 0;

	buf[0] = '\0';
	snprintf(list, sizeof(list), "%s", *pt->events ? pt->events : "default");
	/* What verify checks is counted even with events=none. */
	off = add_names(buf, size, off, pt->bench->verify_events);
	if (!strcmp(list, "none"))
		return;
	for (tok = strtok_r(list, ",", &save); tok && off < size;
	     tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "default")) {
			off += snprintf(buf + off, size - off, "%s%s",
					off ? "," : "", tok);
			continue;
		}
		off = add_names(buf, size, off, harness_events);
		off = add_names(buf, size, off, pt->bench->default_events);
	}
}

void counters_split(const char *list, char *timed, char *costly, size_t size)
{
	char buf[1024], *tok, *save;
	size_t t = 0, k = 0;
	struct ctr c;

	timed[0] = costly[0] = '\0';
	snprintf(buf, sizeof(buf), "%s", list);
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		/* Unknown here: the timed set records why, once. */
		bool cost = !ctr_resolve(tok, &c) && ctr_costly(&c);

		if (cost && k < size)
			k += snprintf(costly + k, size - k, "%s%s",
				      k ? "," : "", tok);
		else if (!cost && t < size)
			t += snprintf(timed + t, size - t, "%s%s",
				      t ? "," : "", tok);
	}
}

static struct json_object *event_json(const struct ctr *c)
{
	struct json_object *e = json_object_new_object();

	json_object_object_add(e, "status", json_object_new_string(
				       c->ok ? "ok" : "unsupported"));
	if (c->enc[0])
		json_object_object_add(e, "encoding",
				       json_object_new_string(c->enc));
	if (c->pmu[0])
		json_object_object_add(e, "pmu", json_object_new_string(c->pmu));
	if (!c->ok)
		json_object_object_add(e, "reason",
				       json_object_new_string(c->why));
	return e;
}

void counters_note(struct json_object *meta, const struct ctr_set *cs)
{
	struct json_object *events;
	bool told[CTR_MAX] = { 0 };
	int i, j;

	if (!json_object_object_get_ex(meta, "events", &events)) {
		events = json_object_new_object();
		json_object_object_add(meta, "events", events);
	}
	for (i = 0; i < cs->n; i++) {
		const struct ctr *c = &cs->c[i];
		size_t off;
		char line[1024];

		if (json_object_object_get_ex(events, c->name, NULL)) {
			told[i] = true;
			continue;
		}
		json_object_object_add(events, c->name, event_json(c));
		if (c->ok || told[i])
			continue;
		/* One line per reason: a VM without a PMU says it once. */
		off = snprintf(line, sizeof(line), "%s", c->name);
		for (j = i + 1; j < cs->n && off < sizeof(line); j++) {
			if (cs->c[j].ok || told[j] ||
			    strcmp(cs->c[j].why, c->why) ||
			    json_object_object_get_ex(events, cs->c[j].name, NULL))
				continue;
			told[j] = true;
			off += snprintf(line + off, sizeof(line) - off, ", %s",
					cs->c[j].name);
		}
		fprintf(stderr, "mmbench: not counted: %s: %s\n", line, c->why);
	}
}

static int cmp_json_str(const void *a, const void *b)
{
	return strcmp(json_object_get_string(*(struct json_object *const *)a),
		      json_object_get_string(*(struct json_object *const *)b));
}

static struct json_object *pmu_list(void)
{
	struct json_object *a = json_object_new_array();
	struct dirent *de;
	DIR *d;

	d = opendir("/sys/bus/event_source/devices");
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.')
			json_object_array_add(a, json_object_new_string(de->d_name));
	if (d)
		closedir(d);
	json_object_array_sort(a, cmp_json_str);
	return a;
}

static void probe_names(struct json_object *o, const char *const *names)
{
	struct ctr_set *cs;
	char list[1024] = "";
	int i;

	add_names(list, sizeof(list), 0, names);
	cs = calloc(1, sizeof(*cs));
	if (!cs || ctr_open(cs, list)) {
		free(cs);
		return;
	}
	for (i = 0; i < cs->n; i++)
		if (!json_object_object_get_ex(o, cs->c[i].name, NULL))
			json_object_object_add(o, cs->c[i].name,
					       event_json(&cs->c[i]));
	ctr_close(cs);
	free(cs);
}

struct json_object *counters_probe(void)
{
	struct json_object *o = json_object_new_object(), *d;
	const char *why = NULL, *dir = tracefs_dir(&why);
	uint64_t paranoid;
	int i;

	if (!util_read_u64("/proc/sys/kernel/perf_event_paranoid", &paranoid))
		json_object_object_add(o, "perf_event_paranoid",
				       json_object_new_int64((int64_t)paranoid));
	json_object_object_add(o, "pmus", pmu_list());
	json_object_object_add(o, "tracefs", json_object_new_string(
		dir ? dir : why));
	json_object_object_add(o, "tracefs_private_mount",
			       json_object_new_boolean(tracefs_private()));
	d = json_object_new_object();
	probe_names(d, harness_events);
	for (i = 0; benches[i]; i++)
		probe_names(d, benches[i]->default_events);
	json_object_object_add(o, "defaults", d);
	return o;
}

static void per(struct ctx *c, const char *name, const char *unit,
		enum better better, double num, double den)
{
	if (den > 0)
		sample_metric(c, name, unit, better, MEAN_ARITH, num / den);
}

void counters_derive(struct ctx *c, const struct ctr_set *cs)
{
	double cyc, ins, flt, tlb, pages = (double)c->bytes / PAGE_4K;
	bool have_cyc = ctr_kind_value(cs, CK_CYCLES, &cyc);
	bool have_ins = ctr_kind_value(cs, CK_INSNS, &ins);

	/*
	 * The counter saw every task of the benchmark, minflt only this
	 * one; fault counters live in the counted reps (counters_split).
	 */
	if (!ctr_kind_value(cs, CK_FAULTS, &flt) &&
	    !ctr_kind_value(c->counted, CK_FAULTS, &flt))
		flt = c->minflt;
	if (have_cyc) {
		per(c, "cycles_per_fault", "cycles", LOWER, cyc, flt);
		per(c, "cycles_per_4k", "cycles", LOWER, cyc, pages);
	}
	if (have_ins)
		per(c, "instructions_per_fault", "instructions", LOWER, ins, flt);
	if (have_cyc && have_ins && cyc > 0)
		sample_metric(c, "ipc", "instructions/cycle", HIGHER,
			      MEAN_HARMONIC, ins / cyc);
	if (ctr_kind_value(cs, CK_DTLB, &tlb))
		per(c, "dtlb_misses_per_4k", "misses", LOWER, tlb, pages);
}

static void print_event(const char *name, struct json_object *e)
{
	struct json_object *st, *detail;
	bool ok;

	json_object_object_get_ex(e, "status", &st);
	ok = !strcmp(json_object_get_string(st), "ok");
	if (!json_object_object_get_ex(e, ok ? "encoding" : "reason", &detail))
		detail = NULL;
	printf("%-34s %-12s %s\n", name, ok ? "ok" : "unsupported",
	       detail ? json_object_get_string(detail) : "");
}

int cmd_events(int argc, char **argv)
{
	struct json_object *o = counters_probe(), *d, *v;
	struct json_object_iter it;
	char err[1024];
	int i;

	for (i = 0; i < argc; i++) {
		if (counters_check(argv[i], err, sizeof(err))) {
			fprintf(stderr, "mmbench: %s\n", err);
			json_object_put(o);
			return EXIT_USAGE;
		}
	}
	if (json_object_object_get_ex(o, "perf_event_paranoid", &v))
		printf("perf_event_paranoid  %s\n", json_object_get_string(v));
	json_object_object_get_ex(o, "pmus", &v);
	printf("PMUs                ");
	for (i = 0; i < (int)json_object_array_length(v); i++)
		printf(" %s", json_object_get_string(
				json_object_array_get_idx(v, i)));
	printf("\n");
	json_object_object_get_ex(o, "tracefs", &v);
	printf("tracefs              %s%s\n", json_object_get_string(v),
	       tracefs_private() ? " (mounted privately by mmbench)" : "");
	printf("\n%-34s %-12s %s\n", "event", "status", "encoding or reason");
	if (argc) {
		d = json_object_new_object();
		for (i = 0; i < argc; i++) {
			const char *names[] = { argv[i], NULL };

			probe_names(d, names);
		}
		json_object_object_add(o, "asked", d);
	} else {
		json_object_object_get_ex(o, "defaults", &d);
	}
	json_object_object_foreachC(d, it)
		print_event(it.key, it.val);
	json_object_put(o);
	return EXIT_OK;
}
