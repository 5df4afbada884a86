#!/usr/bin/env bash
# Installs what is missing, builds, starts the services the tests need (a
# throwaway InfluxDB on loopback), runs every test (the fault tests and a
# short soak among them; scripts/soak.sh runs the long one), and stops the
# services. The tests run three times: on the Release build; on a build with
# AddressSanitizer and UndefinedBehaviorSanitizer, where a leak, an invalid
# access or undefined behaviour fails them; and on the Windows build, under
# Wine. Then each fuzz target runs for a short while (LFDM_FUZZ_SECONDS,
# default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

scripts/install-deps.sh test
scripts/check-format.sh
scripts/build.sh
cmake -S . -B build-sanitize -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLFDM_WERROR=ON \
    -DLFDM_SANITIZE=ON >/dev/null
cmake --build build-sanitize
scripts/build-windows.sh

work=$(mktemp -d /tmp/lfdm-test.XXXXXX)
source tests/influxdb/influxdb.bash
cleanup() {
    if [[ -d "$work/wine" ]]; then
        WINEPREFIX="$work/wine" /usr/lib/wine/wineserver -k 2>/dev/null || true
    fi
    stop_influxdb
    rm -rf "$work"
}
trap cleanup EXIT
start_influxdb "$work"

rm -rf build/test-lines build-sanitize/test-lines build-windows/test-lines
echo "== tests (Release)"
ctest --test-dir build --no-tests=error --output-on-failure --parallel 2
echo "== tests (AddressSanitizer, UndefinedBehaviorSanitizer)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-sanitize --no-tests=error --output-on-failure --parallel 2
echo "== tests (Windows build, under Wine)"
# The prefix and one wineserver for every test are made before the tests
# start in parallel: two tests making them at once can fail to start.
mkdir -p "$work/wine"
WINEPREFIX="$work/wine" /usr/lib/wine/wineserver -p >/dev/null 2>&1
WINEPREFIX="$work/wine" WINEDEBUG=-all /usr/lib/wine/wine64 cmd /c exit >/dev/null 2>&1
WINEPREFIX="$work/wine" WINEDEBUG=-all ctest --test-dir build-windows --no-tests=error --output-on-failure \
    --parallel 2
echo "== fuzzing"
scripts/fuzz.sh "${LFDM_FUZZ_SECONDS:-30}"
echo "all tests passed"
