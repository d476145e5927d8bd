/*
 * Force-included before the grammars' external scanners (every build).
 *
 * The scanners test characters with iswspace, which the C libraries answer
 * differently: glibc (the native builds, in the C locale) knows only the ASCII
 * spaces, musl (the wasm builds) also the Unicode ones, so a U+2028 or U+3000
 * in a JavaScript file gave a different tree natively than in wasm. Here every
 * build answers the same: musl's set, which is Unicode's White_Space minus the
 * no-break spaces (U+00A0, U+2007, U+202F) and U+1680. It is also faster than
 * musl's, which compares the character with each of its 21 spaces in turn.
 */
#ifndef CODE_SCANNER_FAST_H
#define CODE_SCANNER_FAST_H

#include <wctype.h>

static inline int code_iswspace(wint_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || (c >= 0x2000 && c <= 0x200a && c != 0x2007) || c == 0x2028 || c == 0x2029 ||
         c == 0x205f || c == 0x3000;
}
#define iswspace(c) code_iswspace(c)

#endif
