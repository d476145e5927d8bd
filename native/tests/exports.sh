#!/bin/sh
# Checks that a libwasmod.so exports exactly the names of the version script
# libwasmod.map: nothing beyond it (a builder-internal symbol, a symbol of
# tree-sitter), and nothing of it missing (a stale list).
# Usage: native/tests/exports.sh LIBWASMOD_SO LIBWASMOD_MAP
set -eu
lib=$1 map=$2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/wasmod-exports.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The names of the global: section, without comments.
sed -e 's|/\*.*\*/||g' "$map" | awk '/global:/ { on = 1; next } /local:/ { on = 0 } on' |
  tr -d ' \t' | tr ';' '\n' | grep . | sort -u >"$tmp/public"
nm -D --defined-only "$lib" | awk '{ print $3 }' | sed 's/@.*//' | sort -u >"$tmp/exported"
status=0
extra=$(comm -13 "$tmp/public" "$tmp/exported")
if [ -n "$extra" ]; then
  echo "exports: $lib exports symbols outside the public API ($map):" >&2
  echo "$extra" >&2
  status=1
fi
missing=$(comm -23 "$tmp/public" "$tmp/exported")
if [ -n "$missing" ]; then
  echo "exports: $lib does not export these names of $map:" >&2
  echo "$missing" >&2
  status=1
fi
[ "$status" = 0 ] && echo "exports: $(wc -l <"$tmp/public") public symbols, nothing else"
exit "$status"
