#!/usr/bin/env bash
# Builds everything that is missing or out of date, incrementally:
#   build/native-profile, build/native-profile-gcc
#                       wasmod-native instrumented by clang and by gcc, which make
#                       build/code-profiles (scripts/code-profiles.sh; only when
#                       their inputs changed) for:
#   build/native        libwasmod (static + shared), wasmod-native, C tests,
#                       and the optional Node addon build/native/addon/wasmod.node
#                       (with, on Linux, its test-only variant addon-oom/wasmod-oom.node)
#   build/wasm-simd     dist/modules/*-simd.wasm   (-msimd128)
#   build/wasm-scalar   dist/modules/*-scalar.wasm
#   dist/modules/index.json   the generated index the JS loader reads (and
#                       *-simd.metered.wasm, the SIMD variants metered as built)
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
  build_profiles
  configure build/native cmake
  cmake --build build/native
  # The Node-API addon is optional: without it the runtime goes on without the native engine.
  if ! cmake --build build/native --target wasmod-addon >build/native/addon-build.log 2>&1; then
    echo "build: the Node addon was not built (see build/native/addon-build.log); going on without it" >&2
  fi
  # Its test-only variant, which fails the Nth allocation of a library call
  # (native/addon/addon_oom.c; tests/js/native-addon-oom.test.js): Linux only.
  if [ "$(uname -s)" = Linux ] && [ -f build/native/addon/wasmod.node ] &&
    ! cmake --build build/native --target wasmod-addon-oom >build/native/addon-oom-build.log 2>&1; then
    echo "build: the out-of-memory test addon was not built (see build/native/addon-oom-build.log)" >&2
  fi
}

build_js() {
  node scripts/bundle-js.mjs
}

build_asan() {
  configure build/native-asan cmake -DWASMOD_SANITIZE=ON -DWASMOD_FUZZ=ON -DCMAKE_C_COMPILER=clang
  cmake --build build/native-asan
}

# The profiles of the code modules' hot paths (scripts/code-profiles.sh):
# clang's for the wasm builds, gcc's for a native build by gcc, each taken by a
# CLI instrumented by that compiler, which is built and run only when the
# profiles' inputs changed. Once per run of this script.
profiles_built=
build_profiles() {
  [ -n "$profiles_built" ] && return
  configure build/native-profile cmake -DCMAKE_C_COMPILER=clang -DWASMOD_PROFILE_GENERATE=ON
  bash scripts/code-profiles.sh clang build/native-profile build/code-profiles
  if command -v gcc >/dev/null; then
    configure build/native-profile-gcc cmake -DCMAKE_C_COMPILER=gcc -DWASMOD_PROFILE_GENERATE=ON
    bash scripts/code-profiles.sh gcc build/native-profile-gcc build/code-profiles
  fi
  profiles_built=1
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
