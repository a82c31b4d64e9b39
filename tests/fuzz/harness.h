/*
 * harness.h: what the libFuzzer targets of tests/fuzz share: an engine
 * holding every plugin of this tree (compiled in, not dlopened) and one
 * call that runs a format's real reader on bytes in memory, the way the
 * pipeline does, and passes each document through the writers to memory.
 *
 * Test code only: never installed, never linked into corpusconv itself.
 */
#ifndef CC_FUZZ_HARNESS_H
#define CC_FUZZ_HARNESS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Reads data[0..size) with format `format` ("text", "tei", "csv",
 * "bundle") as an input named `name` (the name gives document ids and
 * messages), runs the statement filter on each document and writes it
 * as text, CSV and TEI into memory, then drops it.  Aborts (so the fuzzer
 * reports it) only on a broken promise of the host ABI: a reader that
 * returns a code off the ladder, or an unknown format.  Returns the
 * reader's code.
 */
int fuzz_read(const char *format, const char *name, const uint8_t *data, size_t size);

/*
 * Runs the statement extractor (the pure library) on data[0..size) read
 * as an article, one block per line, and checks what it promises
 * (fuzz-extract.c).  Returns 0.
 */
int fuzz_extract(const uint8_t *data, size_t size);

/* The libFuzzer entry point each target defines. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
