#!/usr/bin/env bash
# Runs the hostile-miniport tests, the verifier fixtures, the runner, verify and soak scenarios,
# the virtio and BusLogic device-model suites (hostile rings and mailboxes included)
# and the example miniports under AddressSanitizer and UndefinedBehaviorSanitizer, with the C
# miniports the tests build instrumented too (clang -fsanitize=address,undefined, see
# Tests/MiniportKitTests/Support/FixtureBuilder.swift). Any report fails the run. Separate
# build directory: the sanitized build does not disturb .build.
#
#   Scripts/asan-test.sh [FILTER]      default: the suites below
#
# Leak detection is off: XCTest's and the Swift runtime's own allocations would be reported.
# Swift has no -sanitize=undefined on Linux: UBSan instruments the package's C targets
# (-Xcc -fsanitize=undefined: the import stub, the CRC-32C code, the layout probes) and the
# C miniports the tests build; the AddressSanitizer runtime linked into the test executable
# carries the UBSan handlers they call.
set -euo pipefail
cd "$(dirname "$0")/.."
export CC=clang
export CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
# handle_segv=0: the tests crash miniports on purpose and check that the supervisor sees the
# signal itself (SIGSEGV), which AddressSanitizer's handler would turn into SIGABRT. A host
# crash still fails the test that meets it.
export ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1:handle_segv=0:${ASAN_OPTIONS:-}"
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:${UBSAN_OPTIONS:-}"
# The Swift runtime's crash handler would wait on the failing process: the sanitizer reports.
export SWIFT_BACKTRACE=enable=no
filter="${1:-HostileMiniport|VerifierRule|Scenario|Runner|VerifyCommand|Example|Soak|DumpPort|ImportTable|FuzzReplay|MiniportVirtioTests|MiniportBusLogicTests}"
start=$(date +%s)
swift test --sanitize=address -Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined \
    --scratch-path .build-asan --filter "$filter"
echo "asan-test: $(( $(date +%s) - start )) s"
