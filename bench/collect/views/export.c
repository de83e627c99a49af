// SPDX-License-Identifier: GPL-2.0
/* The comparison as markdown, csv and json: full precision, no wrapping. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "collect/model/text.h"
#include "collect/views/disturbed.h"
#include "collect/views/export.h"
#include "collect/views/sensitivity.h"
#include "collect/views/words.h"

static void fmt_num(char *buf, size_t size, double x)
{
	if (isfinite(x))
		snprintf(buf, size, "%.6g", x);
	else
		buf[0] = '\0';
}

/* The cells of one run's row, shared by markdown and csv. */
struct cells {
	char n[24], mean[32], median[32], sd[32], cv[32], rel[32], lo[32],
	     hi[32], det[32], why[1024], dist[24], wmax[32], dmark[32];
	const char *sig;
};

static void cells_of(const struct crow *r, size_t i, struct cells *x)
{
	const struct csum *s = &r->s[i];
	const struct cchange *ch = &r->c[i];
	double pct, wmax;
	int k;

	memset(x, 0, sizeof(*x));
	x->sig = "";
	if (coll_dfigures(r->pt[i], &k, &wmax)) {
		snprintf(x->dist, sizeof(x->dist), "%d", k);
		fmt_num(x->wmax, sizeof(x->wmax), wmax);
	}
	coll_dmark(r->pt[i], x->dmark, sizeof(x->dmark));
	if (s->n) {
		snprintf(x->n, sizeof(x->n), "%zu", s->n);
		fmt_num(x->mean, sizeof(x->mean), s->mean);
		fmt_num(x->median, sizeof(x->median), s->median);
		fmt_num(x->sd, sizeof(x->sd), s->sd);
		fmt_num(x->cv, sizeof(x->cv), s->cv * 100);
	}
	if (i && ch->valid)
		fmt_num(x->rel, sizeof(x->rel), ch->rel * 100);
	if (i && ch->have_ci) {
		fmt_num(x->lo, sizeof(x->lo), ch->lo * 100);
		fmt_num(x->hi, sizeof(x->hi), ch->hi * 100);
		x->sig = coll_sig_word(ch->sig);
	}
	if (i && coll_is_headline(r) &&
	    coll_detectable(r, i, &pct, x->why, sizeof(x->why)))
		fmt_num(x->det, sizeof(x->det), pct);
	coll_state_reason(r, i, x->why, sizeof(x->why));
}

/* Under the table, as in text: how small a change each run could see. */
static int markdown_sensitivity(const struct ccmp *c, FILE *out)
{
	char **lines = NULL;
	size_t i, k, n = 0;
	int ret = 0;

	/* the intro, as a sentence of its own */
	fprintf(out, "\nS%s.\n\n", COLL_SENS_INTRO + 1);
	for (i = 1; i < c->nruns && !ret; i++) {
		ret = coll_sensitivity(c, i, &lines, &n);
		if (!ret)
			fprintf(out, "- %c against %c could not have seen changes below\n",
				c->runs[i].tag, c->runs[0].tag);
		for (k = 0; k < n && !ret; k++)
			fprintf(out, "  - %s\n", lines[k]);
		coll_free_lines(lines, n);
		lines = NULL;
		n = 0;
	}
	return ret;
}

int coll_print_markdown(const struct ccmp *c, FILE *out)
{
	size_t i, j;
	struct cells x;

	fprintf(out, "Change of each run's mean against A; 95%% CI by %s.\n\n",
		coll_ci_name(c->ci));
	for (i = 0; i < c->nruns; i++)
		fprintf(out, "- **%c**: %s, kernel %s, `%s`\n", c->runs[i].tag,
			c->runs[i].label, c->runs[i].release, c->runs[i].dir);
	if (c->ndiffs)
		fprintf(out, "\nSetup differences that could explain a delta:\n\n");
	for (i = 0; i < c->ndiffs; i++)
		fprintf(out, "- `%s`\n", c->diffs[i]);
	fprintf(out, "\n| benchmark | metric | run | n | mean | median | stddev | cv %% | change %% | 95%% CI %% | |\n"
		"|---|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n");
	for (j = 0; j < c->nrows; j++) {
		const struct crow *r = &c->rows[j];

		if (r->same_as) {
			fprintf(out, "| %s %s | %s %s | | | | | | | | | the same values as %s |\n",
				r->pt[0]->bench, r->pt[0]->params, r->def->name,
				r->def->unit, r->same_as);
			continue;
		}
		for (i = 0; i < c->nruns; i++) {
			cells_of(r, i, &x);
			fprintf(out, "| %s %s | %s%s%s | %c | %s | %s | %s | %s | %s | %s | %s%s%s%s%s | %s%s%s%s%s |\n",
				r->pt[0]->bench, r->pt[0]->params,
				r->def ? r->def->name : "", r->def ? " " : "",
				r->def ? r->def->unit : "", c->runs[i].tag,
				x.n, x.mean, x.median, x.sd, x.cv, x.rel,
				*x.lo ? "[" : "", x.lo, *x.lo ? ", " : "",
				x.hi, *x.lo ? "]" : "", x.sig,
				*x.sig && *x.why ? "; " : "", x.why,
				(*x.sig || *x.why) && *x.dmark ? "; " : "",
				x.dmark);
		}
	}
	return c->nrows ? markdown_sensitivity(c, out) : 0;
}

/* csv: a quoted text field and its comma */
static void csv_str(FILE *out, const char *s)
{
	coll_csv_quote(out, s);
	fputc(',', out);
}

void coll_print_csv(const struct ccmp *c, FILE *out)
{
	struct cells x;
	size_t i, j;

	fprintf(out, "bench,params,metric,unit,better,mean_kind,run,label,kernel,state,n,mean,median,stddev,cv_pct,change_pct,ci_lo_pct,ci_hi_pct,significance,note,disturbed,wait_pct_max,ci_method,detectable_pct\n");
	for (j = 0; j < c->nrows; j++) {
		const struct crow *r = &c->rows[j];

		for (i = 0; i < c->nruns; i++) {
			cells_of(r, i, &x);
			csv_str(out, r->pt[0]->bench);
			csv_str(out, r->pt[0]->params);
			csv_str(out, r->def ? r->def->name : "");
			csv_str(out, r->def ? r->def->unit : "");
			csv_str(out, r->def ? coll_better_word(r->def) : "");
			csv_str(out, r->def ? coll_mean_word(r->def) : "");
			fprintf(out, "%c,", c->runs[i].tag);
			csv_str(out, c->runs[i].label);
			csv_str(out, c->runs[i].release);
			fprintf(out, "%s,%s,%s,%s,%s,%s,%s,%s,%s,%s,",
				coll_state_name(r->st[i]), x.n, x.mean,
				x.median, x.sd, x.cv, x.rel, x.lo, x.hi, x.sig);
			csv_str(out, x.why);
			fprintf(out, "%s,%s,%s,%s\n", x.dist, x.wmax,
				coll_ci_word(c->ci), x.det);
		}
	}
}

static struct json_object *jnum(double x)
{
	return isfinite(x) ? json_object_new_double(x) : NULL;
}

static struct json_object *json_row(const struct ccmp *c, const struct crow *r)
{
	struct json_object *o = json_object_new_object(), *a, *e;
	bool head = coll_is_headline(r);
	char why[1024];
	double pct;
	size_t i;

	json_object_object_add(o, "bench", json_object_new_string(r->pt[0]->bench));
	json_object_object_add(o, "params", json_object_new_string(r->pt[0]->params));
	if (r->def) {
		json_object_object_add(o, "metric", json_object_new_string(r->def->name));
		json_object_object_add(o, "unit", json_object_new_string(r->def->unit));
		json_object_object_add(o, "better", json_object_new_string(coll_better_word(r->def)));
		json_object_object_add(o, "mean", json_object_new_string(coll_mean_word(r->def)));
	}
	json_object_object_add(o, "headline", json_object_new_boolean(head));
	if (r->same_as)
		json_object_object_add(o, "same_as", json_object_new_string(r->same_as));
	a = json_object_new_array();
	for (i = 0; i < c->nruns; i++) {
		const struct csum *s = &r->s[i];
		const struct cchange *ch = &r->c[i];
		double wmax;
		int k;

		e = json_object_new_object();
		json_object_object_add(e, "run", json_object_new_string_len(&c->runs[i].tag, 1));
		json_object_object_add(e, "state", json_object_new_string(coll_state_name(r->st[i])));
		coll_state_reason(r, i, why, sizeof(why));
		if (*why)
			json_object_object_add(e, "note", json_object_new_string(why));
		if (s->n) {
			json_object_object_add(e, "n", json_object_new_int64(s->n));
			json_object_object_add(e, "mean", jnum(s->mean));
			json_object_object_add(e, "median", jnum(s->median));
			json_object_object_add(e, "stddev", jnum(s->sd));
			json_object_object_add(e, "cv", jnum(s->cv));
		}
		if (i && ch->valid)
			json_object_object_add(e, "change", jnum(ch->rel));
		if (i && ch->have_ci) {
			json_object_object_add(e, "ci_lo", jnum(ch->lo));
			json_object_object_add(e, "ci_hi", jnum(ch->hi));
			json_object_object_add(e, "significant", ch->sig ?
				json_object_new_string(coll_sig_word(ch->sig)) : NULL);
		}
		/* the point's sensitivity, on its headline row; null: not judged */
		if (i && head)
			json_object_object_add(e, "detectable_pct",
				coll_detectable(r, i, &pct, why, sizeof(why)) ?
				jnum(pct) : NULL);
		/* the point's disturbed samples; absent: not recorded */
		if (coll_dfigures(r->pt[i], &k, &wmax)) {
			json_object_object_add(e, "disturbed",
					       json_object_new_int(k));
			json_object_object_add(e, "wait_pct_max", jnum(wmax));
		}
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "runs", a);
	return o;
}

int coll_print_json(const struct ccmp *c, FILE *out)
{
	struct json_object *o = json_object_new_object(), *a;
	size_t i;

	json_object_object_add(o, "ci_method",
			       json_object_new_string(coll_ci_word(c->ci)));
	json_object_object_add(o, "ci_level", json_object_new_double(0.95));
	a = json_object_new_array();
	for (i = 0; i < c->nruns; i++) {
		struct json_object *e = json_object_new_object();
		const struct crun *r = &c->runs[i];

		json_object_object_add(e, "run", json_object_new_string_len(&r->tag, 1));
		json_object_object_add(e, "dir", json_object_new_string(r->dir));
		json_object_object_add(e, "label", json_object_new_string(r->label));
		json_object_object_add(e, "kernel", json_object_new_string(r->release));
		json_object_object_add(e, "status", json_object_new_string(r->status));
		json_object_object_add(e, "timebase", json_object_new_string(r->icount ? "icount" : "wall"));
		json_object_object_add(e, "bad_lines", json_object_new_int(r->bad));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "runs", a);
	a = json_object_new_array();
	for (i = 0; i < c->ndiffs; i++)
		json_object_array_add(a, json_object_new_string(c->diffs[i]));
	json_object_object_add(o, "setup_differences", a);
	a = json_object_new_array();
	for (i = 0; i < c->nnotes; i++)
		json_object_array_add(a, json_object_new_string(c->notes[i]));
	json_object_object_add(o, "notes", a);
	a = json_object_new_array();
	for (i = 0; i < c->nrows; i++)
		json_object_array_add(a, json_row(c, &c->rows[i]));
	json_object_object_add(o, "rows", a);
	fprintf(out, "%s\n", json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}
