#include "json_writer.h"

#include <stdlib.h>
#include <string.h>

#include "wasmod/utf8.h"

void json_writer_init(json_writer *self, wm_buf *out, const wm_scan *scan, const json_layout *layout) {
  memset(self, 0, sizeof *self);
  self->out = out;
  self->scan = scan;
  self->layout = *layout;
}

void json_writer_free(json_writer *self) {
  free(self->pad);
  self->pad = NULL;
  self->pad_depth = 0;
}

static size_t unit_len(const json_writer *w) { return w->layout.tab ? 1 : w->layout.indent; }

static bool pretty(const json_writer *w) { return w->layout.tab || w->layout.indent; }

/*
 * Appends s[0..k), where s[0..readable) may be read. With room for k + 16 bytes and the
 * copy rounded up to 16 readable, in whole 16-byte blocks (one vector move each in SIMD
 * builds; what lands past k is overwritten next): no call to memcpy, which in wasm is
 * a call out of the module.
 */
static inline void append_run(wm_buf *out, const uint8_t *s, size_t k, size_t readable) {
  if (k <= 256 && ((k + 15) & ~(size_t)15) <= readable && out->cap - out->len >= k + 16) {
    uint8_t *dst = out->data + out->len;
    for (size_t j = 0; j < k; j += 16) memcpy(dst + j, s + j, 16);
    out->len += k;
  } else {
    wm_buf_append(out, s, k);
  }
}

static inline size_t readable_from(const json_writer *w, const uint8_t *s) {
  return w->input_end ? (size_t)(w->input_end - s) : 0;
}

/* The pad's size: its "\n" and levels, and 15 bytes more for append_run. */
static size_t pad_size(const json_writer *w, size_t levels) { return 1 + levels * unit_len(w) + 15; }

/* Grows the pad to cover `depth` levels (at least doubling, so deep documents pay little). */
static bool grow_pad(json_writer *w, size_t depth) {
  size_t levels = w->pad_depth ? w->pad_depth : 16;
  while (levels < depth) levels *= 2;
  uint8_t *pad = realloc(w->pad, pad_size(w, levels));
  if (!pad) return w->failed = true, false;
  pad[0] = '\n';
  memset(pad + 1, w->layout.tab ? '\t' : ' ', pad_size(w, levels) - 1);
  w->pad = pad;
  w->pad_depth = levels;
  return true;
}

/* A newline and the indentation of the current depth. */
static void newline(json_writer *w) {
  if (w->depth > w->pad_depth && !grow_pad(w, w->depth)) return;
  append_run(w->out, w->pad, 1 + w->depth * unit_len(w), pad_size(w, w->pad_depth));
}

/* What comes before an element: nothing after a key, else ',' and a newline as needed. */
static void before_element(json_writer *w) {
  if (w->after_key) {
    w->after_key = false;
    return;
  }
  if (!w->depth) return;
  if (!w->empty) wm_buf_append_byte(w->out, ',');
  w->empty = false;
  if (pretty(w)) newline(w);
}

void json_writer_open(json_writer *self, uint8_t bracket) {
  before_element(self);
  wm_buf_append_byte(self->out, bracket);
  self->depth++;
  self->empty = true;
}

void json_writer_close(json_writer *self, uint8_t bracket) {
  self->depth--;
  if (!self->empty && pretty(self)) newline(self);
  wm_buf_append_byte(self->out, bracket);
  self->empty = false;
}

/* Writes a string literal with every non-ASCII character escaped (UTF-16 pairs above U+FFFF). */
static void write_ascii_string(json_writer *w, const uint8_t *p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  size_t i = 0;
  for (;;) {
    size_t run = w->scan->ascii_run(p, i, n);
    wm_buf_append(w->out, p + i, run - i);
    if (run == n) return;
    uint32_t cp;
    size_t len = wm_utf8_decode(p, run, n, &cp);
    if (!len) { /* cannot happen after the reader validated the text; keep the byte */
      wm_buf_append_byte(w->out, p[run]);
      i = run + 1;
      continue;
    }
    uint32_t units[2] = {cp, 0};
    int count = 1;
    if (cp >= 0x10000) {
      units[0] = 0xd800 | ((cp - 0x10000) >> 10);
      units[1] = 0xdc00 | ((cp - 0x10000) & 0x3ff);
      count = 2;
    }
    for (int k = 0; k < count; k++) {
      char esc[6] = {'\\', 'u', hex[units[k] >> 12], hex[units[k] >> 8 & 15], hex[units[k] >> 4 & 15], hex[units[k] & 15]};
      wm_buf_append(w->out, esc, 6);
    }
    i = run + len;
  }
}

static void write_string(json_writer *w, const uint8_t *p, size_t n) {
  if (w->layout.ascii_only)
    write_ascii_string(w, p, n);
  else
    append_run(w->out, p, n, readable_from(w, p));
}

void json_writer_key(json_writer *self, const uint8_t *p, size_t n) {
  before_element(self);
  write_string(self, p, n);
  if (pretty(self))
    wm_buf_append(self->out, ": ", 2);
  else
    wm_buf_append_byte(self->out, ':');
  self->after_key = true;
}

void json_writer_scalar(json_writer *self, const uint8_t *p, size_t n, bool is_string) {
  before_element(self);
  if (is_string)
    write_string(self, p, n);
  else
    append_run(self->out, p, n, readable_from(self, p));
}

void json_writer_finish(json_writer *self) {
  if (self->layout.final_newline) wm_buf_append_byte(self->out, '\n');
}
