// SPDX-License-Identifier: GPL-2.0
/* The words and numbers every view of a comparison prints. */
#include <math.h>
#include <stdio.h>

#include "collect/views/words.h"

const char *coll_fmt_val(double x, char *buf, size_t size)
{
	if (!isfinite(x))
		snprintf(buf, size, "-");
	else if (fabs(x) >= 1000 && fabs(x) < 1e8)
		snprintf(buf, size, "%.0f", x);
	else
		snprintf(buf, size, "%.4g", x);
	return buf;
}

const char *coll_sig_word(int sig)
{
	return sig > 0 ? "improvement" : sig < 0 ? "regression" : "";
}

const char *coll_sig_mark(int sig)
{
	return sig > 0 ? "++" : sig < 0 ? "--" : "";
}

const char *coll_better_word(const struct cmetric *m)
{
	return m->better == COLL_HIGHER ? "higher" : "lower";
}

const char *coll_mean_word(const struct cmetric *m)
{
	return m->mean == COLL_HARMONIC ? "harmonic" : "arithmetic";
}

const char *coll_ci_word(enum coll_ci ci)
{
	return ci == COLL_BOOTSTRAP ? "bootstrap" : "welch";
}

const char *coll_ci_short(enum coll_ci ci)
{
	return ci == COLL_BOOTSTRAP ? "bootstrap" : "Welch's t";
}

void coll_state_reason(const struct crow *r, size_t i, char *buf,
		       size_t size)
{
	const struct cpoint *p = r->pt[i];

	switch (r->st[i]) {
	case CS_MISSING:
		snprintf(buf, size, "not in this run");
		break;
	case CS_SKIPPED:
		snprintf(buf, size, "skipped: %s", p->skipped);
		break;
	case CS_FAILED:
		snprintf(buf, size, "failed: %s", p->failed);
		break;
	case CS_NOMETRIC:
		snprintf(buf, size, "no values of this metric");
		break;
	case CS_MISMATCH:
		snprintf(buf, size, "unit or direction differs from A's: not compared");
		break;
	case CS_FALLBACK:
		snprintf(buf, size, "FALLBACK in %d of %d reps, not compared: %s",
			 p->fallbacks, p->samples, p->fallback_reason);
		break;
	default:
		buf[0] = '\0';
	}
}

void coll_csv_quote(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}
