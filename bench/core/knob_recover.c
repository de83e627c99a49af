// SPDX-License-Identifier: GPL-2.0
/*
 * Repair what a killed run left: the knob state file (knob.c writes it
 * with a temp file, fsync and rename).  A damaged file (something else
 * wrote to it, or the disk failed) must not block every later run: each
 * entry that parses is restored, the first line that does not is named,
 * and the file is moved aside for a person to read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/knob.h"
#include "core/util.h"
#include "mm/thp.h"

#define STATE_MAX	(1 << 20)	/* a real one is a few KiB */

/* The whole file, NUL-terminated; *len excludes the NUL. */
static int slurp(const char *path, char **out, size_t *len)
{
	size_t cap = 8192, n = 0;
	char *buf = NULL, *nb;
	int ret = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	for (;;) {
		nb = realloc(buf, cap + 1);
		if (!nb) {
			ret = -ENOMEM;
			goto out;
		}
		buf = nb;
		n += fread(buf + n, 1, cap - n, f);
		if (n < cap || cap >= STATE_MAX)
			break;
		cap *= 2;
	}
	if (ferror(f)) {
		ret = -EIO;
		goto out;
	}
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
out:
	free(buf);
	fclose(f);
	return ret;
}

/*
 * A knob mmbench saves lives in sysfs, /proc/sys, or the THP tree
 * (MMBENCH_THP_ROOT in tests): a damaged line naming anything else is
 * never written, whatever it says.
 */
static bool knob_path_ok(const char *p)
{
	const char *root = thp_root();
	size_t rl = strlen(root);

	if (p[0] != '/' || strlen(p) >= KNOB_PATH || strstr(p, "/../") ||
	    strstr(p, "/./") || strstr(p, "//"))
		return false;
	return !strncmp(p, "/sys/", 5) || !strncmp(p, "/proc/sys/", 10) ||
	       (!strncmp(p, root, rl) && p[rl] == '/');
}

static bool printable(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

/* The line as a person can read it: control bytes as \\xNN, cut. */
static void escape(char *dst, size_t size, const char *src)
{
	size_t o = 0;

	for (; *src && o + 5 < size; src++) {
		unsigned char c = *src;

		if (c < 0x20 || c == 0x7f || c == '\\')
			o += snprintf(dst + o, size - o, "\\x%02x", c);
		else
			dst[o++] = c;
	}
	dst[o] = '\0';
}

static void note_bad(struct knob_recovery *rec, int line, const char *text,
		     const char *why)
{
	if (!rec->bad++) {
		rec->bad_line = line;
		snprintf(rec->bad_why, sizeof(rec->bad_why), "%s", why);
		escape(rec->bad_text, sizeof(rec->bad_text), text);
	}
}

static void note_failed(struct knob_recovery *rec, const char *path, int err)
{
	size_t off = strlen(rec->failed_list);

	rec->failed++;
	if (off < sizeof(rec->failed_list) - 1)
		snprintf(rec->failed_list + off,
			 sizeof(rec->failed_list) - off, "%s%s (%s)",
			 off ? ", " : "", path, strerror(-err));
}

/* Put one knob back; 1 if it was changed, 0 if it matched, -errno. */
static int restore_one(const char *path, const char *val)
{
	char cur[KNOB_VAL];
	int ret;

	ret = knob_read(path, cur, sizeof(cur));
	if (!ret && !strcmp(cur, val))
		return 0;
	ret = util_write_file(path, val);
	return ret ? ret : 1;
}

/* One line of the file; what it says goes into rec. */
static void take_line(struct knob_recovery *rec, char *l, int lineno,
		      bool *ended, int *entries)
{
	char *path, *val, *tab, *end;
	unsigned long n;
	int ret;

	if (*ended) {
		note_bad(rec, lineno, l, "a line after the end line");
		return;
	}
	if (lineno == 1 && l[0] == '#')
		return;
	if (!strncmp(l, "run\t", 4) && printable(l + 4) &&
	    (!l[4] || l[4] == '/')) {
		snprintf(rec->run, sizeof(rec->run), "%s", l + 4);
		return;
	}
	if (!strncmp(l, "end\t", 4)) {
		errno = 0;
		n = strtoul(l + 4, &end, 10);
		if (errno || end == l + 4 || *end || n != (unsigned long)*entries)
			note_bad(rec, lineno, l,
				 "the end line does not match the entries before it");
		*ended = true;
		return;
	}
	if (strncmp(l, "knob\t", 5)) {
		note_bad(rec, lineno, l, "not a knob, run or end line");
		return;
	}
	path = l + 5;
	tab = strchr(path, '\t');
	if (!tab) {
		note_bad(rec, lineno, l, "a knob line without a value");
		return;
	}
	*tab = '\0';
	val = tab + 1;
	if (!knob_path_ok(path) || !printable(path)) {
		*tab = '\t';
		note_bad(rec, lineno, l,
			 "not a knob path mmbench saves (sysfs, /proc/sys)");
		return;
	}
	if (strchr(val, '\t') || !printable(val) || strlen(val) >= KNOB_VAL) {
		*tab = '\t';
		note_bad(rec, lineno, l, "not a knob value");
		return;
	}
	(*entries)++;
	ret = restore_one(path, val);
	if (ret < 0)
		note_failed(rec, path, ret);
	else
		rec->changed += ret;
}

/* <state>.damaged-<time>, kept for a person to read. */
static int move_aside(const char *state_path, struct knob_recovery *rec)
{
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	int i;

	localtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	for (i = 0; i < 100; i++) {
		if (snprintf(rec->aside, sizeof(rec->aside), i ?
			     "%s.damaged-%s.%d" : "%s.damaged-%s", state_path,
			     stamp, i) >= (int)sizeof(rec->aside))
			return -ENAMETOOLONG;
		if (access(rec->aside, F_OK) && errno == ENOENT)
			break;
	}
	if (rename(state_path, rec->aside)) {
		rec->aside[0] = '\0';
		return -errno;
	}
	return 0;
}

int knob_recover(const char *state_path, struct knob_recovery *rec)
{
	int lineno = 0, entries = 0, ret;
	bool ended = false;
	char *buf = NULL, *l, *nl;
	size_t len = 0;

	memset(rec, 0, sizeof(*rec));
	ret = slurp(state_path, &buf, &len);
	if (ret)
		return ret;
	for (l = buf; l < buf + len; l = nl + 1) {
		lineno++;
		nl = memchr(l, '\n', buf + len - l);
		if (!nl) {
			/* Cut short: even a value that looks whole may not be. */
			note_bad(rec, lineno, l,
				 "cut short (no newline at the end)");
			break;
		}
		*nl = '\0';
		if (strlen(l) != (size_t)(nl - l)) {
			note_bad(rec, lineno, l, "a NUL byte in the line");
			continue;
		}
		if (nl > l && nl[-1] == '\r')
			nl[-1] = '\0';
		take_line(rec, l, lineno, &ended, &entries);
	}
	free(buf);
	if (!ended && !rec->bad)
		note_bad(rec, lineno + 1, "", len ? "cut short (no end line)" :
			 "empty");
	rec->entries = entries;
	if (rec->bad) {
		ret = move_aside(state_path, rec);
		return ret ? ret : rec->changed;
	}
	/* An intact file whose knobs could not all be written stays. */
	if (rec->failed)
		return -EIO;
	if (unlink(state_path))
		return -errno;
	return rec->changed;
}
