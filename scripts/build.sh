#!/usr/bin/env bash
# Builds everything that is missing or out of date, incrementally:
#   build/native        libwasmod (static + shared), wasmod-native, C tests,
#                       and the optional Node addon build/native/addon/wasmod.node
#   build/native-profile  an instrumented wasmod-native, which makes
#                       build/code-profiles (scripts/code-profiles.sh) for:
#   build/wasm-simd     dist/modules/*-simd.wasm   (-msimd128)
#   build/wasm-scalar   dist/modules/*-scalar.wasm
#   dist/modules/index.json   the generated index the JS loader reads
#   dist/js             the JS runtime bundled: the package's entry point
# Usage: scripts/build.sh [native|wasm|js|asan|all]   (default: all but asan)
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}" # Debian's emscripten tools need it

# One build at a time in this checkout: concurrent ninja runs in one tree corrupt it.
mkdir -p build
exec 9>build/.lock
flock 9
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

# configure <dir> <cmake args...>: only when the build tree does not exist yet.
configure() {
  local dir=$1
  shift
  [ -f "$dir/CMakeCache.txt" ] || "$@" -S . -B "$dir" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release >/dev/null
}

build_native() {
  configure build/native cmake
  cmake --build build/native
  # The Node-API addon is optional: without it the runtime goes on without the native engine.
  if ! cmake --build build/native --target wasmod-addon >build/native/addon-build.log 2>&1; then
    echo "build: the Node addon was not built (see build/native/addon-build.log); going on without it" >&2
  fi
}

build_js() {
  node scripts/bundle-js.mjs
}

build_asan() {
  configure build/native-asan cmake -DWASMOD_SANITIZE=ON -DWASMOD_FUZZ=ON -DCMAKE_C_COMPILER=clang
  cmake --build build/native-asan
}

# An instrumented CLI, and the profiles of the code modules' hot paths it takes
# for the wasm builds (scripts/code-profiles.sh).
build_profiles() {
  configure build/native-profile cmake -DCMAKE_C_COMPILER=clang -DCMAKE_C_FLAGS=-fprofile-instr-generate \
    -DCMAKE_EXE_LINKER_FLAGS=-fprofile-instr-generate -DCMAKE_SHARED_LINKER_FLAGS=-fprofile-instr-generate
  cmake --build build/native-profile --target wasmod-native
  bash scripts/code-profiles.sh build/native-profile/native/wasmod-native build/code-profiles
}

build_wasm() {
  build_profiles
  configure build/wasm-simd emcmake cmake -DWASMOD_SIMD=ON
  configure build/wasm-scalar emcmake cmake -DWASMOD_SIMD=OFF
  cmake --build build/wasm-simd
  cmake --build build/wasm-scalar
  node scripts/make-index.mjs dist/modules
}

case "${1:-default}" in
  native) build_native ;;
  wasm) build_wasm ;;
  js) build_js ;;
  asan) build_asan ;;
  all) build_native; build_wasm; build_js; build_asan ;;
  default) build_native; build_wasm; build_js ;;
  *) echo "usage: scripts/build.sh [native|wasm|js|asan|all]" >&2; exit 2 ;;
esac
