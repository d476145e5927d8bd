/*
 * NDJSON / JSON Lines: one document per line ('\n', with an optional '\r'
 * before it), blank lines allowed. Every line is checked, so the diagnostics
 * list every bad line (each error located in the whole input). Also the
 * streaming form (wm_ndjson_stream, see wasmod/json.h): chunks in, only the
 * unfinished line kept, positions computed as lines complete.
 */
#include <stdlib.h>

#include "json_ops.h"
#include "wasmod/diag.h"
#include "wasmod/json.h"

typedef wm_status (*line_fn)(wm_ctx *ctx, const void *options, size_t start, size_t len);

/* The line's document span without its '\r'; false for a blank line. */
static bool line_document(const wm_ctx *ctx, size_t start, size_t *len) {
  if (*len && ctx->input[start + *len - 1] == '\r') --*len;
  return ctx->scan->skip_ws(ctx->input, start, start + *len) < start + *len;
}

/* Runs `fn` on every non-blank line; the worst status wins (invalid input does not stop it). */
static wm_status each_line(wm_ctx *ctx, line_fn fn, const void *options) {
  wm_status status = WM_OK;
  for (size_t start = 0; start < ctx->input_len;) {
    size_t nl = ctx->scan->find_byte(ctx->input, start, ctx->input_len, '\n'), len = nl - start;
    if (line_document(ctx, start, &len)) {
      wm_status s = fn(ctx, options, start, len);
      if (s != WM_OK && s != WM_INVALID_INPUT) return s;
      if (s != WM_OK) status = s;
    }
    start = nl + 1;
  }
  return status;
}

/* A BOM can only start the input, not a later line. */
static wm_status validate_line(wm_ctx *ctx, const void *options, size_t start, size_t len) {
  json_validate_options line_options = *(const json_validate_options *)options;
  if (start) line_options.reader.allow_bom = false;
  return json_check_document(ctx, &line_options, start, len);
}

static wm_status format_line(wm_ctx *ctx, const void *options, size_t start, size_t len) {
  json_format_options line_options = *(const json_format_options *)options;
  if (start) line_options.reader.allow_bom = false;
  wm_status status = json_format_document(ctx, &line_options, start, len);
  wm_buf_append_byte(ctx->out, '\n');
  return status;
}

wm_status json_ndjson_validate(wm_ctx *ctx) {
  json_validate_options options;
  wm_status status = json_read_validate_options(ctx, &options);
  if (status != WM_OK) return status;
  return each_line(ctx, validate_line, &options);
}

wm_status json_ndjson_format(wm_ctx *ctx) {
  json_format_options options;
  wm_status status = json_read_format_options(ctx, &options, 0);
  if (status != WM_OK) return status;
  ctx->out->limit = json_output_limit(ctx->input_len);
  return each_line(ctx, format_line, &options);
}

/* MARK: - Streaming */

struct wm_ndjson_stream {
  wm_options options;
  json_validate_options validate;
  const wm_scan *scan;
  wm_status status;
  wm_buf carry;       /* the unfinished line */
  uint64_t offset;    /* input bytes before the carry (or the next line) */
  uint64_t line;      /* its 1-based line number */
  wm_diags settled;   /* option errors, and a counter for the kept diagnostics */
  wm_buf diagnostics; /* the JSON array's elements so far */
  size_t kept, limit;
};

static const char *const stream_options[] = {JSON_VALIDATE_OPTIONS, NULL};

/* Still taking chunks: invalid lines do not stop a stream, a failure does. */
static bool taking(const wm_ndjson_stream *s) { return s->status == WM_OK || s->status == WM_INVALID_INPUT; }

wm_ndjson_stream *wm_ndjson_stream_new(const char *options, size_t options_len, unsigned flags) {
  wm_ndjson_stream *s = calloc(1, sizeof *s);
  if (!s) return NULL;
  s->scan = wm_scan_kernels(flags & WM_CALL_FORCE_SCALAR);
  s->line = 1;
  s->limit = 1000;
  wm_buf_init(&s->carry);
  wm_buf_init(&s->diagnostics);
  wm_diags_init(&s->settled, 0);
  wm_buf error;
  wm_buf_init(&error);
  wm_ctx ctx = {NULL, 0, &s->options, s->scan, NULL, &s->settled};
  if (!wm_options_parse(&s->options, options, options ? options_len : 0, &error)) {
    /* A reason that could not be written is an allocation that failed (options.h). */
    wm_diags_add_message(&s->settled, WM_SEV_ERROR, "bad-options", 0, WM_NO_END, &error);
    s->status = WM_BAD_OPTIONS;
  } else {
    for (size_t i = 0; i < s->options.count; i++) {
      bool known = false;
      for (const char *const *name = stream_options; *name; name++) known |= strcmp(*name, s->options.items[i].key) == 0;
      if (!known) {
        wm_buf msg;
        wm_buf_init(&msg);
        wm_buf_append_str(&msg, "unknown option '");
        wm_buf_append_str(&msg, s->options.items[i].key);
        wm_buf_append_str(&msg, "' for an NDJSON stream (known: mode, maxDepth, allowBom, allowLoneSurrogates, duplicateKeys)");
        wm_diags_add_message(&s->settled, WM_SEV_ERROR, "unknown-option", 0, WM_NO_END, &msg);
        s->status = WM_BAD_OPTIONS;
      }
    }
    if (s->status == WM_OK) s->status = json_read_validate_options(&ctx, &s->validate);
  }
  wm_buf_free(&error);
  /* Out of memory on the way (a diagnostic not kept included): NULL says so, never bad options. */
  if (s->settled.failed) {
    wm_ndjson_stream_free(s);
    return NULL;
  }
  return s;
}

void wm_ndjson_stream_free(wm_ndjson_stream *s) {
  if (!s) return;
  wm_options_free(&s->options);
  wm_buf_free(&s->carry);
  wm_buf_free(&s->diagnostics);
  wm_diags_free(&s->settled);
  free(s);
}

static void write_position(wm_buf *out, const char *prefix, uint64_t offset, uint64_t line, size_t column) {
  wm_buf_append_str(out, prefix[0] ? ",\"endOffset\":" : ",\"offset\":");
  wm_buf_append_uint(out, offset);
  wm_buf_append_str(out, prefix[0] ? ",\"endLine\":" : ",\"line\":");
  wm_buf_append_uint(out, line);
  wm_buf_append_str(out, prefix[0] ? ",\"endColumn\":" : ",\"column\":");
  wm_buf_append_uint(out, column);
}

/* Validates one complete line (without its '\n') and keeps its diagnostics, placed in the stream. */
static void stream_line(wm_ndjson_stream *s, const uint8_t *text, size_t len) {
  static const char *const severities[] = {"error", "warning", "info"};
  size_t doc_len = len && text[len - 1] == '\r' ? len - 1 : len;
  if (s->scan->skip_ws(text, 0, doc_len) == doc_len) return;
  wm_diags diags;
  wm_diags_init(&diags, 0);
  wm_ctx ctx = {text, doc_len, &s->options, s->scan, NULL, &diags};
  json_validate_options options = s->validate;
  if (s->offset) options.reader.allow_bom = false; /* a BOM can only start the stream */
  wm_status status = json_check_document(&ctx, &options, 0, doc_len);
  if (status != WM_OK && status != WM_INVALID_INPUT) s->status = status;
  else if (status == WM_INVALID_INPUT && s->status == WM_OK) s->status = WM_INVALID_INPUT;
  for (size_t i = 0; i < diags.count; i++) {
    const wm_diag *d = &diags.items[i];
    if (s->kept == s->limit) break;
    if (s->kept++) wm_buf_append_byte(&s->diagnostics, ',');
    wm_buf_append_str(&s->diagnostics, "{\"severity\":\"");
    wm_buf_append_str(&s->diagnostics, severities[d->severity]);
    wm_buf_append_str(&s->diagnostics, "\",\"code\":");
    wm_buf_append_json_string(&s->diagnostics, d->code, strlen(d->code));
    wm_buf_append_str(&s->diagnostics, ",\"message\":");
    wm_buf_append_json_string(&s->diagnostics, d->message, strlen(d->message));
    write_position(&s->diagnostics, "", s->offset + d->offset, s->line, wm_locate(s->scan, text, doc_len, d->offset).column);
    if (d->end != WM_NO_END)
      write_position(&s->diagnostics, "end", s->offset + d->end, s->line, wm_locate(s->scan, text, doc_len, d->end).column);
    wm_buf_append_byte(&s->diagnostics, '}');
  }
  if (diags.failed || wm_buf_failed(&s->diagnostics)) s->status = WM_OUT_OF_MEMORY;
  wm_diags_free(&diags);
}

wm_status wm_ndjson_stream_push(wm_ndjson_stream *s, const uint8_t *chunk, size_t n) {
  size_t i = 0;
  while (taking(s) && i < n) {
    size_t nl = s->scan->find_byte(chunk, i, n, '\n');
    if (nl == n) break;
    if (s->carry.len) { /* the line began in an earlier chunk */
      wm_buf_append(&s->carry, chunk + i, nl - i);
      if (wm_buf_failed(&s->carry)) return s->status = WM_OUT_OF_MEMORY;
      stream_line(s, s->carry.data, s->carry.len);
      s->offset += s->carry.len + 1;
      s->carry.len = 0;
    } else {
      stream_line(s, chunk + i, nl - i);
      s->offset += nl - i + 1;
    }
    s->line++;
    i = nl + 1;
  }
  if (!taking(s)) return s->status;
  wm_buf_append(&s->carry, chunk + i, n - i);
  if (wm_buf_failed(&s->carry)) return s->status = WM_OUT_OF_MEMORY;
  return WM_OK;
}

wm_result *wm_ndjson_stream_finish(wm_ndjson_stream *s) {
  if (taking(s) && s->carry.len) {
    stream_line(s, s->carry.data, s->carry.len);
    s->offset += s->carry.len;
    s->carry.len = 0;
  }
  wm_buf output, diagnostics;
  wm_buf_init(&output);
  wm_buf_init(&diagnostics);
  if (s->settled.count) {
    wm_diags_write_json(&s->settled, s->scan, (const uint8_t *)"", 0, &diagnostics);
  } else {
    wm_buf_append_byte(&diagnostics, '[');
    wm_buf_append(&diagnostics, s->diagnostics.data, s->diagnostics.len);
    wm_buf_append_byte(&diagnostics, ']');
  }
  return wm_result_from_buffers(s->status, &output, &diagnostics);
}
