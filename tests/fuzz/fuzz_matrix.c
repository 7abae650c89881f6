// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the matrix reader (hvcaps --matrix FILE, data/FORMAT.md). */
#include <stdint.h>
#include <string.h>

#include "fuzz_input.h"
#include "matrix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *files[1] = { (char *)fuzz_file(data, size) };
	struct mx_matrix m;

	memset(&m, 0, sizeof(m));
	mx_load(&m, files, 1);
	mx_free(&m);
	return 0;
}
