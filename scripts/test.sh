#!/usr/bin/env bash
# Installs what is missing, builds, starts the services the tests need (a
# throwaway InfluxDB on loopback), runs every test, and stops the services.
# The tests run twice: on the Release build, and on a build with
# AddressSanitizer and UndefinedBehaviorSanitizer, where a leak, an invalid
# access or undefined behaviour fails them. The Windows build's tests then run
# under Wine, and each fuzz target runs for a short while
# (LFDM_FUZZ_SECONDS, default 30).
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
influxd_pid=""
cleanup() {
    if [[ -d "$work/wine" ]]; then
        WINEPREFIX="$work/wine" /usr/lib/wine/wineserver -k 2>/dev/null || true
    fi
    if [[ -n "$influxd_pid" ]]; then
        kill "$influxd_pid" 2>/dev/null || true
        wait "$influxd_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

# InfluxDB 1.6 on loopback, data in the throwaway directory: the real
# consumer that every line the tests produce must satisfy. Ports are picked
# free at random, so that two test runs on one machine do not collide.
port_in_use() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
start_influxdb() {
    local attempt
    for attempt in 1 2 3 4 5; do
        influx_port=$((20000 + RANDOM % 20000))
        port_in_use "$influx_port" && continue
        port_in_use $((influx_port + 1)) && continue
        cat >"$work/influxdb.conf" <<CONF
reporting-disabled = true
bind-address = "127.0.0.1:$((influx_port + 1))"
[meta]
  dir = "$work/influxdb/meta"
[data]
  dir = "$work/influxdb/data"
  wal-dir = "$work/influxdb/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
        influxd -config "$work/influxdb.conf" >"$work/influxd.log" 2>&1 &
        influxd_pid=$!
        for _ in $(seq 1 100); do
            kill -0 "$influxd_pid" 2>/dev/null || break
            if curl -sf "http://127.0.0.1:$influx_port/ping" >/dev/null 2>&1; then
                return 0
            fi
            sleep 0.1
        done
        kill "$influxd_pid" 2>/dev/null || true
        wait "$influxd_pid" 2>/dev/null || true
        influxd_pid=""
    done
    echo "cannot start InfluxDB; its log:" >&2
    cat "$work/influxd.log" >&2
    return 1
}
start_influxdb

rm -rf build/test-lines build-sanitize/test-lines build-windows/test-lines
export LFDM_INFLUXDB_URL="http://127.0.0.1:$influx_port"
echo "== tests (Release)"
ctest --test-dir build --output-on-failure --parallel 2
echo "== tests (AddressSanitizer, UndefinedBehaviorSanitizer)"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
    ctest --test-dir build-sanitize --output-on-failure --parallel 2
echo "== tests (Windows build, under Wine)"
WINEPREFIX="$work/wine" WINEDEBUG=-all ctest --test-dir build-windows --output-on-failure \
    --parallel 2
echo "== fuzzing"
scripts/fuzz.sh "${LFDM_FUZZ_SECONDS:-30}"
echo "all tests passed"
