#!/usr/bin/env bash
# scripts/code-profiles.sh <instrumented wasmod-native> <dir>
#
# Writes <dir>/<language>.profdata: where the code modules' time goes, for
# clang to optimize their wasm builds by (-fprofile-instr-use; see
# modules/code/CMakeLists.txt). An instrumented native CLI analyzes, per
# language, sources that come with the toolchain, the pinned npm packages and
# this repository: none is in the code corpus the bench and the parity suite
# run on. A profile is made again when the CLI is newer; a language with no
# sources to train on gets none, and its module is built without.
set -euo pipefail
cd "$(dirname "$0")/.."
cli=$1 out=$2
profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata)
emscripten=$(dirname "$(readlink -f "$(command -v emcc)")")
mkdir -p "$out"

# train <language> <files...>
train() {
  local language=$1
  shift
  local profile="$out/$language.profdata"
  [ "$profile" -nt "$cli" ] && return
  rm -f "$profile" "$out/$language.profraw"
  if [ $# -eq 0 ]; then
    echo "code-profiles: no sources to train code-$language on; built without a profile" >&2
    return
  fi
  # Exit status 1 means some source has syntax errors, which is still a parse to learn from.
  LLVM_PROFILE_FILE="$out/$language.profraw" "$cli" "code-$language" analyze "$@" >/dev/null 2>&1 || [ $? -eq 1 ]
  "$profdata" merge -o "$profile" "$out/$language.profraw"
  rm -f "$out/$language.profraw"
}

sources() { find "$@" -type f 2>/dev/null | sort; }
mapfile -t js < <(sources node_modules/ajv/lib node_modules/piscina/dist -name '*.js')
mapfile -t ts < <(sources node_modules/piscina/src node_modules/web-tree-sitter/src -name '*.ts' ! -name '*.d.ts')
mapfile -t py < <(sources "$emscripten" -maxdepth 2 -name '*.py')
mapfile -t c < <(sources core/src modules native tests/c -name '*.c')
train javascript "${js[@]}"
train typescript "${ts[@]}"
train tsx "${ts[@]}"
train python "${py[@]}"
train c "${c[@]}"
