// SPDX-License-Identifier: GPL-2.0
/*
 * The marks of disturbed samples and the note that explains them, the
 * same in the summary, the whole table, the history and the exports.
 * The writer decides which sample was disturbed; its threshold, 1% of
 * the region, is DISTURB_WAIT_PCT in observe/disturb.h.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "collect/views/disturbed.h"
#include "collect/views/wrap.h"

const char *coll_dmark(const struct cpoint *p, char *buf, size_t size)
{
	if (p && p->disturbed > 0)
		snprintf(buf, size, "D%d/%d", p->disturbed, p->samples);
	else if (size)
		buf[0] = '\0';
	return buf;
}

bool coll_dfigures(const struct cpoint *p, int *k, double *wait_max)
{
	*k = p ? p->disturbed : 0;
	*wait_max = p && p->sched ? p->wait_max : NAN;
	return p && (p->sched || p->disturbed);
}

void coll_dnote_add(struct cdnote *d, const struct cpoint *p)
{
	if (!p || p->disturbed <= 0)
		return;
	if (!d->marks++) {
		d->k = p->disturbed;
		d->n = p->samples;
	}
	if (p->sched && (!d->have_max || p->wait_max > d->max)) {
		d->max = p->wait_max;
		d->have_max = true;
	}
}

void coll_dnote_shape(const struct ccmp *c, const struct cshape *sh,
		      struct cdnote *d)
{
	size_t k, b, j, i;

	for (k = 0; k < sh->ns; k++) {
		const struct csect *s = &sh->s[k];

		for (b = 0; s->def && b < s->nb; b++) {
			for (j = 0; j < s->b[b].n; j++) {
				const struct cbrow *br = &s->b[b].r[j];
				const struct crow *r = &c->rows[br->row];

				for (i = 0; !br->twin && i < c->nruns; i++)
					if (r->st[i] == CS_OK && r->s[i].n)
						coll_dnote_add(d, r->pt[i]);
			}
		}
	}
}

const char *coll_dnote_text(const struct cdnote *d, char *buf,
			    size_t size)
{
	char most[64] = "";

	if (!d->marks) {
		if (size)
			buf[0] = '\0';
		return buf;
	}
	if (d->have_max)
		snprintf(most, sizeof(most), "at most %.1f%%", d->max);
	if (d->marks == 1)
		snprintf(buf, size,
			 "D%d/%d: %d of %d samples waited on the run queue more than 1%% of their timed region%s%s; rerun on a quiet machine",
			 d->k, d->n, d->k, d->n, *most ? ", " : "", most);
	else
		snprintf(buf, size,
			 "Dk/n: k of the point's n samples waited on the run queue more than 1%% of their timed region (%zu marks%s%s); rerun on a quiet machine",
			 d->marks, *most ? ", " : "", most);
	return buf;
}

void coll_dnote_print(const struct cdnote *d, FILE *out)
{
	char buf[512];

	if (d->marks)
		coll_wrap(out, 0, 2, coll_dnote_text(d, buf, sizeof(buf)));
}

bool coll_dline(const struct ccmp *c, const struct crow *r,
		struct cdnote *d, char *buf, size_t size)
{
	size_t i, off, n = 0;
	char m[32];

	off = snprintf(buf, size, "disturbed:");
	for (i = 0; i < c->nruns && off < size; i++) {
		const struct cpoint *p = r->pt[i];

		if (!*coll_dmark(p, m, sizeof(m)))
			continue;
		coll_dnote_add(d, p);
		off += snprintf(buf + off, size - off, "%s %c %s",
				n++ ? "," : "", c->runs[i].tag, m);
		if (p->sched && off < size)
			off += snprintf(buf + off, size - off,
					" (at most %.1f%%)", p->wait_max);
	}
	return n;
}
