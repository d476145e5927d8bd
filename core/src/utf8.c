#include "wasmod/utf8.h"

size_t wm_utf8_decode(const uint8_t *p, size_t i, size_t n, uint32_t *cp) {
  uint8_t b0 = p[i];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  size_t len;
  uint32_t min, c;
  if (b0 >= 0xc2 && b0 <= 0xdf) {
    len = 2, min = 0x80, c = b0 & 0x1f;
  } else if (b0 >= 0xe0 && b0 <= 0xef) {
    len = 3, min = 0x800, c = b0 & 0x0f;
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    len = 4, min = 0x10000, c = b0 & 0x07;
  } else {
    return 0; /* continuation byte, 0xc0/0xc1 (always overlong) or 0xf5.. */
  }
  if (n - i < len) return 0;
  for (size_t k = 1; k < len; k++) {
    if (!wm_utf8_is_continuation(p[i + k])) return 0;
    c = (c << 6) | (p[i + k] & 0x3f);
  }
  if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) return 0;
  *cp = c;
  return len;
}

size_t wm_utf8_validate(const wm_scan *scan, const uint8_t *p, size_t n) {
  size_t i = 0;
  for (;;) {
    i = scan->ascii_run(p, i, n);
    if (i == n) return n;
    uint32_t cp;
    size_t len = wm_utf8_decode(p, i, n, &cp);
    if (!len) return i;
    i += len;
  }
}

size_t wm_utf8_encode(uint32_t cp, uint8_t out[4]) {
  if (cp < 0x80) {
    out[0] = (uint8_t)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (uint8_t)(0xc0 | (cp >> 6));
    out[1] = (uint8_t)(0x80 | (cp & 0x3f));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (uint8_t)(0xe0 | (cp >> 12));
    out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (uint8_t)(0x80 | (cp & 0x3f));
    return 3;
  }
  out[0] = (uint8_t)(0xf0 | (cp >> 18));
  out[1] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
  out[2] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
  out[3] = (uint8_t)(0x80 | (cp & 0x3f));
  return 4;
}
