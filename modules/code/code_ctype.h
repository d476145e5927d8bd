/*
 * Force-included before tree-sitter's lib.c and the grammars' external
 * scanners, in every build: the same character classes everywhere.
 *
 * The scanners and the query parser classify characters with iswspace,
 * iswalpha and iswalnum, which the C libraries answer differently beyond
 * ASCII: glibc (the native builds, in the C locale) knows only ASCII, musl
 * (the wasm builds) knows Unicode. So a U+3000 between two statements, `inä`
 * at the start of a line, or a capture named @naïve gave a different answer
 * natively than in wasm. Here:
 *
 * - a space is one of musl's: Unicode's White_Space minus the no-break spaces
 *   (U+00A0, U+2007, U+202F) and U+1680 (the wasm answers are unchanged, and
 *   faster than musl's, which compares the character with each space in turn);
 * - a letter is an ASCII letter or any other non-ASCII character that is not
 *   a space: the callers ask whether an identifier (or a query's name) goes
 *   on, and where they look, such a character can only be part of one.
 */
#ifndef CODE_CTYPE_H
#define CODE_CTYPE_H

#include <wctype.h>

static inline int code_iswspace(wint_t c) {
  if (c < 0x80) return c == ' ' || (c >= '\t' && c <= '\r');
  return c == 0x85 || (c >= 0x2000 && c <= 0x200a && c != 0x2007) || c == 0x2028 || c == 0x2029 ||
         c == 0x205f || c == 0x3000;
}

static inline int code_iswalpha(wint_t c) {
  if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
  return c <= 0x10ffff && !code_iswspace(c);
}

static inline int code_iswalnum(wint_t c) {
  return (c >= '0' && c <= '9') || code_iswalpha(c);
}

#define iswspace(c) code_iswspace(c)
#define iswalpha(c) code_iswalpha(c)
#define iswalnum(c) code_iswalnum(c)

#endif
