// SPDX-License-Identifier: GPL-2.0
/*
 * The sensitivity under a comparison: per point, half the width of the
 * 95% CI of the change of its first metric, worked out by hand for
 * Welch's t; points named by the parameters that vary; points without
 * two samples a side, or fallen back, said not to be judged; one line
 * per run against A; text wrapped within 72 columns between items; the
 * number per point in csv and json.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "collect/model/match.h"
#include "collect/model/reader.h"
#include "collect/views/sensitivity.h"
#include "collect/views/table.h"

static char out[65536];

/* "time" (arithmetic, recorded first) then "throughput" (harmonic). */
#define SAMPLE "{\"bench\":\"%s\",\"params\":{%s},\"metrics\":{" \
	"\"time\":{\"value\":%g,\"unit\":\"us\",\"better\":\"lower\",\"mean\":\"arithmetic\"}," \
	"\"throughput\":{\"value\":%g,\"unit\":\"GB/s\",\"better\":\"higher\",\"mean\":\"harmonic\"}}%s}\n"

struct text {
	char s[65536];
	size_t off;
};

/* n samples of a point: time t0 + i, throughput 100 + 40 i (+ extra) */
static void add(struct text *t, const char *bench, const char *params,
		int n, double t0, const char *extra)
{
	int i;

	for (i = 0; i < n; i++)
		t->off += snprintf(t->s + t->off, sizeof(t->s) - t->off, SAMPLE,
				   bench, params, t0 + i, 100.0 + 40 * i, extra);
	assert_true(t->off < sizeof(t->s));
}

static void finish_run(struct crun *r, struct text *t, char tag)
{
	char dir[32];

	memset(r, 0, sizeof(*r));
	assert_int_equal(coll_parse_samples(r, t->s, t->off, "x", stderr), 0);
	snprintf(dir, sizeof(dir), "/tmp/run-%c", tag);
	r->tag = tag;
	r->dir = strdup(dir);
	r->label = strdup(dir + 5);
	r->release = strdup("6.18.0");
	r->started = strdup("2026-11-23T01:02:03+0000");
	r->status = strdup("complete");
	r->meta = json_tokener_parse("{}");
}

/*
 * One benchmark of 8 points (size x mode, policy and mem fixed) and one
 * of a single point.  A: time 10..14 everywhere; B: 11..15, but
 * size=16K has 1 sample in B and size=64K mode=populate fell back; C
 * (when asked): time 10..14 plus one sample of 40 at size=4K.
 */
static void make_runs(struct crun *runs, size_t n)
{
	static const char *const sizes[] = { "4K", "16K", "64K", "2M" };
	static const char *const modes[] = { "write", "populate" };
	const char *fb = ",\"fallback\":true,\"fallback_reason\":\"4K only\"";
	size_t r, s, m;
	char params[256];

	for (r = 0; r < n; r++) {
		struct text *t = calloc(1, sizeof(*t));

		assert_non_null(t);
		for (s = 0; s < 4; s++) {
			for (m = 0; m < 2; m++) {
				bool one = r == 1 && s == 1;
				bool fell = r == 1 && s == 2 && m == 1;

				snprintf(params, sizeof(params),
					 "\"size\":\"%s\",\"mode\":\"%s\",\"policy\":\"always\",\"mem\":\"64M\"",
					 sizes[s], modes[m]);
				add(t, "anon-fault", params, one ? 1 : 5,
				    r == 1 ? 11 : 10, fell ? fb : "");
				if (r == 2 && s == 0)
					add(t, "anon-fault", params, 1, 40, "");
			}
		}
		add(t, "zap", "\"op\":\"munmap\",\"size\":\"2M\"", 4,
		    r == 1 ? 101 : 100, "");
		finish_run(&runs[r], t, coll_tag(r));
		free(t);
	}
}

static void cmp_print(struct crun *runs, size_t n, enum cfmt f,
		      enum coll_ci ci)
{
	struct ccmp c = { .runs = runs, .nruns = n, .ci = ci };
	FILE *o = fmemopen(out, sizeof(out), "w");

	assert_non_null(o);
	assert_int_equal(coll_match(&c, stderr), 0);
	assert_int_equal(coll_print(&c, f, o), 0);
	fclose(o);
	coll_free_cmp(&c);
}

static void free_runs(struct crun *runs, size_t n)
{
	while (n--)
		coll_free_run(&runs[n]);
}

static void near(double a, double b)
{
	if (!(fabs(a - b) < 1e-6 * (1 + fabs(b))))
		fail_msg("%.10g is not %.10g", a, b);
}

/*
 * A 10..14 against B 11..15: means 12 and 13, variances 2.5, se^2 = 1,
 * df = 8, t = 2.3060041352 (tables): the CI of the change is
 * 1/12 -+ t/12, half its width t/12 = 19.2167%.
 */
#define HW_AB	(2.3060041352 / 12 * 100)

static void test_numbers(void **state)
{
	struct crun runs[2];
	struct ccmp c = { .runs = runs, .nruns = 2, .ci = COLL_WELCH };
	char why[256];
	size_t j, heads = 0;
	double pct;

	(void)state;
	make_runs(runs, 2);
	assert_int_equal(coll_match(&c, stderr), 0);
	for (j = 0; j < c.nrows; j++) {
		const struct crow *r = &c.rows[j];
		const char *p = r->pt[0]->params;

		/* the first metric recorded is the headline */
		assert_int_equal(coll_is_headline(r),
				 !strcmp(r->def->name, "time"));
		if (!coll_is_headline(r))
			continue;
		heads++;
		if (!strncmp(p, "size=16K", 8)) {
			assert_false(coll_detectable(r, 1, &pct, why, sizeof(why)));
			assert_string_equal(why, "fewer than 2 samples");
		} else if (!strcmp(p, "size=64K mode=populate policy=always mem=64M")) {
			assert_false(coll_detectable(r, 1, &pct, why, sizeof(why)));
			assert_string_equal(why, "B fell back");
		} else if (!strcmp(r->pt[0]->bench, "zap")) {
			/* 100..103 against 101..104: variances 5/3,
			 * se^2 = 5/6, df = 6, t = 2.4469118511 */
			assert_true(coll_detectable(r, 1, &pct, why, sizeof(why)));
			near(pct, 2.4469118511 * sqrt(5.0 / 6) / 101.5 * 100);
		} else {
			assert_true(coll_detectable(r, 1, &pct, why, sizeof(why)));
			near(pct, HW_AB);
			near(pct, (r->c[1].hi - r->c[1].lo) / 2 * 100);
		}
	}
	assert_int_equal(heads, 9);
	coll_free_cmp(&c);

	/* the bootstrap's interval is not symmetric: still (hi - lo) / 2 */
	c.ci = COLL_BOOTSTRAP;
	assert_int_equal(coll_match(&c, stderr), 0);
	assert_true(coll_detectable(&c.rows[0], 1, &pct, why, sizeof(why)));
	near(pct, (c.rows[0].c[1].hi - c.rows[0].c[1].lo) / 2 * 100);
	assert_true(pct > 0 && pct < 50);
	coll_free_cmp(&c);
	free_runs(runs, 2);
}

/* Join the lines a benchmark's line was wrapped into (indented by 4). */
static void unwrap(char *s)
{
	char *d = s;

	while (*s) {
		if (!strncmp(s, "\n    ", 5)) {
			*d++ = ' ';
			s += 5;
		} else {
			*d++ = *s++;
		}
	}
	*d = '\0';
}

/* The sentence's text: one run, then the line of each benchmark. */
static void test_text(void **state)
{
	struct crun runs[2];
	char *s, *e;

	(void)state;
	make_runs(runs, 2);
	cmp_print(runs, 2, CF_TEXT, COLL_WELCH);
	for (e = out; (s = strchr(e, '\n')); e = s + 1)
		if (s - e > 72)
			fail_msg("line over 72 columns: %.*s", (int)(s - e), e);
	s = strstr(out, "\nsensitivity: the smallest change of each point's first metric");
	assert_non_null(s);
	s = strstr(s, "\nB against A could not have seen changes below\n");
	assert_non_null(s);
	unwrap(s);
	/*
	 * Points in A's order by what varies (no policy=, no mem=), the
	 * ones not judged last, each reason once; a single point (zap) has
	 * nothing to name; the other metric is not the headline.
	 */
	assert_string_equal(s,
		"\nB against A could not have seen changes below\n"
		"  anon-fault time: 19.2% at size=4K mode=write, "
		"19.2% at size=4K mode=populate, 19.2% at size=64K mode=write, "
		"19.2% at size=2M mode=write, 19.2% at size=2M mode=populate; "
		"could not judge size=16K mode=write, size=16K mode=populate "
		"(fewer than 2 samples), size=64K mode=populate (B fell back)\n"
		"  zap time: 2.2%\n");
	free_runs(runs, 2);
}

/*
 * Wrapping: a benchmark's line goes on indented by 4, broken after an
 * item's comma or semicolon, never inside "19.2% at size=4K mode=write".
 */
static void test_wrap(void **state)
{
	struct crun runs[2];
	char *s, *e, *prev = NULL;
	int cont = 0;

	(void)state;
	make_runs(runs, 2);
	cmp_print(runs, 2, CF_TEXT, COLL_WELCH);
	s = strstr(out, "\n  anon-fault time: ");
	assert_non_null(s);
	for (e = strchr(s + 1, '\n') + 1; (s = strchr(e, '\n')); e = s + 1) {
		if (strncmp(e, "    ", 4))
			break;
		cont++;
		assert_true(e[4] != ' ');
		/* the line before ended an item */
		assert_true(s - e <= 72);
		assert_true(e[-2] == ',' || e[-2] == ';');
		prev = e;
	}
	assert_non_null(prev);
	assert_true(cont >= 2);
	/* the benchmark's line ends where zap's begins */
	assert_int_equal(strncmp(e, "  zap time: ", 12), 0);
	free_runs(runs, 2);
}

/* Several runs: each its own half-widths against A. */
static void test_runs(void **state)
{
	struct crun runs[3];
	char *b, *c;

	(void)state;
	make_runs(runs, 3);
	cmp_print(runs, 3, CF_TEXT, COLL_WELCH);
	b = strstr(out, "\nB against A could not have seen changes below\n");
	c = strstr(out, "\nC against A could not have seen changes below\n");
	assert_non_null(b);
	assert_non_null(c);
	assert_true(b < c);
	/* C's 4K has an outlier: a far wider interval than B's 19.2% */
	assert_non_null(strstr(b, "anon-fault time: 19.2% at size=4K mode=write,"));
	assert_null(strstr(c, "anon-fault time: 19.2% at size=4K mode=write,"));
	/* and C judges 16K, which B could not */
	assert_non_null(strstr(c, "at size=16K mode=write,"));
	cmp_print(runs, 3, CF_MARKDOWN, COLL_WELCH);
	assert_non_null(strstr(out, "\nSensitivity: the smallest change"));
	assert_non_null(strstr(out, "\n- B against A could not have seen changes below\n  - anon-fault time: 19.2% at size=4K mode=write, "));
	assert_non_null(strstr(out, "\n- C against A could not have seen changes below\n  - anon-fault time: "));
	assert_non_null(strstr(out, "\n  - zap time: 2.2%\n"));
	free_runs(runs, 3);
}

/* csv and json: the number per point on its headline rows only. */
static void test_exports(void **state)
{
	struct json_object *o, *rows, *row, *rb, *v;
	struct crun runs[2];
	size_t i, with = 0, nulls = 0;
	char *l;

	(void)state;
	make_runs(runs, 2);
	cmp_print(runs, 2, CF_CSV, COLL_WELCH);
	assert_non_null(strstr(out, ",ci_method,detectable_pct\n"));
	l = strstr(out, "\"anon-fault\",\"size=4K mode=write policy=always mem=64M\",\"time\",\"us\",\"lower\",\"arithmetic\",B,");
	assert_non_null(l);
	l = strchr(l, '\n');
	while (l[-1] != ',')
		l--;
	near(strtod(l, NULL), HW_AB);
	/* throughput's row and A's leave it empty */
	l = strstr(out, "\"throughput\",\"GB/s\",\"higher\",\"harmonic\",B,");
	assert_non_null(l);
	l = strchr(l, '\n');
	assert_int_equal(strncmp(l - 6, "welch,", 6), 0);
	l = strstr(out, "\"time\",\"us\",\"lower\",\"arithmetic\",A,");
	assert_non_null(l);
	l = strchr(l, '\n');
	assert_int_equal(strncmp(l - 6, "welch,", 6), 0);
	cmp_print(runs, 2, CF_JSON, COLL_WELCH);
	o = json_tokener_parse(out);
	assert_non_null(o);
	assert_true(json_object_object_get_ex(o, "rows", &rows));
	for (i = 0; i < json_object_array_length(rows); i++) {
		row = json_object_array_get_idx(rows, i);
		rb = json_object_array_get_idx(json_object_object_get(row, "runs"), 1);
		assert_false(json_object_object_get_ex(
			json_object_array_get_idx(json_object_object_get(row, "runs"), 0),
			"detectable_pct", NULL));
		if (!json_object_get_boolean(json_object_object_get(row, "headline"))) {
			assert_false(json_object_object_get_ex(rb, "detectable_pct", NULL));
			continue;
		}
		assert_string_equal(json_object_get_string(json_object_object_get(row, "metric")),
				    "time");
		assert_true(json_object_object_get_ex(rb, "detectable_pct", &v));
		if (!v) {
			nulls++;	/* 16K x 2, 64K populate */
			continue;
		}
		with++;
		if (!strcmp(json_object_get_string(json_object_object_get(row, "bench")),
			    "anon-fault"))
			near(json_object_get_double(v), HW_AB);
	}
	assert_int_equal(with, 6);
	assert_int_equal(nulls, 3);
	json_object_put(o);
	free_runs(runs, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_exports),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
