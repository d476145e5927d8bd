/*
 * SIMD scan kernels, written once against the portable layer (simd.h). Each
 * loop looks at 16 bytes at a time and finishes the last partial block with
 * the scalar tables, so results are identical to scan_scalar.c.
 */
#include "scan_tables.h"
#include "wasmod/scan.h"
#include "wasmod/simd.h"

#if WM_SIMD

/* Index of the lowest set bit of a non-zero mask. */
static inline size_t first_bit(uint32_t mask) { return (size_t)__builtin_ctz(mask); }

static size_t simd_skip_ws(const uint8_t *p, size_t i, size_t n) {
  /* Short runs (one space after ':') are the norm: try the scalar test first. */
  if (i < n && !wm_is_json_ws[p[i]]) return i;
  const wm_v8 sp = wm_v8_splat(' '), tab = wm_v8_splat('\t'), lf = wm_v8_splat('\n'),
              cr = wm_v8_splat('\r');
  for (; n - i >= 16; i += 16) {
    wm_v8 v = wm_v8_load(p + i);
    wm_v8 ws = wm_v8_or(wm_v8_or(wm_v8_eq(v, sp), wm_v8_eq(v, tab)),
                        wm_v8_or(wm_v8_eq(v, lf), wm_v8_eq(v, cr)));
    uint32_t other = ~wm_v8_mask(ws) & 0xffff;
    if (other) return i + first_bit(other);
  }
  while (i < n && wm_is_json_ws[p[i]]) i++;
  return i;
}

static size_t simd_string_run(const uint8_t *p, size_t i, size_t n) {
  const wm_v8 quote = wm_v8_splat('"'), backslash = wm_v8_splat('\\'), space = wm_v8_splat(0x20),
              high = wm_v8_splat(0x7f);
  for (; n - i >= 16; i += 16) {
    wm_v8 v = wm_v8_load(p + i);
    wm_v8 hit = wm_v8_or(wm_v8_or(wm_v8_eq(v, quote), wm_v8_eq(v, backslash)),
                         wm_v8_or(wm_v8_lt(v, space), wm_v8_lt(high, v)));
    if (wm_v8_any(hit)) return i + first_bit(wm_v8_mask(hit));
  }
  while (i < n && !wm_ends_string_run[p[i]]) i++;
  return i;
}

static size_t simd_ascii_run(const uint8_t *p, size_t i, size_t n) {
  for (; n - i >= 64; i += 64) {
    wm_v8 any = wm_v8_or(wm_v8_or(wm_v8_load(p + i), wm_v8_load(p + i + 16)),
                         wm_v8_or(wm_v8_load(p + i + 32), wm_v8_load(p + i + 48)));
    if (wm_v8_mask(any)) break;
  }
  for (; n - i >= 16; i += 16) {
    uint32_t mask = wm_v8_mask(wm_v8_load(p + i));
    if (mask) return i + first_bit(mask);
  }
  while (i < n && p[i] < 0x80) i++;
  return i;
}

static size_t simd_find_byte(const uint8_t *p, size_t i, size_t n, uint8_t c) {
  const wm_v8 needle = wm_v8_splat(c);
  for (; n - i >= 16; i += 16) {
    wm_v8 hit = wm_v8_eq(wm_v8_load(p + i), needle);
    if (wm_v8_any(hit)) return i + first_bit(wm_v8_mask(hit));
  }
  while (i < n && p[i] != c) i++;
  return i;
}

static const wm_scan simd_kernels = {
    WM_SIMD_NAME, simd_skip_ws, simd_string_run, simd_ascii_run, simd_find_byte,
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
