/* SPDX-License-Identifier: GPL-2.0 */
/* A comparison for other programs: markdown, csv and json. */
#ifndef MMBENCH_COLLECT_EXPORT_H
#define MMBENCH_COLLECT_EXPORT_H

#include <stdio.h>

#include "collect/model/match.h"

/* 0 or -ENOMEM */
int coll_print_markdown(const struct ccmp *c, FILE *out);
void coll_print_csv(const struct ccmp *c, FILE *out);
int coll_print_json(const struct ccmp *c, FILE *out);

#endif
