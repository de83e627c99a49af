// SPDX-License-Identifier: GPL-2.0
/*
 * daxprobe: read-fault a hole in a file on a DAX filesystem through a
 * shared mapping and report, as JSON on stdout, what the kernel did: the
 * fs_dax:dax_pmd_load_hole tracepoint hits and the vmstat
 * thp_zero_page_alloc delta.  The mmbench guest runs it to prove its pmem
 * mount maps holes with the huge zero folio.
 *
 * usage: daxprobe FILE   (created, 4 MiB, removed afterwards)
 * exit: 0 probed (whatever the counts), 1 failure, 2 usage
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define PROBE_LEN	(4UL << 20)
#define TRACING		"/sys/kernel/tracing"
#define EVENT		TRACING "/events/fs_dax/dax_pmd_load_hole/enable"

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC), ret = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		ret = -errno;
	close(fd);
	return ret;
}

static long vmstat(const char *name)
{
	char key[64];
	long v, ret = -1;
	FILE *f = fopen("/proc/vmstat", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &v) == 2) {
		if (!strcmp(key, name)) {
			ret = v;
			break;
		}
	}
	fclose(f);
	return ret;
}

/* Lines of the trace buffer naming the event; -1 if tracing is absent. */
static long trace_hits(void)
{
	char line[512];
	long n = 0;
	FILE *f = fopen(TRACING "/trace", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (line[0] != '#' && strstr(line, "dax_pmd_load_hole"))
			n++;
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	long zero_before, zero_after, hits = -1, nonzero = 0;
	int fd, traced;
	unsigned long off;
	volatile char *p;

	if (argc != 2) {
		fprintf(stderr, "usage: daxprobe FILE\n");
		return 2;
	}
	traced = !write_str(TRACING "/trace", "") && !write_str(EVENT, "1");
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, PROBE_LEN)) {
		fprintf(stderr, "daxprobe: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	p = mmap(NULL, PROBE_LEN, PROT_READ, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "daxprobe: mmap: %s\n", strerror(errno));
		goto fail_close;
	}
	zero_before = vmstat("thp_zero_page_alloc");
	for (off = 0; off < PROBE_LEN; off += 4096)
		nonzero += p[off] != 0;
	zero_after = vmstat("thp_zero_page_alloc");
	if (traced) {
		write_str(EVENT, "0");
		hits = trace_hits();
	}
	printf("{\"file\": \"%s\", \"bytes\": %lu, \"pmd_aligned\": %s, "
	       "\"nonzero_pages\": %ld, \"dax_pmd_load_hole\": %ld, "
	       "\"thp_zero_page_alloc_delta\": %ld}\n",
	       argv[1], PROBE_LEN,
	       ((unsigned long)p & ((2UL << 20) - 1)) ? "false" : "true",
	       nonzero, hits, zero_after - zero_before);
	munmap((void *)p, PROBE_LEN);
	close(fd);
	unlink(argv[1]);
	return 0;

fail_close:
	close(fd);
	unlink(argv[1]);
	return 1;
}
