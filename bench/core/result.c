// SPDX-License-Identifier: GPL-2.0
/* The results directory: meta.json and samples.jsonl, through json-c. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/result.h"
#include "core/util.h"

int res_write_meta(struct res *r)
{
	char path[4096];
	const char *s;

	snprintf(path, sizeof(path), "%s/meta.json", r->dir);
	s = json_object_to_json_string_ext(r->meta, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	return util_write_atomic(path, s, strlen(s));
}

/* meta.json's room for its last rewrite (a temp file, then rename). */
static int reserve(const char *dir, size_t len)
{
	char path[4096];
	int fd, ret;

	snprintf(path, sizeof(path), "%s/meta.json.reserve", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = -posix_fallocate(fd, 0, len);
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	return ret;
}

void res_release_reserve(const char *dir)
{
	char path[4096];

	snprintf(path, sizeof(path), "%s/meta.json.reserve", dir);
	unlink(path);
}

int res_open(struct res *r, const char *dir, struct json_object *meta)
{
	char path[4096];
	const char *s;
	int ret;

	r->fd = -1;
	r->meta = meta;
	r->size = 0;
	r->err = 0;
	if (strlen(dir) >= sizeof(r->dir))
		return -ENAMETOOLONG;
	strcpy(r->dir, dir);
	ret = util_mkdir_p(dir, 0755);
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/samples.jsonl", dir);
	/* Never mix two runs in one file. */
	r->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_APPEND | O_CLOEXEC,
		     0644);
	if (r->fd < 0)
		return -errno;
	s = json_object_to_json_string_ext(meta, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = reserve(dir, strlen(s) + RES_RESERVE_MIN);
	if (!ret) {
		ret = res_write_meta(r);
		if (ret)
			res_release_reserve(dir);
	}
	if (ret) {
		close(r->fd);
		r->fd = -1;
		unlink(path);
	}
	return ret;
}

/* Write all of buf; a short write goes on until done or an error. */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return -ENOSPC;
		buf += n;
		len -= n;
	}
	return 0;
}

int res_append(struct res *r, struct json_object *obj)
{
	const char *s;
	char *line;
	size_t len;
	int ret;

	if (r->err)
		return r->err;
	s = json_object_to_json_string_ext(obj, JSON_C_TO_STRING_PLAIN |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	len = strlen(s);
	line = malloc(len + 2);
	if (!line)
		return -ENOMEM;
	memcpy(line, s, len);
	line[len++] = '\n';
	/* One write of the whole line: a sample is either there or not. */
	ret = write_all(r->fd, line, len);
	free(line);
	if (!ret) {
		r->size += len;
		return 0;
	}
	/*
	 * A full disk takes part of a line: cut back to the last whole one,
	 * so every line a reader finds is a sample.
	 */
	r->err = ret;
	if (ftruncate(r->fd, r->size))
		fprintf(stderr, "mmbench: cannot cut %s/samples.jsonl back to its last whole line: %s\n",
			r->dir, strerror(errno));
	return ret;
}

int res_close(struct res *r)
{
	int ret = 0;

	if (r->fd >= 0) {
		if (fsync(r->fd))
			ret = -errno;
		if (close(r->fd) && !ret)
			ret = -errno;
	}
	r->fd = -1;
	return ret;
}

/* statvfs of dir, or of its nearest existing parent (not made yet). */
static int nearest_statvfs(const char *dir, struct statvfs *st)
{
	char buf[4096], *slash;

	snprintf(buf, sizeof(buf), "%s", dir);
	for (;;) {
		if (!statvfs(buf, st))
			return 0;
		if (errno != ENOENT)
			return -errno;
		slash = strrchr(buf, '/');
		if (!slash)
			return statvfs(".", st) ? -errno : 0;
		if (slash == buf) {
			buf[1] = '\0';
			return statvfs(buf, st) ? -errno : 0;
		}
		*slash = '\0';
	}
}

int res_space_check(const char *dir, size_t lines, char *msg, size_t len)
{
	unsigned long long avail, least, typical;
	struct statvfs st;

	msg[0] = '\0';
	if (nearest_statvfs(dir, &st))
		return 0;	/* res_open will say what is wrong */
	avail = (unsigned long long)st.f_bavail * st.f_frsize;
	least = RES_META_LEAST + lines * RES_LINE_LEAST;
	typical = RES_META_TYPICAL + lines * RES_LINE_TYPICAL;
	if (avail < least || (st.f_files && st.f_favail < 4)) {
		snprintf(msg, len,
			 "%s: %llu KiB free, and this run needs at least %llu KiB: %zu sample lines at %d KiB (the least one takes) + %d KiB for meta.json and the room to rewrite it%s; free some space or choose another out=",
			 dir, avail >> 10, least >> 10, lines,
			 RES_LINE_LEAST >> 10, RES_META_LEAST >> 10,
			 st.f_files && st.f_favail < 4 ? ", and 4 free inodes" : "");
		return -ENOSPC;
	}
	if (avail < typical)
		snprintf(msg, len,
			 "%s: %llu KiB free; at a typical %d KiB a sample this run writes about %llu KiB and may run out (a run that does stops, keeping every whole sample)",
			 dir, avail >> 10, RES_LINE_TYPICAL >> 10, typical >> 10);
	return 0;
}

int res_set_status(const char *dir, const char *status, const char *why)
{
	struct json_object *meta;
	char path[4096];
	const char *s;
	int ret;

	snprintf(path, sizeof(path), "%s/meta.json", dir);
	meta = json_object_from_file(path);
	if (!meta)
		return -ENOENT;
	res_release_reserve(dir);
	json_object_object_add(meta, "status", json_object_new_string(status));
	if (why)
		json_object_object_add(meta, "status_reason",
				       json_object_new_string(why));
	s = json_object_to_json_string_ext(meta, JSON_C_TO_STRING_PRETTY |
					   JSON_C_TO_STRING_NOSLASHESCAPE);
	ret = util_write_atomic(path, s, strlen(s));
	json_object_put(meta);
	return ret;
}

int res_read_samples(const char *path,
		     int (*fn)(struct json_object *, void *), void *arg,
		     int *bad)
{
	struct json_tokener *tok;
	size_t cap = 0;
	char *line = NULL;
	ssize_t len;
	int n = 0, ret = 0;
	FILE *f;

	*bad = 0;
	f = fopen(path, "re");
	if (!f)
		return -errno;
	tok = json_tokener_new();
	if (!tok) {
		fclose(f);
		return -ENOMEM;
	}
	while ((len = getline(&line, &cap, f)) > 0) {
		struct json_object *o;

		json_tokener_reset(tok);
		o = json_tokener_parse_ex(tok, line, len);
		if (!o || !json_object_is_type(o, json_type_object) ||
		    json_tokener_get_parse_end(tok) < (size_t)len - 1) {
			(*bad)++;
			json_object_put(o);
			continue;
		}
		n++;
		ret = fn ? fn(o, arg) : 0;
		json_object_put(o);
		if (ret)
			break;
	}
	free(line);
	json_tokener_free(tok);
	fclose(f);
	return ret ? ret : n;
}

void sample_metric(struct ctx *c, const char *name, const char *unit,
		   enum better better, enum mean mean, double value)
{
	struct json_object *m = json_object_new_object();

	json_object_object_add(m, "value", json_object_new_double(value));
	json_object_object_add(m, "unit", json_object_new_string(unit));
	json_object_object_add(m, "better", json_object_new_string(
				       better == HIGHER ? "higher" : "lower"));
	json_object_object_add(m, "mean", json_object_new_string(
				       mean == MEAN_HARMONIC ? "harmonic" :
							       "arithmetic"));
	json_object_object_add(c->sample->metrics, name, m);
}

void sample_folios(struct ctx *c, uint64_t size, int64_t count)
{
	char key[32];

	util_fmt_size(size, key, sizeof(key));
	json_object_object_add(c->sample->folios, key,
			       json_object_new_int64(count));
}

void sample_fallback(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	c->sample->fallback = true;
	va_start(ap, fmt);
	vsnprintf(c->sample->why, sizeof(c->sample->why), fmt, ap);
	va_end(ap);
}

void sample_set_int(struct ctx *c, const char *key, int64_t v)
{
	json_object_object_add(c->sample->obj, key, json_object_new_int64(v));
}

void sample_set_str(struct ctx *c, const char *key, const char *v)
{
	json_object_object_add(c->sample->obj, key, json_object_new_string(v));
}

void sample_set_double(struct ctx *c, const char *key, double v)
{
	json_object_object_add(c->sample->obj, key, json_object_new_double(v));
}
