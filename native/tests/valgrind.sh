#!/bin/sh
# Runs wasmod-native under valgrind on a sample of the shared corpora, every
# op of every module the CLI lists, and fails on any leak or memory error.
# (valgrind's own error exit status is 99: the CLI uses 1 for invalid input.)
# Usage: valgrind.sh <wasmod-native> <shared dir>
set -eu
cli=$1
shared=$2
code_corpus=${WASMOD_CODE_CORPUS:-/tmp/code-corpus}
json_sample="$(ls "$shared"/corpus/json/conformance/*.json | awk 'NR % 8 == 1') $shared/corpus/json/bench/twitter.json"
"$cli" --help | awk '/^modules and ops:/ { on = 1; next } on && NF' | while read -r module ops; do
  case $module in
    json) files=$json_sample ;;
    code-*)
      # Three small files of the language from the code corpus (fetch-corpus.sh), when it is there.
      case ${module#code-} in
        javascript) pattern='*.js' ;; typescript) pattern='*.ts' ;; tsx) pattern='*.tsx' ;;
        python) pattern='*.py' ;; c) pattern='*.c' ;; *) pattern=none ;;
      esac
      files=$(find "$code_corpus" -name "$pattern" -size -16k 2>/dev/null | sort | head -3 | tr '\n' ' ')
      if [ -z "$files" ]; then
        echo "valgrind: $module: no files in $code_corpus, skipped"
        continue
      fi ;;
    *) echo "valgrind: no sample for module $module, skipped"; continue ;;
  esac
  for op in $ops; do
    options=''
    case $module/$op in code-*/query) options='{"query":"(comment) @comment"}' ;; esac
    status=0
    # shellcheck disable=SC2086 # the sample is a list of paths without spaces
    valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all --error-exitcode=99 \
      "$cli" "$module" "$op" --options "$options" $files >/dev/null 2>"${TMPDIR:-/tmp}/wasmod-valgrind.$$" || status=$?
    if [ "$status" -gt 1 ]; then
      cat "${TMPDIR:-/tmp}/wasmod-valgrind.$$" >&2
      rm -f "${TMPDIR:-/tmp}/wasmod-valgrind.$$"
      echo "valgrind: $module $op: exit status $status" >&2
      exit 1
    fi
    echo "valgrind: $module $op: $(echo $files | wc -w) files, no leak, no error"
  done
done
rm -f "${TMPDIR:-/tmp}/wasmod-valgrind.$$"
