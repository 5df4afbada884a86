#!/usr/bin/env bash
# Configures and builds the project (Release) into build/.
#   scripts/build.sh [TARGET...]   default: everything
set -euo pipefail
cd "$(dirname "$0")/.."

cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DLFDM_WERROR=ON >/dev/null
cmake --build build ${1:+--target "$@"}
