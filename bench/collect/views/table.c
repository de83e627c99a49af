// SPDX-License-Identifier: GPL-2.0
/*
 * The comparison as text (72 columns, for a cover letter), markdown, csv
 * or json.  All four print the same rows; only text wraps.  Text and
 * markdown end with how small a change each run could have seen, csv
 * and json carry it per point.
 */
#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "collect/model/text.h"
#include "collect/views/export.h"
#include "collect/views/sensitivity.h"
#include "collect/views/table.h"
#include "collect/views/words.h"

#define COLS	72

int coll_parse_format(const char *s, enum cfmt *f)
{
	static const char *const names[] = { "text", "markdown", "csv", "json" };
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!strcmp(s, names[i])) {
			*f = i;
			return 0;
		}
	}
	return -EINVAL;
}

/* A percentage in at most 6 characters: -99.9 +1234 +1e+05 +inf */
static const char *pct(double x, char *buf, size_t size)
{
	x *= 100;
	if (!isfinite(x))
		snprintf(buf, size, "%sinf", x < 0 ? "-" : "+");
	else if (fabs(x) >= 99999.5)
		snprintf(buf, size, "%+.0e", x);
	else if (fabs(x) < 99.95)
		snprintf(buf, size, "%+.1f", x);
	else
		snprintf(buf, size, "%+.0f", x);
	return buf;
}

/*
 * Print s wrapped at spaces, the first line indented by in1, the rest
 * in2.  A list (items after ", " or "; ") is broken between items where
 * that fills at least half the line.
 */
static void wrap_text(FILE *out, int in1, int in2, const char *s, bool list)
{
	int indent = in1, width, len;

	while (*s) {
		width = COLS - indent;
		len = strlen(s);
		if (len > width) {
			int cut = width;

			while (list && cut > width / 2 &&
			       !(s[cut] == ' ' && strchr(",;", s[cut - 1])))
				cut--;
			if (cut <= width / 2)
				cut = width;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			len = cut > 0 ? cut : width;
		}
		fprintf(out, "%*s%.*s\n", indent, "", len, s);
		s += len;
		while (*s == ' ')
			s++;
		indent = in2;
	}
}

static void wrap(FILE *out, int in1, int in2, const char *s)
{
	wrap_text(out, in1, in2, s, false);
}

static void text_header(const struct ccmp *c, FILE *out)
{
	char buf[4096];
	size_t i;

	snprintf(buf, sizeof(buf),
		 "mmbench compare: each run against A; 95%% CI of the change by %s%s",
		 coll_ci_name(c->ci),
		 c->runs[0].icount ? "; time counted in instructions (QEMU icount)" : "");
	wrap(out, 0, 0, buf);
	for (i = 0; i < c->nruns; i++) {
		const struct crun *r = &c->runs[i];
		size_t len = strlen(r->dir);

		snprintf(buf, sizeof(buf), "%c: %s, kernel %s, started %s%s%s",
			 r->tag, *r->label ? r->label : "(no label)",
			 *r->release ? r->release : "?",
			 *r->started ? r->started : "?",
			 strcmp(r->status, "complete") ? ", status " : "",
			 strcmp(r->status, "complete") ?
				(*r->status ? r->status : "unknown") : "");
		wrap(out, 2, 5, buf);
		if (len > COLS - 5)
			fprintf(out, "     ...%s\n", r->dir + len - (COLS - 8));
		else
			fprintf(out, "     %s\n", r->dir);
	}
	wrap(out, 0, 0, "marks: ++ significant improvement, -- significant regression (the 95% CI excludes 0)");
	if (c->ndiffs) {
		fprintf(out, "\nsetup differences that could explain a delta:\n");
		for (i = 0; i < c->ndiffs; i++)
			wrap(out, 2, 6, c->diffs[i]);
	}
	for (i = 0; i < c->nnotes; i++)
		wrap(out, 0, 2, c->notes[i]);
}

static void text_row(const struct crow *r, size_t i, char tag, FILE *out)
{
	const struct csum *s = &r->s[i];
	const struct cchange *ch = &r->c[i];
	char line[256], a[16], b[16], d[16], why[1024], v[3][32];
	int off;

	off = snprintf(line, sizeof(line), "  %c  %3zu %9s %9s %9s", tag, s->n,
		       coll_fmt_val(s->mean, v[0], sizeof(v[0])),
		       coll_fmt_val(s->median, v[1], sizeof(v[1])),
		       coll_fmt_val(s->sd, v[2], sizeof(v[2])));
	off += snprintf(line + off, sizeof(line) - off,
			isfinite(s->cv) ? " %5.1f%%" : "     - ",
			s->cv * 100);
	if (i && ch->valid) {
		off += snprintf(line + off, sizeof(line) - off, " %6s%%",
				pct(ch->rel, d, sizeof(d)));
		if (ch->have_ci)
			off += snprintf(line + off, sizeof(line) - off,
					" [%s,%s] %s", pct(ch->lo, a, sizeof(a)),
					pct(ch->hi, b, sizeof(b)),
					coll_sig_mark(ch->sig));
	}
	while (off > 0 && line[off - 1] == ' ')
		line[--off] = '\0';
	wrap(out, 0, 37, line);
	coll_state_reason(r, i, why, sizeof(why));
	if (*why && r->st[i] != CS_MISSING && s->n)
		wrap(out, 7, 7, why);
}

/* Under the table: how small a change each run could have seen. */
static int text_sensitivity(const struct ccmp *c, FILE *out)
{
	char **lines = NULL;
	size_t i, k, n = 0;
	int ret = 0;

	fputc('\n', out);
	wrap(out, 0, 0, COLL_SENS_INTRO);
	for (i = 1; i < c->nruns && !ret; i++) {
		ret = coll_sensitivity(c, i, &lines, &n);
		if (!ret)
			fprintf(out, "%c against %c could not have seen changes below\n",
				c->runs[i].tag, c->runs[0].tag);
		for (k = 0; k < n && !ret; k++)
			wrap_text(out, 2, 4, lines[k], true);
		coll_free_lines(lines, n);
		lines = NULL;
		n = 0;
	}
	return ret;
}

static int print_text(const struct ccmp *c, FILE *out)
{
	const struct cpoint *last = NULL;
	char buf[1024];
	size_t j, i;

	text_header(c, out);
	for (j = 0; j < c->nrows; j++) {
		const struct crow *r = &c->rows[j];

		if (r->pt[0] != last) {
			last = r->pt[0];
			fputc('\n', out);
			snprintf(buf, sizeof(buf), "%s %s", last->bench,
				 last->params);
			wrap(out, 0, 4, buf);
			if (r->def)
				fprintf(out, "  run  n      mean    median    stddev    cv%% change%%  95%% CI\n");
		}
		if (r->def) {
			snprintf(buf, sizeof(buf), "%s %s, %s is better, %s mean",
				 r->def->name, r->def->unit, coll_better_word(r->def),
				 coll_mean_word(r->def));
			wrap(out, 1, 3, buf);
		}
		for (i = 0; i < c->nruns; i++) {
			if (r->def && r->s[i].n) {
				text_row(r, i, c->runs[i].tag, out);
				continue;
			}
			coll_state_reason(r, i, buf, sizeof(buf));
			if (!*buf)
				snprintf(buf, sizeof(buf), "no samples");
			fprintf(out, "  %c  ", c->runs[i].tag);
			wrap(out, 0, 7, buf);
		}
	}
	return c->nrows ? text_sensitivity(c, out) : 0;
}

int coll_print(const struct ccmp *c, enum cfmt f, FILE *out)
{
	int ret = 0;

	switch (f) {
	case CF_MARKDOWN:
		ret = coll_print_markdown(c, out);
		break;
	case CF_CSV:
		coll_print_csv(c, out);
		break;
	case CF_JSON:
		return coll_print_json(c, out);
	default:
		ret = print_text(c, out);
	}
	if (ret)
		return ret;
	return ferror(out) ? -EIO : 0;
}
