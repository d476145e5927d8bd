#!/usr/bin/env bash
# One part of the tests, after building what it needs (incrementally, so a
# test never runs against a stale build), with an optional filter:
#   scripts/test-part.sh c [REGEX]        ctest, native (-R REGEX)
#   scripts/test-part.sh asan [REGEX]     ctest under ASan + UBSan (fuzz targets included)
#   scripts/test-part.sh js [PATTERN]     node --test tests/js (--test-name-pattern)
#   scripts/test-part.sh browser [PATTERN]  the demo in headless Chromium
#   scripts/test-part.sh apps [PATTERN]   web apps and Node programs from the packed package
#   scripts/test-part.sh parity [ARGS]    every op over every corpus, native against wasm
#                                         (ARGS go to tests/parity/run.mjs: --quick, --module NAME, ...)
# npm run test:c -- json, npm run test:js -- 'duplicate', ... say the same.
set -euo pipefail
cd "$(dirname "$0")/.."
part=${1:?usage: scripts/test-part.sh c|asan|js|browser|apps|parity [filter]}
filter=${2:-}
case $part in
  c)
    bash scripts/build.sh native
    ctest --test-dir build/native --output-on-failure ${filter:+-R "$filter"} ;;
  asan)
    bash scripts/build.sh asan
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/native-asan --output-on-failure ${filter:+-R "$filter"} ;;
  js|browser|apps)
    bash scripts/build.sh
    concurrency=()
    [ "$part" = js ] || concurrency=(--test-concurrency=1)
    node --test --test-reporter=spec "${concurrency[@]}" ${filter:+--test-name-pattern="$filter"} "tests/$part/" ;;
  parity)
    bash scripts/build.sh
    node tests/parity/run.mjs "${@:2}" ;;
  *)
    echo "test-part: unknown part '$part' (c, asan, js, browser, apps, parity)" >&2
    exit 2 ;;
esac
