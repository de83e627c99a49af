/* SPDX-License-Identifier: GPL-2.0 */
/* A comparison printed in the format asked for: text is the default. */
#ifndef MMBENCH_COLLECT_TABLE_H
#define MMBENCH_COLLECT_TABLE_H

#include <stdio.h>

#include "collect/model/match.h"

enum cfmt { CF_TEXT, CF_MARKDOWN, CF_CSV, CF_JSON };

/* "text", "markdown", "csv" or "json" into *f; else -EINVAL. */
int coll_parse_format(const char *s, enum cfmt *f);
/* 0, -ENOMEM, or -EIO when out could not be written. */
int coll_print(const struct ccmp *c, enum cfmt f, FILE *out);

#endif
