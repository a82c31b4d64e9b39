/*
 * fuzz-csv.c: libFuzzer target for the csv reader, run through the real
 * host (core) and plugin, with every document passed on to the statement
 * filter and the text, CSV and TEI writers (harness.c).  The input is the
 * whole file, named "fuzz.csv".  Test code only.
 */
#include "harness.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_read("csv", "fuzz.csv", data, size);
	return 0;
}
