// SPDX-License-Identifier: GPL-2.0
/* The frame of a small-multiples graph: what panels.gp is told. */
#include <string.h>

#include "collect/views/frame.h"

void coll_gp_frame(FILE *f, const struct ccmp *c, const struct gp_files *gf,
		   const struct cframe *fr)
{
	size_t np = fr->npanels, cols = np <= 3 ? np : np == 4 ? 2 : 3;
	size_t rows = (np + cols - 1) / cols, i, len = 0, w, lines, krows;
	const char *names[COLL_MAXRUNS + 2];
	char q[1024], s[512];

	w = cols > 1 ? cols * 420 : 840;
	fprintf(f, "datafile = \"%s\"\nbase = \"%s\"\n", gf->dat, gf->base);
	fprintf(f, "npanels = %zu\nncols = %zu\nnrows = %zu\n", np, cols, rows);
	lines = coll_gp_lines(f, "title1", fr->title, w / 10) + 1;
	if (fr->subtitle) {
		coll_gp_str(q, sizeof(q), fr->subtitle);
		fprintf(f, "title2 = %s\n", q);
	} else {
		fprintf(f, "title2 = \"");
	}
	/* the runs, labels and kernels, broken where a line would be long */
	for (i = 0; !fr->subtitle && i < c->nruns; i++) {
		snprintf(s, sizeof(s), "%c: %s, kernel %s", c->runs[i].tag,
			 *c->runs[i].label ? c->runs[i].label : "(no label)",
			 *c->runs[i].release ? c->runs[i].release : "?");
		coll_gp_str(q, sizeof(q), s);
		if (i && len + strlen(q) > w / 9) {
			fprintf(f, "\\n");
			len = 0;
			lines++;
		} else if (i) {
			fprintf(f, "    ");
			len += 4;
		}
		fprintf(f, "%.*s", (int)strlen(q) - 2, q + 1);
		len += strlen(q) - 2;
	}
	fprintf(f, "%snseries = %zu\narray sname[%zu]\narray scolor_of[%zu]\n",
		fr->subtitle ? "" : "\"\n", fr->nkeys, fr->nkeys, fr->nkeys);
	for (i = 0; i < fr->nkeys && i < COLL_MAXRUNS; i++) {
		coll_gp_str(q, sizeof(q), fr->keys[i]);
		fprintf(f, "sname[%zu] = %s\nscolor_of[%zu] = %zu\n", i + 1, q,
			i + 1, fr->colors[i]);
		names[i] = fr->keys[i];
	}
	if (fr->extra_key)
		names[i++] = fr->extra_key;
	krows = coll_key_rows(names, i, w);
	/* the title's and the key's lines take room besides the panels */
	fprintf(f, "tlines = %zu\nkrows = %zu\nwidth = %zu\nheight = %zu\n",
		lines, krows, w,
		(cols > 1 ? rows * 300 + 80 : 560) + 18 * (lines + krows));
}

void coll_gp_ptitles(FILE *f, const struct csect *s, const bool *use)
{
	char q[1024];
	size_t b, p = 0;

	for (b = 0; b < s->nb; b++)
		p += !use || use[b];
	fprintf(f, "array ptitle[%zu]\n", p);
	for (b = 0, p = 0; b < s->nb; b++) {
		if (use && !use[b])
			continue;
		coll_gp_str(q, sizeof(q), s->b[b].label);
		fprintf(f, "ptitle[%zu] = %s\n", ++p, q);
	}
}

void coll_gp_xaxis(FILE *f, const struct csect *s, const struct cbrow **v,
		   size_t n, bool slots)
{
	char q[256];
	size_t k;

	fprintf(f, "xtics = \"set xtics (");
	for (k = 0; k < n; k++) {
		coll_gp_str(q, sizeof(q), *v[k]->val ? v[k]->val : " ");
		fprintf(f, "%s\\%.*s\\\" %.6g", k ? ", " : "",
			(int)strlen(q) - 1, q, slots ? (double)k : v[k]->x);
	}
	/* more labels than a small panel has room for side by side */
	fprintf(f, ")\"\nxrot = %d\n", n > 6 || (n > 3 && s->kind == CX_WORD));
	if (slots || s->kind == CX_WORD || s->kind == CX_NONE)
		fprintf(f, "xlog = 0\nxmin = %s\nxmax = %zu.5\n",
			n > 1 ? "-0.5" : "-1.5", n > 1 ? n - 1 : 1);
	else if (s->kind == CX_NUM)
		fprintf(f, "xlog = 0\nxmin = %.6g\nxmax = %.6g\n",
			v[0]->x - (v[n - 1]->x - v[0]->x + 2) * 0.05,
			v[n - 1]->x + (v[n - 1]->x - v[0]->x + 2) * 0.05);
	else
		fprintf(f, "xlog = 1\nxmin = %.6g\nxmax = %.6g\n",
			v[0]->x / 1.4, v[n - 1]->x * 1.4);
}


const char *coll_param_words(const struct csect *s)
{
	if (!s->param)
		return "";
	return !strcmp(s->param, "size") ? "folio size" : s->param;
}
