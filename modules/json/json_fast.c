#include "json_fast.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_number_block.h"
#include "wasmod/scan_inline.h"

/* MARK: - Scans: core's kernels (scan_inline.h), inlined in the form `simd` names */

#define skip_ws(p, i, n) wm_skip_ws_k(p, i, n, simd)
#define skip_digits(p, i, n) wm_digit_run_k(p, i, n, simd)
#define string_run(p, i, n) wm_string_run_k(p, i, n, simd)

static inline bool is_hex(uint8_t c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}

/* The value of the \uXXXX at p[i] (already known to be in bounds), or -1. */
static inline int32_t u_escape(const uint8_t *p, size_t i) {
  int32_t v = 0;
  for (size_t k = i + 2; k < i + 6; k++) {
    uint8_t c = p[k];
    if (!is_hex(c)) return -1;
    v = v << 4 | (c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

/* The rest of a string literal from p[i], the first byte that ended a plain run: escapes,
   UTF-8 and what follows them. The index after the closing quote, or 0 to give up. */
static __attribute__((noinline)) size_t scan_string_rest(const uint8_t *p, size_t i, size_t n, bool simd) {
  for (;;) {
    i = string_run(p, i, n);
    if (i >= n) return 0;
    uint8_t c = p[i];
    if (c == '"') return i + 1;
    if (c == '\\') {
      if (n - i < 2) return 0;
      uint8_t e = p[i + 1];
      if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        i += 2;
        continue;
      }
      if (e != 'u' || n - i < 6) return 0;
      int32_t cp = u_escape(p, i);
      if (cp < 0 || (cp >= 0xdc00 && cp <= 0xdfff)) return 0;
      if (cp >= 0xd800 && cp <= 0xdbff) { /* only a complete pair here; the reader judges the rest */
        if (n - i < 12 || p[i + 6] != '\\' || p[i + 7] != 'u') return 0;
        int32_t low = u_escape(p, i + 6);
        if (low < 0xdc00 || low > 0xdfff) return 0;
        i += 12;
      } else {
        i += 6;
      }
      continue;
    }
    if (c < 0x80) return 0; /* a control character */
    size_t end = wm_utf8_run_k(p, i, n);
    if (end == i) return 0; /* not UTF-8: the reader says where and why */
    i = end;
  }
}

/* Scans the string literal opening at p[i]; the index after its closing quote, or 0 to give up.
   Most strings are one plain run: that case is inlined into the loop (a call per string, and a
   `simd` flag tested at run time, cost more than a short key's scan), the rest is not. */
static inline __attribute__((always_inline)) size_t scan_string(const uint8_t *p, size_t i, size_t n, bool simd) {
  i = string_run(p, i + 1, n);
  if (i < n && p[i] == '"') return i + 1;
  return scan_string_rest(p, i, n, simd);
}

#define is_digit wm_is_digit_byte

#if WM_SIMD
/*
 * The SIMD form of scan_number for a number that ends within the 32 bytes at p[i] (the
 * caller checked they are readable): one mask of the non-digits there, and each digit run
 * is a count of trailing zeros instead of a scan. Returns what scan_number would, or
 * SIZE_MAX when a run reaches the end of the window (the caller then scans).
 */
static inline __attribute__((always_inline)) size_t scan_number_window(const uint8_t *p, size_t i) {
  /* bit 32: a stop, so that every count below is defined */
  uint64_t other = (uint64_t)wm_nondigit_mask32(p + i) | (uint64_t)1 << 32;
  size_t k = p[i] == '-', r;
  if (!(r = (size_t)__builtin_ctzll(other >> k))) return 0;
  if (p[i + k] == '0' && r > 1) return 0; /* a leading zero */
  if ((k += r) >= 32) return SIZE_MAX;
  if (p[i + k] == '.') {
    if (++k >= 32) return SIZE_MAX;
    if (!(r = (size_t)__builtin_ctzll(other >> k))) return 0;
    if ((k += r) >= 32) return SIZE_MAX;
  }
  if ((p[i + k] | 0x20) == 'e') {
    if (++k >= 32) return SIZE_MAX;
    if (p[i + k] == '+' || p[i + k] == '-') {
      if (++k >= 32) return SIZE_MAX;
    }
    if (!(r = (size_t)__builtin_ctzll(other >> k))) return 0;
    if ((k += r) >= 32) return SIZE_MAX;
  }
  return i + k;
}
#endif

/* Scans the number at p[i]; the index after it, or 0 to give up. */
static inline size_t scan_number(const uint8_t *p, size_t i, size_t n, bool simd) {
#if WM_SIMD
  if (simd && n - i >= 32) {
    size_t end = scan_number_window(p, i);
    if (end != SIZE_MAX) return end;
  }
#endif
  if (p[i] == '-') i++;
  if (i >= n || !is_digit(p[i])) return 0;
  if (p[i] == '0') {
    i++;
    if (i < n && is_digit(p[i])) return 0;
  } else {
    i = skip_digits(p, i, n);
  }
  if (i < n && p[i] == '.') {
    i++;
    if (i >= n || !is_digit(p[i])) return 0;
    i = skip_digits(p, i, n);
  }
  if (i < n && (p[i] | 0x20) == 'e') {
    i++;
    if (i < n && (p[i] == '+' || p[i] == '-')) i++;
    if (i >= n || !is_digit(p[i])) return 0;
    i = skip_digits(p, i, n);
  }
  return i;
}

/* MARK: - The loop */

/* Four bytes as a little-endian load reads them (wasm, x86 and arm64 are; so is the SWAR in scan_inline.h). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "json_fast.c reads words as little-endian"
#endif
#define LITERAL4(a, b, c, d) ((uint32_t)(a) | (uint32_t)(b) << 8 | (uint32_t)(c) << 16 | (uint32_t)(d) << 24)

typedef struct output {
  wm_buf *buf;
  size_t indent_unit; /* bytes per level, 0 = minified */
  uint8_t *pad;       /* "\n" + indentation of pad_levels levels */
  size_t pad_levels;
  uint8_t fill;
} output;

enum { EMIT_NONE, EMIT_MINIFIED, EMIT_PRETTY };

static inline bool reserve(output *o, size_t k) {
  wm_buf *b = o->buf;
  return b->cap - b->len >= k || wm_buf_reserve(b, k);
}

static inline bool put(output *o, const uint8_t *s, size_t k) {
  if (!reserve(o, k)) return false;
  memcpy(o->buf->data + o->buf->len, s, k);
  o->buf->len += k;
  return true;
}

static inline bool put_byte(output *o, uint8_t c) {
  if (!reserve(o, 1)) return false;
  o->buf->data[o->buf->len++] = c;
  return true;
}

/* Copies k bytes from s, of which `readable` bytes may be read. Where the copy rounded up to
   16 is readable, it is made of fixed 16-byte moves (one vector each in SIMD builds; the bytes
   written past k are overwritten next): tokens and indentation then cost no call to memcpy,
   which in wasm is a call out of the module. */
static inline bool put_run(output *o, const uint8_t *s, size_t k, size_t readable) {
  if (!reserve(o, k + 16)) return false;
  uint8_t *dst = o->buf->data + o->buf->len;
  if (k <= 256 && ((k + 15) & ~(size_t)15) <= readable) {
    memcpy(dst, s, 16);
    for (size_t j = 16; j < k; j += 16) memcpy(dst + j, s + j, 16);
  } else {
    memcpy(dst, s, k);
  }
  o->buf->len += k;
  return true;
}

static __attribute__((noinline)) bool grow_pad(output *o, size_t depth) {
  size_t levels = o->pad_levels ? o->pad_levels : 16;
  while (levels < depth) levels *= 2;
  uint8_t *pad = realloc(o->pad, 1 + levels * o->indent_unit + 16); /* 16: see put_run */
  if (!pad) return false;
  pad[0] = '\n';
  memset(pad + 1, o->fill, levels * o->indent_unit + 15);
  o->pad = pad;
  o->pad_levels = levels;
  return true;
}

static inline bool newline(output *o, size_t depth) {
  if (depth > o->pad_levels && !grow_pad(o, depth)) return false;
  return put_run(o, o->pad, 1 + depth * o->indent_unit, 1 + o->pad_levels * o->indent_unit + 15);
}

/*
 * The whole grammar as gotos between four places: a value is expected, a key
 * is expected, a value just ended, the document ended. `stack` holds one byte
 * per open container: the bracket that closes it.
 */
static inline __attribute__((always_inline)) bool run(const uint8_t *p, size_t n, size_t max_depth, bool simd,
                                                      int emit, output *o, json_counts *counts) {
  /* Pretty output is written token by token; minified output is copied in runs (SKIP_WS). */
#define EMIT(cond) if (emit == EMIT_PRETTY && !(cond)) goto give_up
#define NEWLINE(d) if (emit == EMIT_PRETTY && !newline(o, d)) goto give_up
  /* Stats count in c, a local (so a register), given to *counts at the end. */
#define COUNT(field, k)                                                                      \
  do {                                                                                       \
    if (counts) c.field += (k);                                                              \
  } while (0)
#define DEEPEST(d)                                                                           \
  do {                                                                                       \
    if (counts && (d) > c.depth) c.depth = (d);                                              \
  } while (0)
  /* Minified output is the input without the whitespace between tokens: p[mark..) is copied
     up to each stretch of whitespace skipped, and at the end. */
#define SKIP_WS(from)                                                                        \
  do {                                                                                       \
    size_t ws_ = (from);                                                                     \
    i = skip_ws(p, ws_, n);                                                                  \
    if (emit == EMIT_MINIFIED && i != ws_) {                                                 \
      if (ws_ > mark && !put_run(o, p + mark, ws_ - mark, n - mark)) goto give_up;           \
      mark = i;                                                                              \
    }                                                                                        \
  } while (0)
#define PUSH(close)                                                                          \
  do {                                                                                       \
    if (depth == cap) {                                                                      \
      uint8_t *bigger = malloc(cap * 2);                                                     \
      if (!bigger) goto give_up;                                                             \
      memcpy(bigger, stack, cap);                                                            \
      if (stack != small) free(stack);                                                       \
      stack = bigger;                                                                        \
      cap *= 2;                                                                              \
    }                                                                                        \
    stack[depth++] = (close);                                                                \
  } while (0)
  uint8_t small[64], *stack = small;
  size_t cap = sizeof small, depth = 0, i = 0, start, mark = 0;
#if WM_SIMD
  size_t numbers_from = 0; /* where an array of numbers may next be taken by blocks */
#endif
  bool ok = false;
  json_counts c = {0};
  if (n >= 3 && p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) return false;

value:
  SKIP_WS(i);
  if (i >= n) goto give_up;
  start = i;
#if WM_SIMD
  /* An element of an array that is a number: the array's numbers (and nested arrays of them)
     are taken 64 bytes at a time (json_number_block.h), up to the last ',' or ']' before
     anything else; the loop goes on from there. Pretty output costs more than the checks
     it would save here: it is written token by token below. */
  if (simd && emit != EMIT_PRETTY && depth && stack[depth - 1] == ']' && i >= numbers_from &&
      (p[i] == '-' || is_digit(p[i]))) {
    size_t from = i;
    bool closed = false;      /* stopped after a ']' that closed the last array around */
    bool after_close = false; /* what was taken ends with ']' (else with ',') */
    while (!closed && n - i >= 64) {
      json_number_block block = json_number_block_scan(p + i, after_close);
      size_t good = block.good;
      if (!good) break;
      /* The brackets in order, on the stack: every open container from here up is an array.
         A ']' back into an object, or out of the document, ends what is taken here. */
      for (uint64_t brackets = (block.open | block.close) & (~(uint64_t)0 >> (64 - good)); brackets;
           brackets &= brackets - 1) {
        if (block.open & brackets & -brackets) {
          if (max_depth && depth >= max_depth) goto give_up;
          PUSH(']');
          COUNT(arrays, 1);
          DEEPEST(depth);
        } else if (--depth == 0 || stack[depth - 1] != ']') {
          good = (size_t)__builtin_ctzll(brackets) + 1;
          closed = true;
          break;
        }
      }
      COUNT(numbers, (uint64_t)__builtin_popcountll(block.start & (~(uint64_t)0 >> (64 - good))));
      if (emit == EMIT_MINIFIED) /* the whitespace taken, dropped as SKIP_WS drops it */
        for (uint64_t ws = block.ws & (~(uint64_t)0 >> (64 - good)); ws;) {
          size_t at = (size_t)__builtin_ctzll(ws), len = (size_t)__builtin_ctzll(~(ws >> at));
          if (i + at > mark && !put_run(o, p + mark, i + at - mark, n - mark)) goto give_up;
          mark = i + at + len;
          ws = at + len >= 64 ? 0 : ws & ~(uint64_t)0 << (at + len);
        }
      i += good;
      after_close = p[i - 1] == ']';
    }
    /* None taken: no array of numbers here, so no new try for a while. */
    if (i == from) numbers_from = i + 512;
    if (closed || after_close) goto after_value;
    if (i != from) goto value; /* after a comma */
  }
#endif
  switch (p[i]) {
  case '{':
  case '[': {
    uint8_t close = p[i] == '{' ? '}' : ']';
    if (max_depth && depth >= max_depth) goto give_up; /* empty ones count too, as in the reader */
    if (close == '}') COUNT(objects, 1);
    else COUNT(arrays, 1);
    DEEPEST(depth + 1);
    SKIP_WS(i + 1);
    if (i < n && p[i] == close) {
      i++;
      EMIT(put(o, p + start, 1) && put_byte(o, close));
      goto after_value;
    }
    PUSH(close);
    EMIT(put_byte(o, p[start]));
    NEWLINE(depth);
    if (close == '}') goto key;
    goto value;
  }
  case '"':
    if (!(i = scan_string(p, i, n, simd))) goto give_up;
    COUNT(strings, 1);
    break;
  case 't':
    if (n - i < 4 || wm_load32(p + i) != LITERAL4('t', 'r', 'u', 'e')) goto give_up;
    i += 4;
    COUNT(booleans, 1);
    break;
  case 'f':
    if (n - i < 5 || wm_load32(p + i + 1) != LITERAL4('a', 'l', 's', 'e')) goto give_up;
    i += 5;
    COUNT(booleans, 1);
    break;
  case 'n':
    if (n - i < 4 || wm_load32(p + i) != LITERAL4('n', 'u', 'l', 'l')) goto give_up;
    i += 4;
    COUNT(nulls, 1);
    break;
  default:
    if (!(i = scan_number(p, i, n, simd))) goto give_up;
    COUNT(numbers, 1);
  }
  EMIT(put_run(o, p + start, i - start, n - start));

after_value:
  if (!depth) goto end;
  SKIP_WS(i);
  if (i >= n) goto give_up;
  if (p[i] == ',') {
    i++;
    EMIT(put_byte(o, ','));
    NEWLINE(depth);
    if (stack[depth - 1] == '}') goto key;
    goto value;
  }
  if (p[i] != stack[depth - 1]) goto give_up;
  depth--;
  NEWLINE(depth);
  EMIT(put_byte(o, p[i]));
  i++;
  goto after_value;

key:
  SKIP_WS(i);
  if (i >= n || p[i] != '"') goto give_up;
  start = i;
  if (!(i = scan_string(p, i, n, simd))) goto give_up;
  COUNT(keys, 1);
  EMIT(put_run(o, p + start, i - start, n - start));
  SKIP_WS(i);
  if (i >= n || p[i] != ':') goto give_up;
  i++;
  EMIT(put(o, (const uint8_t *)": ", 2));
  goto value;

end:
  if (emit == EMIT_MINIFIED && i > mark && !put_run(o, p + mark, i - mark, n - mark)) goto give_up;
  ok = skip_ws(p, i, n) == n;
  if (ok && counts) *counts = c;
give_up:
  if (stack != small) free(stack);
  return ok;
#undef EMIT
#undef NEWLINE
#undef SKIP_WS
#undef PUSH
#undef COUNT
#undef DEEPEST
}

/* MARK: - Entry points */

static bool uses_simd(const wm_scan *scan) { return WM_SIMD && scan != wm_scan_scalar(); }

bool json_fast_validate(const uint8_t *p, size_t n, size_t max_depth, const wm_scan *scan) {
  return uses_simd(scan) ? run(p, n, max_depth, true, EMIT_NONE, NULL, NULL)
                         : run(p, n, max_depth, false, EMIT_NONE, NULL, NULL);
}

bool json_fast_stats(const uint8_t *p, size_t n, size_t max_depth, const wm_scan *scan, json_counts *counts) {
  return uses_simd(scan) ? run(p, n, max_depth, true, EMIT_NONE, NULL, counts)
                         : run(p, n, max_depth, false, EMIT_NONE, NULL, counts);
}

bool json_fast_format(const uint8_t *p, size_t n, size_t max_depth, const json_layout *layout, const wm_scan *scan,
                      wm_buf *out) {
  size_t unit = layout->tab ? 1 : layout->indent, len = out->len;
  output o = {out, unit, NULL, 0, layout->tab ? '\t' : ' '};
  if (unit && !grow_pad(&o, 16)) return false;
  bool simd = uses_simd(scan);
  /* The output is about the input's size (minified) or somewhat more (pretty): grow once. */
  wm_buf_reserve(out, unit ? n + n / 2 : n);
  bool ok = unit ? (simd ? run(p, n, max_depth, true, EMIT_PRETTY, &o, NULL) : run(p, n, max_depth, false, EMIT_PRETTY, &o, NULL))
                 : (simd ? run(p, n, max_depth, true, EMIT_MINIFIED, &o, NULL) : run(p, n, max_depth, false, EMIT_MINIFIED, &o, NULL));
  if (ok && layout->final_newline) ok = put_byte(&o, '\n');
  free(o.pad);
  if (!ok) {
    out->len = len;
    out->failed = out->over_limit = false;
  }
  return ok;
}
