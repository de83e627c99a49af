// SPDX-License-Identifier: GPL-2.0
/* Results: samples written with json-c read back identical; bad lines counted. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "fake_sysfs.h"
#include "core/result.h"

struct got {
	struct json_object *objs[8];
	int n;
};

static int collect(struct json_object *o, void *arg)
{
	struct got *g = arg;

	if (g->n < 8)
		g->objs[g->n++] = json_object_get(o);
	return 0;
}

static char *tmpdir(void)
{
	char *d = strdup("/tmp/mmbench-res-XXXXXX");

	assert_non_null(mkdtemp(d));
	return d;
}

static void rmdir_r(const char *d)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", d);
	assert_int_equal(system(cmd), 0);
}

static void test_roundtrip(void **st)
{
	struct json_object *meta = json_object_new_object(), *o[3];
	struct ctx c = { 0 };
	struct sample s = { 0 };
	char *base = tmpdir(), dir[300], path[400];
	struct got g = { 0 };
	struct res r;
	int i, bad;

	(void)st;
	snprintf(dir, sizeof(dir), "%s/a/b", base);
	json_object_object_add(meta, "label", json_object_new_string("base"));
	assert_int_equal(res_open(&r, dir, meta), 0);
	for (i = 0; i < 3; i++) {
		s.obj = json_object_new_object();
		s.metrics = json_object_new_object();
		s.folios = json_object_new_object();
		c.sample = &s;
		json_object_object_add(s.obj, "rep", json_object_new_int(i));
		sample_metric(&c, "throughput", "GB/s", HIGHER, MEAN_HARMONIC,
			      1.25 * (i + 1));
		sample_metric(&c, "ns_per_fault", "ns", LOWER, MEAN_ARITH,
			      1e9 / 3);
		sample_folios(&c, 2 << 20, 512);
		sample_fallback(&c, "%d of %d", i, 3);
		sample_set_str(&c, "quote", "a \"b\"/\n\\");
		json_object_object_add(s.obj, "metrics", s.metrics);
		json_object_object_add(s.obj, "folios", s.folios);
		assert_int_equal(res_append(&r, s.obj), 0);
		o[i] = s.obj;
	}
	res_close(&r);
	snprintf(path, sizeof(path), "%s/samples.jsonl", dir);
	assert_int_equal(res_read_samples(path, collect, &g, &bad), 3);
	assert_int_equal(bad, 0);
	for (i = 0; i < 3; i++) {
		assert_true(json_object_equal(o[i], g.objs[i]));
		json_object_put(o[i]);
		json_object_put(g.objs[i]);
	}
	/* A second run never appends to the same file. */
	assert_int_equal(res_open(&r, dir, meta), -EEXIST);
	json_object_put(meta);
	rmdir_r(base);
	free(base);
}

static void test_truncated_line_and_status(void **st)
{
	char *base = tmpdir(), path[300];
	struct json_object *meta, *v;
	int bad, fd;

	(void)st;
	snprintf(path, sizeof(path), "%s/samples.jsonl", base);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	/* A run killed mid-write leaves half a line at the end. */
	assert_int_equal(write(fd, "{\"a\":1}\n{\"a\":2}\n{\"a\":", 21), 21);
	close(fd);
	assert_int_equal(res_read_samples(path, NULL, NULL, &bad), 2);
	assert_int_equal(bad, 1);
	snprintf(path, sizeof(path), "%s/meta.json", base);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	assert_int_equal(write(fd, "{\"status\":\"running\"}", 20), 20);
	close(fd);
	assert_int_equal(res_set_status(base, "interrupted", "killed"), 0);
	meta = json_object_from_file(path);
	assert_non_null(meta);
	assert_true(json_object_object_get_ex(meta, "status", &v));
	assert_string_equal(json_object_get_string(v), "interrupted");
	json_object_put(meta);
	snprintf(path, sizeof(path), "%s/nosuch", base);
	assert_int_equal(res_read_samples(path, NULL, NULL, &bad), -ENOENT);
	assert_int_equal(res_set_status(path, "x", NULL), -ENOENT);
	rmdir_r(base);
	free(base);
}

static off_t size_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_size;
}

/*
 * A write that stops part-way (RLIMIT_FSIZE here, a full disk in life)
 * is cut back to the last whole line, and the run's later appends fail.
 */
static void test_short_write_cut_back(void **st)
{
	struct json_object *meta = json_object_new_object(), *o;
	char *base = tmpdir(), path[300], big[3000];
	struct rlimit old, lim;
	struct res r;
	off_t whole;
	int bad;

	(void)st;
	assert_int_equal(res_open(&r, base, meta), 0);
	snprintf(path, sizeof(path), "%s/meta.json.reserve", base);
	assert_true(size_of(path) >= RES_RESERVE_MIN);
	o = json_object_new_object();
	json_object_object_add(o, "rep", json_object_new_int(0));
	assert_int_equal(res_append(&r, o), 0);
	json_object_put(o);
	snprintf(path, sizeof(path), "%s/samples.jsonl", base);
	whole = size_of(path);
	assert_int_equal(r.size, whole);
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	o = json_object_new_object();
	json_object_object_add(o, "pad", json_object_new_string(big));
	signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = whole + 100;
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	assert_int_equal(res_append(&r, o), -EFBIG);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	assert_int_equal(size_of(path), whole);
	assert_int_equal(r.err, -EFBIG);
	/* Sticky: nothing more goes in after a failed line. */
	assert_int_equal(res_append(&r, o), -EFBIG);
	assert_int_equal(size_of(path), whole);
	json_object_put(o);
	assert_int_equal(res_close(&r), 0);
	assert_int_equal(res_read_samples(path, NULL, NULL, &bad), 1);
	assert_int_equal(bad, 0);
	res_release_reserve(base);
	snprintf(path, sizeof(path), "%s/meta.json.reserve", base);
	assert_int_equal(access(path, F_OK), -1);
	json_object_put(meta);
	rmdir_r(base);
	free(base);
}

/* Refused when the free space is below the least the run takes. */
static void test_space_check(void **st)
{
	char msg[512];

	(void)st;
	assert_int_equal(res_space_check("/tmp/no/such/dir", 1, msg,
					 sizeof(msg)), 0);
	assert_string_equal(msg, "");
	assert_int_equal(res_space_check("/tmp/no/such/dir", (size_t)1 << 40,
					 msg, sizeof(msg)), -ENOSPC);
	assert_non_null(strstr(msg, "KiB free, and this run needs at least"));
	assert_non_null(strstr(msg, "1099511627776 sample lines at 1 KiB"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_truncated_line_and_status),
		cmocka_unit_test(test_short_write_cut_back),
		cmocka_unit_test(test_space_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
