#!/usr/bin/env bash
# scripts/code-profiles.sh clang|gcc <instrumented build tree> <dir>
#
# Records where the code modules' time goes, for the compiler to optimize them
# by (see modules/code/CMakeLists.txt). The native CLI of <build tree>
# (configured with -DWASMOD_PROFILE_GENERATE=ON, which instruments modules/code
# and nothing else) analyzes, per language, pinned sources that are neither in
# this repository nor in the code corpus the bench and the parity suite run on
# (training() below). What it leaves in <dir>:
#   clang  <language>.profdata for each wasm module, and all.profdata, their
#          merge, for a native build by clang;
#   gcc    gcc/*.gcda, written there by the CLI itself (the directory is built
#          into it, WASMOD_CODE_PROFILES), and gcc.stamp, touched when they change.
# Each profile is keyed by the content of its inputs, listed with their sha256
# in <profile>.inputs: its training sources, what the instrumented CLI compiles
# of the code modules (modules/code, core, the tree-sitter runtime and grammars,
# the CMake files that set their flags), the CLI's main.c, this script, the
# compiler's version and, for gcc, the checkout's path. While they are
# unchanged the CLI is neither built nor run; a profile made again with the
# same bytes is left untouched, so nothing compiled with it is rebuilt. A
# missing training source is an error.
set -euo pipefail
cd "$(dirname "$0")/.."
kind=${1:-} build=${2:-} out=${3:-}
case "$kind" in
  clang | gcc) [ -n "$build" ] && [ -n "$out" ] ;;
  *) false ;;
esac || { echo "usage: scripts/code-profiles.sh clang|gcc <instrumented build tree> <dir>" >&2; exit 2; }
languages=(javascript typescript tsx python c)
grammars=(tree-sitter-javascript tree-sitter-typescript tree-sitter-python tree-sitter-c)
die() { echo "code-profiles: $*" >&2; exit 1; }

# The devDependencies trained on (and the grammars compiled) must be installed
# at the versions package-lock.json pins.
node - "${grammars[@]}" tree-sitter piscina webpack web-tree-sitter <<'EOF' || exit 1
const fs = require('node:fs');
const read = (file) => JSON.parse(fs.readFileSync(file, 'utf8'));
const direct = read('package.json').devDependencies ?? {};
const locked = read('package-lock.json').packages ?? {};
let bad = 0;
for (const name of process.argv.slice(2)) {
  const pinned = locked[`node_modules/${name}`]?.version;
  let installed;
  try { installed = read(`node_modules/${name}/package.json`).version; } catch {}
  let problem;
  if (!(name in direct) || !pinned) problem = 'is not a devDependency pinned by package-lock.json';
  else if (installed !== pinned) problem = `is ${installed ? `installed at ${installed}` : 'not installed'}, pinned at ${pinned}: run \`npm ci\` (or scripts/bootstrap.sh)`;
  if (problem) { console.error(`code-profiles: ${name} (code module profiles train on it) ${problem}`); bad++; }
}
process.exit(bad ? 1 : 0);
EOF

# files <what> <dir>... <find tests...>: the files found, sorted; a missing
# <dir>, or none found, is an error.
files() {
  local what=$1 arg found
  shift
  for arg; do
    [[ $arg == -* ]] && break
    [ -e "$arg" ] || die "$arg ($what) is missing: the code modules train on it"
  done
  found=$(find "$@" -type f -print | LC_ALL=C sort)
  [ -n "$found" ] || die "no training sources found in $* ($what)"
  echo "$found"
}
emscripten=$(command -v emcc) && emscripten=$(dirname "$(readlink -f "$emscripten")") ||
  die "emcc is not on the PATH: code-python and code-c train on Emscripten's own sources (run scripts/bootstrap.sh)"

# training <language>: the sources code-<language> learns from.
training() {
  local m=node_modules musl=$emscripten/system/lib/libc/musl/src
  case $1 in
    javascript)
      files piscina $m/piscina/dist -name '*.js'
      files webpack $m/webpack/lib -maxdepth 1 -name '*.js'
      files 'the grammars' $m/tree-sitter-javascript $m/tree-sitter-python $m/tree-sitter-c \
        $m/tree-sitter-typescript/common -maxdepth 1 -name '*grammar.js' ;;
    typescript | tsx)
      files piscina $m/piscina/src -name '*.ts' ! -name '*.d.ts'
      files web-tree-sitter $m/web-tree-sitter/src -name '*.ts' ! -name '*.d.ts' ;;
    python) files 'Emscripten' "$emscripten" -maxdepth 2 -name '*.py' ;;
    c)
      files "Emscripten's musl" "$musl"/{stdio,string,stdlib,regex,time,locale,network,misc} -name '*.c'
      files web-tree-sitter $m/web-tree-sitter/lib -name tree-sitter.c ;;
  esac
}

# What every profile depends on besides its training sources: the sources the
# instrumented CLI compiles into the code modules (every grammar: each
# profile records every instrumented function), the core they call, the CLI
# that drives them, the CMake files that set their flags, and this script.
common_files() {
  printf '%s\n' scripts/code-profiles.sh CMakeLists.txt cmake/wasmod_module.cmake native/cli/main.c
  find core modules/code node_modules/tree-sitter/vendor/tree-sitter/lib \
    -type f \( -name '*.[ch]' -o -name CMakeLists.txt \) -print
  local grammar
  for grammar in "${grammars[@]}"; do
    find "node_modules/$grammar" \( -name node_modules -o -name bindings \) -prune -o -type f -name '*.[ch]' -print
  done
}

mkdir -p "$out"
tmp=$(mktemp -d "$out/.new.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
case "$kind" in
  clang)
    compiler=$(clang --version | head -n1)
    profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata) || die "llvm-profdata is missing (run scripts/bootstrap.sh)"
    tools="$compiler; $("$profdata" merge --version 2>&1 | grep -m1 -i version)"
    ;;
  # gcc's counts carry checksums of the sources' paths.
  gcc) tools="$(gcc --version | head -n1); in $PWD" ;;
esac
common=$(LC_ALL=C sort <(common_files) | xargs -d '\n' sha256sum)
# inputs <language>...: the key of a profile trained on those languages.
inputs() {
  echo "tools: $tools"
  echo "$common"
  local language
  for language; do
    echo "trains code-$language on:"
    training "$language" | xargs -d '\n' sha256sum
  done
}

# analyze <language>: the CLI over that language's training sources. Without
# address randomization where it can be turned off: gcc's counts of some values
# (the alignment of pointers) would differ from one run to the next.
cli=$build/native/wasmod-native
same_addresses=()
setarch "$(uname -m)" -R true 2>/dev/null && same_addresses=(setarch "$(uname -m)" -R)
analyze() {
  local sources
  mapfile -t sources < <(training "$1")
  # Exit status 1 means some source has syntax errors, which is still a parse to learn from.
  "${same_addresses[@]}" "$cli" "code-$1" analyze "${sources[@]}" >/dev/null 2>&1 || [ $? -eq 1 ] ||
    die "$cli failed on the code-$1 sources"
}
build_cli() {
  echo "code-profiles: building $cli (instrumented by $kind) to train the code modules"
  cmake --build "$build" --target wasmod-native
}

case "$kind" in
  clang)
    stale=()
    for language in "${languages[@]}"; do
      inputs "$language" >"$tmp/$language.inputs"
      [ -f "$out/$language.profdata" ] && cmp -s "$tmp/$language.inputs" "$out/$language.inputs" ||
        stale+=("$language")
    done
    [ ${#stale[@]} -eq 0 ] && [ -f "$out/all.profdata" ] && exit 0
    [ ${#stale[@]} -eq 0 ] || build_cli
    for language in "${stale[@]}"; do
      rm -f "$out/$language.inputs"
      LLVM_PROFILE_FILE="$tmp/$language.profraw" analyze "$language"
      "$profdata" merge -o "$tmp/$language.profdata" "$tmp/$language.profraw"
      cmp -s "$tmp/$language.profdata" "$out/$language.profdata" || mv "$tmp/$language.profdata" "$out/$language.profdata"
      mv "$tmp/$language.inputs" "$out/$language.inputs"
    done
    profiles=()
    for language in "${languages[@]}"; do profiles+=("$out/$language.profdata"); done
    "$profdata" merge -o "$tmp/all.profdata" "${profiles[@]}"
    cmp -s "$tmp/all.profdata" "$out/all.profdata" || mv "$tmp/all.profdata" "$out/all.profdata"
    ;;
  gcc)
    inputs "${languages[@]}" >"$tmp/gcc.inputs"
    [ -f "$out/gcc.stamp" ] && cmp -s "$tmp/gcc.inputs" "$out/gcc.inputs" && exit 0
    build_cli
    # The counts made before are compared with the new ones only when they are
    # known complete (their inputs were recorded after them).
    [ -f "$out/gcc.inputs" ] && [ -f "$out/gcc.stamp" ] && [ -d "$out/gcc" ] && mv "$out/gcc" "$tmp/before"
    rm -rf "$out/gcc" "$out/gcc.inputs" # gcc adds to the counts it finds
    for language in "${languages[@]}"; do analyze "$language"; done
    [ -n "$(ls -A "$out/gcc" 2>/dev/null)" ] || die "$cli wrote no counts into $out/gcc (is it the one instrumented for $out?)"
    if [ -d "$tmp/before" ] && diff -rq "$tmp/before" "$out/gcc" >/dev/null; then
      rm -rf "$out/gcc"
      mv "$tmp/before" "$out/gcc" # the same counts: the files the native build was compiled with
    else
      touch "$out/gcc.stamp"
    fi
    mv "$tmp/gcc.inputs" "$out/gcc.inputs"
    ;;
esac
