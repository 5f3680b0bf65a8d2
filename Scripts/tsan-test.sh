#!/usr/bin/env bash
# Runs the StorPort tests (the many-thread I/O test among them), the dump image tests (the
# checksums computed on a second thread) and the device-thread tests (virtio queues consumed on
# the device's own thread, the platform's device workers) and the multi-queue tests (two
# threads on two virtual processors, a virtio queue each) under the thread sanitizer,
# with the C miniports the tests build instrumented too (clang -fsanitize=thread). Any report
# fails the run. Separate build directory: the sanitized build does not disturb .build.
#
# The two exported symbols let dlopen'ed Swift code (a Swift miniport) reach the sanitizer
# runtime linked into the test executable.
set -euo pipefail
cd "$(dirname "$0")/.."
# The C miniports the tests build (fixtures, examples) are instrumented too ($CC, $CFLAGS).
export CC=clang
export CFLAGS="-fsanitize=thread -g"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 ${TSAN_OPTIONS:-}"
swift test --sanitize=thread --scratch-path .build-tsan \
    -Xlinker --export-dynamic-symbol=__tsan_external_write \
    -Xlinker --export-dynamic-symbol=__tsan_external_read \
    --filter "${1:-StorPort|DumpImageTests|DeviceThreadTests|DeviceWorkerTests|MultiQueueTests}"
