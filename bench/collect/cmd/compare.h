/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmbench compare RUN_A RUN_B [RUN..] [--metric M | --all] [--format F]
 * [--ci M] [--plot DIR]
 */
#ifndef MMBENCH_COLLECT_CMD_COMPARE_H
#define MMBENCH_COLLECT_CMD_COMPARE_H

/* argv after the command name; returns an exit code (core/mmbench.h). */
int cmd_compare(int argc, char **argv);

#endif
