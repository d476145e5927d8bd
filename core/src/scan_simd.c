/*
 * The SIMD scan kernels: the SIMD forms of scan_inline.h's kernels (16 bytes
 * a step through the portable layer of simd.h, the last partial block done
 * as the scalar form does it), so results are identical to scan_scalar.c.
 */
#include "wasmod/scan.h"
#include "wasmod/scan_inline.h"

#if WM_SIMD

static size_t simd_skip_ws(const uint8_t *p, size_t i, size_t n) { return wm_skip_ws_k(p, i, n, true); }

static size_t simd_string_run(const uint8_t *p, size_t i, size_t n) { return wm_string_run_k(p, i, n, true); }

static size_t simd_ascii_run(const uint8_t *p, size_t i, size_t n) { return wm_ascii_run_k(p, i, n, true); }

static size_t simd_find_byte(const uint8_t *p, size_t i, size_t n, uint8_t c) {
  const wm_v8 needle = wm_v8_splat(c);
  for (; n - i >= 16; i += 16) {
    uint32_t hit = wm_v8_mask(wm_v8_eq(wm_v8_load(p + i), needle));
    if (hit) return i + wm_first_bit(hit);
  }
  while (i < n && p[i] != c) i++;
  return i;
}

static size_t simd_digit_run(const uint8_t *p, size_t i, size_t n) { return wm_digit_run_k(p, i, n, true); }

static const wm_scan simd_kernels = {
    WM_SIMD_NAME, simd_skip_ws, simd_string_run, simd_ascii_run, simd_find_byte, simd_digit_run,
};

const wm_scan *wm_scan_kernels(bool force_scalar) {
  return force_scalar ? wm_scan_scalar() : &simd_kernels;
}

#else

const wm_scan *wm_scan_kernels(bool force_scalar) {
  (void)force_scalar;
  return wm_scan_scalar();
}

#endif
