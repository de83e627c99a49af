// SPDX-License-Identifier: GPL-2.0
/*
 * Collector statistics against values worked out by hand: summaries,
 * Welch's t intervals, significance and its direction, the bootstrap,
 * the CI of a median and of a mean.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "collect/model/stats.h"

static void near(double a, double b)
{
	if (!(fabs(a - b) < 1e-6 * (1 + fabs(b))))
		fail_msg("%.10g is not %.10g", a, b);
}

static const double a5[] = { 10, 11, 12, 13, 14 };
static const double b5[] = { 20, 21, 22, 23, 24 };

static void test_summary_arith(void **state)
{
	const double v[] = { 4, 1, 10, 3, 2 };
	struct csum s;

	(void)state;
	assert_int_equal(coll_summary(v, 5, COLL_ARITH, &s), 0);
	assert_true(s.ok);
	assert_int_equal(s.n, 5);
	near(s.mean, 4);
	near(s.median, 3);
	/* squares of deviations 0 9 36 1 4 = 50, / (n-1) = 12.5 */
	near(s.sd, sqrt(12.5));
	near(s.cv, sqrt(12.5) / 4);
}

static void test_summary_harmonic(void **state)
{
	const double v[] = { 1, 2, 4 }, bad[] = { 1, 0, 2 };
	struct csum s;

	(void)state;
	assert_int_equal(coll_summary(v, 3, COLL_HARMONIC, &s), 0);
	near(s.mean, 3 / 1.75);		/* 3 / (1 + 1/2 + 1/4) */
	near(s.median, 2);
	/* a rate of 0 has no harmonic mean: not ok, never a number */
	assert_int_equal(coll_summary(bad, 3, COLL_HARMONIC, &s), 0);
	assert_false(s.ok);
}

static void test_welch_separated(void **state)
{
	struct cchange c;
	/* means 12 and 22, variances 2.5: se^2 = 1, df = 8, t = 2.306004
	 * (tables) */
	const double t = 2.3060041352;

	(void)state;
	assert_int_equal(coll_change(a5, 5, b5, 5, COLL_ARITH, COLL_HIGHER,
				     COLL_WELCH, &c), 0);
	assert_true(c.valid && c.have_ci);
	near(c.rel, 10.0 / 12);
	near(c.lo, (10 - t) / 12);
	near(c.hi, (10 + t) / 12);
	assert_int_equal(c.sig, 1);	/* up, and higher is better */
	assert_int_equal(coll_change(a5, 5, b5, 5, COLL_ARITH, COLL_LOWER,
				     COLL_WELCH, &c), 0);
	assert_int_equal(c.sig, -1);	/* up, and lower is better */
	/* the other way round: down by 10/22 */
	assert_int_equal(coll_change(b5, 5, a5, 5, COLL_ARITH, COLL_LOWER,
				     COLL_WELCH, &c), 0);
	near(c.rel, -10.0 / 22);
	assert_int_equal(c.sig, 1);
}

static void test_welch_overlapping(void **state)
{
	const double b[] = { 10.5, 12.5, 13.5, 11.5, 12 };
	struct cchange c;

	(void)state;
	assert_int_equal(coll_change(a5, 5, b, 5, COLL_ARITH, COLL_HIGHER,
				     COLL_WELCH, &c), 0);
	assert_true(c.have_ci);
	assert_true(c.lo < 0 && c.hi > 0);
	assert_int_equal(c.sig, 0);
	assert_int_equal(coll_change(a5, 5, b, 5, COLL_ARITH, COLL_HIGHER,
				     COLL_BOOTSTRAP, &c), 0);
	assert_int_equal(c.sig, 0);
}

static void test_welch_harmonic(void **state)
{
	/* 1/x: {1/2, 1/4} and {1/4, 1/8}: harmonic means 8/3 and 16/3 */
	const double a[] = { 2, 4 }, b[] = { 4, 8 };
	const double ra = 0.375, rb = 0.1875, va = 0.03125, vb = 0.0078125;
	double se2 = va / 2 + vb / 2, df, t;
	struct cchange c;

	(void)state;
	df = se2 * se2 / ((va / 2) * (va / 2) + (vb / 2) * (vb / 2));
	near(df, 1.4705882353);
	/*
	 * t(0.975, 1.4706) = 6.188115, from integrating Student's t density
	 * numerically (Simpson, bisection): independent of GSL.
	 */
	t = 6.188115;
	assert_int_equal(coll_change(a, 2, b, 2, COLL_HARMONIC, COLL_HIGHER,
				     COLL_WELCH, &c), 0);
	near(c.rel, 1.0);
	/* bounds through H = 1/mean(1/x): ra / (rb +- t*se) - 1 */
	assert_true(fabs(c.lo - (ra / (rb + t * sqrt(se2)) - 1)) < 1e-5);
	assert_true(isinf(c.hi));	/* rb - t*se < 0: unbounded */
	assert_int_equal(c.sig, 0);
}

static void test_no_spread_and_small_n(void **state)
{
	const double a[] = { 5, 5, 5 }, b[] = { 6, 6, 6 };
	struct cchange c;

	(void)state;
	/* QEMU icount: no spread, so any change is exact */
	assert_int_equal(coll_change(a, 3, b, 3, COLL_ARITH, COLL_LOWER,
				     COLL_WELCH, &c), 0);
	near(c.rel, 0.2);
	near(c.lo, 0.2);
	near(c.hi, 0.2);
	assert_int_equal(c.sig, -1);
	assert_int_equal(coll_change(a, 3, a, 3, COLL_ARITH, COLL_LOWER,
				     COLL_WELCH, &c), 0);
	assert_int_equal(c.sig, 0);
	/* one sample: a change, but no interval and no mark */
	assert_int_equal(coll_change(a, 1, b, 3, COLL_ARITH, COLL_LOWER,
				     COLL_WELCH, &c), 0);
	assert_true(c.valid);
	assert_false(c.have_ci);
	assert_int_equal(c.sig, 0);
	/* baseline mean 0: no relative change */
	assert_int_equal(coll_change((double[]){ 0, 0 }, 2, b, 3, COLL_ARITH,
				     COLL_LOWER, COLL_WELCH, &c), 0);
	assert_false(c.valid);
}

static void test_bootstrap(void **state)
{
	struct cchange c, d;

	(void)state;
	assert_int_equal(coll_change(a5, 5, b5, 5, COLL_HARMONIC, COLL_HIGHER,
				     COLL_BOOTSTRAP, &c), 0);
	/* 5 / sum(1/x) of each */
	near(c.rel, (5 / (1 / 20.0 + 1 / 21.0 + 1 / 22.0 + 1 / 23.0 + 1 / 24.0)) /
		    (5 / (1 / 10.0 + 1 / 11.0 + 1 / 12.0 + 1 / 13.0 + 1 / 14.0)) - 1);
	/* resamples of either set stay within its range */
	assert_true(c.lo >= 20.0 / 14 - 1 && c.hi <= 24.0 / 10 - 1);
	assert_true(c.lo < c.rel && c.rel < c.hi);
	assert_int_equal(c.sig, 1);
	/* a fixed seed: the same data give the same interval */
	coll_change(a5, 5, b5, 5, COLL_HARMONIC, COLL_HIGHER, COLL_BOOTSTRAP,
		    &d);
	assert_true(c.lo == d.lo && c.hi == d.hi);
}

static void test_median_ci(void **state)
{
	double v[20], lo, hi;
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		v[i] = 100 - i;		/* sorted: 81 .. 100 */
	/* n = 5: no pair of ranks reaches 95%, so [min, max] */
	assert_int_equal(coll_median_ci(v, 5, &lo, &hi), 0);
	near(lo, 96);
	near(hi, 100);
	/* n = 10: P(X <= 1) = 11/1024 <= 2.5% < P(X <= 2): ranks 2 and 9 */
	assert_int_equal(coll_median_ci(v, 10, &lo, &hi), 0);
	near(lo, 92);
	near(hi, 99);
	/* n = 20: P(X <= 5) = 2.07%, P(X <= 6) = 5.77%: ranks 6 and 15 */
	assert_int_equal(coll_median_ci(v, 20, &lo, &hi), 0);
	near(lo, 86);
	near(hi, 95);
}

static void test_mean_ci(void **state)
{
	double lo, hi, h = 2.7764451052 * sqrt(2.5 / 5);	/* t(0.975, 4) */

	(void)state;
	assert_int_equal(coll_mean_ci(a5, 5, COLL_ARITH, &lo, &hi), 0);
	near(lo, 12 - h);
	near(hi, 12 + h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_summary_arith),
		cmocka_unit_test(test_summary_harmonic),
		cmocka_unit_test(test_welch_separated),
		cmocka_unit_test(test_welch_overlapping),
		cmocka_unit_test(test_welch_harmonic),
		cmocka_unit_test(test_no_spread_and_small_n),
		cmocka_unit_test(test_bootstrap),
		cmocka_unit_test(test_median_ci),
		cmocka_unit_test(test_mean_ci),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
