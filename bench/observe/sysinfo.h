/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_SYSINFO_H
#define MMBENCH_SYSINFO_H

struct json_object;

/* Everything about the machine that could explain a difference. */
struct json_object *sysinfo_collect(void);
/* Every knob under the THP tree (writable or not), as {relpath: value}. */
struct json_object *sysinfo_thp_knobs(void);

#endif
