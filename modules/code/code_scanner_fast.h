/*
 * Force-included before the grammars' external scanners (every build).
 *
 * The scanners classify characters with iswspace and iswalpha, which the C
 * libraries answer differently beyond ASCII: glibc (the native builds, in the
 * C locale) knows only ASCII, musl (the wasm builds) knows Unicode. So a
 * U+3000 between two statements, or `inä` at the start of a line, gave a
 * different tree natively than in wasm. Here every build answers the same.
 *
 * - iswspace: musl's set, Unicode's White_Space minus the no-break spaces
 *   (U+00A0, U+2007, U+202F) and U+1680; wasm output is unchanged. It is also
 *   faster than musl's, which compares the character with each space in turn.
 * - iswalpha: ASCII letters, and every other non-ASCII character that is not
 *   a space. The scanners ask it whether an identifier goes on (after `in` and
 *   `instanceof`, to decide on an automatic semicolon); outside strings and
 *   comments, where scanners do not look, such a character can only be part
 *   of an identifier.
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

static inline int code_iswalpha(wint_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return c <= 0x10ffff && !code_iswspace(c);
}
#define iswalpha(c) code_iswalpha(c)

#endif
