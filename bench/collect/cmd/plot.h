/* SPDX-License-Identifier: GPL-2.0 */
/* mmbench plot RUN.. [--out DIR] [--metric M | --all] */
#ifndef MMBENCH_COLLECT_CMD_PLOT_H
#define MMBENCH_COLLECT_CMD_PLOT_H

/* argv after the command name; returns an exit code (core/mmbench.h). */
int cmd_plot(int argc, char **argv);

#endif
