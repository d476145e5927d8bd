#!/usr/bin/env bash
# Every test: builds what is missing, then the C tests natively (with
# valgrind on the CLI) and under ASan + UBSan (ctest, fuzz targets), the
# parity subset with the sanitized CLI, the installation test, the TypeScript
# declarations (tsc), the JS tests (node --test; the quick parity subset is
# one), the web demo in headless Chromium, and web apps built by five bundlers
# from the packed package, in headless Chromium. Each runner prints its own
# summary; the first failure stops.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/build.sh all

echo "== C tests (native)"
ctest --test-dir build/native --output-on-failure
echo "== C tests (ASan + UBSan)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build/native-asan --output-on-failure

echo "== Parity subset under ASan + UBSan (the sanitized CLI against wasm)"
node tests/parity/run.mjs --quick --quiet --engines native-asan,native-asan-scalar,wasm-simd,wasm-scalar

echo "== Installation test (cmake --install, pkg-config, find_package)"
bash tests/install/run.sh

echo "== TypeScript declarations"
npx --no-install tsc -p tests/types

echo "== JS tests"
node --test --test-reporter=spec tests/js/

echo "== Browser tests (web demo in headless Chromium)"
node --test --test-reporter=spec --test-concurrency=1 tests/browser/

echo "== Web apps (the packed package in Vite, webpack, Rollup, esbuild and plain ESM apps, in headless Chromium)"
node --test --test-reporter=spec --test-concurrency=1 tests/apps/
