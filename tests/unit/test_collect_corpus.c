// SPDX-License-Identifier: GPL-2.0
/*
 * Replay the fuzz corpus (tests/fuzz/corpus) through the reader and the
 * tables: in the ASan+UBSan build this catches what make fuzz found once.
 * Run from the top of the tree, as tests/run.sh does.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "../fuzz/fuzz_one.h"

#define CORPUS "tests/fuzz/corpus"

static void test_corpus(void **state)
{
	char path[512], *buf, *exact;
	struct dirent *e;
	int files = 0;
	size_t n;
	DIR *d;
	FILE *f;

	(void)state;
	d = opendir(CORPUS);
	if (!d)
		fail_msg("cannot open %s: run from the top of the tree", CORPUS);
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", CORPUS, e->d_name);
		f = fopen(path, "r");
		assert_non_null(f);
		buf = malloc(1 << 20);
		assert_non_null(buf);
		n = fread(buf, 1, 1 << 20, f);
		fclose(f);
		/* exactly n bytes, so ASan sees any read past the end */
		exact = malloc(n ? n : 1);
		assert_non_null(exact);
		memcpy(exact, buf, n);
		free(buf);
		assert_int_equal(fuzz_one((const uint8_t *)exact, n), 0);
		free(exact);
		files++;
	}
	closedir(d);
	assert_true(files >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
