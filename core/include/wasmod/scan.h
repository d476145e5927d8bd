/*
 * Scan kernels: the hot loops of text processing, each in a SIMD and a scalar
 * implementation with identical results. A caller picks a table once per call
 * (wm_scan_kernels) and calls through it; a build without SIMD only has the
 * scalar table. Both tables are made from the inline kernels of scan_inline.h,
 * which a hot loop can also inline directly. Every kernel takes the buffer `p` of length `n` and a start
 * index `i` <= n, and returns an index in [i, n] (n when nothing was found).
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 *
 * Errors: none; nothing here allocates or fails.
 */
#ifndef WASMOD_SCAN_H
#define WASMOD_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wm_scan {
  const char *name; /* "wasm-simd128", "sse2", "neon" or "scalar" */

  /* First index not holding JSON whitespace (space, \t, \n, \r). */
  size_t (*skip_ws)(const uint8_t *p, size_t i, size_t n);

  /* First index holding '"', '\\', a control byte (< 0x20) or a non-ASCII
     byte (>= 0x80): the end of a plain run inside a string literal. */
  size_t (*string_run)(const uint8_t *p, size_t i, size_t n);

  /* First index holding a non-ASCII byte (>= 0x80). */
  size_t (*ascii_run)(const uint8_t *p, size_t i, size_t n);

  /* First index holding byte `c`. */
  size_t (*find_byte)(const uint8_t *p, size_t i, size_t n, uint8_t c);

  /* First index not holding an ASCII digit ('0'..'9'). */
  size_t (*digit_run)(const uint8_t *p, size_t i, size_t n);
} wm_scan;

/* The scalar kernels: always present. */
WM_API const wm_scan *wm_scan_scalar(void);

/* The SIMD kernels of this build, or the scalar ones when it has none or when
   `force_scalar` is set (tests use that to pin the plain path). */
WM_API const wm_scan *wm_scan_kernels(bool force_scalar);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_SCAN_H */
