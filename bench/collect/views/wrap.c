// SPDX-License-Identifier: GPL-2.0
/* Text for email: wrapping at 72 columns, percentages, the header. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "collect/views/wrap.h"

const char *coll_pct(double x, char *buf, size_t size)
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

void coll_wrap_text(FILE *out, int in1, int in2, const char *s, bool list)
{
	int indent = in1, width, len;

	while (*s) {
		width = COLL_COLS - indent;
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

void coll_text_header(const struct ccmp *c, const char *intro, bool marks,
		      FILE *out)
{
	char buf[4096];
	size_t i;

	snprintf(buf, sizeof(buf), "%s%s", intro,
		 c->runs[0].icount ? "; time counted in instructions (QEMU icount)" : "");
	coll_wrap(out, 0, 0, buf);
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
		coll_wrap(out, 2, 5, buf);
		if (len > COLL_COLS - 5)
			fprintf(out, "     ...%s\n", r->dir + len - (COLL_COLS - 8));
		else
			fprintf(out, "     %s\n", r->dir);
	}
	if (marks)
		coll_wrap(out, 0, 0, "marks: ++ significant improvement, -- significant regression (the 95% CI excludes 0)");
	if (c->ndiffs) {
		fprintf(out, "%ssetup differences that could explain a delta:\n",
			marks ? "\n" : "");
		for (i = 0; i < c->ndiffs; i++)
			coll_wrap(out, 2, 6, c->diffs[i]);
	}
	/* a summary says how many points the others add, --all which */
	if (!marks && c->nnotes > 3) {
		snprintf(buf, sizeof(buf),
			 "%zu points are not in A and not compared (--all names them)",
			 c->nnotes);
		coll_wrap(out, 0, 2, buf);
		return;
	}
	for (i = 0; i < c->nnotes; i++)
		coll_wrap(out, 0, 2, c->notes[i]);
}
