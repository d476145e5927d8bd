/*
 * A floor for the SIMD issue's question "would a simdjson-style stage 1 make
 * wasm-simd pay?": the least such a design does, in wasm SIMD. Per 64-byte
 * block: quote, backslash, structural and whitespace masks (a nibble lookup
 * by i8x16.swizzle), escaped characters (odd runs of backslashes), the
 * in-string mask by a prefix xor, and the structural indexes written out.
 * No UTF-8 validation, no grammar: a real stage 1 + stage 2 does all of this
 * and more, so its time is above this one's. Built by bench/sections/10-json.mjs.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <wasm_simd128.h>

static inline uint64_t mask64(const v128_t m[4]) {
  return (uint64_t)wasm_i8x16_bitmask(m[0]) | (uint64_t)wasm_i8x16_bitmask(m[1]) << 16 |
         (uint64_t)wasm_i8x16_bitmask(m[2]) << 32 | (uint64_t)wasm_i8x16_bitmask(m[3]) << 48;
}

/* Bit i set when an odd number of bits at or below i are set. */
static inline uint64_t prefix_xor(uint64_t x) {
  for (int shift = 1; shift < 64; shift <<= 1) x ^= x << shift;
  return x;
}

/* Classes by nibble: the low bits mark , : [ ] { } (an AND of the two lookups), 0x18 whitespace. */
static const uint8_t LOW_NIBBLE[16] = {16, 0, 0, 0, 0, 0, 0, 0, 0, 8, 10, 4, 1, 12, 0, 0};
static const uint8_t HIGH_NIBBLE[16] = {8, 0, 17, 2, 0, 4, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0};

__attribute__((export_name("alloc"))) void *alloc(size_t n) { return malloc(n); }

/* Writes the structural indexes of p[0..n) to out (room for n + 1); returns how many. */
__attribute__((export_name("stage1"))) size_t stage1(const uint8_t *p, size_t n, uint32_t *out) {
  const v128_t low = wasm_v128_load(LOW_NIBBLE), high = wasm_v128_load(HIGH_NIBBLE);
  const uint64_t even = 0x5555555555555555ull;
  uint64_t in_string_before = 0, escaped_before = 0, scalar_before = 0;
  size_t count = 0;
  uint8_t last[64];
  for (size_t base = 0; base < n; base += 64) {
    const uint8_t *block = p + base;
    if (n - base < 64) { /* the last block, padded with spaces */
      for (size_t j = 0; j < 64; j++) last[j] = base + j < n ? p[base + j] : ' ';
      block = last;
    }
    v128_t ops[4], spaces[4], quotes[4], backslashes[4];
    for (int j = 0; j < 4; j++) {
      v128_t v = wasm_v128_load(block + 16 * j);
      v128_t classes = wasm_v128_and(wasm_i8x16_swizzle(low, wasm_v128_and(v, wasm_i8x16_splat(0x0f))),
                                     wasm_i8x16_swizzle(high, wasm_u8x16_shr(v, 4)));
      ops[j] = wasm_i8x16_ne(wasm_v128_and(classes, wasm_i8x16_splat(7)), wasm_i8x16_splat(0));
      spaces[j] = wasm_i8x16_ne(wasm_v128_and(classes, wasm_i8x16_splat(0x18)), wasm_i8x16_splat(0));
      quotes[j] = wasm_i8x16_eq(v, wasm_i8x16_splat('"'));
      backslashes[j] = wasm_i8x16_eq(v, wasm_i8x16_splat('\\'));
    }
    /* Escaped: a character after an odd run of backslashes. */
    uint64_t backslash = mask64(backslashes) & ~escaped_before;
    uint64_t follows = backslash << 1 | escaped_before;
    uint64_t odd_starts = backslash & ~even & ~follows;
    uint64_t even_sequences = odd_starts + backslash;
    escaped_before = even_sequences < odd_starts;
    uint64_t escaped = (even ^ (even_sequences << 1)) & follows;

    uint64_t quote = mask64(quotes) & ~escaped;
    uint64_t in_string = prefix_xor(quote) ^ in_string_before;
    in_string_before = (uint64_t)((int64_t)in_string >> 63);
    uint64_t op = mask64(ops), space = mask64(spaces);
    uint64_t scalar = ~(op | space);
    /* A scalar starts after whitespace or an operator; a quote is never one (inside a string an
       operator can stand before the closing quote). */
    uint64_t scalar_starts = scalar & ~quote & ~(scalar << 1 | scalar_before);
    scalar_before = scalar >> 63;
    uint64_t structural = ((op | scalar_starts) & ~in_string) | (quote & in_string);
    for (; structural; structural &= structural - 1) out[count++] = (uint32_t)(base + (size_t)__builtin_ctzll(structural));
  }
  return count;
}

/* The least a stage 2 does: read the byte at every structural index once. */
__attribute__((export_name("touch"))) uint32_t touch(const uint8_t *p, const uint32_t *indexes, size_t count) {
  uint32_t h = 0;
  for (size_t i = 0; i < count; i++) h = h * 31 + p[indexes[i]];
  return h;
}
