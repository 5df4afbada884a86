#!/usr/bin/env bash
# The long soak run, by hand: builds, starts a throwaway InfluxDB on
# loopback, runs lfdm-soak (every collector, gather after gather, against
# stub-chia and a loopback T-Rex; see tests/soak/soak.cpp) and writes every
# line it produced into InfluxDB, which must accept them all.
#   scripts/soak.sh [GATHERS] [PACE_MS]   default 100000 gathers, 10 ms apart
# (about 17 minutes: a plot check a minute and a poll a second meanwhile).
set -euo pipefail
cd "$(dirname "$0")/.."
gathers=${1:-100000}
pace=${2:-10}

scripts/install-deps.sh test
scripts/build.sh lfdm-soak

work=$(mktemp -d /tmp/lfdm-soak.XXXXXX)
source tests/influxdb/influxdb.bash
cleanup() {
    stop_influxdb
    rm -rf "$work"
}
trap cleanup EXIT
start_influxdb "$work"

build/bin/lfdm-soak --gathers "$gathers" --pace-ms "$pace" --lines "$work/lines/soak.lp"
bash tests/influxdb/accept-lines.sh "$work/lines"
