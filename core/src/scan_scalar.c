/* Scalar scan kernels: the reference every SIMD kernel must agree with. */
#include "scan_tables.h"
#include "wasmod/scan.h"

static size_t scalar_skip_ws(const uint8_t *p, size_t i, size_t n) {
  while (i < n && wm_is_json_ws[p[i]]) i++;
  return i;
}

static size_t scalar_string_run(const uint8_t *p, size_t i, size_t n) {
  while (i < n && !wm_ends_string_run[p[i]]) i++;
  return i;
}

static size_t scalar_ascii_run(const uint8_t *p, size_t i, size_t n) {
  /* Eight bytes at a time: any top bit set means a non-ASCII byte is in the word. */
  while (n - i >= 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    if (w & 0x8080808080808080ull) break;
    i += 8;
  }
  while (i < n && p[i] < 0x80) i++;
  return i;
}

static size_t scalar_find_byte(const uint8_t *p, size_t i, size_t n, uint8_t c) {
  const void *hit = i < n ? memchr(p + i, c, n - i) : NULL;
  return hit ? (size_t)((const uint8_t *)hit - p) : n;
}

static const wm_scan scalar_kernels = {
    "scalar", scalar_skip_ws, scalar_string_run, scalar_ascii_run, scalar_find_byte,
};

const wm_scan *wm_scan_scalar(void) { return &scalar_kernels; }
