// SPDX-License-Identifier: GPL-2.0
/*
 * mmbench: benchmarks for Linux memory-management patch series.
 * Only main() decides how the process exits; every helper returns -errno.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "core/harness.h"
#include "core/session.h"
#include "core/param.h"
#include "core/workload.h"
#include "observe/sysinfo.h"
#ifdef MMBENCH_COLLECTOR
#include "collect/collect.h"
#endif

#include "observe/counters.h"

int cmd_overhead(int argc, char **argv);

static void usage(FILE *f)
{
	fprintf(f,
		"usage: mmbench list\n"
		"       mmbench run BENCH [k=v[,v..]..] [label=L] [out=DIR] [NOISE..]\n"
		"       mmbench suite FILE.wl [k=v..] [label=L] [out=DIR] [NOISE..]\n"
		"         NOISE: aslr=off drop-caches=1 compact=1\n"
		"       mmbench sysinfo\n"
		"       mmbench events [NAME[,NAME..]..]    what this machine can count\n"
		"       mmbench restore\n"
		"       mmbench overhead [mem=SIZE] [rounds=N]\n"
		"       mmbench compare RUN_A RUN_B [RUN..] [--metric NAME[,NAME..] | --all]\n"
		"                       [--format text|markdown|csv|json] [--ci welch|bootstrap]\n"
		"                       [--plot DIR]\n"
		"       mmbench plot RUN.. [--out DIR] [--metric NAME[,NAME..] | --all]\n"
		"       mmbench report RUN.. [--out DIR] [--metric NAME[,NAME..]]\n"
		"       mmbench history RUN.. [--order time|kernel] [--plot DIR]\n"
		"       mmbench history --pairs RUN.. [--metric NAME[,NAME..]] [--plot DIR]\n"
		"exit: 0 ok, 1 failure, 2 usage, 4 skipped, 128+N interrupted by signal N\n");
}

static int cmd_list(void)
{
	int i, j;

	for (i = 0; benches[i]; i++) {
		const struct bench *b = benches[i];

		printf("%s: %s\n", b->name, b->summary);
		for (j = 0; b->params[j].name; j++) {
			const struct param *p = &b->params[j];
			int k;

			printf("    %-14s default %-6s %s\n", p->name, p->def,
			       p->help);
			for (k = 0; p->rows && param_choice(p, k); k++)
				printf("      %s=%-22s %s\n", p->name,
				       param_choice(p, k),
				       param_choice_help(p, k));
		}
	}
	printf("every benchmark: reps=N (default 10) warmup=N (default 3); "
	       "a,b,c sweeps a parameter\n"
	       "                 events=E1,E2,.. (perf events counted around the timed region;\n"
	       "                 'default' adds the defaults, 'none' counts nothing; see 'mmbench events')\n"
	       "                 profile=1 (perf record -g of one more rep into the run directory)\n"
	       "                 tasks=N|all task-mode=process|thread place=core|pu|compact|scatter\n"
	       "                 cpus=LIST node=N membind=local|node:N|interleave (see README: Placement)\n");
	return EXIT_OK;
}

static int cmd_sysinfo(void)
{
	struct json_object *o = sysinfo_collect();

	printf("%s\n", json_object_to_json_string_ext(o,
			JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return EXIT_OK;
}

static bool valid_label(const char *s)
{
	if (strlen(s) > 64)
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._+-", *s))
			return false;
	return true;
}

/*
 * Pull the run-wide label= and out= out of argv; the rest stays for the
 * benchmark parameters.  Returns the new argc or -EINVAL.
 */
static int take_run_opts(int argc, char **argv, struct run_opts *o)
{
	int i, n = 0;

	for (i = 0; i < argc; i++) {
		if (!strncmp(argv[i], "label=", 6)) {
			o->label = argv[i] + 6;
			if (!valid_label(o->label)) {
				fprintf(stderr, "mmbench: label=%s: use at most 64 of A-Z a-z 0-9 . _ + -\n",
					o->label);
				return -EINVAL;
			}
		} else if (!strncmp(argv[i], "out=", 4) && argv[i][4]) {
			o->out = argv[i] + 4;
		} else if (!strncmp(argv[i], "aslr=", 5)) {
			if (strcmp(argv[i] + 5, "on") && strcmp(argv[i] + 5, "off"))
				goto bad_bool;
			o->noise.aslr_off = !strcmp(argv[i] + 5, "off");
		} else if (!strncmp(argv[i], "drop-caches=", 12) ||
			   !strncmp(argv[i], "compact=", 8)) {
			const char *v = strchr(argv[i], '=') + 1;

			if (strcmp(v, "0") && strcmp(v, "1"))
				goto bad_bool;
			if (argv[i][0] == 'd')
				o->noise.drop_caches = *v == '1';
			else
				o->noise.compact = *v == '1';
		} else {
			argv[n++] = argv[i];
		}
	}
	return n;
bad_bool:
	fprintf(stderr, "mmbench: %s: accepted values: aslr=on|off, drop-caches=0|1, compact=0|1\n",
		argv[i]);
	return -EINVAL;
}

static void join_args(int argc, char **argv, char *buf, size_t size)
{
	size_t off = snprintf(buf, size, "mmbench");
	int i;

	for (i = 0; i < argc && off < size; i++)
		off += snprintf(buf + off, size - off, " %s", argv[i]);
}

static int cmd_run(int argc, char **argv, struct run_opts *o)
{
	struct point *pts = NULL;
	char err[ERRLEN];
	struct spec spec;
	size_t n = 0;
	int code;

	if (spec_parse(argc, argv, "command line", &spec, err, sizeof(err)) ||
	    spec_expand(&spec, &pts, &n, err, sizeof(err))) {
		fprintf(stderr, "mmbench: %s\n", err);
		free(pts);
		return EXIT_USAGE;
	}
	code = harness_run(pts, n, o);
	free(pts);
	return code;
}

static int cmd_suite(const char *name, int nov, char **ov, struct run_opts *o)
{
	char file[4096], tried[2048], err[ERRLEN];
	struct point *pts = NULL;
	size_t n = 0;
	int code;
	FILE *f;

	if (workload_find(name, NULL, file, sizeof(file), tried,
			  sizeof(tried))) {
		fprintf(stderr, "mmbench: cannot open workload %s: %s (looked for %s)\n",
			name, strerror(ENOENT), tried);
		return EXIT_USAGE;
	}
	f = fopen(file, "re");
	if (!f) {
		fprintf(stderr, "mmbench: cannot open workload %s: %s\n", file,
			strerror(errno));
		return EXIT_USAGE;
	}
	if (workload_parse(f, file, nov, ov, &pts, &n, err, sizeof(err))) {
		fprintf(stderr, "mmbench: %s\n", err);
		fclose(f);
		return EXIT_USAGE;
	}
	fclose(f);
	o->workload = file;
	code = harness_run(pts, n, o);
	free(pts);
	return code;
}

int main(int argc, char **argv)
{
	struct run_opts o = { .label = "" };
	char command[2048];
	int n;

	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	join_args(argc - 1, argv + 1, command, sizeof(command));
	o.command = command;
	if (!strcmp(argv[1], "list"))
		return cmd_list();
	if (!strcmp(argv[1], "sysinfo"))
		return cmd_sysinfo();
	if (!strcmp(argv[1], "restore"))
		return session_restore();
	if (!strcmp(argv[1], "events"))
		return cmd_events(argc - 2, argv + 2);
	if (!strcmp(argv[1], "overhead"))
		return cmd_overhead(argc - 2, argv + 2);
	if (!strcmp(argv[1], "compare") || !strcmp(argv[1], "plot") ||
	    !strcmp(argv[1], "history") || !strcmp(argv[1], "report")) {
#ifdef MMBENCH_COLLECTOR
		if (argv[1][0] == 'c')
			return cmd_compare(argc - 2, argv + 2);
		if (argv[1][0] == 'p')
			return cmd_plot(argc - 2, argv + 2);
		if (argv[1][0] == 'r')
			return cmd_report(argc - 2, argv + 2);
		return cmd_history(argc - 2, argv + 2);
#else
		fprintf(stderr, "mmbench: this mmbench was built without the collector (COLLECTOR=0)\n");
		return EXIT_USAGE;
#endif
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(argv[1], "run") || !strcmp(argv[1], "suite")) {
		for (n = 2; n < argc; n++) {
			if (strcmp(argv[n], "aslr=off"))
				continue;
			/* Returns only when already off, or if it failed. */
			if (noise_aslr_off(argv))
				fprintf(stderr, "mmbench: aslr=off: %s\n",
					strerror(errno));
			break;
		}
		n = take_run_opts(argc - 2, argv + 2, &o);
		if (n < 0)
			return EXIT_USAGE;
		if (n < 1) {
			fprintf(stderr, "mmbench: %s: name a %s\n", argv[1],
				argv[1][0] == 'r' ? "benchmark (see 'mmbench list')"
						  : "workload file");
			return EXIT_USAGE;
		}
		if (argv[1][0] == 'r')
			return cmd_run(n, argv + 2, &o);
		return cmd_suite(argv[2], n - 1, argv + 3, &o);
	}
	fprintf(stderr, "mmbench: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
