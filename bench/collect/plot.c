// SPDX-License-Identifier: GPL-2.0
/*
 * Graphs through gnuplot: mmbench writes a data file and a few variables,
 * the templates under scripts/ (installed to share/mmbench/gnuplot) draw
 * them as PNG and SVG.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/mmbench.h"
#include "core/util.h"
#include "collect/collect.h"

extern char **environ;

void coll_file_name(char *dst, size_t size, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < size; i++)
		dst[i] = (isalnum((unsigned char)src[i]) || strchr("._-", src[i])) ?
			 src[i] : '_';
	dst[i] = '\0';
}

void coll_gp_str(char *dst, size_t size, const char *s)
{
	size_t o = 0;

	if (size < 3)
		return;
	dst[o++] = '"';
	for (; *s && o + 3 < size; s++) {
		if (*s == '"' || *s == '\\')
			dst[o++] = '\\';
		dst[o++] = (unsigned char)*s < ' ' ? ' ' : *s;
	}
	dst[o++] = '"';
	dst[o] = '\0';
}

/* scripts/ beside the build dir, or the installed share/mmbench/gnuplot. */
static int template_path(const char *tmpl, char *out, size_t size)
{
	const char *env = getenv("MMBENCH_GNUPLOT_DIR");
	char exe[PATH_MAX], *slash;
	const char *rel[] = { "../scripts", "../share/mmbench/gnuplot" };
	ssize_t n;
	size_t i;

	if (env) {
		snprintf(out, size, "%s/%s.gp", env, tmpl);
		return access(out, R_OK) ? -ENOENT : 0;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n < 0)
		return -errno;
	exe[n] = '\0';
	slash = strrchr(exe, '/');
	if (slash)
		*slash = '\0';
	for (i = 0; i < ARRAY_SIZE(rel); i++) {
		snprintf(out, size, "%s/%s/%s.gp", exe, rel[i], tmpl);
		if (!access(out, R_OK))
			return 0;
	}
	return -ENOENT;
}

int coll_gnuplot(const char *tmpl, const char *vars, FILE *err)
{
	char path[PATH_MAX + 64], vpath[] = "/tmp/mmbench-gp.XXXXXX";
	char *argv[] = { "gnuplot", vpath, path, NULL };
	char lpath[sizeof(vpath) + 8], line[512];
	posix_spawn_file_actions_t fa;
	int fd, status, ret;
	pid_t pid;
	FILE *f;

	if (template_path(tmpl, path, sizeof(path))) {
		if (getenv("MMBENCH_GNUPLOT_DIR"))
			fprintf(err, "mmbench: gnuplot template %s.gp not in MMBENCH_GNUPLOT_DIR=%s\n",
				tmpl, getenv("MMBENCH_GNUPLOT_DIR"));
		else
			fprintf(err, "mmbench: gnuplot template %s.gp not found beside the binary (../scripts) nor installed (../share/mmbench/gnuplot); set MMBENCH_GNUPLOT_DIR\n",
				tmpl);
		return -ENOENT;
	}
	fd = mkstemp(vpath);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(vpath);
		return -ENOMEM;
	}
	fputs(vars, f);
	fclose(f);
	fflush(err);
	/* gnuplot warns about empty series; show its words only on failure */
	snprintf(lpath, sizeof(lpath), "%s.log", vpath);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 2, lpath,
					 O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ret = posix_spawnp(&pid, "gnuplot", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (ret) {
		fprintf(err, "mmbench: cannot run gnuplot: %s (install gnuplot-nox)\n",
			strerror(ret));
		ret = -ENOENT;
		goto out;
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		fprintf(err, "mmbench: gnuplot failed on %s:\n", path);
		f = fopen(lpath, "re");
		while (f && fgets(line, sizeof(line), f))
			fprintf(err, "  %s", line);
		if (f)
			fclose(f);
		ret = -EIO;
	}
out:
	unlink(vpath);
	unlink(lpath);
	return ret;
}

/* A point's label on the x axis: its params that vary within the bench. */
static void point_label(const struct ccmp *c, const struct cpoint *p,
			char *out, size_t size)
{
	char *copy = strdup(p->params), *save, *w;
	size_t off = 0, j;

	out[0] = '\0';
	for (w = copy ? strtok_r(copy, " ", &save) : NULL; w;
	     w = strtok_r(NULL, " ", &save)) {
		bool everywhere = true;

		for (j = 0; j < c->runs[0].np; j++) {
			const struct cpoint *q = &c->runs[0].p[j];
			const char *s = strstr(q->params, w);

			if (strcmp(q->bench, p->bench))
				continue;
			if (!s || (s[strlen(w)] && s[strlen(w)] != ' '))
				everywhere = false;
		}
		if (!everywhere && off + strlen(w) + 2 < size)
			off += snprintf(out + off, size - off, "%s%s",
					off ? " " : "", w);
	}
	free(copy);
	if (!out[0])
		snprintf(out, size, "%s", p->params);
}

static void gp_num(FILE *f, double x)
{
	if (isfinite(x))
		fprintf(f, " %.6g", x);
	else
		fprintf(f, " NaN");
}

void coll_run_names(const struct ccmp *c, size_t from, char *out,
		    size_t size)
{
	size_t i, off = 0;
	char name[200];

	out[0] = '\0';
	for (i = from; i < c->nruns; i++) {
		snprintf(name, sizeof(name), "%c:%s:%s", c->runs[i].tag,
			 *c->runs[i].label ? c->runs[i].label : "-",
			 c->runs[i].release);
		for (char *s = name; *s; s++)
			if (*s == ' ')
				*s = '_';
		off += snprintf(out + off, size - off, "%s%s", off ? " " : "",
				name);
		if (off >= size)
			break;
	}
}

/* One metric of one benchmark: rows [first, end) of c share both. */
static int plot_metric(const struct ccmp *c, const char *dir,
		       const size_t *rows, size_t nr, FILE *err)
{
	const struct cmetric *m = c->rows[rows[0]].def;
	char base[PATH_MAX], dat[PATH_MAX + 16], fb[64], lab[512], q[2][6144];
	char names[4096], vars[24576], title[5120];
	bool hasfb = false;
	size_t i, k;
	int ret;
	FILE *f;

	coll_file_name(fb, sizeof(fb), c->rows[rows[0]].pt[0]->bench);
	snprintf(base, sizeof(base), "%s/%s-", dir, fb);
	coll_file_name(fb, sizeof(fb), m->name);
	strncat(base, fb, sizeof(base) - strlen(base) - 1);
	snprintf(dat, sizeof(dat), "%s.dat", base);
	f = fopen(dat, "we");
	if (!f)
		return -errno;
	fprintf(f, "# x label, then per run: mean ci_lo ci_hi fallback_mean; then per later run: change%% lo%% hi%%\n");
	for (k = 0; k < nr; k++) {
		const struct crow *r = &c->rows[rows[k]];

		point_label(c, r->pt[0], lab, sizeof(lab));
		coll_gp_str(q[0], sizeof(q[0]), lab);
		fprintf(f, "%zu %s", k, q[0]);
		for (i = 0; i < c->nruns; i++) {
			double lo = NAN, hi = NAN, mean = NAN;

			if (r->m[i] && r->s[i].n) {
				mean = r->s[i].mean;
				coll_mean_ci(r->m[i]->v, r->m[i]->n,
					     r->m[i]->mean, &lo, &hi);
			}
			if (r->st[i] == CS_FALLBACK) {
				hasfb = true;
				fprintf(f, " NaN NaN NaN");
				gp_num(f, mean);
				continue;
			}
			if (r->st[i] != CS_OK)
				mean = lo = hi = NAN;
			gp_num(f, mean);
			gp_num(f, lo);
			gp_num(f, hi);
			fprintf(f, " NaN");
		}
		for (i = 1; i < c->nruns; i++) {
			const struct cchange *ch = &r->c[i];

			gp_num(f, ch->valid ? ch->rel * 100 : NAN);
			gp_num(f, ch->have_ci ? ch->lo * 100 : NAN);
			gp_num(f, ch->have_ci ? ch->hi * 100 : NAN);
		}
		fputc('\n', f);
	}
	if (fclose(f))
		return -EIO;
	coll_run_names(c, 0, names, sizeof(names));
	snprintf(title, sizeof(title), "%s %s: %s", c->rows[rows[0]].pt[0]->bench,
		 m->name, names);
	coll_gp_str(q[0], sizeof(q[0]), title);
	snprintf(lab, sizeof(lab), "%s (%s, %s is better; bars: 95%% CI of the %s mean)",
		 m->name, m->unit, m->better == COLL_HIGHER ? "higher" : "lower",
		 m->mean == COLL_HARMONIC ? "harmonic" : "arithmetic");
	coll_gp_str(q[1], sizeof(q[1]), lab);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s\"\ntitle = %s\nylabel = %s\n"
		 "nruns = %zu\nruns = \"%s\"\nhasfb = %d\n",
		 dat, base, q[0], q[1], c->nruns, names, hasfb);
	ret = coll_gnuplot("values", vars, err);
	if (ret || c->nruns < 2)
		return ret;
	snprintf(lab, sizeof(lab), "change of the mean against A (%%), 95%% CI by %s",
		 c->ci == COLL_BOOTSTRAP ? "bootstrap" : "Welch's t");
	coll_gp_str(q[1], sizeof(q[1]), lab);
	snprintf(vars, sizeof(vars),
		 "datafile = \"%s\"\nbase = \"%s-change\"\ntitle = %s\n"
		 "ylabel = %s\nnruns = %zu\nruns = \"%s\"\nhigher = %d\n",
		 dat, base, q[0], q[1], c->nruns, names,
		 m->better == COLL_HIGHER);
	return coll_gnuplot("change", vars, err);
}

int coll_plot_mkdir(const char *dir, FILE *err)
{
	int ret = util_mkdir_p(dir, 0755);

	if (ret)
		fprintf(err, "mmbench: cannot create %s: %s\n", dir,
			strerror(-ret));
	return ret;
}

int coll_plot(const struct ccmp *c, const char *dir, FILE *err)
{
	size_t *rows = calloc(c->nrows + 1, sizeof(*rows)), *done, j, k, nr;
	int ret = 0, plots = 0;

	done = calloc(c->nrows + 1, sizeof(*done));
	if (!rows || !done) {
		ret = -ENOMEM;
		goto out;
	}
	ret = coll_plot_mkdir(dir, err);
	if (ret)
		goto out;
	for (j = 0; j < c->nrows && !ret; j++) {
		const struct crow *r = &c->rows[j];

		if (done[j] || !r->def)
			continue;
		/* Every row of this benchmark and metric, in point order. */
		for (k = j, nr = 0; k < c->nrows; k++) {
			const struct crow *o = &c->rows[k];

			if (o->def && !strcmp(o->pt[0]->bench, r->pt[0]->bench) &&
			    !strcmp(o->def->name, r->def->name)) {
				rows[nr++] = k;
				done[k] = 1;
			}
		}
		ret = plot_metric(c, dir, rows, nr, err);
		plots++;
		if (!ret)
			ret = coll_plot_scaling(c, dir, rows, nr, err);
	}
	if (!ret)
		fprintf(err, "mmbench: %d graphs (PNG and SVG) in %s\n", plots,
			dir);
out:
	free(rows);
	free(done);
	return ret;
}
