// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the workload parser (a .wl file). */
#include "fuzz_parse_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_workload_one(data, size);
}
