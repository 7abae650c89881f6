// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the importer of Microsoft's page (hvcaps matrix import). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "fuzz_input.h"
#include "matrix.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null;
	char *text = fuzz_text(data, size);

	if (!null)
		null = fopen("/dev/null", "w");
	if (!null)
		abort();
	/* with and without --edition: a page without ms.date stops early */
	mx_import(text, "page.md", size & 1 ? "2024-01-01" : NULL, null);
	free(text);
	return 0;
}
