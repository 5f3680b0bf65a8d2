#!/usr/bin/env bash
# Builds a fuzz target with libFuzzer and AddressSanitizer and runs it for SECONDS on its
# committed corpus (Fuzz/<Folder>/corpus/, read only: new entries go to a temporary directory).
# Prints the number of executions; exits non-zero on a crash (the crashing input is kept in
# .build-fuzz/artifacts/ and its path printed).
#
#   Scripts/fuzz.sh TARGET SECONDS     TARGET: a product such as fuzz-cdb (or cdb), or "all"
#   Scripts/fuzz.sh list               the fuzz targets of the package
#
# Environment: FUZZ_JOBS=N runs N fuzzing processes at once (libFuzzer -fork), FUZZ_ARGS adds
# libFuzzer flags, FUZZ_KEEP_CORPUS=DIR keeps the new corpus entries in DIR, FUZZ_SANITIZER=none
# builds with libFuzzer alone (about three times the executions per second; Swift's own checks
# still trap, but memory errors in unsafe code go unseen) in .build-fuzz-plain.
set -euo pipefail
cd "$(dirname "$0")/.."

# product<TAB>corpus directory, for every executable product named fuzz-*.
targets() {
    swift package describe --type json 2>/dev/null | python3 -c '
import json, sys
package = json.load(sys.stdin)
paths = {t["name"]: t["path"] for t in package["targets"]}
for product in package["products"]:
    if product["name"].startswith("fuzz-"):
        print(product["name"] + "\t" + paths[product["targets"][0]] + "/corpus")
'
}

usage() { echo "usage: $0 TARGET SECONDS | all SECONDS | list" >&2; exit 64; }

[ $# -ge 1 ] || usage
if [ "$1" = list ]; then targets | cut -f1; exit 0; fi
[ $# -eq 2 ] || usage
target=$1 seconds=$2
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "$0: SECONDS must be a positive whole number, not '$seconds'" >&2; exit 64; }

case "${FUZZ_SANITIZER:-address}" in
    address) scratch=.build-fuzz sanitizers=fuzzer,address label="libFuzzer + AddressSanitizer" ;;
    none) scratch=.build-fuzz-plain sanitizers=fuzzer label="libFuzzer, no AddressSanitizer" ;;
    *) echo "$0: FUZZ_SANITIZER must be address or none, not '$FUZZ_SANITIZER'" >&2; exit 64 ;;
esac
flags=(-c release --scratch-path "$scratch" -Xswiftc -sanitize="$sanitizers" -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)
artifacts="$scratch/artifacts"
mkdir -p "$artifacts"
# The Swift runtime's crash handler would wait on the crashing process: libFuzzer reports instead.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS="detect_leaks=0:${ASAN_OPTIONS:-}"

run_one() {   # product corpus
    local product=$1 corpus=$2
    local seeds=("$corpus")
    if [ ! -d "$corpus" ]; then   # a target without a committed corpus starts from nothing
        echo "== $product: no corpus directory $corpus; starting from an empty corpus" >&2
        seeds=()
    fi
    echo "== $product: building (release, $label)"
    swift build "${flags[@]}" --product "$product" 2>&1 | grep -E "error|warning: unre" || true
    local binary
    binary="$(swift build "${flags[@]}" --show-bin-path)/$product"
    [ -x "$binary" ] || { echo "$product: build failed" >&2; return 70; }
    local fresh log status=0
    fresh=${FUZZ_KEEP_CORPUS:-$(mktemp -d "${TMPDIR:-/tmp}/$product-corpus.XXXXXX")}
    mkdir -p "$fresh"
    log=$(mktemp "${TMPDIR:-/tmp}/$product-log.XXXXXX")
    echo "== $product: fuzzing ${seconds}s on $corpus (new entries: $fresh)"
    local fork=()
    [ -n "${FUZZ_JOBS:-}" ] && fork=(-fork="$FUZZ_JOBS" -ignore_crashes=0)
    "$binary" -max_total_time="$seconds" -print_final_stats=1 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$artifacts/$product-" "${fork[@]}" ${FUZZ_ARGS:-} "$fresh" "${seeds[@]}" >"$log" 2>&1 || status=$?
    local executions
    executions=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{s += $2} END {print s + 0}')
    if [ "$executions" = 0 ]; then   # -fork mode reports a running total instead
        executions=$(grep -oE '#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    echo "== $product: ${executions:-0} executions in ${seconds}s"
    if [ $status -ne 0 ]; then
        grep -E 'ERROR|SUMMARY|Precondition|Fatal error|Test unit written|crash-|deadly' "$log" | head -20 >&2
        echo "== $product: FAILED (exit $status); full log: $log" >&2
        return 1
    fi
    [ -n "${FUZZ_KEEP_CORPUS:-}" ] || rm -rf "$fresh"
    rm -f "$log"
}

failed=0
found=0
while IFS=$'\t' read -r product corpus; do
    if [ "$target" = all ] || [ "$target" = "$product" ] || [ "fuzz-$target" = "$product" ]; then
        found=1
        run_one "$product" "$corpus" || failed=1
    fi
done < <(targets)
[ $found = 1 ] || { echo "$0: no fuzz target '$target' (see: $0 list)" >&2; exit 64; }
exit $failed
