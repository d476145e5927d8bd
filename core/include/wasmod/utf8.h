/*
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates (U+D800..U+DFFF),
 * nothing above U+10FFFF.
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 *
 * Errors: none; invalid text is an answer (a length of 0, the offset of the
 * first bad byte), and nothing here allocates.
 */
#ifndef WASMOD_UTF8_H
#define WASMOD_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "wasmod/export.h"
#include "wasmod/scan.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Decodes the sequence starting at p[i] (i < n). Returns its length (1..4) and
 * stores the code point in *cp, or returns 0 when the bytes there are not a
 * valid sequence.
 */
WM_API size_t wm_utf8_decode(const uint8_t *p, size_t i, size_t n, uint32_t *cp);

/*
 * Returns the offset of the first byte of the first invalid sequence in p[0..n),
 * or n when all of it is valid. ASCII runs go through the scan kernels.
 */
WM_API size_t wm_utf8_validate(const wm_scan *scan, const uint8_t *p, size_t n);

/* Writes the UTF-8 form of cp (<= U+10FFFF) to out; returns its length. */
WM_API size_t wm_utf8_encode(uint32_t cp, uint8_t out[4]);

/* True for a UTF-8 continuation byte (10xxxxxx): it does not start a code point. */
static inline int wm_utf8_is_continuation(uint8_t b) { return (b & 0xc0) == 0x80; }

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_UTF8_H */
