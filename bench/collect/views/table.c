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
#include "collect/views/disturbed.h"
#include "collect/views/export.h"
#include "collect/views/sensitivity.h"
#include "collect/views/table.h"
#include "collect/views/words.h"
#include "collect/views/wrap.h"

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
				coll_pct(ch->rel, d, sizeof(d)));
		if (ch->have_ci)
			off += snprintf(line + off, sizeof(line) - off,
					" [%s,%s] %s", coll_pct(ch->lo, a, sizeof(a)),
					coll_pct(ch->hi, b, sizeof(b)),
					coll_sig_mark(ch->sig));
	}
	while (off > 0 && line[off - 1] == ' ')
		line[--off] = '\0';
	coll_wrap(out, 0, 37, line);
	coll_state_reason(r, i, why, sizeof(why));
	if (*why && r->st[i] != CS_MISSING && s->n)
		coll_wrap(out, 7, 7, why);
}

/* Under the table: how small a change each run could have seen. */
static int text_sensitivity(const struct ccmp *c, FILE *out)
{
	char **lines = NULL;
	size_t i, k, n = 0;
	int ret = 0;

	fputc('\n', out);
	coll_wrap(out, 0, 0, COLL_SENS_INTRO);
	for (i = 1; i < c->nruns && !ret; i++) {
		ret = coll_sensitivity(c, i, &lines, &n);
		if (!ret)
			fprintf(out, "%c against %c could not have seen changes below\n",
				c->runs[i].tag, c->runs[0].tag);
		for (k = 0; k < n && !ret; k++)
			coll_wrap_text(out, 2, 4, lines[k], true);
		coll_free_lines(lines, n);
		lines = NULL;
		n = 0;
	}
	return ret;
}

static int print_text(const struct ccmp *c, FILE *out)
{
	const struct cpoint *last = NULL;
	struct cdnote dn = { 0 };
	char buf[1024];
	size_t j, i;

	snprintf(buf, sizeof(buf),
		 "mmbench compare: each run against A; 95%% CI of the change by %s",
		 coll_ci_name(c->ci));
	coll_text_header(c, buf, true, out);
	for (j = 0; j < c->nrows; j++) {
		const struct crow *r = &c->rows[j];

		if (r->pt[0] != last) {
			last = r->pt[0];
			fputc('\n', out);
			snprintf(buf, sizeof(buf), "%s %s", last->bench,
				 last->params);
			coll_wrap(out, 0, 4, buf);
			if (coll_dline(c, r, &dn, buf, sizeof(buf)))
				coll_wrap(out, 2, 4, buf);
			if (r->def)
				fprintf(out, "  run  n      mean    median    stddev    cv%% change%%  95%% CI\n");
		}
		if (r->same_as) {
			snprintf(buf, sizeof(buf), "%s %s: the same values as %s",
				 r->def->name, r->def->unit, r->same_as);
			coll_wrap(out, 1, 3, buf);
			continue;
		}
		if (r->def) {
			snprintf(buf, sizeof(buf), "%s %s, %s is better, %s mean",
				 r->def->name, r->def->unit, coll_better_word(r->def),
				 coll_mean_word(r->def));
			coll_wrap(out, 1, 3, buf);
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
			coll_wrap(out, 0, 7, buf);
		}
	}
	if (dn.marks)
		fputc('\n', out);
	coll_dnote_print(&dn, out);
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
