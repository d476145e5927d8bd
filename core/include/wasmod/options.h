/*
 * Call options: the JSON object text a caller passes with every call
 * ({"indent":2,"sortKeys":true}), parsed into a flat list of named values.
 * Values are null, booleans, numbers and strings; a nested array or object is
 * kept as its raw JSON text for the op to read.
 *
 * Not part of the consumer API (abi.h): one of the module SDK's building
 * blocks, compiled into each module and linked statically, never exported by
 * the shared library; its layout may change with any release.
 *
 * Errors: wm_options_parse answers a bool and writes the reason into an error
 * buffer, whose failed flag (buf.h) tells out of memory from malformed text;
 * its callers make that WM_OUT_OF_MEMORY or WM_BAD_OPTIONS. Ops read their
 * options through module.h's wm_opt_*, which answer a wm_status.
 */
#ifndef WASMOD_OPTIONS_H
#define WASMOD_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "wasmod/buf.h"
#include "wasmod/export.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum wm_opt_type {
  WM_OPT_NULL,
  WM_OPT_BOOL,
  WM_OPT_NUMBER,
  WM_OPT_STRING,
  WM_OPT_RAW /* an array or object, as JSON text */
} wm_opt_type;

typedef struct wm_opt {
  char *key;      /* owned, NUL-terminated, escapes decoded */
  wm_opt_type type;
  bool boolean;
  double number;
  char *string;   /* owned, NUL-terminated: the decoded string, or the raw JSON text */
  size_t string_len;
} wm_opt;

typedef struct wm_options {
  wm_opt *items;
  size_t count;
} wm_options;

/*
 * Parses `text` (n bytes; empty means no options). On failure returns false,
 * leaves `self` empty and appends a readable reason to `error`, or, when an
 * allocation failed, leaves `error` failed (wm_buf_failed).
 */
WM_API bool wm_options_parse(wm_options *self, const char *text, size_t n, wm_buf *error);
WM_API void wm_options_free(wm_options *self);

/* The option named `key`, or NULL. When a key repeats, the last one wins. */
WM_API const wm_opt *wm_options_get(const wm_options *self, const char *key);

#ifdef __cplusplus
}
#endif

#endif /* WASMOD_OPTIONS_H */
