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

/* Grows the pad to cover `depth` levels (at least doubling, so deep documents pay little). */
static bool grow_pad(json_writer *w, size_t depth) {
  size_t levels = w->pad_depth ? w->pad_depth : 16;
  while (levels < depth) levels *= 2;
  size_t unit = unit_len(w);
  uint8_t *pad = realloc(w->pad, 1 + levels * unit);
  if (!pad) return w->failed = true, false;
  pad[0] = '\n';
  memset(pad + 1, w->layout.tab ? '\t' : ' ', levels * unit);
  w->pad = pad;
  w->pad_depth = levels;
  return true;
}

/* A newline and the indentation of the current depth. */
static void newline(json_writer *w) {
  if (w->depth > w->pad_depth && !grow_pad(w, w->depth)) return;
  wm_buf_append(w->out, w->pad, 1 + w->depth * unit_len(w));
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
    wm_buf_append(w->out, p, n);
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
    wm_buf_append(self->out, p, n);
}

void json_writer_finish(json_writer *self) {
  if (self->layout.final_newline) wm_buf_append_byte(self->out, '\n');
}
