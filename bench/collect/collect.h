/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The collector: read results directories, match their samples by
 * benchmark and parameters, and compare, plot and track them.
 */
#ifndef MMBENCH_COLLECT_H
#define MMBENCH_COLLECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define COLL_MAXRUNS	32

struct json_object;

enum coll_better { COLL_LOWER, COLL_HIGHER };
enum coll_mean { COLL_ARITH, COLL_HARMONIC };

/* One metric of one point in one run: every repetition's value. */
struct cmetric {
	char *name, *unit;
	enum coll_better better;
	enum coll_mean mean;
	bool mixed;		/* unit/better/mean changed between lines */
	double *v;
	size_t n, cap;
};

/* One point (benchmark + parameter values) of one run. */
struct cpoint {
	char *bench;
	char *params;		/* "size=64K mode=write", the file's order */
	char *key;		/* bench + params sorted by name: matching */
	char *tasks;		/* value of a "tasks" parameter, or NULL */
	char *skipped, *failed;	/* reasons, when the point did not run */
	char *fallback_reason;	/* first one seen */
	int samples, fallbacks;
	struct cmetric *m;
	size_t nm;
};

struct crun {
	char *dir;
	char tag;		/* 'A', 'B', ... in the order given */
	int idx;		/* position on the command line */
	char *label, *release, *started, *status;
	bool icount;		/* meta.json timebase "icount" */
	struct json_object *meta;
	struct cpoint *p;
	size_t np;
	int lines, bad;		/* samples.jsonl lines read, and unusable */
};

/* reader.c */
/*
 * Read DIR/meta.json and DIR/samples.jsonl into r.  Problems with single
 * lines are reported on err as "file:line: what" and the rest is used;
 * returns 0, -ENOENT (no such results directory), -ENODATA (no usable
 * sample) or -ENOMEM.
 */
int coll_read_run(const char *dir, struct crun *r, FILE *err);
/* Parse samples.jsonl content (name is used in messages). */
int coll_parse_samples(struct crun *r, const char *buf, size_t len,
		       const char *name, FILE *err);
void coll_free_run(struct crun *r);
struct cpoint *coll_find_point(const struct crun *r, const char *key);
struct cmetric *coll_find_metric(const struct cpoint *p, const char *name);

/* cstats.c */
struct csum {
	size_t n;
	double mean;		/* the metric's declared mean */
	double median, sd, cv;	/* cv = sd / arithmetic mean */
	bool ok;		/* false: no value, or harmonic of a value <= 0 */
};

enum coll_ci { COLL_WELCH, COLL_BOOTSTRAP };

struct cchange {
	double rel;		/* relative change of the mean, B/A - 1 */
	double lo, hi;		/* its 95% confidence interval */
	bool valid;		/* rel is defined (A's mean is not 0) */
	bool have_ci;		/* both sides have n >= 2 */
	int sig;		/* +1 improvement, -1 regression, 0 neither */
};

int coll_summary(const double *v, size_t n, enum coll_mean m,
		 struct csum *s);
int coll_change(const double *a, size_t na, const double *b, size_t nb,
		enum coll_mean m, enum coll_better better, enum coll_ci ci,
		struct cchange *c);
/* Distribution-free 95% CI of the median from order statistics. */
int coll_median_ci(const double *v, size_t n, double *lo, double *hi);
const char *coll_ci_name(enum coll_ci ci);
int coll_mean_ci(const double *v, size_t n, enum coll_mean m, double *lo,
		 double *hi);

/* compare.c: runs matched into rows, one per point and metric. */
enum cstate { CS_OK, CS_MISSING, CS_FALLBACK, CS_SKIPPED, CS_FAILED,
	      CS_NOMETRIC, CS_MISMATCH };

struct crow {
	const struct cpoint *pt[COLL_MAXRUNS];
	const struct cmetric *m[COLL_MAXRUNS];
	enum cstate st[COLL_MAXRUNS];
	struct csum s[COLL_MAXRUNS];
	struct cchange c[COLL_MAXRUNS];	/* against run 0; [0] unused */
	const struct cmetric *def;	/* baseline's metric: name, unit */
};

struct ccmp {
	struct crun *runs;
	size_t nruns;
	enum coll_ci ci;
	struct crow *rows;
	size_t nrows;
	char **diffs;		/* setup differences, printable lines */
	size_t ndiffs;
	char **notes;		/* points not in the baseline, etc. */
	size_t nnotes;
};

int coll_match(struct ccmp *c, FILE *err);
void coll_free_cmp(struct ccmp *c);
int coll_setup_diffs(struct ccmp *c);
const char *coll_state_name(enum cstate st);
/* A, B, .. Z, a, b, ..: a run's name in tables */
static inline char coll_tag(size_t i)
{
	return i < 26 ? 'A' + i : 'a' + (i - 26);
}
/* Load runs from argv-style dirs; prints the reason and returns an exit code. */
int coll_load_runs(char **dirs, int n, struct crun **runs, FILE *err);
/* coll_load_runs and coll_match into c: an exit code; c is freed by the caller. */
int coll_open(struct ccmp *c, char **dirs, int n, FILE *err);
void coll_free_runs(struct crun *runs, size_t n);

/* table.c */
enum cfmt { CF_TEXT, CF_MARKDOWN, CF_CSV, CF_JSON };
int coll_parse_format(const char *s, enum cfmt *f);
int coll_print(const struct ccmp *c, enum cfmt f, FILE *out);
/* A value in at most 9 characters; whole numbers without an exponent. */
const char *coll_fmt_val(double x, char *buf, size_t size);
const char *coll_sig_word(int sig);
const char *coll_better_word(const struct cmetric *m);
const char *coll_mean_word(const struct cmetric *m);
/* Why run i of row r has no comparison ("" when it has one). */
void coll_state_reason(const struct crow *r, size_t i, char *buf,
		       size_t size);
/* export.c */
void coll_print_markdown(const struct ccmp *c, FILE *out);
void coll_print_csv(const struct ccmp *c, FILE *out);
int coll_print_json(const struct ccmp *c, FILE *out);

/* plot.c */
/* Values, changes and scaling curves of every metric, PNG and SVG. */
int coll_plot(const struct ccmp *c, const char *dir, FILE *err);
/* Run gnuplot on scripts/TMPL.gp with the variables in vars (gnuplot code). */
int coll_gnuplot(const char *tmpl, const char *vars, FILE *err);
int coll_plot_mkdir(const char *dir, FILE *err);
/* "A:label:release B:..." from run `from` on, for titles and keys */
void coll_run_names(const struct ccmp *c, size_t from, char *out,
		    size_t size);
/* Throughput against tasks, when a benchmark swept tasks=. */
int coll_plot_scaling(const struct ccmp *c, const char *dir,
		      const size_t *rows, size_t nr, FILE *err);
/* A name safe in a file name: [A-Za-z0-9._-], the rest '_'. */
void coll_file_name(char *dst, size_t size, const char *src);
/* s as a gnuplot string literal. */
void coll_gp_str(char *dst, size_t size, const char *s);

/* history.c */
int coll_history(struct crun *runs, size_t n, const char *order,
		 const char *plotdir, enum coll_ci ci, FILE *out, FILE *err);

/* Entry points for main.c. */
int cmd_compare(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_history(int argc, char **argv);

#endif
