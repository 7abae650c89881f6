// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer: the expectation reader (hvcaps diff --expect FILE). Its
 * parser is static in cmd/diff.c, so this harness includes that file
 * (and is linked without cmd/diff.o).
 */
#include "../../user/cmd/diff.c"

#include "fuzz_input.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expect_file ef;

	expect_load(fuzz_file(data, size), &ef);
	return 0;
}
