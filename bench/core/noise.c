// SPDX-License-Identifier: GPL-2.0
/*
 * Noise controls: ASLR, page cache and fragmentation between points, and
 * a record of what else varies run to run (governor, turbo, watchdog),
 * which scripts/lab-setup sets and restores.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>
#include <unistd.h>

#include <json-c/json.h>

#include "core/noise.h"
#include "core/util.h"

int noise_aslr_off(char **argv)
{
	int cur = personality(0xffffffff);

	if (cur < 0)
		return -errno;
	if (cur & ADDR_NO_RANDOMIZE)
		return 0;
	if (personality(cur | ADDR_NO_RANDOMIZE) < 0)
		return -errno;
	/* The layout is chosen at exec: only a new image gets the fixed one. */
	execv("/proc/self/exe", argv);
	return -errno;
}

void noise_between_points(const struct noise *n)
{
	if (n->drop_caches) {
		sync();
		if (util_write_file("/proc/sys/vm/drop_caches", "3"))
			fprintf(stderr, "mmbench: could not drop caches\n");
	}
	if (n->compact && util_write_file("/proc/sys/vm/compact_memory", "1"))
		fprintf(stderr, "mmbench: could not compact memory\n");
}

static void add_file(struct json_object *o, const char *key, const char *path)
{
	char buf[128];

	if (util_read_file(path, buf, sizeof(buf)) < 0)
		return;
	util_strip(buf);
	json_object_object_add(o, key, json_object_new_string(buf));
}

/* Every CPU's governor, as one value when they agree. */
static void add_governors(struct json_object *o)
{
	char path[320], buf[64], first[64] = "";
	struct dirent *de;
	bool mixed = false;
	DIR *d = opendir("/sys/devices/system/cpu");

	while (d && (de = readdir(d))) {
		if (strncmp(de->d_name, "cpu", 3) ||
		    !strchr("0123456789", de->d_name[3]))
			continue;
		snprintf(path, sizeof(path),
			 "/sys/devices/system/cpu/%s/cpufreq/scaling_governor",
			 de->d_name);
		if (util_read_file(path, buf, sizeof(buf)) < 0)
			continue;
		util_strip(buf);
		if (!first[0])
			snprintf(first, sizeof(first), "%s", buf);
		else if (strcmp(first, buf))
			mixed = true;
	}
	if (d)
		closedir(d);
	json_object_object_add(o, "cpufreq_governor", json_object_new_string(
		!first[0] ? "none (no cpufreq)" : mixed ? "mixed" : first));
}

struct json_object *noise_json(const struct noise *n)
{
	struct json_object *o = json_object_new_object();
	int p = personality(0xffffffff);

	json_object_object_add(o, "aslr", json_object_new_string(
		p >= 0 && (p & ADDR_NO_RANDOMIZE) ? "off" : "on"));
	json_object_object_add(o, "drop_caches_between_points",
			       json_object_new_boolean(n->drop_caches));
	json_object_object_add(o, "compact_between_points",
			       json_object_new_boolean(n->compact));
	add_file(o, "randomize_va_space", "/proc/sys/kernel/randomize_va_space");
	add_governors(o);
	add_file(o, "intel_pstate_no_turbo",
		 "/sys/devices/system/cpu/intel_pstate/no_turbo");
	add_file(o, "cpufreq_boost", "/sys/devices/system/cpu/cpufreq/boost");
	add_file(o, "nmi_watchdog", "/proc/sys/kernel/nmi_watchdog");
	return o;
}
