/*
 * Force-included before the grammars' external scanners (every build).
 *
 * The scanners test characters with iswspace, which in the wasm C library
 * compares the character with each of its ~20 spaces in turn: the JavaScript
 * scanner alone spent 1.3% of an analyze there. ASCII is answered inline; any
 * other character is still the C library's to judge, so nothing changes.
 */
#ifndef CODE_SCANNER_FAST_H
#define CODE_SCANNER_FAST_H

#include <wctype.h>

static inline int code_iswspace(wint_t c) {
  return c < 0x80 ? c == ' ' || (c >= '\t' && c <= '\r') : iswspace(c);
}
#define iswspace(c) code_iswspace(c)

#endif
