/* validate: does the input hold exactly one well-formed JSON value? */
#include <stdio.h>
#include <stdlib.h>

#include "json_fast.h"
#include "json_keys.h"
#include "json_ops.h"
#include "wasmod/diag.h"
#include "wasmod/utf8.h"

wm_status json_read_validate_options(wm_ctx *ctx, json_validate_options *options) {
  static const char *const choices[] = {"allow", "warn", "error", NULL};
  wm_status status = json_read_common_options(ctx, &options->reader);
  return json_keep(status, wm_opt_choice(ctx, "duplicateKeys", choices, JSON_DUPLICATES_ALLOW, &options->duplicate_keys));
}

/* The plain loop: nothing but the reader. */
static json_token read_all(json_reader *reader) {
  json_token token;
  do token = json_reader_next(reader);
  while (token > JSON_ERROR);
  return token;
}

/* A repeated key to report: where its first occurrence starts, and its own literal. */
typedef struct duplicate {
  size_t first, start, end;
} duplicate;

/* A byte offset to locate, and where its position goes. */
typedef struct located {
  size_t offset;
  wm_position *position;
} located;

static int by_offset(const void *a, const void *b) {
  size_t x = ((const located *)a)->offset, y = ((const located *)b)->offset;
  return x < y ? -1 : x > y;
}

/*
 * Reports the repeated keys found, in input order, and counts `more` as
 * dropped (the list had no room for them). Positions come from one forward
 * walk over the input: locating each from the start would cost O(n) a key.
 */
static void report_duplicates(wm_ctx *ctx, const json_validate_options *options, size_t base, const duplicate *dups,
                              size_t count, size_t more) {
  wm_severity severity = options->duplicate_keys == JSON_DUPLICATES_ERROR ? WM_SEV_ERROR : WM_SEV_WARNING;
  const uint8_t *p = ctx->input + base;
  wm_position *positions = malloc((2 * count + 1) * sizeof *positions);
  located *order = malloc((2 * count + 1) * sizeof *order);
  if (!positions || !order) {
    ctx->diags->failed = true; /* out of memory: every one below is dropped */
    more += count, count = 0;
  }
  for (size_t i = 0; i < count; i++) {
    order[2 * i] = (located){dups[i].first, &positions[2 * i]};
    order[2 * i + 1] = (located){dups[i].start, &positions[2 * i + 1]};
  }
  if (count) qsort(order, 2 * count, sizeof *order, by_offset); /* order is NULL when out of memory */
  wm_position pos = {1, 1};
  for (size_t i = 0, at = 0; i < 2 * count; i++) {
    /* the position of [at, offset) on its own, appended to that of `at` */
    size_t offset = order[i].offset;
    wm_position step = wm_locate(ctx->scan, p + at, offset - at, offset - at);
    pos = step.line == 1 ? (wm_position){pos.line, pos.column + step.column - 1}
                         : (wm_position){pos.line + step.line - 1, step.column};
    at = offset;
    *order[i].position = pos;
  }
  for (size_t i = 0; i < count; i++) {
    /* Positions relative to the document, so that an NDJSON line reads the same streamed or not. */
    const duplicate *d = &dups[i];
    wm_position was = positions[2 * i], is = positions[2 * i + 1];
    size_t len = d->end - d->start, shown = len;
    if (shown > 64) /* cut at a character boundary */
      for (shown = 64; wm_utf8_is_continuation(p[d->start + shown]);) shown--;
    char where[64], message[192];
    if (was.line == is.line)
      snprintf(where, sizeof where, "column %zu of this line", was.column);
    else
      snprintf(where, sizeof where, "line %zu, column %zu", was.line, was.column);
    snprintf(message, sizeof message, "duplicate key %.*s%s in an object: it first appears at %s", (int)shown,
             (const char *)p + d->start, shown < len ? "...\"" : "", where);
    wm_diags_add(ctx->diags, severity, "duplicate-key", base + d->start, base + d->end, message, strlen(message));
  }
  for (size_t i = 0; i < more; i++) wm_diags_add(ctx->diags, severity, "duplicate-key", base, WM_NO_END, "", 0);
  free(positions);
  free(order);
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
    /* Only as many repeats as the diagnostics list has room for need a message. */
    wm_diags *diags = ctx->diags;
    size_t room = diags->failed || diags->count >= diags->limit ? 0 : diags->limit - diags->count, more = 0;
    wm_buf dups;
    wm_buf_init(&dups);
    json_keys keys;
    json_keys_init(&keys, ctx->input + base);
    do {
      token = json_reader_next(&reader);
      const json_key_entry *first = json_keys_feed(&keys, &reader, token);
      if (!first) continue;
      if (dups.len / sizeof(duplicate) < room && !wm_buf_failed(&dups))
        wm_buf_append(&dups, &(duplicate){first->start, reader.start, reader.end}, sizeof(duplicate));
      else
        more++;
      if (options->duplicate_keys == JSON_DUPLICATES_ERROR) status = WM_INVALID_INPUT;
    } while (token > JSON_ERROR && status == WM_OK);
    if (wm_buf_failed(&dups)) diags->failed = true, more++; /* the one whose append failed */
    report_duplicates(ctx, options, base, (const duplicate *)(const void *)dups.data, dups.len / sizeof(duplicate),
                      more);
    wm_buf_free(&dups);
    if (keys.failed) status = wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", base + reader.pos, "out of memory");
    json_keys_free(&keys);
  }
  if (status == WM_OK && token == JSON_ERROR) status = json_report_error(ctx, &reader, base);
  json_reader_free(&reader);
  return status;
}

wm_status json_validate(wm_ctx *ctx) {
  json_validate_options options;
  wm_status status = json_read_validate_options(ctx, &options);
  if (status != WM_OK) return status;
  return json_check_document(ctx, &options, 0, ctx->input_len);
}
