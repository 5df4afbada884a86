#!/usr/bin/env bash
# Installs the Debian 12 packages this project needs, when missing.
#   scripts/install-deps.sh build   what building needs
#   scripts/install-deps.sh test    what building and testing need
#   scripts/install-deps.sh fuzz    what building the fuzzers needs
#   scripts/install-deps.sh windows what the Windows cross build and Wine need
# Uses apt-get as root, or through sudo; says what to run otherwise.
set -euo pipefail

build_packages=(
    cmake ninja-build g++ pkg-config
    libboost1.81-dev libboost-json1.81-dev libtomlplusplus-dev libssl-dev
)
test_packages=(
    libboost-test1.81-dev clang-format-14 influxdb curl libfaketime
)
fuzz_packages=(
    clang-14 libfuzzer-14-dev libclang-rt-14-dev
)
windows_packages=(
    g++-mingw-w64-x86-64-posix wine64 zip
)

case "${1:-build}" in
    build) wanted=("${build_packages[@]}") ;;
    test)
        wanted=("${build_packages[@]}" "${test_packages[@]}" "${fuzz_packages[@]}"
                "${windows_packages[@]}")
        ;;
    fuzz) wanted=("${build_packages[@]}" "${fuzz_packages[@]}") ;;
    windows) wanted=("${build_packages[@]}" "${windows_packages[@]}") ;;
    *) echo "usage: $0 [build|test|fuzz|windows]" >&2; exit 2 ;;
esac

missing=()
for package in "${wanted[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
    [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -eq 0 ]]; then
    as_root=()
elif command -v sudo >/dev/null 2>&1; then
    as_root=(sudo)
else
    echo "missing packages: ${missing[*]}" >&2
    echo "install them as root: apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
