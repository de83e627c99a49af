// SPDX-License-Identifier: GPL-2.0
/*
 * Statistics of the collector, through GSL.  Rates combine with the
 * harmonic mean and times with the arithmetic one, as mmtests does.  The
 * 95% CI of a relative change comes from Welch's t on the difference of
 * the declared means (for a harmonic mean: of the means of 1/x) scaled by
 * the baseline's mean, or from a bootstrap with a fixed seed so that the
 * same data always give the same table.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "collect/model/stats.h"

#define BOOT_ITERS	10000
#define BOOT_SEED	20261123UL

const char *coll_ci_name(enum coll_ci ci)
{
	return ci == COLL_BOOTSTRAP ?
		"bootstrap of the means (10000 resamples, fixed seed)" :
		"Welch's t on the difference of the means";
}

static double declared_mean(const double *v, size_t n, enum coll_mean m)
{
	double s = 0;
	size_t i;

	if (m == COLL_ARITH)
		return gsl_stats_mean(v, 1, n);
	for (i = 0; i < n; i++) {
		if (v[i] <= 0)
			return NAN;
		s += 1 / v[i];
	}
	return n / s;
}

/* v[0..n) sorted into a new array (v is the caller's), or NULL. */
static double *sorted_copy(const double *v, size_t n)
{
	double *t = malloc(n * sizeof(*t));

	if (!t)
		return NULL;
	memcpy(t, v, n * sizeof(*t));
	gsl_sort(t, 1, n);
	return t;
}

int coll_summary(const double *v, size_t n, enum coll_mean m, struct csum *s)
{
	double *t;

	memset(s, 0, sizeof(*s));
	s->n = n;
	if (!n)
		return 0;
	t = sorted_copy(v, n);
	if (!t)
		return -ENOMEM;
	s->median = gsl_stats_median_from_sorted_data(t, 1, n);
	free(t);
	s->mean = declared_mean(v, n, m);
	s->sd = n > 1 ? gsl_stats_sd(v, 1, n) : 0;
	s->cv = gsl_stats_mean(v, 1, n) != 0 ?
		s->sd / fabs(gsl_stats_mean(v, 1, n)) : NAN;
	s->ok = isfinite(s->mean);
	return 0;
}

/* mean and variance of x, or of 1/x for a harmonic metric */
static void moments(const double *v, size_t n, enum coll_mean m,
		    double *mean, double *var)
{
	double s = 0, s2 = 0, x;
	size_t i;

	for (i = 0; i < n; i++) {
		x = m == COLL_HARMONIC ? 1 / v[i] : v[i];
		s += x;
	}
	*mean = s / n;
	for (i = 0; i < n; i++) {
		x = (m == COLL_HARMONIC ? 1 / v[i] : v[i]) - *mean;
		s2 += x * x;
	}
	*var = n > 1 ? s2 / (n - 1) : 0;
}

/*
 * Relative change of the declared mean for a difference d of the
 * moments: for the arithmetic mean d/ma; for the harmonic mean, whose
 * moment is mean(1/x), ma/(ma+d) - 1, which falls as d rises.
 */
static double rel_of(double ma, double d, enum coll_mean m)
{
	if (m == COLL_ARITH)
		return d / fabs(ma);
	if (ma + d <= 0)
		return INFINITY;
	return ma / (ma + d) - 1;
}

static void welch(const double *a, size_t na, const double *b, size_t nb,
		  enum coll_mean m, struct cchange *c)
{
	double ma, va, mb, vb, se2, df, t, d;

	moments(a, na, m, &ma, &va);
	moments(b, nb, m, &mb, &vb);
	d = mb - ma;
	c->rel = rel_of(ma, d, m);
	se2 = va / na + vb / nb;
	if (se2 == 0) {
		/* No spread on either side (QEMU icount): the change is exact. */
		c->lo = c->hi = c->rel;
		return;
	}
	df = se2 * se2 / ((va / na) * (va / na) / (na - 1) +
			  (vb / nb) * (vb / nb) / (nb - 1));
	t = gsl_cdf_tdist_Pinv(0.975, df) * sqrt(se2);
	if (m == COLL_ARITH) {
		c->lo = rel_of(ma, d - t, m);
		c->hi = rel_of(ma, d + t, m);
	} else {
		c->lo = rel_of(ma, d + t, m);
		c->hi = rel_of(ma, d - t, m);
	}
}

static int bootstrap(const double *a, size_t na, const double *b, size_t nb,
		     enum coll_mean m, struct cchange *c)
{
	double *ra = malloc(na * sizeof(double)), *rb, *rel;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	int i, ret = -ENOMEM;
	size_t j;

	rb = malloc(nb * sizeof(double));
	rel = malloc(BOOT_ITERS * sizeof(double));
	if (!ra || !rb || !rel || !rng)
		goto out;
	gsl_rng_set(rng, BOOT_SEED);
	c->rel = declared_mean(b, nb, m) / declared_mean(a, na, m) - 1;
	for (i = 0; i < BOOT_ITERS; i++) {
		for (j = 0; j < na; j++)
			ra[j] = a[gsl_rng_uniform_int(rng, na)];
		for (j = 0; j < nb; j++)
			rb[j] = b[gsl_rng_uniform_int(rng, nb)];
		rel[i] = declared_mean(rb, nb, m) / declared_mean(ra, na, m) - 1;
	}
	gsl_sort(rel, 1, BOOT_ITERS);
	c->lo = gsl_stats_quantile_from_sorted_data(rel, 1, BOOT_ITERS, 0.025);
	c->hi = gsl_stats_quantile_from_sorted_data(rel, 1, BOOT_ITERS, 0.975);
	ret = 0;
out:
	gsl_rng_free(rng);
	free(ra);
	free(rb);
	free(rel);
	return ret;
}

int coll_change(const double *a, size_t na, const double *b, size_t nb,
		enum coll_mean m, enum coll_better better, enum coll_ci ci,
		struct cchange *c)
{
	double ma = declared_mean(a, na, m), mb = declared_mean(b, nb, m);
	int ret = 0;

	memset(c, 0, sizeof(*c));
	if (!na || !nb || !isfinite(ma) || !isfinite(mb) || ma == 0)
		return 0;
	c->valid = true;
	c->rel = mb / ma - 1;
	if (na < 2 || nb < 2)
		return 0;
	c->have_ci = true;
	if (ci == COLL_BOOTSTRAP)
		ret = bootstrap(a, na, b, nb, m, c);
	else
		welch(a, na, b, nb, m, c);
	if (ret)
		return ret;
	/* Significant only when the interval excludes zero. */
	if (c->lo > 0 || c->hi < 0) {
		bool up = c->lo > 0;

		c->sig = up == (better == COLL_HIGHER) ? 1 : -1;
	}
	return 0;
}

/*
 * Order statistics x(l) <= median <= x(n+1-l), with l the largest rank
 * for which P(Binomial(n, 1/2) < l) <= 2.5%; below 6 samples no rank
 * qualifies and the range [min, max] is all there is.
 */
int coll_median_ci(const double *v, size_t n, double *lo, double *hi)
{
	size_t l = 1, k;
	double *t;

	if (!n)
		return -EINVAL;
	t = sorted_copy(v, n);
	if (!t)
		return -ENOMEM;
	for (k = 2; k <= (n + 1) / 2; k++)
		if (gsl_cdf_binomial_P(k - 1, 0.5, n) <= 0.025)
			l = k;
	*lo = t[l - 1];
	*hi = t[n - l];
	free(t);
	return 0;
}

/* 95% CI of the declared mean (for a harmonic mean: through 1/x). */
int coll_mean_ci(const double *v, size_t n, enum coll_mean m, double *lo,
		 double *hi)
{
	double mean, var, h;

	*lo = *hi = declared_mean(v, n, m);
	if (n < 2 || !isfinite(*lo))
		return 0;
	moments(v, n, m, &mean, &var);
	h = gsl_cdf_tdist_Pinv(0.975, n - 1) * sqrt(var / n);
	if (m == COLL_ARITH) {
		*lo = mean - h;
		*hi = mean + h;
	} else {
		*lo = 1 / (mean + h);
		*hi = mean - h > 0 ? 1 / (mean - h) : INFINITY;
	}
	return 0;
}
