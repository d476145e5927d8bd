/*
 * The scan kernels themselves, as inline functions: the one definition of
 * each, in a SIMD form (16 bytes a step through simd.h) and a scalar form
 * (eight bytes a step in a 64-bit word), chosen by the `simd` argument. A
 * constant `simd` folds the choice away, so a hot loop can inline the form it
 * wants (modules/json/json_fast.c does); scan_simd.c and scan_scalar.c make
 * the wm_scan tables of scan.h from the same functions. Both forms return the
 * same index for every input (tests/fuzz/fuzz_json_kernels.c holds them to it).
 *
 * Each takes the buffer p of length n and a start index i <= n and returns an
 * index in [i, n] (n when nothing was found).
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 * Nothing here fails.
 */
#ifndef WASMOD_SCAN_INLINE_H
#define WASMOD_SCAN_INLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wasmod/simd.h"

#define WM_SCAN_INLINE static inline __attribute__((always_inline))

#define WM_ONES8 0x0101010101010101ull
#define WM_HIGHS8 0x8080808080808080ull

WM_SCAN_INLINE uint64_t wm_load64(const uint8_t *p) {
  uint64_t x;
  memcpy(&x, p, 8);
  return x;
}

WM_SCAN_INLINE uint32_t wm_load32(const uint8_t *p) {
  uint32_t x;
  memcpy(&x, p, 4);
  return x;
}

/* Index of the lowest set bit of a non-zero mask. */
WM_SCAN_INLINE size_t wm_first_bit(uint32_t mask) { return (size_t)__builtin_ctz(mask); }

/* ' ', '\t', '\n' or '\r': bits 0x20, 0x09, 0x0a and 0x0d of one word. */
WM_SCAN_INLINE bool wm_is_ws_byte(uint8_t c) { return c <= ' ' && ((0x100002600ull >> c) & 1); }

WM_SCAN_INLINE bool wm_is_digit_byte(uint8_t c) { return (uint8_t)(c - '0') < 10; }

#if WM_SIMD
/* Lanes 0xff where the byte is JSON whitespace. */
WM_SCAN_INLINE wm_v8 wm_v8_json_ws(wm_v8 v) {
  return wm_v8_or(wm_v8_or(wm_v8_eq(v, wm_v8_splat(' ')), wm_v8_eq(v, wm_v8_splat('\t'))),
                  wm_v8_or(wm_v8_eq(v, wm_v8_splat('\n')), wm_v8_eq(v, wm_v8_splat('\r'))));
}
#endif

/*
 * First index not holding JSON whitespace. Most tokens follow their separator
 * directly or after one space (", ", ": "), so the first two bytes are tested
 * alone; a longer run (a newline and indentation) is then classified 16 bytes
 * at a time: a vector step costs more than a byte test, and pays only on runs.
 */
WM_SCAN_INLINE size_t wm_skip_ws_k(const uint8_t *p, size_t i, size_t n, bool simd) {
  if (i >= n || !wm_is_ws_byte(p[i])) return i;
  if (++i >= n || !wm_is_ws_byte(p[i])) return i;
  i++;
#if WM_SIMD
  if (simd) {
    for (; n - i >= 16; i += 16) {
      uint32_t other = ~wm_v8_mask(wm_v8_json_ws(wm_v8_load(p + i))) & 0xffff;
      if (other) return i + wm_first_bit(other);
    }
  }
#else
  (void)simd;
#endif
  while (n - i >= 8 && wm_load64(p + i) == WM_ONES8 * ' ') i += 8; /* indentation: eight spaces a step */
  while (i < n && wm_is_ws_byte(p[i])) i++;
  return i;
}

/* Eight bytes at a time: the top bit of each byte that is '"', '\\', < 0x20 or >= 0x80 (and
   perhaps of bytes above such a one: borrows only run upwards, so the lowest flag is exact). */
WM_SCAN_INLINE uint64_t wm_string_stops64(uint64_t x) {
  uint64_t q = x ^ (WM_ONES8 * '"'), b = x ^ (WM_ONES8 * '\\');
  return (((q - WM_ONES8) & ~q) | ((b - WM_ONES8) & ~b) | ((x - WM_ONES8 * 0x20) & ~x) | x) & WM_HIGHS8;
}

WM_SCAN_INLINE bool wm_ends_string_run_byte(uint8_t c) { return c == '"' || c == '\\' || c < 0x20 || c >= 0x80; }

/* First index holding '"', '\\', a control byte (< 0x20) or a non-ASCII byte (>= 0x80). */
WM_SCAN_INLINE size_t wm_string_run_k(const uint8_t *p, size_t i, size_t n, bool simd) {
#if WM_SIMD
  if (simd) {
    const wm_v8 quote = wm_v8_splat('"'), backslash = wm_v8_splat('\\'), space = wm_v8_splat(0x20);
    for (; n - i >= 16; i += 16) {
      wm_v8 v = wm_v8_load(p + i);
      /* signed: bytes >= 0x80 are negative, so one compare finds them and the control bytes */
      wm_v8 hit = wm_v8_or(wm_v8_or(wm_v8_eq(v, quote), wm_v8_eq(v, backslash)), wm_v8_lt_signed(v, space));
      uint32_t mask = wm_v8_mask(hit);
      if (mask) return i + wm_first_bit(mask);
    }
  }
#else
  (void)simd;
#endif
  for (; n - i >= 8; i += 8) {
    uint64_t stops = wm_string_stops64(wm_load64(p + i));
    if (stops) return i + (size_t)(__builtin_ctzll(stops) >> 3);
  }
  while (i < n && !wm_ends_string_run_byte(p[i])) i++;
  return i;
}

#if WM_SIMD
/* Bit k set where p[k] is not an ASCII digit, for k in [0, 32): two vectors read. One mask
   gives every digit run of a number at once (signed compares: bytes >= 0x80 are below '0'). */
WM_SCAN_INLINE uint32_t wm_nondigit_mask32(const uint8_t *p) {
  const wm_v8 zero = wm_v8_splat('0'), nine = wm_v8_splat('9');
  wm_v8 a = wm_v8_load(p), b = wm_v8_load(p + 16);
  uint32_t lo = wm_v8_mask(wm_v8_or(wm_v8_lt_signed(a, zero), wm_v8_lt_signed(nine, a)));
  uint32_t hi = wm_v8_mask(wm_v8_or(wm_v8_lt_signed(b, zero), wm_v8_lt_signed(nine, b)));
  return lo | hi << 16;
}
#endif

/* First index not holding an ASCII digit. Runs of one digit are common (integer parts):
   the first two bytes are tested alone. */
WM_SCAN_INLINE size_t wm_digit_run_k(const uint8_t *p, size_t i, size_t n, bool simd) {
  if (i >= n || !wm_is_digit_byte(p[i])) return i;
  if (++i >= n || !wm_is_digit_byte(p[i])) return i;
#if WM_SIMD
  if (simd) {
    const wm_v8 zero = wm_v8_splat('0'), nine = wm_v8_splat('9');
    for (; n - i >= 16; i += 16) {
      wm_v8 v = wm_v8_load(p + i);
      /* signed again: bytes >= 0x80 are below '0' */
      uint32_t other = wm_v8_mask(wm_v8_or(wm_v8_lt_signed(v, zero), wm_v8_lt_signed(nine, v)));
      if (other) return i + wm_first_bit(other);
    }
  }
#else
  (void)simd;
#endif
  while (n - i >= 8) {
    uint64_t x = wm_load64(p + i);
    /* a digit is 0x30..0x39: high nibble 3, and adding 6 does not carry out of the low nibble */
    if ((x & (WM_ONES8 * 0xf0)) != WM_ONES8 * 0x30 || ((x + WM_ONES8 * 0x06) & (WM_ONES8 * 0xf0)) != WM_ONES8 * 0x30)
      break;
    i += 8;
  }
  while (i < n && wm_is_digit_byte(p[i])) i++;
  return i;
}

/* First index holding a non-ASCII byte (>= 0x80). */
WM_SCAN_INLINE size_t wm_ascii_run_k(const uint8_t *p, size_t i, size_t n, bool simd) {
#if WM_SIMD
  if (simd) {
    for (; n - i >= 64; i += 64) {
      wm_v8 any = wm_v8_or(wm_v8_or(wm_v8_load(p + i), wm_v8_load(p + i + 16)),
                           wm_v8_or(wm_v8_load(p + i + 32), wm_v8_load(p + i + 48)));
      if (wm_v8_mask(any)) break;
    }
    for (; n - i >= 16; i += 16) {
      uint32_t mask = wm_v8_mask(wm_v8_load(p + i));
      if (mask) return i + wm_first_bit(mask);
    }
  }
#else
  (void)simd;
#endif
  for (; n - i >= 8; i += 8) {
    uint64_t high = wm_load64(p + i) & WM_HIGHS8;
    if (high) return i + (size_t)(__builtin_ctzll(high) >> 3);
  }
  while (i < n && p[i] < 0x80) i++;
  return i;
}

/*
 * The index after the run of well-formed multi-byte UTF-8 sequences at p[i]
 * (strict: no overlong forms, no surrogates, nothing above U+10FFFF): i itself
 * when p[i] does not start one. The run ends at an ASCII byte, at the end, or
 * at the first byte that does not start a valid sequence.
 */
WM_SCAN_INLINE size_t wm_utf8_run_k(const uint8_t *p, size_t i, size_t n) {
  while (i < n) {
    uint8_t b0 = p[i];
    if (b0 < 0xc2 || b0 > 0xf4) return i; /* ASCII, a continuation, 0xc0/0xc1 (overlong) or 0xf5.. */
    if (b0 < 0xe0) {
      if (n - i < 2 || (p[i + 1] & 0xc0) != 0x80) return i;
      i += 2;
      continue;
    }
    /* The second byte's range depends on the first (RFC 3629's table). */
    uint8_t lo = 0x80, hi = 0xbf, b1;
    if (b0 == 0xe0) lo = 0xa0;
    else if (b0 == 0xed) hi = 0x9f;
    else if (b0 == 0xf0) lo = 0x90;
    else if (b0 == 0xf4) hi = 0x8f;
    if (b0 < 0xf0) {
      if (n - i < 3 || (b1 = p[i + 1]) < lo || b1 > hi || (p[i + 2] & 0xc0) != 0x80) return i;
      i += 3;
    } else {
      if (n - i < 4 || (b1 = p[i + 1]) < lo || b1 > hi || (p[i + 2] & 0xc0) != 0x80 || (p[i + 3] & 0xc0) != 0x80)
        return i;
      i += 4;
    }
  }
  return i;
}

#endif /* WASMOD_SCAN_INLINE_H */
