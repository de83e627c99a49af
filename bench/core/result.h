/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_RESULT_H
#define MMBENCH_RESULT_H

#include <stdbool.h>
#include <stdint.h>

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
};

/* One sample while it is built; handed to json at res_append. */
struct sample {
	struct json_object *obj, *metrics, *folios;
	bool fallback;
	char why[256];
};

int res_open(struct res *r, const char *dir, struct json_object *meta);
int res_write_meta(struct res *r);
int res_append(struct res *r, struct json_object *obj);
void res_close(struct res *r);
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
