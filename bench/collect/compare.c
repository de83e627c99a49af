// SPDX-License-Identifier: GPL-2.0
/*
 * mmbench compare: match the runs' points by benchmark and parameters,
 * compute every metric's statistics and its change against the first
 * run, and list every setup difference that could explain a change.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/mmbench.h"
#include "collect/collect.h"

const char *coll_state_name(enum cstate st)
{
	static const char *const names[] = {
		[CS_OK] = "ok", [CS_MISSING] = "missing",
		[CS_FALLBACK] = "fallback", [CS_SKIPPED] = "skipped",
		[CS_FAILED] = "failed", [CS_NOMETRIC] = "no-metric",
		[CS_MISMATCH] = "unit-mismatch",
	};
	return names[st];
}

void coll_free_runs(struct crun *runs, size_t n)
{
	size_t i;

	for (i = 0; runs && i < n; i++)
		coll_free_run(&runs[i]);
	free(runs);
}

int coll_load_runs(char **dirs, int n, struct crun **out, FILE *err)
{
	struct crun *runs;
	int i, ret;

	*out = NULL;
	if (n > COLL_MAXRUNS) {
		fprintf(err, "mmbench: at most %d runs at once\n", COLL_MAXRUNS);
		return EXIT_USAGE;
	}
	runs = calloc(n, sizeof(*runs));
	if (!runs)
		return EXIT_FAIL;
	for (i = 0; i < n; i++) {
		runs[i].tag = coll_tag(i);
		runs[i].idx = i;
		ret = coll_read_run(dirs[i], &runs[i], err);
		if (ret) {
			coll_free_runs(runs, n);
			return ret == -ENOMEM ? EXIT_FAIL : EXIT_USAGE;
		}
	}
	for (i = 1; i < n; i++) {
		if (runs[i].icount != runs[0].icount) {
			fprintf(err, "mmbench: %s counts %s time but %s counts %s time; they cannot be compared\n",
				runs[0].dir, runs[0].icount ? "icount" : "wall",
				runs[i].dir, runs[i].icount ? "icount" : "wall");
			coll_free_runs(runs, n);
			return EXIT_USAGE;
		}
	}
	*out = runs;
	return EXIT_OK;
}

static enum cstate state_of(const struct cpoint *p, const struct cmetric *m,
			    const struct cmetric *def)
{
	if (!p)
		return CS_MISSING;
	if (p->failed && !p->samples)
		return CS_FAILED;
	if (p->skipped && !p->samples)
		return CS_SKIPPED;
	if (!m || !m->n)
		return CS_NOMETRIC;
	if (m->mixed || (def && (strcmp(m->unit, def->unit) ||
				 m->better != def->better ||
				 m->mean != def->mean)))
		return CS_MISMATCH;
	/* A fallen-back point measured another size: never compared. */
	if (p->fallbacks)
		return CS_FALLBACK;
	return CS_OK;
}

static int add_row(struct ccmp *c, const struct cpoint *p0,
		   const struct cmetric *m0)
{
	struct crow *rows = realloc(c->rows, (c->nrows + 1) * sizeof(*rows));
	struct crow *r;
	size_t i;
	int ret;

	if (!rows)
		return -ENOMEM;
	c->rows = rows;
	r = memset(&rows[c->nrows++], 0, sizeof(*r));
	r->def = m0;
	for (i = 0; i < c->nruns; i++) {
		const struct cpoint *p = i ? coll_find_point(&c->runs[i], p0->key)
					   : p0;
		const struct cmetric *m = p && m0 ?
			coll_find_metric(p, m0->name) : NULL;

		r->pt[i] = p;
		r->m[i] = m;
		r->st[i] = state_of(p, m, m0);
		if (m && m->n) {
			ret = coll_summary(m->v, m->n, m->mean, &r->s[i]);
			if (ret)
				return ret;
		}
		if (i && r->st[0] == CS_OK && r->st[i] == CS_OK) {
			ret = coll_change(m0->v, m0->n, m->v, m->n, m0->mean,
					  m0->better, c->ci, &r->c[i]);
			if (ret)
				return ret;
		}
	}
	return 0;
}

static int add_line(char ***v, size_t *n, char *s)
{
	char **nv;

	if (!s)
		return -ENOMEM;
	nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	*v = nv;
	nv[(*n)++] = s;
	return 0;
}

static char *xasprintf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

int coll_open(struct ccmp *c, char **dirs, int n, FILE *err)
{
	int ret = coll_load_runs(dirs, n, &c->runs, err);

	if (ret)
		return ret;
	c->nruns = n;
	ret = coll_match(c, err);
	if (ret)
		return ret == -ENODATA ? EXIT_USAGE : EXIT_FAIL;
	return 0;
}

int coll_match(struct ccmp *c, FILE *err)
{
	size_t i, j, k, shared = 0;
	int ret;

	for (j = 0; j < c->runs[0].np; j++) {
		const struct cpoint *p0 = &c->runs[0].p[j];

		for (i = 1; i < c->nruns; i++)
			if (coll_find_point(&c->runs[i], p0->key))
				break;
		shared += i < c->nruns;
		if (!p0->nm) {
			ret = add_row(c, p0, NULL);
			if (ret)
				return ret;
		}
		for (k = 0; k < p0->nm; k++) {
			ret = add_row(c, p0, &p0->m[k]);
			if (ret)
				return ret;
		}
	}
	for (i = 1; i < c->nruns; i++) {
		for (j = 0; j < c->runs[i].np; j++) {
			const struct cpoint *p = &c->runs[i].p[j];

			if (coll_find_point(&c->runs[0], p->key))
				continue;
			ret = add_line(&c->notes, &c->nnotes,
				       xasprintf("only in %c: %s %s",
						 c->runs[i].tag, p->bench,
						 p->params));
			if (ret)
				return ret;
		}
	}
	if (c->nruns > 1 && !shared) {
		fprintf(err, "mmbench: the runs share no benchmark point:");
		for (i = 0; i < c->nruns; i++)
			fprintf(err, " %s has %s (%zu points)%s", c->runs[i].dir,
				c->runs[i].p[0].bench, c->runs[i].np,
				i + 1 < c->nruns ? ";" : "\n");
		return -ENODATA;
	}
	return coll_setup_diffs(c);
}

void coll_free_cmp(struct ccmp *c)
{
	size_t i;

	for (i = 0; i < c->ndiffs; i++)
		free(c->diffs[i]);
	for (i = 0; i < c->nnotes; i++)
		free(c->notes[i]);
	free(c->diffs);
	free(c->notes);
	free(c->rows);
	c->rows = NULL;
	c->diffs = c->notes = NULL;
	c->nrows = c->ndiffs = c->nnotes = 0;
}

static void compare_usage(void)
{
	fprintf(stderr,
		"usage: mmbench compare RUN_A RUN_B [RUN_C..] [--format text|markdown|csv|json]\n"
		"                       [--ci welch|bootstrap] [--plot DIR]\n");
}

int cmd_compare(int argc, char **argv)
{
	const char *plot = NULL, *fmt = "text", *ci = "welch";
	struct ccmp c = { 0 };
	char *dirs[COLL_MAXRUNS + 1];
	int i, n = 0, code;
	enum cfmt f;

	for (i = 0; i < argc; i++) {
		const char **opt = !strcmp(argv[i], "--plot") ? &plot :
				   !strcmp(argv[i], "--format") ? &fmt :
				   !strcmp(argv[i], "--ci") ? &ci : NULL;

		if (opt) {
			if (++i == argc) {
				fprintf(stderr, "mmbench: %s needs a value\n",
					argv[i - 1]);
				return EXIT_USAGE;
			}
			*opt = argv[i];
		} else if (argv[i][0] == '-') {
			fprintf(stderr, "mmbench: compare: unknown option %s\n",
				argv[i]);
			compare_usage();
			return EXIT_USAGE;
		} else if (n <= COLL_MAXRUNS) {
			dirs[n++] = argv[i];
		}
	}
	if (coll_parse_format(fmt, &f)) {
		fprintf(stderr, "mmbench: --format %s: use text, markdown, csv or json\n",
			fmt);
		return EXIT_USAGE;
	}
	if (strcmp(ci, "welch") && strcmp(ci, "bootstrap")) {
		fprintf(stderr, "mmbench: --ci %s: use welch or bootstrap\n", ci);
		return EXIT_USAGE;
	}
	c.ci = ci[0] == 'b' ? COLL_BOOTSTRAP : COLL_WELCH;
	if (n < 2) {
		fprintf(stderr, "mmbench: compare needs at least two results directories\n");
		compare_usage();
		return EXIT_USAGE;
	}
	code = coll_open(&c, dirs, n, stderr);
	if (!code && coll_print(&c, f, stdout))
		code = EXIT_FAIL;
	else if (!code && plot && (i = coll_plot(&c, plot, stderr)))
		code = i == -ENOENT ? EXIT_SKIP : EXIT_FAIL;
	coll_free_cmp(&c);
	coll_free_runs(c.runs, c.nruns);
	return code;
}
