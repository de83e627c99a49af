// SPDX-License-Identifier: GPL-2.0
/*
 * Graphs through gnuplot: mmbench writes a data file and a few variables,
 * the templates under scripts/ (installed to share/mmbench/gnuplot) draw
 * them as PNG and SVG.  What every graph needs: its files' names and
 * quoted strings.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/util.h"
#include "collect/views/gnuplot.h"

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
	/* where the template is: it loads panels.gp from beside it */
	fprintf(f, "gpdir = \"%.*s\"\n", (int)(strrchr(path, '/') - path), path);
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

int coll_plot_mkdir(const char *dir, FILE *err)
{
	int ret = util_mkdir_p(dir, 0755);

	if (ret)
		fprintf(err, "mmbench: cannot create %s: %s\n", dir,
			strerror(-ret));
	return ret;
}

FILE *coll_gp_open(struct gp_files *f, const char *dir,
		   const char *const *words)
{
	size_t off, i;

	off = snprintf(f->base, sizeof(f->base), "%s/", dir);
	for (i = 0; words[i] && off + 1 < sizeof(f->base); i++) {
		if (i)
			f->base[off++] = '-';
		coll_file_name(f->base + off, sizeof(f->base) - off, words[i]);
		off += strlen(f->base + off);
	}
	snprintf(f->dat, sizeof(f->dat), "%s.dat", f->base);
	return fopen(f->dat, "we");
}

size_t coll_gp_lines(FILE *f, const char *name, const char *s,
		     size_t cols)
{
	char line[1024], q[1100];
	size_t len, n = 0;

	fprintf(f, "%s = ", name);
	do {
		len = strlen(s);
		if (len > cols) {
			len = cols;
			while (len > 0 && s[len] != ' ')
				len--;
			if (!len)
				len = cols;
		}
		snprintf(line, sizeof(line), "%.*s", (int)len, s);
		coll_gp_str(q, sizeof(q), line);
		fprintf(f, "%s%s", n++ ? " . \"\\n\" . " : "", q);
		s += len;
		s += strspn(s, " ");
	} while (*s);
	fputc('\n', f);
	return n;
}

size_t coll_key_rows(const char *const *names, size_t n, size_t width)
{
	size_t i, w = 0, rows = 1;

	/* a sample and its gap take about 60 pixels, a character 6 */
	for (i = 0; i < n; i++) {
		size_t e = 60 + 6 * strlen(names[i]);

		if (w && w + e > width - 40) {
			rows++;
			w = 0;
		}
		w += e;
	}
	return rows;
}
