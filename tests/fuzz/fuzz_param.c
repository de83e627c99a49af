// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: the parameter parser (a command line's words). */
#include "fuzz_parse_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	return fuzz_param_one(data, size);
}
