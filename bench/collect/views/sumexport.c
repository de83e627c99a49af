// SPDX-License-Identifier: GPL-2.0
/* The summary as markdown and csv. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "collect/views/cell.h"
#include "collect/views/disturbed.h"
#include "collect/views/sensitivity.h"
#include "collect/views/sumexport.h"
#include "collect/views/sumnotes.h"
#include "collect/views/words.h"

/* s in a markdown table cell: | escaped */
static void md_str(FILE *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '|')
			fputc('\\', out);
		fputc(*s, out);
	}
}

void coll_md_runs(const struct ccmp *c, FILE *out)
{
	size_t i;

	for (i = 0; i < c->nruns; i++)
		fprintf(out, "- **%c**: %s, kernel %s, started %s, `%s`\n",
			c->runs[i].tag, *c->runs[i].label ? c->runs[i].label :
			"(no label)", c->runs[i].release, c->runs[i].started,
			c->runs[i].dir);
}

void coll_md_diffs(const struct ccmp *c, FILE *out)
{
	size_t i;

	for (i = 0; i < c->ndiffs; i++)
		fprintf(out, "- `%s`\n", c->diffs[i]);
	for (i = 0; i < c->nnotes; i++)
		fprintf(out, "- %s\n", c->notes[i]);
}

static void md_cell(const struct crow *r, size_t i, FILE *out)
{
	struct ccell x;

	coll_cell(r, i, &x);
	if (!x.ok) {
		fprintf(out, " %s |", x.state);
		return;
	}
	fprintf(out, " %s%s%s%s%s", x.mean, *x.ci ? " ± " : "", x.ci,
		*x.dist ? " " : "", x.dist);
	if (*x.chg)
		fprintf(out, " %s%s%s%s%s", *x.mark ? "**" : "", x.chg,
			*x.mark ? " " : "", x.mark, *x.mark ? "**" : "");
	fputs(" |", out);
}

static void md_reason(const struct ccmp *c, const struct csect *s, size_t i,
		      size_t b, size_t j, const char *why, void *ctx)
{
	fprintf(ctx, "- %c at %s%s%s: %s\n", c->runs[i].tag, s->b[b].r[j].val,
		s->nb > 1 ? " " : "", s->nb > 1 ? s->b[b].label : "", why);
}

static void md_section(const struct ccmp *c, const struct csect *s, FILE *out)
{
	char why[1024], m[256];
	size_t b, j, i;

	if (!s->def) {
		for (b = 0; b < s->nb; b++)
			for (j = 0; j < s->b[b].n; j++) {
				coll_state_reason(&c->rows[s->b[b].r[j].row], 0,
						  why, sizeof(why));
				fprintf(out, "- **%s** %s%s%s: %s\n", s->bench,
					s->b[b].r[j].val, *s->b[b].key ? " " : "",
					s->b[b].key, why);
			}
		fputc('\n', out);
		return;
	}
	fprintf(out, "**%s** %s (%s)%s%s%s%s\n\n", s->bench, s->def->name,
		coll_metric_words(s->def, m, sizeof(m)),
		s->param ? ", by " : "", s->param ? s->param : "",
		*s->fixed ? "; " : "", s->fixed);
	fputc('|', out);
	if (s->nb > 1)
		fputs(" |", out);
	if (s->param)
		fprintf(out, " %s |", s->param);
	for (i = 0; i < c->nruns; i++) {
		fprintf(out, " %c ", c->runs[i].tag);
		md_str(out, c->runs[i].label);
		fputs(" |", out);
	}
	fprintf(out, "\n|%s%s", s->nb > 1 ? "---|" : "",
		!s->param ? "" : s->kind == CX_WORD ? "---|" : "--:|");
	for (i = 0; i < c->nruns; i++)
		fputs("--:|", out);
	fputc('\n', out);
	for (b = 0; b < s->nb; b++) {
		for (j = 0; j < s->b[b].n; j++) {
			const struct crow *r = &c->rows[s->b[b].r[j].row];

			fputc('|', out);
			if (s->nb > 1) {
				fputc(' ', out);
				md_str(out, j ? "" : s->b[b].label);
				fputs(" |", out);
			}
			if (s->param) {
				fputc(' ', out);
				md_str(out, s->b[b].r[j].val);
				fputs(" |", out);
			}
			if (s->b[b].r[j].twin) {
				fprintf(out, " the same values as %s |",
					s->b[b].r[j].twin);
				for (i = 1; i < c->nruns; i++)
					fputs(" |", out);
			} else {
				for (i = 0; i < c->nruns; i++)
					md_cell(r, i, out);
			}
			fputc('\n', out);
		}
	}
	fputc('\n', out);
	/* why cells are empty, once per run and reason */
	if (coll_each_reason(c, s, md_reason, out))
		fputc('\n', out);
}

int coll_md_tables(const struct ccmp *c, const struct cshape *sh, FILE *out)
{
	struct cdnote dn = { 0 };
	char note[512], *s;
	size_t k;

	for (k = 0; k < sh->ns; k++)
		md_section(c, &sh->s[k], out);
	coll_dnote_shape(c, sh, &dn);
	if (dn.marks)
		fprintf(out, "%s\n\n", coll_dnote_text(&dn, note, sizeof(note)));
	if (c->nruns < 2)
		return 0;
	fprintf(out, "%c%s\n\n", 'S', COLL_SENS_RANGE_INTRO + 1);
	for (k = 1; k < c->nruns; k++) {
		s = coll_sens_range(c, sh, k);
		if (!s)
			return -ENOMEM;
		fprintf(out, "- %s\n", s);
		free(s);
	}
	return 0;
}

int coll_summary_markdown(const struct ccmp *c, const struct cshape *sh,
			  FILE *out)
{
	if (c->nruns > 1)
		fprintf(out, "Each run's mean ± its 95%% CI; for later runs the change of the mean against A, **marked** ++ (better) or -- (worse) where its 95%% CI by %s excludes 0.\n\n",
			coll_ci_short(c->ci));
	else
		fprintf(out, "The run's mean ± its 95%% CI.\n\n");
	coll_md_runs(c, out);
	if (c->ndiffs || c->nnotes) {
		fprintf(out, "\nSetup differences that could explain a delta:\n\n");
		coll_md_diffs(c, out);
	}
	fputc('\n', out);
	return coll_md_tables(c, sh, out);
}

static void num(FILE *out, double x)
{
	if (isfinite(x))
		fprintf(out, ",%.6g", x);
	else
		fputc(',', out);
}

/* Run i's group of columns in row r's line. */
static void csv_run(const struct crow *r, size_t i, FILE *out)
{
	const struct cchange *ch = &r->c[i];
	bool ok = r->st[i] == CS_OK && r->s[i].n;
	double pct, wmax;
	char why[256];
	int k;

	fprintf(out, ",%s", coll_state_name(r->st[i]));
	if (ok)
		fprintf(out, ",%zu", r->s[i].n);
	else
		fputc(',', out);
	num(out, ok ? r->s[i].mean : NAN);
	num(out, ok && coll_mean_hw(r, i, &pct) ? pct : NAN);
	if (i) {
		num(out, ch->valid ? ch->rel * 100 : NAN);
		num(out, ch->have_ci ? ch->lo * 100 : NAN);
		num(out, ch->have_ci ? ch->hi * 100 : NAN);
		fprintf(out, ",%s", ch->have_ci ? coll_sig_word(ch->sig) : "");
		num(out, coll_detectable(r, i, &pct, why, sizeof(why)) ?
		    pct : NAN);
	}
	if (coll_dfigures(r->pt[i], &k, &wmax))
		fprintf(out, ",%d", k);
	else
		fputc(',', out);
	num(out, wmax);
}

int coll_summary_csv(const struct ccmp *c, const struct cshape *sh,
		     FILE *out)
{
	size_t k, b, j, i;

	fputs("bench,metric,unit,better,fixed,block,param,value,same_as", out);
	for (i = 0; i < c->nruns; i++) {
		fprintf(out, ",%c_state,%c_n,%c_mean,%c_ci_pct", c->runs[i].tag,
			c->runs[i].tag, c->runs[i].tag, c->runs[i].tag);
		if (i)
			fprintf(out, ",%c_change_pct,%c_ci_lo_pct,%c_ci_hi_pct,%c_significance,%c_detectable_pct",
				c->runs[i].tag, c->runs[i].tag, c->runs[i].tag,
				c->runs[i].tag, c->runs[i].tag);
		fprintf(out, ",%c_disturbed,%c_wait_pct_max", c->runs[i].tag,
			c->runs[i].tag);
	}
	fputc('\n', out);
	for (k = 0; k < sh->ns; k++) {
		const struct csect *s = &sh->s[k];

		for (b = 0; b < s->nb; b++) {
			for (j = 0; j < s->b[b].n; j++) {
				const struct crow *r = &c->rows[s->b[b].r[j].row];

				coll_csv_quote(out, s->bench);
				fputc(',', out);
				coll_csv_quote(out, s->def ? s->def->name : "");
				fputc(',', out);
				coll_csv_quote(out, s->def ? s->def->unit : "");
				fprintf(out, ",%s,", s->def ? coll_better_word(s->def) : "");
				coll_csv_quote(out, s->fixed);
				fputc(',', out);
				coll_csv_quote(out, s->b[b].label);
				fputc(',', out);
				coll_csv_quote(out, s->param ? s->param : "");
				fputc(',', out);
				coll_csv_quote(out, s->b[b].r[j].val);
				fputc(',', out);
				coll_csv_quote(out, r->same_as ? r->same_as : "");
				for (i = 0; i < c->nruns; i++)
					csv_run(r, i, out);
				fputc('\n', out);
			}
		}
	}
	return 0;
}
