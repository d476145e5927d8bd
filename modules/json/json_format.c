/* format: the document laid out again (pretty, minified, sorted), lossless. */
#include <stdio.h>

#include "json_fast.h"
#include "json_ops.h"

wm_status json_read_format_options(wm_ctx *ctx, json_format_options *options, int64_t default_indent) {
  wm_status status = json_read_common_options(ctx, &options->reader);
  const wm_opt *indent_opt = wm_options_get(ctx->options, "indent");
  int64_t indent = default_indent;
  options->layout.tab = false;
  if (indent_opt && indent_opt->type == WM_OPT_STRING && strcmp(indent_opt->string, "\t") == 0)
    options->layout.tab = true, indent = 0;
  else if (indent_opt && indent_opt->type == WM_OPT_STRING)
    status = json_keep(status, wm_fail(ctx, WM_BAD_OPTIONS, "bad-option", 0,
                                       "option 'indent' must be an integer from 0 to 16 or \"\\t\""));
  else
    status = json_keep(status, wm_opt_int(ctx, "indent", 0, 16, default_indent, &indent));
  options->layout.indent = (size_t)indent;
  status = json_keep(status, wm_opt_bool(ctx, "sortKeys", false, &options->sort_keys));
  status = json_keep(status, wm_opt_bool(ctx, "asciiOnly", false, &options->layout.ascii_only));
  status = json_keep(status, wm_opt_bool(ctx, "finalNewline", false, &options->layout.final_newline));
  return status;
}

wm_status json_output_failed(wm_ctx *ctx, size_t offset) {
  if (!ctx->out->over_limit) return wm_fail(ctx, WM_OUT_OF_MEMORY, "out-of-memory", offset, "out of memory");
  char message[160];
  snprintf(message, sizeof message,
           "formatted output would exceed %zu bytes (1 MiB + 32 x the input size); "
           "a smaller indent or minified output fits",
           ctx->out->limit);
  return wm_fail(ctx, WM_LIMIT_EXCEEDED, "output-limit", offset, message);
}

wm_status json_format_document(wm_ctx *ctx, const json_format_options *options, size_t base, size_t n) {
  if (options->sort_keys) return json_format_sorted(ctx, options, base, n);
  if (!options->layout.ascii_only &&
      json_fast_format(ctx->input + base, n, options->reader.max_depth, &options->layout, ctx->scan, ctx->out))
    return WM_OK;
  return json_format_tokens(ctx, options, base, n);
}

wm_status json_format_tokens(wm_ctx *ctx, const json_format_options *options, size_t base, size_t n) {
  const uint8_t *p = ctx->input + base;
  json_reader reader;
  json_writer writer;
  json_reader_init(&reader, p, n, ctx->scan, &options->reader);
  json_writer_init(&writer, ctx->out, ctx->scan, &options->layout);
  writer.input_end = p + n;
  wm_status status = WM_OK;
  for (;;) {
    json_token token = json_reader_next(&reader);
    const uint8_t *lexeme = p + reader.start;
    size_t len = reader.end - reader.start;
    switch (token) {
    case JSON_OBJECT_BEGIN: json_writer_open(&writer, '{'); break;
    case JSON_ARRAY_BEGIN: json_writer_open(&writer, '['); break;
    case JSON_OBJECT_END: json_writer_close(&writer, '}'); break;
    case JSON_ARRAY_END: json_writer_close(&writer, ']'); break;
    case JSON_KEY: json_writer_key(&writer, lexeme, len); continue;
    case JSON_STRING: json_writer_scalar(&writer, lexeme, len, true); continue;
    case JSON_NUMBER: case JSON_TRUE: case JSON_FALSE: case JSON_NULL:
      json_writer_scalar(&writer, lexeme, len, false);
      continue;
    case JSON_END: json_writer_finish(&writer); goto done;
    case JSON_ERROR: status = json_report_error(ctx, &reader, base); goto done;
    }
    /* Checked at brackets only: a failed buffer ignores appends, so late is harmless. */
    if (json_writer_failed(&writer)) {
      status = json_output_failed(ctx, base + reader.start);
      goto done;
    }
  }
done:
  if (status == WM_OK && json_writer_failed(&writer)) status = json_output_failed(ctx, base + n);
  json_writer_free(&writer);
  json_reader_free(&reader);
  return status;
}

wm_status json_format(wm_ctx *ctx) {
  json_format_options options;
  wm_status status = json_read_format_options(ctx, &options, 2);
  if (status != WM_OK) return status;
  ctx->out->limit = json_output_limit(ctx->input_len);
  return json_format_document(ctx, &options, 0, ctx->input_len);
}
