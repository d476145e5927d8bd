/*
 * A growable byte buffer: the output of every op, and the scratch space of
 * anything that builds text. Growth is geometric; an allocation failure is
 * sticky (every later append is a no-op and wm_buf_failed() says so), so a
 * writer can append freely and check once at the end.
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 *
 * Errors: its own convention, the sticky `failed` flag above (wm_buf_reserve
 * also answers false); over_limit tells a limit from memory. Whoever turns
 * the buffer into an answer turns a failed one into WM_OUT_OF_MEMORY or
 * WM_LIMIT_EXCEEDED (wm_module_call does it for ctx->out).
 */
#ifndef WASMOD_BUF_H
#define WASMOD_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wasmod/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct wm_buf {
  uint8_t *data;
  size_t len;
  size_t cap;
  size_t limit; /* 0 = no limit; past it the buffer fails like an allocation */
  bool failed;
  bool over_limit; /* failed because of limit, not memory */
} wm_buf;

/* An empty buffer; no allocation until the first append. */
WM_API void wm_buf_init(wm_buf *self);

/* Frees the storage; the buffer is empty and usable again afterwards. */
WM_API void wm_buf_free(wm_buf *self);

/* Ensures room for `extra` more bytes. Returns false (and fails) if impossible. */
WM_API bool wm_buf_reserve(wm_buf *self, size_t extra);

/* Hands the storage over to the caller (who frees it with free()) and empties the buffer. */
WM_API uint8_t *wm_buf_take(wm_buf *self, size_t *len);

WM_API void wm_buf_append_slow(wm_buf *self, const void *src, size_t n);
WM_API void wm_buf_append_uint(wm_buf *self, uint64_t value);
/* Appends `s` as a JSON string literal, quotes included (escapes ", \ and controls). */
WM_API void wm_buf_append_json_string(wm_buf *self, const char *s, size_t n);
/* Appends `n` copies of byte `c`. */
WM_API void wm_buf_append_fill(wm_buf *self, uint8_t c, size_t n);

static inline bool wm_buf_failed(const wm_buf *self) { return self->failed; }

static inline void wm_buf_append(wm_buf *self, const void *src, size_t n) {
  if (self->cap - self->len >= n) {
    if (n) memcpy(self->data + self->len, src, n);
    self->len += n;
  } else {
    wm_buf_append_slow(self, src, n);
  }
}

static inline void wm_buf_append_byte(wm_buf *self, uint8_t c) {
  if (self->len < self->cap)
    self->data[self->len++] = c;
  else
    wm_buf_append_slow(self, &c, 1);
}

static inline void wm_buf_append_str(wm_buf *self, const char *s) {
  wm_buf_append(self, s, strlen(s));
}

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_BUF_H */
