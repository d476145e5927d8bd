/*
 * The portable SIMD layer: one 16-byte vector type and the handful of
 * operations the scanners need, defined once per instruction set (wasm
 * simd128, SSE2, NEON). Code written against it compiles to each of them.
 *
 * WM_SIMD is 1 when a vector instruction set is available in this build and
 * 0 otherwise (the wasm-scalar variant, or -DWM_NO_SIMD); with WM_SIMD == 0
 * none of the wm_v8_* functions exist and callers use their scalar paths.
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 * Nothing here fails.
 */
#ifndef WASMOD_SIMD_H
#define WASMOD_SIMD_H

#include <stdint.h>

#if defined(WM_NO_SIMD)
#define WM_SIMD 0
#elif defined(__wasm_simd128__)
#define WM_SIMD 1
#define WM_SIMD_NAME "wasm-simd128"
#include <wasm_simd128.h>
typedef v128_t wm_v8;
#elif defined(__SSE2__)
#define WM_SIMD 1
#define WM_SIMD_NAME "sse2"
#include <emmintrin.h>
typedef __m128i wm_v8;
#elif defined(__ARM_NEON)
#define WM_SIMD 1
#define WM_SIMD_NAME "neon"
#include <arm_neon.h>
typedef uint8x16_t wm_v8;
#else
#define WM_SIMD 0
#endif

#if !WM_SIMD
#define WM_SIMD_NAME "scalar"
#endif

#if WM_SIMD

#define WM_V8_INLINE static inline __attribute__((always_inline))

/* Loads 16 bytes from any address. */
WM_V8_INLINE wm_v8 wm_v8_load(const uint8_t *p) {
#if defined(__wasm_simd128__)
  return wasm_v128_load(p);
#elif defined(__SSE2__)
  return _mm_loadu_si128((const __m128i *)(const void *)p);
#else
  return vld1q_u8(p);
#endif
}

/* Stores 16 bytes to any address. */
WM_V8_INLINE void wm_v8_store(uint8_t *p, wm_v8 v) {
#if defined(__wasm_simd128__)
  wasm_v128_store(p, v);
#elif defined(__SSE2__)
  _mm_storeu_si128((__m128i *)(void *)p, v);
#else
  vst1q_u8(p, v);
#endif
}

/* All 16 lanes set to `b`. */
WM_V8_INLINE wm_v8 wm_v8_splat(uint8_t b) {
#if defined(__wasm_simd128__)
  return wasm_i8x16_splat((int8_t)b);
#elif defined(__SSE2__)
  return _mm_set1_epi8((char)b);
#else
  return vdupq_n_u8(b);
#endif
}

/* Lane-wise a == b: 0xff where equal, 0 elsewhere. */
WM_V8_INLINE wm_v8 wm_v8_eq(wm_v8 a, wm_v8 b) {
#if defined(__wasm_simd128__)
  return wasm_i8x16_eq(a, b);
#elif defined(__SSE2__)
  return _mm_cmpeq_epi8(a, b);
#else
  return vceqq_u8(a, b);
#endif
}

/* Lane-wise unsigned a < b. */
WM_V8_INLINE wm_v8 wm_v8_lt(wm_v8 a, wm_v8 b) {
#if defined(__wasm_simd128__)
  return wasm_u8x16_lt(a, b);
#elif defined(__SSE2__)
  /* a < b  <=>  max(a, b) != a  <=>  not (max(a, b) == a) */
  return _mm_andnot_si128(_mm_cmpeq_epi8(_mm_max_epu8(a, b), a), _mm_set1_epi8(-1));
#else
  return vcltq_u8(a, b);
#endif
}

/* Lane-wise signed a < b (bytes as int8_t): with b = 0x20, true for control bytes and
   for every byte >= 0x80 at once. */
WM_V8_INLINE wm_v8 wm_v8_lt_signed(wm_v8 a, wm_v8 b) {
#if defined(__wasm_simd128__)
  return wasm_i8x16_lt(a, b);
#elif defined(__SSE2__)
  return _mm_cmplt_epi8(a, b);
#else
  return vcltq_s8(vreinterpretq_s8_u8(a), vreinterpretq_s8_u8(b));
#endif
}

WM_V8_INLINE wm_v8 wm_v8_or(wm_v8 a, wm_v8 b) {
#if defined(__wasm_simd128__)
  return wasm_v128_or(a, b);
#elif defined(__SSE2__)
  return _mm_or_si128(a, b);
#else
  return vorrq_u8(a, b);
#endif
}

WM_V8_INLINE wm_v8 wm_v8_and(wm_v8 a, wm_v8 b) {
#if defined(__wasm_simd128__)
  return wasm_v128_and(a, b);
#elif defined(__SSE2__)
  return _mm_and_si128(a, b);
#else
  return vandq_u8(a, b);
#endif
}

/* One bit per lane (bit i = top bit of lane i), as a 16-bit mask. */
WM_V8_INLINE uint32_t wm_v8_mask(wm_v8 v) {
#if defined(__wasm_simd128__)
  return (uint32_t)wasm_i8x16_bitmask(v);
#elif defined(__SSE2__)
  return (uint32_t)_mm_movemask_epi8(v);
#else
  /* NEON has no movemask: weight each lane's top bit and add pairwise. */
  static const uint8_t weights[16] = {1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128};
  uint8x16_t w = vmulq_u8(vshrq_n_u8(v, 7), vld1q_u8(weights));
  return (uint32_t)vaddv_u8(vget_low_u8(w)) | ((uint32_t)vaddv_u8(vget_high_u8(w)) << 8);
#endif
}

/* For a comparison result (lanes 0 or 0xff): true when any lane is set. */
WM_V8_INLINE int wm_v8_any(wm_v8 v) {
#if defined(__wasm_simd128__)
  return wasm_v128_any_true(v);
#elif defined(__SSE2__)
  return _mm_movemask_epi8(v) != 0;
#else
  return vmaxvq_u8(v) >= 0x80;
#endif
}

#endif /* WM_SIMD */

#endif /* WASMOD_SIMD_H */
