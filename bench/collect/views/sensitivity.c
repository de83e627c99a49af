// SPDX-License-Identifier: GPL-2.0
/*
 * The smallest change each point of a comparison could have detected:
 * half the width of the 95% CI of the change of its headline metric.
 * Written per run against A, one line per benchmark, for the text and
 * markdown views; the exports carry the number per point.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/sensitivity.h"

/*
 * The reader keeps a point's metrics in the order its samples name
 * them, and rows follow that order: m[0] is the first metric the
 * benchmark records, its headline.
 */
bool coll_is_headline(const struct crow *r)
{
	return !r->def || r->def == r->pt[0]->m;
}

static const char *side_word(enum cstate st)
{
	switch (st) {
	case CS_MISSING:
		return "lacks it";
	case CS_FALLBACK:
		return "fell back";
	case CS_SKIPPED:
		return "skipped";
	case CS_FAILED:
		return "failed";
	case CS_NOMETRIC:
		return "has no values";
	case CS_MISMATCH:
		return "has another unit";
	default:
		return "";
	}
}

bool coll_detectable(const struct crow *r, size_t i, double *pct,
		     char *why, size_t size)
{
	const struct cchange *ch = &r->c[i];
	size_t k = r->st[0] != CS_OK ? 0 : i;

	if (r->st[k] != CS_OK) {
		snprintf(why, size, "%c %s", coll_tag(k), side_word(r->st[k]));
		return false;
	}
	if (!ch->valid) {
		snprintf(why, size, "no relative change");
		return false;
	}
	if (!ch->have_ci) {
		snprintf(why, size, "fewer than 2 samples");
		return false;
	}
	*pct = (ch->hi - ch->lo) / 2 * 100;
	if (!isfinite(*pct)) {
		snprintf(why, size, "CI unbounded");
		return false;
	}
	return true;
}

/* A half-width in percent: 2.1 0.6 0.04 0 123 */
static const char *hw(double x, char *buf, size_t size)
{
	if (x >= 99999.5)
		snprintf(buf, size, "%.0e", x);
	else if (x >= 99.95)
		snprintf(buf, size, "%.0f", x);
	else if (x >= 0.095)
		snprintf(buf, size, "%.1f", x);
	else
		snprintf(buf, size, "%.2g", x);
	return buf;
}

/* Row j is a headline row of the benchmark of row first. */
static bool in_group(const struct ccmp *c, size_t first, size_t j)
{
	return coll_is_headline(&c->rows[j]) &&
	       !strcmp(c->rows[j].pt[0]->bench, c->rows[first].pt[0]->bench);
}

/* Every point of the group has the parameter w: not worth naming. */
static bool common(const struct ccmp *c, size_t first, const char *w)
{
	size_t j;

	for (j = first; j < c->nrows; j++)
		if (in_group(c, first, j) &&
		    !coll_has_word(c->rows[j].pt[0]->params, w))
			return false;
	return true;
}

/*
 * Row j's point by the parameters that vary in its group ("" for the
 * only point; all of them where none varies but there are several), or
 * NULL.
 */
static char *point_name(const struct ccmp *c, size_t first, size_t j,
			size_t count)
{
	const char *params = c->rows[j].pt[0]->params;
	char *copy = strdup(params), *name = calloc(1, strlen(params) + 1);
	char *w, *save = NULL;

	if (!copy || !name) {
		free(copy);
		free(name);
		return NULL;
	}
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
		if (common(c, first, w))
			continue;
		if (*name)
			strcat(name, " ");
		strcat(name, w);
	}
	free(copy);
	if (!*name && count > 1)
		strcpy(name, params);
	return name;
}

/* Run i's line for the benchmark of row first, or NULL. */
static char *bench_line(const struct ccmp *c, size_t first, size_t i)
{
	const char *metric = NULL;
	size_t j, len, count = 0, judged = 0, unjudged = 0;
	char *s = NULL, *name, why[256], prev[256], num[32];
	double pct;
	FILE *f;

	for (j = first; j < c->nrows; j++) {
		if (!in_group(c, first, j))
			continue;
		count++;
		if (!metric && c->rows[j].def)
			metric = c->rows[j].def->name;
	}
	f = open_memstream(&s, &len);
	if (!f)
		return NULL;
	fprintf(f, "%s%s%s:", c->rows[first].pt[0]->bench, metric ? " " : "",
		metric ? metric : "");
	for (j = first; j < c->nrows; j++) {
		const struct crow *r = &c->rows[j];

		if (!in_group(c, first, j) ||
		    !coll_detectable(r, i, &pct, why, sizeof(why)))
			continue;
		name = point_name(c, first, j, count);
		if (!name)
			goto fail;
		fprintf(f, "%s %s%%", judged++ ? "," : "",
			hw(pct, num, sizeof(num)));
		if (*name)
			fprintf(f, " at %s", name);
		if (strcmp(r->def->name, metric))
			fprintf(f, " (%s)", r->def->name);
		free(name);
	}
	/* The points that could not be judged, each reason said once. */
	for (j = first; j < c->nrows; j++) {
		if (!in_group(c, first, j) ||
		    coll_detectable(&c->rows[j], i, &pct, why, sizeof(why)))
			continue;
		name = point_name(c, first, j, count);
		if (!name)
			goto fail;
		if (unjudged && strcmp(prev, why))
			fprintf(f, " (%s)", prev);
		fprintf(f, "%s %s", unjudged++ ? "," :
			judged ? "; could not judge" : " could not judge",
			*name ? name : "it");
		snprintf(prev, sizeof(prev), "%s", why);
		free(name);
	}
	if (unjudged)
		fprintf(f, " (%s)", prev);
	if (fclose(f)) {
		free(s);
		return NULL;
	}
	return s;
fail:
	fclose(f);
	free(s);
	return NULL;
}

int coll_sensitivity(const struct ccmp *c, size_t i, char ***lines,
		     size_t *n)
{
	size_t j, k;
	int ret;

	for (j = 0; j < c->nrows; j++) {
		if (!coll_is_headline(&c->rows[j]))
			continue;
		/* a benchmark's line is written at its first point */
		for (k = 0; k < j && !in_group(c, j, k); k++)
			;
		if (k < j)
			continue;
		ret = coll_add_line(lines, n, bench_line(c, j, i));
		if (ret)
			return ret;
	}
	return 0;
}
