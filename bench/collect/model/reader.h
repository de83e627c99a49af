/* SPDX-License-Identifier: GPL-2.0 */
/* samples.jsonl: one JSON object per repetition of a point. */
#ifndef MMBENCH_COLLECT_READER_H
#define MMBENCH_COLLECT_READER_H

#include <stddef.h>
#include <stdio.h>

#include "collect/model/run.h"

/*
 * Parse samples.jsonl content into r's points (name is used in
 * messages).  Problems with single lines are reported on err (may be
 * NULL) as "name:line: what" and the rest is used; returns 0 or -ENOMEM.
 */
int coll_parse_samples(struct crun *r, const char *buf, size_t len,
		       const char *name, FILE *err);
/* The string member k of object o, or NULL (o may be NULL). */
const char *coll_json_str(struct json_object *o, const char *k);

#endif
