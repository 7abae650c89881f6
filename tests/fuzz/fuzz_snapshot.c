// SPDX-License-Identifier: GPL-2.0
/* libFuzzer: the snapshot reader (hvcaps --snapshot FILE). */
#include <stdint.h>
#include <string.h>

#include "fuzz_input.h"
#include "snapshot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hv_model m;
	struct hv_guest g;
	struct snapshot_meta meta;

	if (snapshot_read(fuzz_file(data, size), &m, &g, &meta) == 0)
		snapshot_meta_free(&meta);
	model_free(&m);
	guest_free(&g);
	return 0;
}
