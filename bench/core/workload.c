// SPDX-License-Identifier: GPL-2.0
/*
 * Workload files: finding the one a user names (in the tree or where
 * `make install` put it) and reading it, line by line, through the same
 * parser as the command line.
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/param.h"
#include "core/workload.h"

#define WL_WORDS	64
#define WL_LINE		4096

static bool is_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/* Try dir/name(.wl); note it in tried either way. */
static bool try_dir(const char *dir, const char *name, const char *ext,
		    char *path, size_t size, char *tried, size_t tlen)
{
	size_t off = strlen(tried);

	if (snprintf(path, size, "%s/%s%s", dir, name, ext) >= (int)size)
		return false;
	if (off < tlen)
		snprintf(tried + off, tlen - off, ", %s", path);
	return is_file(path);
}

int workload_find(const char *name, const char *exe, char *path,
		  size_t size, char *tried, size_t tlen)
{
	static const char *const rel[] = {
		"../share/mmbench/workloads", "../workloads",
	};
	char self[PATH_MAX], dir[PATH_MAX + 64], *slash;
	const char *ext;
	struct stat st;
	ssize_t n;
	size_t i;

	snprintf(tried, tlen, "%s", name);
	/* As given: any file, /dev/stdin and pipes too. */
	if (!stat(name, &st) && !S_ISDIR(st.st_mode)) {
		if (snprintf(path, size, "%s", name) >= (int)size)
			return -ENAMETOOLONG;
		return 0;
	}
	/* A path is only itself; a bare name is looked up. */
	if (!*name || strchr(name, '/') || !strcmp(name, ".") ||
	    !strcmp(name, ".."))
		return -ENOENT;
	if (!exe) {
		n = readlink("/proc/self/exe", self, sizeof(self) - 1);
		if (n <= 0)
			return -ENOENT;
		self[n] = '\0';
		exe = self;
	}
	slash = strrchr(exe, '/');
	if (!slash)
		return -ENOENT;
	ext = strlen(name) > 3 && !strcmp(name + strlen(name) - 3, ".wl") ?
		"" : ".wl";
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++) {
		snprintf(dir, sizeof(dir), "%.*s/%s", (int)(slash - exe), exe,
			 rel[i]);
		if (try_dir(dir, name, ext, path, size, tried, tlen))
			return 0;
	}
	return -ENOENT;
}

/* Split a line into words; '#' starts a comment.  -E2BIG: too many. */
static int split_line(char *line, char **words, int max)
{
	char *hash = strchr(line, '#'), *save, *w;
	int n = 0;

	if (hash)
		*hash = '\0';
	for (w = strtok_r(line, " \t\r\n\v\f", &save); w;
	     w = strtok_r(NULL, " \t\r\n\v\f", &save)) {
		if (n == max)
			return -E2BIG;
		words[n++] = w;
	}
	return n;
}

int workload_parse(FILE *f, const char *file, int nov, char *const *ov,
		   struct point **pts, size_t *n, char *err, size_t errlen)
{
	char origin[128], *line = NULL, *words[WL_WORDS];
	int lineno = 0, nw, i, ret = 0;
	size_t cap = 0;
	bool *used;
	ssize_t len;

	*pts = NULL;
	*n = 0;
	used = calloc(nov + 1, sizeof(*used));
	if (!used) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		struct spec spec;

		lineno++;
		snprintf(origin, sizeof(origin), "%.100s:%d", file, lineno);
		if (len >= WL_LINE) {
			snprintf(err, errlen, "%s: line longer than %d characters",
				 origin, WL_LINE - 1);
			ret = -EINVAL;
			goto out;
		}
		if (memchr(line, '\0', len)) {
			snprintf(err, errlen, "%s: a NUL byte in the line",
				 origin);
			ret = -EINVAL;
			goto out;
		}
		nw = split_line(line, words, WL_WORDS);
		if (nw < 0) {
			snprintf(err, errlen, "%s: more than %d words", origin,
				 WL_WORDS);
			ret = -EINVAL;
			goto out;
		}
		if (!nw)
			continue;
		ret = spec_parse(nw, words, origin, &spec, err, errlen);
		for (i = 0; i < nov && !ret; i++) {
			char name[64];

			ret = spec_override(&spec, ov[i], err, errlen);
			snprintf(name, sizeof(name), "%.*s",
				 (int)strcspn(ov[i], "="), ov[i]);
			used[i] |= bench_param_index(spec.bench, name) >= 0 ||
				   param_is_harness(name);
		}
		if (!ret)
			ret = spec_expand(&spec, pts, n, err, errlen);
		if (ret) {
			char msg[ERRLEN];

			snprintf(msg, sizeof(msg), "%s", err);
			snprintf(err, errlen, "%s: %s", origin, msg);
			goto out;
		}
	}
	for (i = 0; i < nov; i++) {
		if (!used[i]) {
			snprintf(err, errlen, "%s: no benchmark in %s takes it",
				 ov[i], file);
			ret = -EINVAL;
			goto out;
		}
	}
	if (!*n) {
		snprintf(err, errlen, "%s: no benchmark lines", file);
		ret = -EINVAL;
	}
out:
	free(line);
	free(used);
	if (ret) {
		free(*pts);
		*pts = NULL;
		*n = 0;
	}
	return ret;
}
