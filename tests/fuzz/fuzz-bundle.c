/*
 * fuzz-bundle.c: libFuzzer target for the bundle reader, run through the real
 * host (core) and plugin, with every document passed on to the statement
 * filter and the text, CSV and TEI writers (harness.c).  The input is the
 * whole file, named "fuzz.zip".  Test code only.
 */
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("bundle", "fuzz.zip", data, size);
	return 0;
}
