/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmbench history RUN.. [--order time|kernel] [--pairs [--metric M]]
 * [--ci M] [--plot DIR]
 */
#ifndef MMBENCH_COLLECT_CMD_HISTORY_H
#define MMBENCH_COLLECT_CMD_HISTORY_H

/* argv after the command name; returns an exit code (core/mmbench.h). */
int cmd_history(int argc, char **argv);

#endif
