// SPDX-License-Identifier: GPL-2.0
/*
 * The summary as text, 72 columns for a cover letter: a column per run,
 * a row per swept value, a block per setting of the fixed parameters,
 * their label left of the rows where it fits and above them where not.
 * Runs that do not fit across go into further tables, A first in each.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/cell.h"
#include "collect/views/disturbed.h"
#include "collect/views/sumexport.h"
#include "collect/views/sumnotes.h"
#include "collect/views/summary.h"
#include "collect/views/words.h"
#include "collect/views/wrap.h"

#define MAXVAL	16	/* widest swept value shown whole */
#define MINLAB	12	/* narrowest label column worth having */

struct lay {
	int w1;			/* block labels left of the rows; 0: above */
	int w2;			/* swept values */
	int lead;		/* where the first cell starts */
	int mw[COLL_MAXRUNS];	/* each run's means */
	int dw[COLL_MAXRUNS];	/* its disturbed marks, D3/10; 0: none */
	int cw, chw;		/* CIs, changes */
	size_t from, to;	/* later runs of this table: [from, to) */
};

/*
 * The width of run i's cells in bytes, the two of "±" counted: the lines
 * fit 72 bytes, and so 72 columns.
 */
static int cell_w(const struct lay *l, size_t i)
{
	return l->mw[i] + 3 + l->cw + (l->dw[i] ? 1 + l->dw[i] : 0) +
	       (i ? 1 + l->chw + 3 : 0);
}

static int imax(int a, int b)
{
	return a > b ? a : b;
}

/* Widths of every column over the rows of sh. */
static void measure(const struct ccmp *c, const struct cshape *sh,
		    struct lay *l)
{
	struct ccell x;
	size_t k, b, j, i;

	memset(l, 0, sizeof(*l));
	l->cw = 3;
	l->chw = 5;
	for (i = 0; i < c->nruns; i++)
		l->mw[i] = 5;
	for (k = 0; k < sh->ns; k++) {
		for (b = 0; sh->s[k].def && b < sh->s[k].nb; b++) {
			for (j = 0; j < sh->s[k].b[b].n; j++) {
				const struct crow *r = &c->rows[sh->s[k].b[b].r[j].row];

				l->w2 = imax(l->w2, strlen(sh->s[k].b[b].r[j].val));
				for (i = 0; i < c->nruns && !sh->s[k].b[b].r[j].twin; i++) {
					coll_cell(r, i, &x);
					l->mw[i] = imax(l->mw[i], strlen(x.mean));
					l->cw = imax(l->cw, strlen(x.ci));
					l->chw = imax(l->chw, strlen(x.chg));
					l->dw[i] = imax(l->dw[i], strlen(x.dist));
					/* a state fills the mean's and the CI's room */
					l->mw[i] = imax(l->mw[i], strlen(x.state) - 3 - l->cw);
				}
			}
		}
	}
	l->w2 = l->w2 > MAXVAL ? MAXVAL : l->w2;
}

/* The widest swept value of section s, at most MAXVAL. */
static int val_w(const struct csect *s)
{
	size_t b, j;
	int w = 0;

	for (b = 0; b < s->nb; b++)
		for (j = 0; j < s->b[b].n; j++)
			w = imax(w, strlen(s->b[b].r[j].val));
	return w > MAXVAL ? MAXVAL : w;
}

/* The width of section s's block labels, left of its values. */
static int label_w(const struct csect *s, const struct lay *l)
{
	return l->w1 ? l->lead - 2 - val_w(s) : 0;
}

/*
 * Where the cells of later runs [from, to) start: after the widest label
 * that fits beside its values, or after the values, labels above (w1 0).
 */
static void lay_out(const struct cshape *sh, struct lay *l)
{
	int room = COLL_COLS, want, lead = 2 + l->w2;
	size_t k, b, i;

	for (i = 0; i < l->to; i++)
		if (!i || i >= l->from)
			room -= 2 + cell_w(l, i);
	l->w1 = 1;
	for (k = 0; k < sh->ns; k++) {
		const struct csect *s = &sh->s[k];

		for (b = 0, want = 0; s->def && s->nb > 1 && b < s->nb; b++)
			want = imax(want, strlen(s->b[b].label));
		if (!want)
			continue;
		if (room - 2 - val_w(s) < MINLAB)
			l->w1 = 0;
		want = imax(MINLAB, want);
		lead = imax(lead, imax(want + 2 + val_w(s) > room ? room :
				       want + 2 + val_w(s), 0));
	}
	l->lead = l->w1 ? lead : 2 + l->w2;
}

static void col_heads(const struct ccmp *c, const struct lay *l, FILE *out)
{
	char line[512], name[64];
	size_t i, off;

	off = snprintf(line, sizeof(line), "%*s", l->lead, "");
	for (i = 0; i < l->to; i++) {
		int w = cell_w(l, i) - 1;

		if (i && i < l->from)
			continue;
		snprintf(name, sizeof(name), "%c %s", c->runs[i].tag,
			 c->runs[i].label);
		off += snprintf(line + off, sizeof(line) - off, "  %-*.*s ", w,
				w, name);
	}
	while (off > 0 && line[off - 1] == ' ')
		line[--off] = '\0';
	fprintf(out, "\n%s\n", line);
}

/* A cell in its width: mean ±CI[ D3/10][ change mark], or the state. */
static int cell_text(const struct crow *r, size_t i, const struct lay *l,
		     char *buf, size_t size)
{
	struct ccell x;
	int off;

	coll_cell(r, i, &x);
	if (!x.ok)
		return snprintf(buf, size, "  %-*s", cell_w(l, i) - 1, x.state);
	off = snprintf(buf, size, "  %*s %s%-*s", l->mw[i], x.mean,
		       *x.ci ? "±" : " ", l->cw, x.ci);
	if (l->dw[i] && off < (int)size)
		off += snprintf(buf + off, size - off, " %-*s", l->dw[i],
				x.dist);
	if (i && off < (int)size)
		off += snprintf(buf + off, size - off, " %*s %-2s", l->chw,
				x.chg, x.mark);
	return off;
}

/*
 * Line k of label s broken at spaces into lines of at most w, a word
 * longer than that cut; "" past its end.
 */
static const char *label_line(const char *s, int w, size_t k, char *buf,
			      size_t size)
{
	int len;

	buf[0] = '\0';
	if (w < 1)
		return buf;
	for (;;) {
		s += strspn(s, " ");
		len = strlen(s);
		if (len > w) {
			len = w;
			while (len > 0 && s[len] != ' ')
				len--;
			if (!len)
				len = w;
		}
		if (!*s || !k--)
			break;
		s += len;
	}
	snprintf(buf, size, "%.*s", len, s);
	return buf;
}

static void row_line(const struct ccmp *c, const struct csect *s,
		     const struct cblock *b, size_t j, const struct lay *l,
		     FILE *out)
{
	const struct crow *r = j < b->n ? &c->rows[b->r[j].row] : NULL;
	char line[512], v[MAXVAL + 1], lab[256];
	size_t i;
	int off;

	snprintf(v, sizeof(v), "%s", r ? b->r[j].val : "");
	label_line(l->w1 && s->nb > 1 ? b->label : "", label_w(s, l), j, lab,
		   sizeof(lab));
	off = snprintf(line, sizeof(line), "%-*s%*s", l->lead - val_w(s), lab,
		       s->kind == CX_WORD ? -val_w(s) : val_w(s), v);
	if (r && b->r[j].twin) {
		off += snprintf(line + off, sizeof(line) - off,
				"  the same values as %s", b->r[j].twin);
	} else {
		for (i = 0; r && i < l->to; i++)
			if (!i || i >= l->from)
				off += cell_text(r, i, l, line + off,
						 sizeof(line) - off);
	}
	while (off > 0 && line[off - 1] == ' ')
		line[--off] = '\0';
	fprintf(out, "%s\n", line);
}

/*
 * The fixed params of s worth saying: those the section before said, of
 * the same benchmark, are not said again.
 */
static void new_fixed(const struct csect *s, const struct csect *prev,
		      char *buf, size_t size)
{
	char *copy = strdup(s->fixed), *w, *save = NULL;
	size_t off = 0;

	buf[0] = '\0';
	if (!copy || !prev || strcmp(prev->bench, s->bench) || !prev->def) {
		snprintf(buf, size, "%s", s->fixed);
		free(copy);
		return;
	}
	for (w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save))
		if (!coll_has_word(prev->fixed, w) && off < size)
			off += snprintf(buf + off, size - off, "%s%s",
					off ? " " : "", w);
	free(copy);
}

static void section(const struct ccmp *c, const struct csect *s,
		    const struct csect *prev, const struct lay *l, FILE *out)
{
	char buf[2048], m[256], fixed[1024], lab[256];
	size_t b, j, lines;

	if (!s->def) {
		coll_sum_empty(c, s, !prev, out);
		return;
	}
	new_fixed(s, prev, fixed, sizeof(fixed));
	/* the first section sits right under the runs' column heads */
	if (prev)
		fputc('\n', out);
	/* sizes say what they are; other values need their name */
	snprintf(buf, sizeof(buf), "%s %s %s%s%s%s%s", s->bench, s->def->name,
		 coll_metric_words(s->def, m, sizeof(m)),
		 s->param && s->kind != CX_SIZE ? ", by " : "",
		 s->param && s->kind != CX_SIZE ? s->param : "",
		 *fixed ? "; " : "", fixed);
	coll_wrap(out, 0, 2, buf);
	for (b = 0; b < s->nb; b++) {
		if (s->nb > 1 && !l->w1)
			coll_wrap(out, 1, 3, s->b[b].label);
		lines = s->b[b].n;
		while (l->w1 && s->nb > 1 &&
		       *label_line(s->b[b].label, label_w(s, l), lines, lab,
				   sizeof(lab)))
			lines++;
		for (j = 0; j < lines; j++)
			row_line(c, s, &s->b[b], j, l, out);
	}
	coll_sum_reasons(c, s, l->from, l->to, out);
}

static int print_text(const struct ccmp *c, const struct cshape *sh,
		      FILE *out)
{
	struct cdnote dn = { 0 };
	struct lay l;
	char buf[1024], *s;
	size_t k;
	int w;

	if (c->nruns > 1)
		snprintf(buf, sizeof(buf),
			 "mmbench compare: each run's mean ± its 95%% CI; later runs: the change against A, ++ better or -- worse where its 95%% CI (%s) excludes 0; each benchmark's first metric (--metric NAME, --all)",
			 coll_ci_short(c->ci));
	else
		snprintf(buf, sizeof(buf),
			 "mmbench compare: the run's mean ± its 95%% CI; each benchmark's first metric (--metric NAME, --all)");
	coll_text_header(c, buf, false, out);
	measure(c, sh, &l);
	coll_dnote_shape(c, sh, &dn);
	/* as many later runs as fit across, then the next table */
	l.from = 1;
	do {
		w = 2 + l.w2 + 2 + cell_w(&l, 0);
		for (l.to = l.from; l.to < c->nruns; l.to++) {
			w += 2 + cell_w(&l, l.to);
			if (w > COLL_COLS && l.to > l.from)
				break;
		}
		l.to = l.to > c->nruns ? c->nruns : l.to;
		if (l.to == l.from)
			l.to = c->nruns > 1 ? l.from + 1 : 1;
		lay_out(sh, &l);
		col_heads(c, &l, out);
		for (k = 0; k < sh->ns; k++)
			section(c, &sh->s[k], k ? &sh->s[k - 1] : NULL, &l, out);
		l.from = l.to;
	} while (l.from < c->nruns);
	if (dn.marks)
		fputc('\n', out);
	coll_dnote_print(&dn, out);
	if (c->nruns < 2)
		return 0;
	fputc('\n', out);
	coll_wrap(out, 0, 0, COLL_SENS_RANGE_INTRO);
	for (k = 1; k < c->nruns; k++) {
		s = coll_sens_range(c, sh, k);
		if (!s)
			return -ENOMEM;
		coll_wrap(out, 2, 4, s);
		free(s);
	}
	return 0;
}

int coll_print_summary(const struct ccmp *c, const struct csel *sel,
		       enum cfmt f, FILE *out, FILE *err)
{
	struct cshape sh;
	int ret;

	if (f == CF_JSON)
		return coll_print(c, f, out);
	ret = coll_shape(c, sel, NULL, &sh);
	if (ret == -ENOENT)
		fprintf(err, "mmbench: --metric %s: no point has it\n",
			sel->metrics);
	if (ret)
		return ret;
	if (f == CF_MARKDOWN)
		ret = coll_summary_markdown(c, &sh, out);
	else if (f == CF_CSV)
		ret = coll_summary_csv(c, &sh, out);
	else
		ret = print_text(c, &sh, out);
	coll_free_shape(&sh);
	if (!ret && ferror(out))
		ret = -EIO;
	return ret;
}
