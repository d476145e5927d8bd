#include "wasmod/diag.h"

#include <stdlib.h>

#include "wasmod/utf8.h"

void wm_diags_init(wm_diags *self, size_t limit) {
  memset(self, 0, sizeof *self);
  self->limit = limit ? limit : 1000;
}

void wm_diags_free(wm_diags *self) {
  for (size_t i = 0; i < self->count; i++) free(self->items[i].message);
  free(self->items);
  wm_diags_init(self, self->limit);
}

bool wm_diags_add(wm_diags *self, wm_severity severity, const char *code, size_t offset,
                  size_t end, const char *message, size_t message_len) {
  if (self->count == self->limit || self->failed) {
    self->dropped++;
    return false;
  }
  if (self->count == self->cap) {
    size_t cap = self->cap ? self->cap * 2 : 4;
    wm_diag *items = realloc(self->items, cap * sizeof *items);
    if (!items) {
      self->failed = true;
      self->dropped++;
      return false;
    }
    self->items = items;
    self->cap = cap;
  }
  char *copy = malloc(message_len + 1);
  if (!copy) {
    self->failed = true;
    self->dropped++;
    return false;
  }
  memcpy(copy, message, message_len);
  copy[message_len] = 0;
  self->items[self->count++] = (wm_diag){severity, code, copy, offset, end};
  return true;
}

void wm_diags_add_message(wm_diags *self, wm_severity severity, const char *code, size_t offset,
                          size_t end, wm_buf *msg) {
  if (wm_buf_failed(msg))
    self->failed = true;
  else
    wm_diags_add(self, severity, code, offset, end, (const char *)msg->data, msg->len);
  wm_buf_free(msg);
}

size_t wm_diags_count(const wm_diags *self, wm_severity severity) {
  size_t count = 0;
  for (size_t i = 0; i < self->count; i++) count += self->items[i].severity == severity;
  return count;
}

/* Advances `pos` (the position of byte `from`) to byte `to` >= from. */
static wm_position advance(const wm_scan *scan, const uint8_t *p, size_t from, size_t to,
                           wm_position pos) {
  size_t line_start = from;
  for (;;) {
    size_t nl = scan->find_byte(p, line_start, to, '\n');
    if (nl == to) break;
    pos.line++;
    pos.column = 1;
    line_start = nl + 1;
    from = line_start;
  }
  for (size_t i = from; i < to; i++) pos.column += !wm_utf8_is_continuation(p[i]);
  return pos;
}

wm_position wm_locate(const wm_scan *scan, const uint8_t *p, size_t n, size_t offset) {
  if (offset > n) offset = n;
  return advance(scan, p, 0, offset, (wm_position){1, 1});
}

static void write_position(wm_buf *out, const char *offset_key, size_t offset, const char *line_key,
                           const char *column_key, wm_position pos) {
  wm_buf_append_str(out, offset_key);
  wm_buf_append_uint(out, offset);
  wm_buf_append_str(out, line_key);
  wm_buf_append_uint(out, pos.line);
  wm_buf_append_str(out, column_key);
  wm_buf_append_uint(out, pos.column);
}

void wm_diags_write_json(const wm_diags *self, const wm_scan *scan, const uint8_t *p, size_t n,
                         wm_buf *out) {
  static const char *const severities[] = {"error", "warning", "info"};
  /* Diagnostics mostly come in input order: walk forward from the last one. */
  size_t at = 0;
  wm_position pos = {1, 1};
  wm_buf_append_byte(out, '[');
  for (size_t i = 0; i < self->count; i++) {
    const wm_diag *d = &self->items[i];
    size_t offset = d->offset > n ? n : d->offset;
    if (offset < at) at = 0, pos = (wm_position){1, 1};
    pos = advance(scan, p, at, offset, pos);
    at = offset;
    if (i) wm_buf_append_byte(out, ',');
    wm_buf_append_str(out, "{\"severity\":\"");
    wm_buf_append_str(out, severities[d->severity]);
    wm_buf_append_str(out, "\",\"code\":");
    wm_buf_append_json_string(out, d->code, strlen(d->code));
    wm_buf_append_str(out, ",\"message\":");
    wm_buf_append_json_string(out, d->message, strlen(d->message));
    write_position(out, ",\"offset\":", offset, ",\"line\":", ",\"column\":", pos);
    if (d->end != WM_NO_END) {
      size_t end = d->end > n ? n : d->end < offset ? offset : d->end;
      wm_position end_pos = advance(scan, p, offset, end, pos);
      write_position(out, ",\"endOffset\":", end, ",\"endLine\":", ",\"endColumn\":", end_pos);
    }
    wm_buf_append_byte(out, '}');
  }
  wm_buf_append_byte(out, ']');
}
