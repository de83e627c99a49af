// SPDX-License-Identifier: GPL-2.0
/*
 * Typed, bounded parameters and their sweeps.  The command line and the
 * .wl files go through the same functions, so a workload line means
 * exactly what it would mean typed by hand.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "observe/counters.h"
#include "core/param.h"
#include "place/place.h"
#include "mm/thp.h"
#include "core/util.h"

#define MAX_POINTS	100000
#define NCOMMON		6	/* ARRAY_SIZE(common_params) */

static const char *const task_modes[] = { "process", "thread", NULL };
static const char *const places[] = { "core", "pu", "compact", "scatter",
				      NULL };

/* The harness's parameters of every benchmark that sweep; spec->common. */
static const struct param common_params[] = {
	{ .name = "reps", .type = PT_UINT, .def = "10", .min = 1,
	  .max = 100000, .help = "timed repetitions per point" },
	{ .name = "warmup", .type = PT_UINT, .def = "3", .min = 0,
	  .max = 1000, .help = "untimed repetitions before them" },
	{ .name = "tasks", .type = PT_UINT, .def = "1", .min = 1,
	  .max = PLACE_MAX_TASKS, .all_zero = true,
	  .help = "tasks running the benchmark at once; all = one per placed CPU" },
	{ .name = "task-mode", .type = PT_ENUM, .def = "process",
	  .choices = task_modes,
	  .help = "process: an mm each; thread: one mm shared" },
	{ .name = "place", .type = PT_ENUM, .def = "core", .choices = places,
	  .help = "core: one PU per core; pu: every PU, SMT last; compact; scatter: across packages" },
	{ .name = "counted", .type = PT_UINT, .def = "1", .min = 0,
	  .max = 1000,
	  .help = "reps that count the events firing per fault, before the timed ones; 0 counts them in the timed reps" },
};

int param_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	int shift;

	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno)
		return -ERANGE;
	switch (toupper((unsigned char)*end)) {
	case '\0': shift = 0; end--; break;
	case 'K': shift = 10; break;
	case 'M': shift = 20; break;
	case 'G': shift = 30; break;
	case 'T': shift = 40; break;
	default: return -EINVAL;
	}
	/* Accept "2M", "2MB", "2MiB"; nothing else may follow. */
	end++;
	if (shift && (!strcasecmp(end, "B") || !strcasecmp(end, "iB")))
		end += strlen(end);
	if (*end)
		return -EINVAL;
	if (v > (~0ULL >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

const char *param_choice(const struct param *p, int i)
{
	if (p->rows)
		return *(const char *const *)((const char *)p->rows +
					      i * p->row_size);
	return p->choices[i];
}

const char *param_choice_help(const struct param *p, int i)
{
	if (!p->rows)
		return NULL;
	return *((const char *const *)((const char *)p->rows +
				       i * p->row_size) + 1);
}

/* An existing directory, made absolute so a sample names it exactly. */
static int parse_path(const struct param *p, const char *s, struct pval *out,
		      char *err, size_t errlen)
{
	char *abs = realpath(s, NULL);
	struct stat st;
	int ret = -EINVAL;

	if (!abs || stat(abs, &st)) {
		snprintf(err, errlen, "%s=%s: %s", p->name, s,
			 strerror(errno));
		goto out;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(err, errlen, "%s=%s: not a directory", p->name, s);
		goto out;
	}
	if (strlen(abs) >= sizeof(out->text)) {
		snprintf(err, errlen, "%s=%s: path longer than %zu characters",
			 p->name, s, sizeof(out->text) - 1);
		goto out;
	}
	snprintf(out->text, sizeof(out->text), "%s", abs);
	ret = 0;
out:
	free(abs);
	return ret;
}

static int parse_one(const struct param *p, const char *s, struct pval *out,
		     char *err, size_t errlen)
{
	unsigned long long u;
	char *end;
	int i, ret;

	memset(out, 0, sizeof(*out));
	switch (p->type) {
	case PT_SIZE:
	case PT_BYTES:
		ret = param_parse_size(s, &out->num);
		if (ret) {
			snprintf(err, errlen, "%s=%s: not a size (use 4K, 64K, 2M, 1G)",
				 p->name, s);
			return -EINVAL;
		}
		if (p->type == PT_SIZE && (out->num & (out->num - 1))) {
			snprintf(err, errlen, "%s=%s: not a power of two",
				 p->name, s);
			return -EINVAL;
		}
		if (out->num % PAGE_4K || !out->num) {
			snprintf(err, errlen, "%s=%s: not a multiple of 4K",
				 p->name, s);
			return -EINVAL;
		}
		util_fmt_size(out->num, out->text, sizeof(out->text));
		break;
	case PT_UINT:
		if (p->all_zero && !strcmp(s, "all")) {
			snprintf(out->text, sizeof(out->text), "all");
			return 0;
		}
		errno = 0;
		u = strtoull(s, &end, 10);
		if (!isdigit((unsigned char)*s) || *end || errno) {
			snprintf(err, errlen, "%s=%s: not a whole number",
				 p->name, s);
			return -EINVAL;
		}
		out->num = u;
		snprintf(out->text, sizeof(out->text), "%llu", u);
		break;
	case PT_PATH:
		return parse_path(p, s, out, err, errlen);
	case PT_ENUM:
		for (i = 0; param_choice(p, i); i++) {
			if (!strcmp(s, param_choice(p, i))) {
				out->num = i;
				snprintf(out->text, sizeof(out->text), "%s", s);
				return 0;
			}
		}
		ret = snprintf(err, errlen, "%s=%s: accepted values:",
			       p->name, s);
		for (i = 0; param_choice(p, i) && ret < (int)errlen; i++)
			ret += snprintf(err + ret, errlen - ret, " %s",
					param_choice(p, i));
		return -EINVAL;
	}
	if (out->num < p->min || (p->max && out->num > p->max)) {
		char lo[32], hi[32];

		if (p->type == PT_UINT) {
			snprintf(lo, sizeof(lo), "%llu", (unsigned long long)p->min);
			snprintf(hi, sizeof(hi), "%llu", (unsigned long long)p->max);
		} else {
			util_fmt_size(p->min, lo, sizeof(lo));
			util_fmt_size(p->max, hi, sizeof(hi));
		}
		if (p->max)
			snprintf(err, errlen, "%s=%s: out of range %s..%s",
				 p->name, s, lo, hi);
		else
			snprintf(err, errlen, "%s=%s: below the minimum %s",
				 p->name, s, lo);
		return -EINVAL;
	}
	return 0;
}

int param_parse_value(const struct param *p, const char *s, struct pval *out,
		      char *err, size_t errlen)
{
	return parse_one(p, s, out, err, errlen);
}

static const struct param *find_param(const struct bench *b, const char *name,
				      int *idx)
{
	int i;

	for (i = 0; b->params[i].name; i++) {
		if (!strcmp(b->params[i].name, name)) {
			*idx = i;
			return &b->params[i];
		}
	}
	for (i = 0; i < (int)ARRAY_SIZE(common_params); i++) {
		if (!strcmp(common_params[i].name, name)) {
			*idx = -1 - i;
			return &common_params[i];
		}
	}
	return NULL;
}

static const struct param *find_common(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(common_params); i++)
		if (!strcmp(name, common_params[i].name))
			return &common_params[i];
	return NULL;
}

static char *spec_slot(struct spec *spec, int idx)
{
	if (idx >= 0)
		return spec->vals[idx];
	return spec->common[-1 - idx];
}

static void list_params(const struct bench *b, char *buf, size_t size)
{
	size_t off = 0;
	int i;

	for (i = 0; b->params[i].name && off < size; i++)
		off += snprintf(buf + off, size - off, "%s ", b->params[i].name);
	for (i = 0; i < (int)ARRAY_SIZE(common_params) && off < size; i++)
		off += snprintf(buf + off, size - off, "%s ",
				common_params[i].name);
	if (off < size)
		snprintf(buf + off, size - off,
			 "events profile cpus node membind");
}

bool param_is_harness(const char *name)
{
	static const char *const lists[] = {
		"events", "profile", "cpus", "node", "membind",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(common_params); i++)
		if (!strcmp(name, common_params[i].name))
			return true;
	for (i = 0; i < ARRAY_SIZE(lists); i++)
		if (!strcmp(name, lists[i]))
			return true;
	return false;
}

/*
 * events= is one comma list of counters, not a sweep; profile= is 0 or
 * 1.  Both belong to the harness, like reps= and warmup=.
 */
static int spec_set_harness(struct spec *spec, const char *name,
			    const char *val, char *err, size_t errlen)
{
	if (!strcmp(name, "cpus")) {
		if (strlen(val) >= sizeof(spec->cpus) ||
		    place_check_cpus(val, err, errlen))
			return -EINVAL;
		snprintf(spec->cpus, sizeof(spec->cpus), "%s", val);
		return 0;
	}
	if (!strcmp(name, "node")) {
		if (place_check_node(val, err, errlen))
			return -EINVAL;
		spec->node = atoi(val);
		return 0;
	}
	if (!strcmp(name, "membind")) {
		if (strlen(val) >= sizeof(spec->membind) ||
		    place_check_membind(val, err, errlen))
			return -EINVAL;
		snprintf(spec->membind, sizeof(spec->membind), "%s", val);
		return 0;
	}
	if (!strcmp(name, "profile")) {
		if (strcmp(val, "0") && strcmp(val, "1")) {
			snprintf(err, errlen, "profile=%s: accepted values: 0 1",
				 val);
			return -EINVAL;
		}
		spec->profile = val[0] == '1';
		return 0;
	}
	if (strlen(val) >= sizeof(spec->events)) {
		snprintf(err, errlen, "events: list too long");
		return -EINVAL;
	}
	if (counters_check(val, err, errlen))
		return -EINVAL;
	snprintf(spec->events, sizeof(spec->events), "%s", val);
	return 0;
}

/* Check each comma-separated value now, so errors name the token. */
static int check_list(const struct param *p, const char *list, char *err,
		      size_t errlen)
{
	char buf[256], *tok, *save;
	struct pval v;

	snprintf(buf, sizeof(buf), "%s", list);
	if (!*buf || strstr(list, ",,") || list[strlen(list) - 1] == ',') {
		snprintf(err, errlen, "%s=%s: empty value", p->name, list);
		return -EINVAL;
	}
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (p->thp_sizes && (!strcmp(tok, "all") || !strcmp(tok, "pmd")))
			continue;
		if (parse_one(p, tok, &v, err, errlen))
			return -EINVAL;
	}
	return 0;
}

static int spec_set(struct spec *spec, const char *kv, bool must_exist,
		    char *err, size_t errlen)
{
	const struct param *p;
	char name[64];
	const char *eq;
	int idx;

	eq = strchr(kv, '=');
	if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof(name)) {
		snprintf(err, errlen, "'%s': expected name=value", kv);
		return -EINVAL;
	}
	memcpy(name, kv, eq - kv);
	name[eq - kv] = '\0';
	if (param_is_harness(name) && !find_common(name))
		return spec_set_harness(spec, name, eq + 1, err, errlen);
	p = find_param(spec->bench, name, &idx);
	if (!p) {
		char list[256];

		if (!must_exist)
			return 0;
		list_params(spec->bench, list, sizeof(list));
		snprintf(err, errlen, "%s: unknown parameter '%s'; accepted: %s",
			 spec->bench->name, name, list);
		return -EINVAL;
	}
	if (strlen(eq + 1) >= sizeof(spec->common[0])) {
		snprintf(err, errlen, "%s: value too long", name);
		return -EINVAL;
	}
	if (check_list(p, eq + 1, err, errlen))
		return -EINVAL;
	snprintf(spec_slot(spec, idx), sizeof(spec->common[0]), "%s", eq + 1);
	return 0;
}

int spec_parse(int argc, char *const argv[], const char *origin,
	       struct spec *spec, char *err, size_t errlen)
{
	int i;

	memset(spec, 0, sizeof(*spec));
	spec->node = -1;
	snprintf(spec->origin, sizeof(spec->origin), "%s", origin);
	if (argc < 1) {
		snprintf(err, errlen, "no benchmark named (see 'mmbench list')");
		return -EINVAL;
	}
	spec->bench = bench_find(argv[0]);
	if (!spec->bench) {
		size_t off;

		off = snprintf(err, errlen, "unknown benchmark '%s'; known:",
			       argv[0]);
		for (i = 0; benches[i] && off < errlen; i++)
			off += snprintf(err + off, errlen - off, " %s",
					benches[i]->name);
		return -EINVAL;
	}
	for (i = 1; i < argc; i++)
		if (spec_set(spec, argv[i], true, err, errlen))
			return -EINVAL;
	return 0;
}

int spec_override(struct spec *spec, const char *kv, char *err, size_t errlen)
{
	return spec_set(spec, kv, false, err, errlen);
}

/* Values of one parameter, "all" expanded; returns count or -EINVAL. */
static int expand_list(const struct param *p, const char *list,
		       struct pval *out, int max, char *err, size_t errlen)
{
	char buf[256], *tok, *save;
	int n = 0, i, k;

	snprintf(buf, sizeof(buf), "%s", *list ? list : p->def);
	/* A path with no default and none given: unset, the benchmark's call. */
	if (p->type == PT_PATH && !*buf) {
		memset(out, 0, sizeof(*out));
		return 1;
	}
	for (tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (p->thp_sizes && !strcmp(tok, "all")) {
			uint64_t s[THP_MAX_SIZES];

			k = thp_sizes(s, THP_MAX_SIZES);
			for (i = 0; i < k && n < max; i++, n++) {
				out[n].num = s[i];
				util_fmt_size(s[i], out[n].text,
					      sizeof(out[n].text));
			}
			continue;
		}
		if (p->thp_sizes && !strcmp(tok, "pmd") && n < max) {
			/* 2M on x86-64 and arm64/4K, 512M on arm64/64K. */
			out[n].num = thp_pmd_size();
			if (!out[n].num) {
				snprintf(err, errlen, "%s=pmd: this kernel has no THP (no hpage_pmd_size)",
					 p->name);
				return -EINVAL;
			}
			util_fmt_size(out[n].num, out[n].text,
				      sizeof(out[n].text));
			n++;
			continue;
		}
		if (n >= max) {
			snprintf(err, errlen, "%s: more than %d values",
				 p->name, max);
			return -EINVAL;
		}
		if (parse_one(p, tok, &out[n++], err, errlen))
			return -EINVAL;
	}
	return n;
}

#define MAX_VALUES 64

int spec_expand(const struct spec *spec, struct point **pts, size_t *n,
		char *err, size_t errlen)
{
	const struct bench *b = spec->bench;
	static struct pval vals[MAX_PARAMS + NCOMMON][MAX_VALUES];
	int cnt[MAX_PARAMS + NCOMMON], cur[MAX_PARAMS + NCOMMON];
	int np, nall, i, k;
	size_t total = 1;
	struct point *p;

	for (np = 0; b->params[np].name; np++) {
		cnt[np] = expand_list(&b->params[np], spec->vals[np], vals[np],
				      MAX_VALUES, err, errlen);
		if (cnt[np] < 0)
			return -EINVAL;
	}
	for (i = 0; i < NCOMMON; i++) {
		cnt[np + i] = expand_list(&common_params[i], spec->common[i],
					  vals[np + i], MAX_VALUES, err, errlen);
		if (cnt[np + i] < 0)
			return -EINVAL;
	}
	nall = np + NCOMMON;
	for (i = 0; i < nall; i++) {
		total *= cnt[i];
		cur[i] = 0;
		if (total > MAX_POINTS) {
			snprintf(err, errlen, "sweep of more than %d points",
				 MAX_POINTS);
			return -EINVAL;
		}
	}
	/* A workload's lines add up: the bound is on the run, not a line. */
	if (*n + total > MAX_POINTS) {
		snprintf(err, errlen, "more than %d points in all", MAX_POINTS);
		return -EINVAL;
	}
	p = realloc(*pts, (*n + total) * sizeof(*p));
	if (!p) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	*pts = p;
	/* Odometer: the first parameter varies slowest. */
	for (;;) {
		struct point *pt = &p[(*n)++];

		memset(pt, 0, sizeof(*pt));
		pt->bench = b;
		snprintf(pt->origin, sizeof(pt->origin), "%s", spec->origin);
		for (i = 0; i < np; i++)
			pt->v[i] = vals[i][cur[i]];
		pt->reps = vals[np][cur[np]].num;
		pt->warmup = vals[np + 1][cur[np + 1]].num;
		pt->tasks = vals[np + 2][cur[np + 2]].num;
		pt->task_mode = vals[np + 3][cur[np + 3]].num;
		pt->place = vals[np + 4][cur[np + 4]].num;
		pt->counted = vals[np + 5][cur[np + 5]].num;
		snprintf(pt->events, sizeof(pt->events), "%s", spec->events);
		pt->profile = spec->profile;
		snprintf(pt->cpus, sizeof(pt->cpus), "%s", spec->cpus);
		snprintf(pt->membind, sizeof(pt->membind), "%s",
			 *spec->membind ? spec->membind : "local");
		pt->node = spec->node;
		for (k = nall - 1; k >= 0; k--) {
			if (++cur[k] < cnt[k])
				break;
			cur[k] = 0;
		}
		if (k < 0)
			break;
	}
	return 0;
}

void point_describe(const struct point *pt, char *buf, size_t size)
{
	const struct param *params = pt->bench->params;
	size_t off;
	int i;

	off = snprintf(buf, size, "%s", pt->bench->name);
	for (i = 0; params[i].name && off < size; i++)
		off += snprintf(buf + off, size - off, " %s=%s",
				params[i].name, pt->v[i].text);
	for (i = 0; i < NPLACE && off < size; i++) {
		const char *k, *v = point_place_param(pt, i, &k);

		if (v)
			off += snprintf(buf + off, size - off, " %s=%s", k, v);
	}
}

const char *point_place_param(const struct point *pt, int i,
			      const char **name)
{
	static char tasks[16], node[16];

	switch (i) {
	case 0:
		*name = "tasks";
		if (pt->tasks == 1)
			return NULL;
		snprintf(tasks, sizeof(tasks), "%u", pt->tasks);
		return pt->tasks ? tasks : "all";
	case 1:
		*name = "task-mode";
		return pt->task_mode ? task_modes[pt->task_mode] : NULL;
	case 2:
		*name = "place";
		return pt->place ? places[pt->place] : NULL;
	case 3:
		*name = "cpus";
		return pt->cpus[0] ? pt->cpus : NULL;
	case 4:
		*name = "node";
		snprintf(node, sizeof(node), "%d", pt->node);
		return pt->node >= 0 ? node : NULL;
	case 5:
		*name = "membind";
		return strcmp(pt->membind, "local") ? pt->membind : NULL;
	}
	return NULL;
}
