#!/usr/bin/env bash
# The main job: install what is missing, build what is out of date, then
# validate a file of the shared JSON corpus with the wasm module and print the result.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
bash scripts/build.sh
node scripts/validate-file.mjs "${1:-../shared/corpus/json/bench/twitter.json}"
