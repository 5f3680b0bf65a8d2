#include "fuzz_driver.h"

/* libFuzzer's entry for programs with their own main (LLVM 11 and later). Weak: a normal build
 * links without libFuzzer. */
extern int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *, size_t))
    __attribute__((weak));

int mp_fuzz_driver_available(void) { return LLVMFuzzerRunDriver != 0; }

int mp_fuzz_run_driver(int argc, char **argv, mp_fuzz_callback callback) {
    if (!LLVMFuzzerRunDriver) return -1;
    return LLVMFuzzerRunDriver(&argc, &argv, callback);
}
