#!/usr/bin/env bash
# Builds the fuzz targets with clang's libFuzzer (AddressSanitizer and
# UndefinedBehaviorSanitizer on) and runs each one.
#   scripts/fuzz.sh [SECONDS]   time per target, default 60
# The corpus grows in build-fuzz/corpus/NAME across runs, seeded from
# tests/fuzz/corpus/NAME. A crash stops with the input that caused it: add it
# to tests/fuzz/regressions/NAME/ so that every test run replays it.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}

scripts/install-deps.sh fuzz
CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLFDM_FUZZ=ON >/dev/null
cmake --build build-fuzz --target fuzzers

status=0
for program in build-fuzz/bin/fuzz-*; do
    name=${program##*/fuzz-}
    corpus=build-fuzz/corpus/$name
    findings=build-fuzz/findings/$name
    mkdir -p "$corpus" "$findings"
    log=build-fuzz/$name.log
    if "$program" -max_total_time="$seconds" -print_final_stats=1 -timeout=10 \
        -rss_limit_mb=2048 -artifact_prefix="$findings/" \
        "$corpus" "tests/fuzz/corpus/$name" >"$log" 2>&1; then
        runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        printf '%-16s %10s executions in %ss, corpus %s inputs\n' "$name" "$runs" "$seconds" \
            "$(find "$corpus" -type f | wc -l)"
    else
        echo "$name: FINDING, see $log and $findings/" >&2
        tail -n 30 "$log" >&2
        status=1
    fi
done
exit $status
