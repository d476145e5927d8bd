/*
 * Arrays of numbers, 64 bytes at a time (SIMD builds only): the fast path's
 * way through the content that dominates numeric documents (coordinates,
 * meshes, samples), where a token loop pays a dependent chain of branches and
 * scans for every short number. Here a block is classified once into bit
 * masks (digits, zeros, minus signs, dots, commas, brackets, spaces and
 * newlines) and the whole grammar of "values of an array, each a number
 * without exponent or a nested such array" is checked on the masks, every
 * rule an AND of shifted masks; the count of trailing zeros of the violations
 * then says how far the block is good. Exponents, tabs and the rest are rare
 * there and left to the token loop, which keeps the classes few.
 *
 * The checks are conservative: a block may be cut short of what is valid (a
 * violation flagged because the block ends), never accepted past an error.
 * The caller resumes its token loop at the cut, so every answer is the loop's.
 */
#ifndef WASMOD_JSON_NUMBER_BLOCK_H
#define WASMOD_JSON_NUMBER_BLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/simd.h"

#if WM_SIMD

/* What json_number_block_scan found in a block: how far it is good, and its tokens
   (bit k: byte k of the block; valid below `good`). */
typedef struct json_number_block {
  size_t good;    /* q[0..good) is good and ends with ',' or ']'; 0 when no such prefix */
  uint64_t start; /* a number's first byte */
  uint64_t open;  /* '[' */
  uint64_t close; /* ']' */
  uint64_t ws;    /* ' ' or '\n' */
} json_number_block;

static inline __attribute__((always_inline)) uint64_t json_mask64(wm_v8 v[4]) {
  return (uint64_t)wm_v8_mask(v[0]) | (uint64_t)wm_v8_mask(v[1]) << 16 | (uint64_t)wm_v8_mask(v[2]) << 32 |
         (uint64_t)wm_v8_mask(v[3]) << 48;
}

/* For each set bit of `after` (a byte just after a token), the next byte that is not
   whitespace: a carry through each run of whitespace that starts there. */
static inline __attribute__((always_inline)) uint64_t json_next_token(uint64_t after, uint64_t ws) {
  return (((after & ws) + ws) & ~ws) | (after & ~ws);
}

/*
 * The 64 bytes at q, which follow a ',' inside an array (or start its first element),
 * or when `after_close`, a ']' there: the longest prefix that is a well-formed sequence
 * of elements and commas, where an element is a number or an array of such elements
 * (empty arrays too), and that ends with a ',' or a ']'. Brackets are checked for their
 * place only: the caller matches them against its stack and counts depth.
 */
static inline __attribute__((always_inline)) json_number_block json_number_block_scan(const uint8_t *q,
                                                                                      bool after_close) {
  wm_v8 nondigit[4], zero[4], minus[4], dot[4], comma[4], open[4], close[4], ws[4];
  for (int j = 0; j < 4; j++) {
    wm_v8 v = wm_v8_load(q + 16 * j);
    /* signed compares: bytes >= 0x80 are negative, below '0' */
    nondigit[j] = wm_v8_or(wm_v8_lt_signed(v, wm_v8_splat('0')), wm_v8_lt_signed(wm_v8_splat('9'), v));
    zero[j] = wm_v8_eq(v, wm_v8_splat('0'));
    minus[j] = wm_v8_eq(v, wm_v8_splat('-'));
    dot[j] = wm_v8_eq(v, wm_v8_splat('.'));
    comma[j] = wm_v8_eq(v, wm_v8_splat(','));
    open[j] = wm_v8_eq(v, wm_v8_splat('['));
    close[j] = wm_v8_eq(v, wm_v8_splat(']'));
    ws[j] = wm_v8_or(wm_v8_eq(v, wm_v8_splat(' ')), wm_v8_eq(v, wm_v8_splat('\n')));
  }
  uint64_t D = ~json_mask64(nondigit), Z = json_mask64(zero), M = json_mask64(minus), DOT = json_mask64(dot);
  uint64_t C = json_mask64(comma), O = json_mask64(open), X = json_mask64(close), W = json_mask64(ws);

  uint64_t num = D | M | DOT;
  uint64_t start = num & ~(num << 1), end = num & ~(num >> 1); /* a number's first and last byte */
  uint64_t bad = ~(num | C | O | X | W); /* anything else, exponents, tabs and CRs too, ends the run */
  /* Tokens in order: what may follow '[', ',', a number, ']' (a ',' or ']' stands before the block). */
  bad |= json_next_token(O << 1, W) & ~(start | O | X);
  bad |= json_next_token(C << 1 | !after_close, W) & ~(start | O);
  bad |= json_next_token(end << 1, W) & ~(C | X);
  bad |= json_next_token(X << 1 | after_close, W) & ~(C | X);
  /* Numbers: -?(0|[1-9][0-9]*)(.[0-9]+)? */
  bad |= (start & ~(D | M)) | (end & ~D);       /* from '-' or a digit to a digit */
  bad |= (M & ~start) | ((M << 1) & ~D);        /* '-' only first, then a digit */
  bad |= (DOT & ~(D << 1)) | ((DOT << 1) & ~D); /* '.' between digits */
  bad |= (((DOT << 1) + D) & ~D) & DOT;         /* after the fraction's digits, no second '.' */
  uint64_t int_start = (start & D) | ((start & M) << 1);
  bad |= ((int_start & Z) << 1) & D; /* no leading zero */

  /* Good up to the first violation: cut after the last ',' or ']' before it. */
  uint64_t before = bad ? ((uint64_t)1 << __builtin_ctzll(bad)) - 1 : ~(uint64_t)0;
  uint64_t cuts = (C | X) & before;
  json_number_block block = {0, start, O, X, W};
  if (cuts) block.good = (size_t)(64 - __builtin_clzll(cuts));
  return block;
}

#endif /* WM_SIMD */

#endif /* WASMOD_JSON_NUMBER_BLOCK_H */
