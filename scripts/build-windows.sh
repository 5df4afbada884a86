#!/usr/bin/env bash
# Cross-builds lfdm-plugin.exe and lfdm-confgen.exe for Windows x86-64 with
# Debian's MinGW-w64 into build-windows/, with the tests (run under Wine by
# scripts/test.sh), and packs the programs with the README and the examples
# into build-windows/lfdm-telegraf-VERSION-windows-x86_64.zip.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh windows
cmake -S . -B build-windows -G Ninja -DCMAKE_TOOLCHAIN_FILE=cmake/mingw-w64.cmake \
    -DCMAKE_BUILD_TYPE=Release -DLFDM_WERROR=ON >/dev/null
cmake --build build-windows

version=$(sed -n 's/^project(lfdm_telegraf VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
name=lfdm-telegraf-$version-windows-x86_64
staging=build-windows/$name
rm -rf "$staging" "$staging.zip"
mkdir -p "$staging"
cp build-windows/bin/lfdm-plugin.exe build-windows/bin/lfdm-confgen.exe README.md "$staging/"
cp -r examples "$staging/"
(cd build-windows && zip -qr "$name.zip" "$name")
rm -rf "$staging"
echo "build-windows/$name.zip"
