/* validate: does the input hold exactly one well-formed JSON value? */
#include <stdio.h>

#include "json_fast.h"
#include "json_keys.h"
#include "json_ops.h"
#include "wasmod/diag.h"
#include "wasmod/utf8.h"

bool json_read_validate_options(wm_ctx *ctx, json_validate_options *options) {
  static const char *const choices[] = {"allow", "warn", "error", NULL};
  bool ok = json_read_common_options(ctx, &options->reader);
  ok &= wm_opt_choice(ctx, "duplicateKeys", choices, JSON_DUPLICATES_ALLOW, &options->duplicate_keys);
  return ok;
}

/* The plain loop: nothing but the reader. */
static json_token read_all(json_reader *reader) {
  json_token token;
  do token = json_reader_next(reader);
  while (token > JSON_ERROR);
  return token;
}

/* Reports a repeated key; returns false when that ends the validation (duplicateKeys 'error'). */
static bool report_duplicate(wm_ctx *ctx, const json_validate_options *options, size_t base, size_t n,
                             const json_key_entry *first, const json_reader *reader) {
  /* Positions relative to the document, so that an NDJSON line reads the same streamed or not. */
  const uint8_t *p = ctx->input + base;
  wm_position was = wm_locate(ctx->scan, p, n, first->start), is = wm_locate(ctx->scan, p, n, reader->start);
  size_t len = reader->end - reader->start, shown = len;
  if (shown > 64) /* cut at a character boundary */
    for (shown = 64; wm_utf8_is_continuation(p[reader->start + shown]);) shown--;
  char where[64], message[192];
  if (was.line == is.line)
    snprintf(where, sizeof where, "column %zu of this line", was.column);
  else
    snprintf(where, sizeof where, "line %zu, column %zu", was.line, was.column);
  snprintf(message, sizeof message, "duplicate key %.*s%s in an object: it first appears at %s",
           (int)shown, (const char *)p + reader->start, shown < len ? "...\"" : "", where);
  bool error = options->duplicate_keys == JSON_DUPLICATES_ERROR;
  wm_diags_add(ctx->diags, error ? WM_SEV_ERROR : WM_SEV_WARNING, "duplicate-key", base + reader->start,
               base + reader->end, message, strlen(message));
  return !error;
}

wm_status json_check_document(wm_ctx *ctx, const json_validate_options *options, size_t base, size_t n) {
  if (options->duplicate_keys == JSON_DUPLICATES_ALLOW &&
      json_fast_validate(ctx->input + base, n, options->reader.max_depth, ctx->scan))
    return WM_OK;
  json_reader reader;
  json_reader_init(&reader, ctx->input + base, n, ctx->scan, &options->reader);
  json_token token;
  wm_status status = WM_OK;
  if (options->duplicate_keys == JSON_DUPLICATES_ALLOW) {
    token = read_all(&reader);
  } else {
    json_keys keys;
    json_keys_init(&keys, ctx->input + base);
    do {
      token = json_reader_next(&reader);
      const json_key_entry *first = json_keys_feed(&keys, &reader, token);
      if (first && !report_duplicate(ctx, options, base, n, first, &reader)) status = WM_INVALID_INPUT;
    } while (token > JSON_ERROR && status == WM_OK);
    if (keys.failed) status = wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", base + reader.pos, "out of memory");
    json_keys_free(&keys);
  }
  if (status == WM_OK && token == JSON_ERROR) status = json_report_error(ctx, &reader, base);
  json_reader_free(&reader);
  return status;
}

wm_status json_validate(wm_ctx *ctx) {
  json_validate_options options;
  if (!json_read_validate_options(ctx, &options)) return WM_BAD_OPTIONS;
  return json_check_document(ctx, &options, 0, ctx->input_len);
}
