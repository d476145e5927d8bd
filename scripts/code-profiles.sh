#!/usr/bin/env bash
# scripts/code-profiles.sh clang|gcc <instrumented wasmod-native> <dir>
#
# Records where the code modules' time goes, for the compiler to optimize them
# by (see modules/code/CMakeLists.txt). An instrumented native CLI analyzes, per
# language, sources that come with the toolchain, the pinned npm packages and
# this repository: none is in the code corpus the bench and the parity suite
# run on. What it leaves in <dir>:
#   clang  <language>.profdata for each wasm module, and all.profdata, their
#          merge, for a native build by clang;
#   gcc    gcc/*.gcda, written there by the CLI itself (the directory is built
#          into it, WASMOD_CODE_PROFILES), and gcc.stamp once they are complete.
# Profiles are made again when the CLI or package-lock.json (which pins most of
# the sources trained on) is newer; a language with no sources to train on gets
# none, and its module is built without.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=$1 cli=$2 out=$3
mkdir -p "$out"

sources() { find "$@" -type f 2>/dev/null | sort; }
# current <profile>: made after the CLI and the lockfile, so from the same code and sources.
current() { [ "$1" -nt "$cli" ] && [ "$1" -nt package-lock.json ]; }
emscripten=$(dirname "$(readlink -f "$(command -v emcc)")")
declare -A train_on
train_on[javascript]=$(sources node_modules/ajv/lib node_modules/piscina/dist -name '*.js')
train_on[typescript]=$(sources node_modules/piscina/src node_modules/web-tree-sitter/src -name '*.ts' ! -name '*.d.ts')
train_on[tsx]=${train_on[typescript]}
train_on[python]=$(sources "$emscripten" -maxdepth 2 -name '*.py')
train_on[c]=$(sources core/src modules native tests/c -name '*.c')
languages=(javascript typescript tsx python c)

# analyze <language>: the CLI over that language's sources (none: returns 1).
analyze() {
  local files
  mapfile -t files <<<"${train_on[$1]}"
  if [ -z "${files[0]}" ]; then
    echo "code-profiles: no sources to train code-$1 on; built without a profile" >&2
    return 1
  fi
  # Exit status 1 means some source has syntax errors, which is still a parse to learn from.
  "$cli" "code-$1" analyze "${files[@]}" >/dev/null 2>&1 || [ $? -eq 1 ] ||
    { echo "code-profiles: $cli failed on the code-$1 sources" >&2; exit 1; }
}

case "$kind" in
  clang)
    profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata)
    for language in "${languages[@]}"; do
      profile="$out/$language.profdata"
      current "$profile" && continue
      rm -f "$profile" "$out/$language.profraw"
      LLVM_PROFILE_FILE="$out/$language.profraw" analyze "$language" || continue
      "$profdata" merge -o "$profile" "$out/$language.profraw"
      rm -f "$out/$language.profraw"
    done
    profiles=()
    for language in "${languages[@]}"; do
      [ -f "$out/$language.profdata" ] && profiles+=("$out/$language.profdata")
    done
    [ ${#profiles[@]} -eq 0 ] && exit 0
    if [ ! -f "$out/all.profdata" ] || [ -n "$(find "${profiles[@]}" -newer "$out/all.profdata")" ]; then
      "$profdata" merge -o "$out/all.profdata" "${profiles[@]}"
    fi
    ;;
  gcc)
    current "$out/gcc.stamp" && exit 0
    rm -rf "$out/gcc" "$out/gcc.stamp" # gcc adds to the counts it finds
    for language in "${languages[@]}"; do analyze "$language" || true; done
    touch "$out/gcc.stamp"
    ;;
  *) echo "usage: scripts/code-profiles.sh clang|gcc <instrumented wasmod-native> <dir>" >&2; exit 2 ;;
esac
