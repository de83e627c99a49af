// SPDX-License-Identifier: GPL-2.0
/*
 * What the text summary says besides its cells: under a section, why
 * cells are empty; a section A has no value in, a line per reason.
 */
#include <stdio.h>
#include <string.h>

#include "collect/views/sumnotes.h"
#include "collect/views/words.h"
#include "collect/views/wrap.h"

/* Under a section: why cells are empty, each reason once per run. */
void coll_sum_reasons(const struct ccmp *c, const struct csect *s,
		      size_t from, size_t to, FILE *out)
{
	char why[1024], prev[1024], where[2048], buf[4096];
	size_t i, b, j;
	int off;

	for (i = 0; i < to; i++) {
		if (i && i < from)
			continue;
		prev[0] = where[0] = '\0';
		off = 0;
		for (b = 0; b <= s->nb; b++) {
			for (j = 0; b < s->nb && j < s->b[b].n; j++) {
				const struct crow *r = &c->rows[s->b[b].r[j].row];

				if (r->st[i] == CS_OK || r->st[i] == CS_MISSING ||
				    s->b[b].r[j].twin)
					continue;
				coll_state_reason(r, i, why, sizeof(why));
				if (*prev && strcmp(prev, why)) {
					snprintf(buf, sizeof(buf), "%c at %s: %s",
						 c->runs[i].tag, where, prev);
					coll_wrap(out, 2, 6, buf);
					off = 0;
				}
				snprintf(prev, sizeof(prev), "%s", why);
				off += snprintf(where + off, sizeof(where) - off,
						"%s%s%s%s", off ? ", " : "",
						s->b[b].r[j].val,
						s->nb > 1 && *s->b[b].r[j].val ? " " : "",
						s->nb > 1 ? s->b[b].label : "");
				if (off >= (int)sizeof(where))
					off = sizeof(where) - 1;
			}
		}
		if (*prev) {
			snprintf(buf, sizeof(buf), "%c at %s: %s",
				 c->runs[i].tag, where, prev);
			coll_wrap(out, 2, 6, buf);
		}
	}
}

size_t coll_each_reason(const struct ccmp *c, const struct csect *s,
			coll_reason_fn fn, void *ctx)
{
	char why[1024], prev[1024];
	size_t i, b, j, n = 0;

	for (i = 0; i < c->nruns; i++) {
		prev[0] = '\0';
		for (b = 0; b < s->nb; b++)
			for (j = 0; j < s->b[b].n; j++) {
				const struct crow *r = &c->rows[s->b[b].r[j].row];

				if (r->st[i] == CS_OK || r->st[i] == CS_MISSING ||
				    s->b[b].r[j].twin)
					continue;
				coll_state_reason(r, i, why, sizeof(why));
				if (!strcmp(prev, why))
					continue;
				fn(c, s, i, b, j, why, ctx);
				snprintf(prev, sizeof(prev), "%s", why);
				n++;
			}
	}
	return n;
}

/* A section without values in A: one line per reason. */
void coll_sum_empty(const struct ccmp *c, const struct csect *s, bool first,
		    FILE *out)
{
	char why[1024], prev[1024] = "", buf[2048];
	size_t b, j, n = 0, all = 0;

	if (!first)
		fputc('\n', out);
	for (b = 0; b <= s->nb; b++) {
		for (j = 0; b < s->nb && j < s->b[b].n; j++, all++) {
			coll_state_reason(&c->rows[s->b[b].r[j].row], 0, why,
					  sizeof(why));
			if (n && strcmp(prev, why)) {
				snprintf(buf, sizeof(buf), "%s: %s (%zu point%s)",
					 s->bench, prev, n, n > 1 ? "s" : "");
				coll_wrap(out, 0, 2, buf);
				n = 0;
			}
			snprintf(prev, sizeof(prev), "%s", why);
			n++;
		}
	}
	if (n) {
		snprintf(buf, sizeof(buf), "%s: %s (%s%zu point%s)", s->bench,
			 prev, n == all && n > 1 ? "all " : "", n,
			 n > 1 ? "s" : "");
		coll_wrap(out, 0, 2, buf);
	}
}
