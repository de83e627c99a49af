/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MMBENCH_UTIL_H
#define MMBENCH_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* Read a whole (small) file into buf, NUL-terminated; returns length or -errno. */
ssize_t util_read_file(const char *path, char *buf, size_t size);
/* Write str to an existing file (sysfs style: one write); returns 0 or -errno. */
int util_write_file(const char *path, const char *str);
/* Write a new file atomically: tmp + fsync + rename.  0 or -errno. */
int util_write_atomic(const char *path, const char *data, size_t len);
int util_read_u64(const char *path, uint64_t *out);
int util_mkdir_p(const char *path, mode_t mode);
void util_strip(char *s);
uint64_t util_now_ns(void);
/* "4K" "64K" "2M" for a byte count that is a multiple of 1K. */
void util_fmt_size(uint64_t bytes, char *buf, size_t size);

#endif
