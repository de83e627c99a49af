/* SPDX-License-Identifier: GPL-2.0 */
/* mmbench report RUN.. [--out DIR] [--metric M] [--ci M] */
#ifndef MMBENCH_COLLECT_CMD_REPORT_H
#define MMBENCH_COLLECT_CMD_REPORT_H

/* argv after the command name; returns an exit code (core/mmbench.h). */
int cmd_report(int argc, char **argv);

#endif
