// SPDX-License-Identifier: GPL-2.0
/*
 * Instruction-time (QEMU icount) runs compare only when QEMU emulated the
 * same CPU model (meta.json "qemu_cpu"): clear_page alone is 709 guest
 * instructions on one model and 4100 on another.  Wall-time runs are
 * not held to it.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "collect/model/load.h"

#define SAMPLE "{\"bench\":\"b\",\"params\":{\"size\":\"4K\"},\"rep\":0," \
	"\"metrics\":{\"tp\":{\"value\":1,\"unit\":\"GB/s\"," \
	"\"better\":\"higher\",\"mean\":\"harmonic\"}}}\n"

static char msgs[4096];
static char dirs[2][32];

/* Write run i: meta.json with timebase tb and qemu_cpu cpu (NULL: none). */
static void write_run(int i, const char *tb, const char *cpu)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/meta.json", dirs[i]);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"label\":\"l\",\"status\":\"complete\",\"timebase\":\"%s\"", tb);
	if (cpu)
		fprintf(f, ",\"qemu_cpu\":\"%s\"", cpu);
	fputs("}\n", f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/samples.jsonl", dirs[i]);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(SAMPLE, f);
	fclose(f);
}

/* coll_load_runs on the two runs; its messages land in msgs. */
static int load(void)
{
	char *d[2] = { dirs[0], dirs[1] };
	struct crun *runs = NULL;
	FILE *err;
	int ret;

	memset(msgs, 0, sizeof(msgs));
	err = fmemopen(msgs, sizeof(msgs), "w");
	assert_non_null(err);
	ret = coll_load_runs(d, 2, &runs, err);
	fclose(err);
	if (!ret)
		coll_free_runs(runs, 2);
	return ret;
}

static int setup(void **state)
{
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(dirs[i], sizeof(dirs[i]), "/tmp/mmbench-cpu-XXXXXX");
		if (!mkdtemp(dirs[i]))
			return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char path[128];
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), "%s/meta.json", dirs[i]);
		unlink(path);
		snprintf(path, sizeof(path), "%s/samples.jsonl", dirs[i]);
		unlink(path);
		rmdir(dirs[i]);
	}
	return 0;
}

static void test_same_model(void **state)
{
	(void)state;
	write_run(0, "icount", "qemu64,model=4");
	write_run(1, "icount", "qemu64,model=4");
	assert_int_equal(load(), 0);
	assert_string_equal(msgs, "");
}

static void test_other_model(void **state)
{
	char want[256];

	(void)state;
	write_run(0, "icount", "qemu64,model=4");
	write_run(1, "icount", "max");
	assert_int_equal(load(), -EINVAL);
	snprintf(want, sizeof(want),
		 "mmbench: %s counts instructions on QEMU CPU model qemu64,model=4 but %s on max; they cannot be compared\n",
		 dirs[0], dirs[1]);
	assert_string_equal(msgs, want);
}

/* Runs from before the model was recorded were made with -cpu max. */
static void test_model_not_recorded(void **state)
{
	(void)state;
	write_run(0, "icount", NULL);
	write_run(1, "icount", "qemu64,model=4");
	assert_int_equal(load(), -EINVAL);
	assert_non_null(strstr(msgs, "on QEMU CPU model max (not recorded: -cpu max) but"));
	assert_non_null(strstr(msgs, " on qemu64,model=4; they cannot be compared"));
	write_run(1, "icount", "max");
	assert_int_equal(load(), 0);
	write_run(1, "icount", NULL);
	assert_int_equal(load(), 0);
}

/* Wall time is seconds whatever the model; setup differences list it. */
static void test_wall_time_any_model(void **state)
{
	(void)state;
	write_run(0, "wall", "max");
	write_run(1, "wall", "host");
	assert_int_equal(load(), 0);
	assert_string_equal(msgs, "");
}

/* The timebase is checked first, and named. */
static void test_timebase_first(void **state)
{
	(void)state;
	write_run(0, "wall", "max");
	write_run(1, "icount", "qemu64,model=4");
	assert_int_equal(load(), -EINVAL);
	assert_non_null(strstr(msgs, "counts wall time but"));
	assert_null(strstr(msgs, "CPU model"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_same_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_model, setup, teardown),
		cmocka_unit_test_setup_teardown(test_model_not_recorded, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_wall_time_any_model, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_timebase_first, setup,
						teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
