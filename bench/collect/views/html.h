/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The report as one self-contained HTML page: the runs, the summary's
 * tables, the setup differences and the graphs as inline SVG; no script,
 * no style sheet or font from elsewhere, nothing fetched.
 */
#ifndef MMBENCH_COLLECT_HTML_H
#define MMBENCH_COLLECT_HTML_H

#include <stdio.h>

#include "collect/model/match.h"
#include "collect/views/graphs.h"
#include "collect/views/shape.h"

/*
 * The page of c and its summary sh on out, the graphs g inlined from
 * their SVG files in dir; note (may be NULL) says why graphs are
 * missing.  Returns 0, -ENOMEM, or -errno of an SVG that cannot be read.
 */
int coll_html_page(const struct ccmp *c, const struct cshape *sh,
		   const char *dir, const struct cgraphs *g,
		   const char *note, FILE *out);

#endif
