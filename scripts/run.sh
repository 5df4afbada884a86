#!/usr/bin/env bash
# Builds lfdm-plugin and runs it: by default one gather on the built-in
# configuration (system metrics), printed as line protocol.
#   scripts/run.sh [ARGS...]   default: --once
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh build
scripts/build.sh lfdm-plugin >&2
if [[ $# -eq 0 ]]; then
    set -- --once
fi
exec build/bin/lfdm-plugin "$@"
