/* The scalar scan kernels: the reference every SIMD kernel must agree with. */
#include "wasmod/scan.h"
#include "wasmod/scan_inline.h"

static size_t scalar_skip_ws(const uint8_t *p, size_t i, size_t n) { return wm_skip_ws_k(p, i, n, false); }

static size_t scalar_string_run(const uint8_t *p, size_t i, size_t n) { return wm_string_run_k(p, i, n, false); }

static size_t scalar_ascii_run(const uint8_t *p, size_t i, size_t n) { return wm_ascii_run_k(p, i, n, false); }

static size_t scalar_find_byte(const uint8_t *p, size_t i, size_t n, uint8_t c) {
  const void *hit = i < n ? memchr(p + i, c, n - i) : NULL;
  return hit ? (size_t)((const uint8_t *)hit - p) : n;
}

static size_t scalar_digit_run(const uint8_t *p, size_t i, size_t n) { return wm_digit_run_k(p, i, n, false); }

static const wm_scan scalar_kernels = {
    "scalar", scalar_skip_ws, scalar_string_run, scalar_ascii_run, scalar_find_byte, scalar_digit_run,
};

const wm_scan *wm_scan_scalar(void) { return &scalar_kernels; }
