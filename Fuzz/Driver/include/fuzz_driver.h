/* Starts libFuzzer from a program's own main (SwiftPM names a Swift executable's entry point
 * itself, so libFuzzer's main cannot be used). In a build without -sanitize=fuzzer libFuzzer is
 * absent and mp_fuzz_driver_available() is 0. */
#ifndef MP_FUZZ_DRIVER_H
#define MP_FUZZ_DRIVER_H

#include <stddef.h>
#include <stdint.h>

typedef int (*mp_fuzz_callback)(const uint8_t *data, size_t size);

/* 1 when libFuzzer is linked in. */
int mp_fuzz_driver_available(void);

/* Runs libFuzzer's driver (LLVMFuzzerRunDriver) with the program's arguments; returns its
 * exit status, or -1 when libFuzzer is not linked in. */
int mp_fuzz_run_driver(int argc, char **argv, mp_fuzz_callback callback);

#endif
