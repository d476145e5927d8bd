/* stats: what the document is made of, as a JSON object. */
#include "json_fast.h"
#include "json_ops.h"

/* The counts by the reader: any document, comments too; a located error when invalid. */
static wm_status read_counts(wm_ctx *ctx, const json_reader_options *options, json_counts *counts, size_t *comments) {
  json_reader reader;
  json_reader_init(&reader, ctx->input, ctx->input_len, ctx->scan, options);
  uint64_t by_token[JSON_NULL + 1] = {0};
  json_token token;
  while ((token = json_reader_next(&reader)) > JSON_ERROR) {
    by_token[token]++;
    if (reader.depth > counts->depth) counts->depth = reader.depth;
  }
  wm_status status = WM_OK;
  if (token == JSON_ERROR) status = json_report_error(ctx, &reader, 0);
  counts->objects = by_token[JSON_OBJECT_BEGIN];
  counts->arrays = by_token[JSON_ARRAY_BEGIN];
  counts->keys = by_token[JSON_KEY];
  counts->strings = by_token[JSON_STRING];
  counts->numbers = by_token[JSON_NUMBER];
  counts->booleans = by_token[JSON_TRUE] + by_token[JSON_FALSE];
  counts->nulls = by_token[JSON_NULL];
  *comments = reader.comments;
  json_reader_free(&reader);
  return status;
}

wm_status json_stats(wm_ctx *ctx) {
  json_reader_options options;
  wm_status status = json_read_common_options(ctx, &options);
  if (status != WM_OK) return status;
  json_counts counts = {0};
  size_t comments = 0;
  /* The fast path counts well-formed strict documents (no comments there); the reader the rest. */
  if (!json_fast_stats(ctx->input, ctx->input_len, options.max_depth, ctx->scan, &counts)) {
    status = read_counts(ctx, &options, &counts, &comments);
    if (status != WM_OK) return status;
  }
  const struct { const char *name; uint64_t value; } fields[] = {
      {"\"objects\":", counts.objects}, {"\"arrays\":", counts.arrays},     {"\"keys\":", counts.keys},
      {"\"strings\":", counts.strings}, {"\"numbers\":", counts.numbers},   {"\"booleans\":", counts.booleans},
      {"\"nulls\":", counts.nulls},     {"\"comments\":", comments},       {"\"bytes\":", ctx->input_len}};
  wm_buf_append_str(ctx->out, "{\"depth\":");
  wm_buf_append_uint(ctx->out, counts.depth);
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
    wm_buf_append_byte(ctx->out, ',');
    wm_buf_append_str(ctx->out, fields[i].name);
    wm_buf_append_uint(ctx->out, fields[i].value);
  }
  wm_buf_append_byte(ctx->out, '}');
  return WM_OK;
}
