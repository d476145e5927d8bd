#include "json_string.h"

#include "wasmod/utf8.h"

static uint32_t hex4(const uint8_t *p) {
  uint32_t v = 0;
  for (int k = 0; k < 4; k++) {
    uint8_t c = p[k];
    v = v << 4 | (uint32_t)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
  }
  return v;
}

/* UTF-8 of any code point below U+110000, surrogates included (they are kept as written). */
static size_t encode_wtf8(uint32_t cp, uint8_t out[4]) {
  if (cp >= 0xd800 && cp <= 0xdfff) {
    out[0] = (uint8_t)(0xe0 | (cp >> 12));
    out[1] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
    out[2] = (uint8_t)(0x80 | (cp & 0x3f));
    return 3;
  }
  return wm_utf8_encode(cp, out);
}

void json_string_decode(const uint8_t *p, size_t n, wm_buf *out) {
  size_t i = 1, end = n - 1;
  while (i < end) {
    const uint8_t *bs = memchr(p + i, '\\', end - i);
    size_t stop = bs ? (size_t)(bs - p) : end;
    wm_buf_append(out, p + i, stop - i);
    if (stop == end) return;
    uint8_t e = p[stop + 1], c;
    i = stop + 2;
    switch (e) {
    case 'b': c = '\b'; break;
    case 'f': c = '\f'; break;
    case 'n': c = '\n'; break;
    case 'r': c = '\r'; break;
    case 't': c = '\t'; break;
    case 'u': {
      uint32_t cp = hex4(p + i);
      i += 4;
      if (cp >= 0xd800 && cp <= 0xdbff && end - i >= 6 && p[i] == '\\' && p[i + 1] == 'u') {
        uint32_t low = hex4(p + i + 2);
        if (low >= 0xdc00 && low <= 0xdfff) {
          cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
          i += 6;
        }
      }
      uint8_t bytes[4];
      wm_buf_append(out, bytes, encode_wtf8(cp, bytes));
      continue;
    }
    default: c = e; /* '"', '\\', '/' */
    }
    wm_buf_append_byte(out, c);
  }
}

int json_text_compare(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len) {
  int c = memcmp(a, b, a_len < b_len ? a_len : b_len);
  if (c) return c;
  return a_len < b_len ? -1 : a_len > b_len;
}
