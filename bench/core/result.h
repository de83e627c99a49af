/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_RESULT_H
#define MMBENCH_RESULT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/mmbench.h"

struct json_object;

enum better { LOWER, HIGHER };
/* How repetitions combine: rates harmonically, times arithmetically. */
enum mean { MEAN_ARITH, MEAN_HARMONIC };

/*
 * One run's directory: meta.json (rewritten atomically at start and end)
 * and samples.jsonl (one line per sample, written with a single write()
 * as it is produced, so an interrupted run keeps every finished one).
 */
struct res {
	char dir[3072];
	int fd;
	struct json_object *meta;
	off_t size;		/* samples.jsonl: bytes in whole lines */
	int err;		/* the first failed append: the run stops */
};

/*
 * meta.json.reserve: space held from res_open until the final meta.json
 * is written, so a full disk still gets "status": "failed" and why.
 */
#define RES_RESERVE_MIN	(16 << 10)

/* One sample while it is built; handed to json at res_append. */
struct sample {
	struct json_object *obj, *metrics, *folios;
	bool fallback;
	char why[256];
};

int res_open(struct res *r, const char *dir, struct json_object *meta);
int res_write_meta(struct res *r);
/*
 * One line; on a failed or short write the file is cut back to its last
 * whole line and r->err keeps the error.
 */
int res_append(struct res *r, struct json_object *obj);
/*
 * Room a run needs in its results directory, estimated before it starts:
 * a sample line takes 1.2-2.7 KiB (more with events=), meta.json 5-10
 * KiB plus its reserve.  -ENOSPC when the free space is below the least
 * it can take; 0 otherwise, with msg set when it is below the typical.
 */
#define RES_LINE_LEAST		(1 << 10)
#define RES_LINE_TYPICAL	(3 << 10)
#define RES_META_LEAST		(24 << 10)
#define RES_META_TYPICAL	(64 << 10)
int res_space_check(const char *dir, size_t lines, char *msg, size_t len);
/* Give back meta.json.reserve's space, for the last res_write_meta. */
void res_release_reserve(const char *dir);
/* fsync and close samples.jsonl: 0 or -errno. */
int res_close(struct res *r);
/* Set meta.json's status of a run directory (after a crash). */
int res_set_status(const char *dir, const char *status, const char *why);
/*
 * Call fn for every well-formed line of a samples.jsonl; returns the
 * number of lines read, or -errno; *bad counts lines that did not parse.
 */
int res_read_samples(const char *path,
		     int (*fn)(struct json_object *, void *), void *arg,
		     int *bad);

void sample_metric(struct ctx *c, const char *name, const char *unit,
		   enum better better, enum mean mean, double value);
void sample_folios(struct ctx *c, uint64_t size, int64_t count);
void sample_fallback(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sample_set_int(struct ctx *c, const char *key, int64_t v);
void sample_set_str(struct ctx *c, const char *key, const char *v);
void sample_set_double(struct ctx *c, const char *key, double v);

#endif
