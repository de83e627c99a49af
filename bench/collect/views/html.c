// SPDX-License-Identifier: GPL-2.0
/* report.html: the summary as HTML tables and the graphs inline. */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "collect/views/cell.h"
#include "collect/views/disturbed.h"
#include "collect/views/html.h"
#include "collect/views/sumnotes.h"
#include "collect/views/words.h"

static const char style[] =
	"body{font-family:sans-serif;max-width:1300px;margin:1em auto;padding:0 1em;color:#111}"
	"h1{font-size:1.4em}h2{font-size:1.2em;margin-top:1.6em}h3{font-size:1em;margin:1.2em 0 .3em}"
	"table{border-collapse:collapse;margin:.3em 0}"
	"th,td{border:1px solid #bbb;padding:.15em .5em;font-variant-numeric:tabular-nums}"
	"td.n{text-align:right;white-space:nowrap}th{background:#eee}"
	".better{color:#0a6a1f;font-weight:bold}.worse{color:#b00020;font-weight:bold}"
	".fixed,.note{color:#444;font-size:.9em}code{font-size:.9em}"
	"figure{margin:1em 0}figure svg{max-width:100%;height:auto}"
	"figcaption{color:#444;font-size:.9em}";

/* s with &, <, > and " escaped */
static void esc(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static void cell(const struct crow *r, size_t i, FILE *out)
{
	struct ccell x;

	coll_cell(r, i, &x);
	fputs("<td class=\"n\">", out);
	if (!x.ok) {
		esc(out, x.state);
		fputs("</td>", out);
		return;
	}
	fprintf(out, "%s%s%s%s%s", x.mean, *x.ci ? " ± " : "", x.ci,
		*x.dist ? " " : "", x.dist);
	if (*x.chg)
		fprintf(out, " <span class=\"%s\">%s%s%s</span>",
			!*x.mark ? "" : x.mark[0] == '+' ? "better" : "worse",
			x.chg, *x.mark ? " " : "", x.mark);
	fputs("</td>", out);
}

/* Under a section's table: why a cell is empty. */
static void html_reason(const struct ccmp *c, const struct csect *s, size_t i,
			size_t b, size_t j, const char *why, void *ctx)
{
	FILE *out = ctx;

	fprintf(out, "<p class=\"note\">%c at ", c->runs[i].tag);
	esc(out, s->b[b].r[j].val);
	fputc(' ', out);
	esc(out, s->nb > 1 ? s->b[b].label : "");
	fputs(": ", out);
	esc(out, why);
	fputs("</p>\n", out);
}

static void section(const struct ccmp *c, const struct csect *s, FILE *out)
{
	char why[1024], m[256];
	size_t b, j, i;

	if (!s->def) {
		for (b = 0; b < s->nb; b++)
			for (j = 0; j < s->b[b].n; j++) {
				coll_state_reason(&c->rows[s->b[b].r[j].row], 0,
						  why, sizeof(why));
				fputs("<p class=\"note\"><b>", out);
				esc(out, s->bench);
				fputs("</b> ", out);
				esc(out, s->b[b].r[j].val);
				fputc(' ', out);
				esc(out, s->b[b].key);
				fputs(": ", out);
				esc(out, why);
				fputs("</p>\n", out);
			}
		return;
	}
	fputs("<h3>", out);
	esc(out, s->bench);
	fputc(' ', out);
	esc(out, s->def->name);
	fputs(" (", out);
	esc(out, coll_metric_words(s->def, m, sizeof(m)));
	fputs(")</h3>\n<p class=\"fixed\">", out);
	if (s->param) {
		fputs("by ", out);
		esc(out, s->param);
		fputs(*s->fixed ? "; " : "", out);
	}
	esc(out, s->fixed);
	fputs("</p>\n<table>\n<tr>", out);
	if (s->nb > 1)
		fputs("<th></th>", out);
	if (s->param) {
		fputs("<th>", out);
		esc(out, s->param);
		fputs("</th>", out);
	}
	for (i = 0; i < c->nruns; i++) {
		fprintf(out, "<th>%c ", c->runs[i].tag);
		esc(out, c->runs[i].label);
		fputs("</th>", out);
	}
	fputs("</tr>\n", out);
	for (b = 0; b < s->nb; b++) {
		for (j = 0; j < s->b[b].n; j++) {
			const struct crow *r = &c->rows[s->b[b].r[j].row];

			fputs("<tr>", out);
			if (s->nb > 1 && !j) {
				fprintf(out, "<td rowspan=\"%zu\">", s->b[b].n);
				esc(out, s->b[b].label);
				fputs("</td>", out);
			}
			if (s->param) {
				fputs("<td class=\"n\">", out);
				esc(out, s->b[b].r[j].val);
				fputs("</td>", out);
			}
			if (s->b[b].r[j].twin) {
				fprintf(out, "<td colspan=\"%zu\">the same values as ",
					c->nruns);
				esc(out, s->b[b].r[j].twin);
				fputs("</td>", out);
			}
			for (i = 0; i < c->nruns && !s->b[b].r[j].twin; i++)
				cell(r, i, out);
			fputs("</tr>\n", out);
		}
	}
	fputs("</table>\n", out);
	coll_each_reason(c, s, html_reason, out);
}

/*
 * Copy an SVG file into the page from its <svg> on, its ids and the
 * references to them prefixed with pre: the graphs' ids stay apart.
 */
static int inline_svg(const char *path, const char *pre, FILE *out)
{
	static const char *const refs[] = { "id=\"", "id='", "href=\"#",
					    "href='#", "url(#" };
	char *buf = NULL, *s;
	size_t len = 0, k, n;
	FILE *f = fopen(path, "re");
	ssize_t got;

	if (!f)
		return -errno;
	got = getdelim(&buf, &len, '\0', f);
	fclose(f);
	if (got < 0) {
		free(buf);
		return -EIO;
	}
	s = strstr(buf, "<svg");
	if (!s) {
		free(buf);
		return -EINVAL;
	}
	while (*s) {
		for (k = 0; k < sizeof(refs) / sizeof(refs[0]); k++) {
			n = strlen(refs[k]);
			if (!strncmp(s, refs[k], n))
				break;
		}
		if (k < sizeof(refs) / sizeof(refs[0])) {
			fprintf(out, "%s%s-", refs[k], pre);
			s += n;
		} else {
			fputc(*s++, out);
		}
	}
	free(buf);
	return 0;
}

int coll_html_page(const struct ccmp *c, const struct cshape *sh,
		   const char *dir, const struct cgraphs *g,
		   const char *note, FILE *out)
{
	char path[PATH_MAX], pre[32], dnote[512], *s;
	struct cdnote dn = { 0 };
	size_t i, k;
	int ret;

	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>mmbench report: ", out);
	for (i = 0; i < c->nruns; i++) {
		esc(out, *c->runs[i].label ? c->runs[i].label : c->runs[i].release);
		fputs(i + 1 < c->nruns ? " vs " : "", out);
	}
	fprintf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>mmbench report</h1>\n<ul>\n",
		style);
	for (i = 0; i < c->nruns; i++) {
		fprintf(out, "<li><b>%c</b>: ", c->runs[i].tag);
		esc(out, *c->runs[i].label ? c->runs[i].label : "(no label)");
		fputs(", kernel ", out);
		esc(out, c->runs[i].release);
		fputs(", started ", out);
		esc(out, c->runs[i].started);
		fputs(", <code>", out);
		esc(out, c->runs[i].dir);
		fputs("</code></li>\n", out);
	}
	fputs("</ul>\n<h2 id=\"summary\">Summary</h2>\n<p>", out);
	if (c->nruns > 1)
		fprintf(out, "Each run's mean ± its 95%% CI; for later runs the change of the mean against A, marked <span class=\"better\">++</span> (better) or <span class=\"worse\">--</span> (worse) where its 95%% CI by %s excludes 0.",
			coll_ci_short(c->ci));
	else
		fputs("The run's mean ± its 95% CI.", out);
	fputs("</p>\n", out);
	for (k = 0; k < sh->ns; k++)
		section(c, &sh->s[k], out);
	coll_dnote_shape(c, sh, &dn);
	if (dn.marks) {
		fputs("<p class=\"note\">", out);
		esc(out, coll_dnote_text(&dn, dnote, sizeof(dnote)));
		fputs("</p>\n", out);
	}
	for (i = 1; i < c->nruns; i++) {
		s = coll_sens_range(c, sh, i);
		if (!s)
			return -ENOMEM;
		fputs(i == 1 ? "<p>Smallest change each point could show (half the width of the 95% CI of the change):</p>\n<ul>\n" : "", out);
		fputs("<li>", out);
		esc(out, s);
		fputs(i + 1 == c->nruns ? "</li>\n</ul>\n" : "</li>\n", out);
		free(s);
	}
	fputs("<h2 id=\"setup\">Setup differences</h2>\n", out);
	if (!c->ndiffs && !c->nnotes)
		fputs("<p>None: the runs' meta.json agree but for bookkeeping.</p>\n", out);
	for (i = 0; i < c->ndiffs + c->nnotes; i++) {
		fputs(i ? "" : "<ul>\n", out);
		fputs("<li><code>", out);
		esc(out, i < c->ndiffs ? c->diffs[i] : c->notes[i - c->ndiffs]);
		fputs("</code></li>\n", out);
		fputs(i + 1 == c->ndiffs + c->nnotes ? "</ul>\n" : "", out);
	}
	fputs("<h2 id=\"graphs\">Graphs</h2>\n", out);
	if (note) {
		fputs("<p class=\"note\">", out);
		esc(out, note);
		fputs("</p>\n", out);
	}
	for (i = 0; g && i < g->n; i++) {
		snprintf(path, sizeof(path), "%s/%s.svg", dir, g->name[i]);
		snprintf(pre, sizeof(pre), "g%zu", i);
		fputs("<figure>\n", out);
		ret = inline_svg(path, pre, out);
		if (ret)
			return ret;
		fputs("\n<figcaption>", out);
		esc(out, g->what[i]);
		fputs("</figcaption>\n</figure>\n", out);
	}
	fputs("</body>\n</html>\n", out);
	return 0;
}
