// SPDX-License-Identifier: GPL-2.0
/* What meta.json records about the machine, and `mmbench sysinfo`. */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <numa.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>
#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

#include <json-c/json.h>

#include "core/knob.h"
#include "observe/sysinfo.h"
#include "mm/thp.h"
#include "core/util.h"

#ifndef MMBENCH_VERSION
#define MMBENCH_VERSION "unknown"
#endif

static void add_str(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

static void add_file(struct json_object *o, const char *k, const char *path)
{
	char buf[4096];

	if (util_read_file(path, buf, sizeof(buf)) < 0)
		return;
	util_strip(buf);
	add_str(o, k, buf);
}

/* FNV-1a: enough to tell two configs apart, no crypto needed. */
static int hash_file(const char *path, char *out, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	unsigned char buf[65536];
	size_t n, i;
	FILE *f;

	f = fopen(path, "re");
	if (!f)
		return -errno;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001b3ULL;
	fclose(f);
	snprintf(out, size, "fnv1a64:%016" PRIx64, h);
	return 0;
}

static void cpu_model(char *buf, size_t size)
{
	char line[512];
	FILE *f;

	snprintf(buf, size, "unknown");
	f = fopen("/proc/cpuinfo", "re");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		if (!strncmp(line, "model name", 10) ||
		    !strncmp(line, "CPU part", 8)) {
			util_strip(colon + 1);
			snprintf(buf, size, "%s", colon + 2);
			break;
		}
	}
	fclose(f);
}

static struct json_object *virt_info(void)
{
	struct json_object *v = json_object_new_object();
	bool hv = false;

#if defined(__x86_64__) || defined(__i386__)
	unsigned int a, b, c, d;
	char vendor[13] = "";

	if (__get_cpuid(1, &a, &b, &c, &d) && (c & (1U << 31))) {
		hv = true;
		__cpuid(0x40000000, a, b, c, d);
		memcpy(vendor, &b, 4);
		memcpy(vendor + 4, &c, 4);
		memcpy(vendor + 8, &d, 4);
		add_str(v, "hypervisor_vendor", vendor);
	}
#else
	hv = !access("/proc/device-tree/hypervisor", F_OK);
#endif
	json_object_object_add(v, "hypervisor", json_object_new_boolean(hv));
	add_file(v, "dmi_sys_vendor", "/sys/class/dmi/id/sys_vendor");
	add_file(v, "dmi_product", "/sys/class/dmi/id/product_name");
	return v;
}

static struct json_object *numa_info(void)
{
	struct json_object *o = json_object_new_object(), *nodes;
	int i, max;

	if (numa_available() < 0) {
		json_object_object_add(o, "available",
				       json_object_new_boolean(false));
		return o;
	}
	json_object_object_add(o, "available", json_object_new_boolean(true));
	nodes = json_object_new_array();
	max = numa_max_node();
	for (i = 0; i <= max; i++) {
		struct json_object *n;
		long long free_b, size;

		if (!numa_bitmask_isbitset(numa_nodes_ptr, i))
			continue;
		size = numa_node_size64(i, &free_b);
		n = json_object_new_object();
		json_object_object_add(n, "node", json_object_new_int(i));
		json_object_object_add(n, "mem_bytes",
				       json_object_new_int64(size));
		json_object_array_add(nodes, n);
	}
	json_object_object_add(o, "nodes", nodes);
	return o;
}

static struct json_object *swap_info(void)
{
	struct json_object *o = json_object_new_object(), *z;
	char path[512], name[300];
	struct dirent *de;
	DIR *d;

	add_file(o, "swaps", "/proc/swaps");
	z = json_object_new_object();
	d = opendir("/sys/block");
	while (d && (de = readdir(d))) {
		struct json_object *dev;

		if (strncmp(de->d_name, "zram", 4))
			continue;
		dev = json_object_new_object();
		snprintf(name, sizeof(name), "/sys/block/%s", de->d_name);
		snprintf(path, sizeof(path), "%s/disksize", name);
		add_file(dev, "disksize", path);
		snprintf(path, sizeof(path), "%s/comp_algorithm", name);
		add_file(dev, "comp_algorithm", path);
		json_object_object_add(z, de->d_name, dev);
	}
	if (d)
		closedir(d);
	json_object_object_add(o, "zram", z);
	return o;
}

/* Sorted, so two runs' meta.json diff cleanly. */
static void add_knob_dir(struct json_object *o, const char *dir,
			 const char *prefix)
{
	char path[1024], key[1024], val[KNOB_VAL];
	struct dirent **list;
	int i, n;

	n = scandir(dir, &list, NULL, alphasort);
	for (i = 0; i < n; i++) {
		const char *name = list[i]->d_name;

		if (name[0] == '.' || !strcmp(name, "stats"))
			goto next;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		snprintf(key, sizeof(key), "%s%s", prefix, name);
		if (!strncmp(name, "hugepages-", 10) ||
		    !strcmp(name, "khugepaged")) {
			strncat(key, "/", sizeof(key) - strlen(key) - 1);
			add_knob_dir(o, path, key);
			goto next;
		}
		if (!knob_read(path, val, sizeof(val)))
			add_str(o, key, val);
next:
		free(list[i]);
	}
	if (n >= 0)
		free(list);
}

struct json_object *sysinfo_thp_knobs(void)
{
	struct json_object *o = json_object_new_object();

	add_knob_dir(o, thp_root(), "");
	return o;
}

/*
 * The build manifest of the running kernel (kernel/build-kernel.sh): which
 * base and which series it is.  The QEMU runner names it in the
 * environment; `make kernel-install` leaves it in /boot on lab machines.
 */
static void add_manifest(struct json_object *k, const char *release)
{
	const char *env = getenv("MMBENCH_KERNEL_MANIFEST");
	struct json_object *m, *rel;
	char path[512], why[600];
	const char *r;

	if (env && *env)
		snprintf(path, sizeof(path), "%s", env);
	else
		snprintf(path, sizeof(path), "/boot/mmbench-manifest-%s.json",
			 release);
	if (access(path, R_OK)) {
		/* Named but missing is worth saying; absent by default is not. */
		if (env && *env) {
			snprintf(why, sizeof(why), "%s: %s", path,
				 strerror(errno));
			add_str(k, "manifest_error", why);
		}
		return;
	}
	m = json_object_from_file(path);
	if (!m) {
		snprintf(why, sizeof(why), "%s: not JSON", path);
		add_str(k, "manifest_error", why);
		return;
	}
	add_str(k, "manifest_path", path);
	/* A stale manifest would name the wrong series: say so. */
	if (json_object_object_get_ex(m, "kernel_release", &rel) &&
	    (r = json_object_get_string(rel)))
		json_object_object_add(k, "manifest_matches",
				       json_object_new_boolean(!strcmp(r, release)));
	json_object_object_add(k, "manifest", m);
}

/*
 * Under QEMU with -icount, guest time counts instructions, not seconds;
 * kernel/qemu-run says so on the kernel command line, and the collector
 * refuses to compare such runs with wall-time ones.
 */
static const char *timebase(void)
{
	char buf[4096], *tok, *save;

	if (util_read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return "wall";
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save))
		if (!strcmp(tok, "mmbench.timebase=icount"))
			return "icount";
	return "wall";
}

/*
 * The QEMU CPU model kernel/qemu-run booted the guest with
 * (mmbench.cpu=MODEL): instruction counts depend on it, clear_page's most
 * of all.  Returns false on a machine of its own.
 */
static bool qemu_cpu(char *out, size_t len)
{
	char buf[4096], *tok, *save;

	if (util_read_file("/proc/cmdline", buf, sizeof(buf)) < 0)
		return false;
	for (tok = strtok_r(buf, " \t\n", &save); tok;
	     tok = strtok_r(NULL, " \t\n", &save))
		if (!strncmp(tok, "mmbench.cpu=", 12) && tok[12]) {
			snprintf(out, len, "%s", tok + 12);
			return true;
		}
	return false;
}

struct json_object *sysinfo_collect(void)
{
	struct json_object *o = json_object_new_object(), *k, *cpu;
	char buf[512], path[300];
	struct utsname u;
	uint64_t v;

	uname(&u);
	add_str(o, "mmbench_version", MMBENCH_VERSION);
	gethostname(buf, sizeof(buf));
	add_str(o, "host", buf);
	k = json_object_new_object();
	add_str(k, "release", u.release);
	add_str(k, "version", u.version);
	add_str(k, "machine", u.machine);
	add_file(k, "cmdline", "/proc/cmdline");
	if (!hash_file("/proc/config.gz", buf, sizeof(buf))) {
		add_str(k, "config_hash", buf);
		add_str(k, "config_source", "/proc/config.gz");
	} else {
		snprintf(path, sizeof(path), "/boot/config-%s", u.release);
		if (!hash_file(path, buf, sizeof(buf))) {
			add_str(k, "config_hash", buf);
			add_str(k, "config_source", path);
		}
	}
	add_manifest(k, u.release);
	json_object_object_add(o, "kernel", k);
	add_str(o, "timebase", timebase());
	if (qemu_cpu(buf, sizeof(buf)))
		add_str(o, "qemu_cpu", buf);
	cpu = json_object_new_object();
	cpu_model(buf, sizeof(buf));
	add_str(cpu, "model", buf);
	json_object_object_add(cpu, "online",
			       json_object_new_int(sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(cpu, "configured",
			       json_object_new_int(sysconf(_SC_NPROCESSORS_CONF)));
	json_object_object_add(o, "cpu", cpu);
	json_object_object_add(o, "mem_total_bytes", json_object_new_int64(
			(int64_t)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE)));
	json_object_object_add(o, "page_size",
			       json_object_new_int(sysconf(_SC_PAGESIZE)));
	json_object_object_add(o, "numa", numa_info());
	json_object_object_add(o, "virtualization", virt_info());
	v = thp_pmd_size();
	json_object_object_add(o, "thp_pmd_size", json_object_new_int64(v));
	thp_sizes_str(buf, sizeof(buf));
	add_str(o, "thp_sizes", buf);
	json_object_object_add(o, "thp_knobs", sysinfo_thp_knobs());
	json_object_object_add(o, "swap", swap_info());
	/* A noise control mmbench holds during runs (see session.c). */
	add_file(o, "page_reporting_order",
		 "/sys/module/page_reporting/parameters/page_reporting_order");
	return o;
}
