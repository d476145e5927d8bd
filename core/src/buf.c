#include "wasmod/buf.h"

#include <stdlib.h>

void wm_buf_init(wm_buf *self) { memset(self, 0, sizeof *self); }

void wm_buf_free(wm_buf *self) {
  size_t limit = self->limit;
  free(self->data);
  wm_buf_init(self);
  self->limit = limit;
}

bool wm_buf_reserve(wm_buf *self, size_t extra) {
  if (self->failed) return false;
  if (self->cap - self->len >= extra) return true;
  if (extra > SIZE_MAX - self->len) {
    self->failed = true;
    return false;
  }
  size_t need = self->len + extra;
  if (self->limit && need > self->limit) {
    self->failed = self->over_limit = true;
    return false;
  }
  size_t cap = self->cap ? self->cap : 64;
  while (cap < need) cap = cap > SIZE_MAX / 2 ? need : cap * 2;
  if (self->limit && cap > self->limit) cap = self->limit;
  uint8_t *data = realloc(self->data, cap);
  if (!data) {
    self->failed = true;
    return false;
  }
  self->data = data;
  self->cap = cap;
  return true;
}

uint8_t *wm_buf_take(wm_buf *self, size_t *len) {
  uint8_t *data = self->data;
  *len = self->len;
  size_t limit = self->limit;
  wm_buf_init(self);
  self->limit = limit;
  return data;
}

void wm_buf_append_slow(wm_buf *self, const void *src, size_t n) {
  if (!wm_buf_reserve(self, n)) return;
  memcpy(self->data + self->len, src, n);
  self->len += n;
}

void wm_buf_append_fill(wm_buf *self, uint8_t c, size_t n) {
  if (!wm_buf_reserve(self, n)) return;
  memset(self->data + self->len, c, n);
  self->len += n;
}

void wm_buf_append_uint(wm_buf *self, uint64_t value) {
  char digits[20];
  size_t n = 0;
  do {
    digits[sizeof digits - ++n] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  wm_buf_append(self, digits + sizeof digits - n, n);
}

void wm_buf_append_json_string(wm_buf *self, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  wm_buf_append_byte(self, '"');
  size_t run = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    wm_buf_append(self, s + run, i - run);
    run = i + 1;
    switch (c) {
    case '"': wm_buf_append(self, "\\\"", 2); break;
    case '\\': wm_buf_append(self, "\\\\", 2); break;
    case '\n': wm_buf_append(self, "\\n", 2); break;
    case '\r': wm_buf_append(self, "\\r", 2); break;
    case '\t': wm_buf_append(self, "\\t", 2); break;
    default: {
      char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      wm_buf_append(self, esc, 6);
    }
    }
  }
  wm_buf_append(self, s + run, n - run);
  wm_buf_append_byte(self, '"');
}
