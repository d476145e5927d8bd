#!/usr/bin/env bash
# Installation test: installs libwasmod from build/native into a fresh
# temporary prefix, then builds the C example of README.md (the ```c block
# after the "installation test" marker) against it twice -- with
# `pkg-config --cflags --libs wasmod` and with a CMake project using
# find_package(wasmod) -- and runs both on a valid and an invalid document.
# Also checks that the shared library exports only the consumer API
# (native/libwasmod.map, native/tests/exports.sh), and that the installed
# module SDK builds a module outside the tree: the example module with host
# capabilities, in a project configured with emcmake (tests/install/module),
# checked by tests/install/check-module.mjs.
# Usage: tests/install/run.sh [BUILD_DIR]   (default build/native)
set -euo pipefail
cd "$(dirname "$0")/../.."
build=${1:-build/native}
work=$(mktemp -d "${TMPDIR:-/tmp}/wasmod-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix

cmake --install "$build" --prefix "$prefix" >/dev/null
awk '/installation test/ { marked = 1; next }
     marked && /^```c/ { inside = 1; next }
     inside && /^```/ { exit }
     inside { print }' README.md >"$work/example.c"
[ -s "$work/example.c" ] || { echo "install test: no C example after the marker in README.md" >&2; exit 1; }

pc_dir=$(dirname "$(find "$prefix" -name wasmod.pc | head -1)")
libdir=$(PKG_CONFIG_PATH=$pc_dir pkg-config --variable=libdir wasmod)
# The installed shared library exports the consumer API and nothing else.
sh native/tests/exports.sh "$libdir/libwasmod.so" native/libwasmod.map >/dev/null ||
  { echo "install test: libwasmod.so exports the wrong symbols" >&2; exit 1; }
[ -L "$libdir/libwasmod.so.1" ] || { echo "install test: no libwasmod.so.1 (SOVERSION 1)" >&2; exit 1; }

# shellcheck disable=SC2046 # the flags are meant to split
cc -std=c11 -Wall -Wextra -Werror "$work/example.c" -o "$work/example-pkg-config" \
  $(PKG_CONFIG_PATH=$pc_dir pkg-config --cflags --libs wasmod)

mkdir -p "$work/consumer"
cp tests/install/consumer/CMakeLists.txt "$work/example.c" "$work/consumer/"
cmake -S "$work/consumer" -B "$work/consumer/build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$work/consumer/build" >/dev/null

# Runs an example binary on stdin; checks its exit status and output.
check() {
  local name=$1 input=$2 want_status=$3 want_output=$4 status=0 output
  output=$(printf '%s' "$input" | LD_LIBRARY_PATH=$libdir "$work/$name" 2>&1) || status=$?
  if [ "$status" != "$want_status" ] || [ "$output" != "$want_output" ]; then
    echo "install test: $name on '$input': exit $status, output:" >&2
    printf '%s\n' "$output" >&2
    echo "expected exit $want_status, output:" >&2
    printf '%s\n' "$want_output" >&2
    exit 1
  fi
}
cp "$work/consumer/build/example" "$work/example-find-package"
for example in example-pkg-config example-find-package; do
  check "$example" '{"a": [1 2]}' 1 "1:10: expected ',' or ']' after array element, found '2' [unexpected-character]"
  check "$example" '{"b": [1, 2.50], "a": {}}' 0 "$(printf '{\n  "a": {},\n  "b": [\n    1,\n    2.50\n  ]\n}')"
done
echo "install test: pkg-config and find_package(wasmod) builds of the README example work"

# The module SDK, from the installed package only.
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}" # Debian's emscripten tools need it
command -v emcmake >/dev/null ||
  { echo "install test: no emcmake: Emscripten is needed to build a module with the SDK" >&2; exit 1; }
mkdir -p "$work/module"
cp tests/install/module/CMakeLists.txt tests/fixtures/example_module.c "$work/module/"
# Emscripten's toolchain looks for packages under its sysroot only; CMAKE_FIND_ROOT_PATH adds the
# prefix. (emcmake says what it runs on stderr: shown only when it fails.)
configured=$(emcmake cmake -S "$work/module" -B "$work/module/build" -DCMAKE_FIND_ROOT_PATH="$prefix" \
  -DCMAKE_BUILD_TYPE=Release 2>&1) || { printf '%s\n' "$configured" >&2; exit 1; }
cmake --build "$work/module/build" >/dev/null
node tests/install/check-module.mjs "$work/module/build/example-host-scalar.wasm"
echo "install test: find_package(wasmod) under emcmake builds the example module with host capabilities"
