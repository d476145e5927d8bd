/*
 * Diagnostics: what a call has to say about its input, each with a severity, a
 * stable code, a message a person understands and a byte range. Positions are
 * kept as byte offsets while working (the hot path never counts lines) and
 * turned into 1-based line and column only when the list is written out.
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 *
 * Errors: as buf.h's, a sticky `failed` flag: a diagnostic that could not be
 * kept for want of memory marks the list failed (wm_diags_add also answers
 * false, as it does for one dropped past the limit), and a call whose list
 * failed answers WM_OUT_OF_MEMORY, never a shorter list.
 */
#ifndef WASMOD_DIAG_H
#define WASMOD_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasmod/buf.h"
#include "wasmod/export.h"
#include "wasmod/scan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wm_severity { WM_SEV_ERROR = 0, WM_SEV_WARNING = 1, WM_SEV_INFO = 2 } wm_severity;

/* The `end` of a diagnostic that has no end position. */
#define WM_NO_END SIZE_MAX

typedef struct wm_diag {
  wm_severity severity;
  const char *code; /* static, stable, kebab-case: "unexpected-character" */
  char *message;    /* owned, NUL-terminated */
  size_t offset;    /* byte offset of the start */
  size_t end;       /* byte offset just past the end, or WM_NO_END */
} wm_diag;

typedef struct wm_diags {
  wm_diag *items;
  size_t count;
  size_t cap;
  size_t limit;   /* at most this many are kept; the rest are only counted */
  size_t dropped; /* how many were not kept */
  bool failed;    /* an allocation failed */
} wm_diags;

/* The position of a byte offset: line counts '\n' (1-based), column counts code points (1-based). */
typedef struct wm_position {
  size_t line;
  size_t column;
} wm_position;

/* An empty list that keeps at most `limit` diagnostics (0 = 1000). */
WM_API void wm_diags_init(wm_diags *self, size_t limit);
WM_API void wm_diags_free(wm_diags *self);

/* Adds a diagnostic; the message is copied. Returns false when it was not kept. */
WM_API bool wm_diags_add(wm_diags *self, wm_severity severity, const char *code, size_t offset,
                         size_t end, const char *message, size_t message_len);

/*
 * Adds a diagnostic whose message was built in `msg`, and frees msg. A message
 * that could not be built is an allocation that failed: the list is marked
 * failed instead, as wm_diags_add() does when its own allocation fails.
 */
WM_API void wm_diags_add_message(wm_diags *self, wm_severity severity, const char *code,
                                 size_t offset, size_t end, wm_buf *msg);

/* How many diagnostics of this severity were reported (kept or dropped errors count too). */
WM_API size_t wm_diags_count(const wm_diags *self, wm_severity severity);

/*
 * The line and column of `offset` in p[0..n). Offsets past n are clamped to n.
 * Columns count the bytes that start a code point (anything but a UTF-8
 * continuation byte), so a stray invalid byte counts as one column.
 */
WM_API wm_position wm_locate(const wm_scan *scan, const uint8_t *p, size_t n, size_t offset);

/*
 * Writes the list as the JSON array of the ABI (see abi.h), positions computed
 * against the input p[0..n).
 */
WM_API void wm_diags_write_json(const wm_diags *self, const wm_scan *scan, const uint8_t *p,
                                size_t n, wm_buf *out);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_DIAG_H */
