/* stats: what the document is made of, as a JSON object. */
#include "json_ops.h"

wm_status json_stats(wm_ctx *ctx) {
  json_reader_options options;
  wm_status status = json_read_common_options(ctx, &options);
  if (status != WM_OK) return status;
  json_reader reader;
  json_reader_init(&reader, ctx->input, ctx->input_len, ctx->scan, &options);
  uint64_t counts[JSON_NULL + 1] = {0};
  size_t depth = 0;
  json_token token;
  while ((token = json_reader_next(&reader)) > JSON_ERROR) {
    counts[token]++;
    if (reader.depth > depth) depth = reader.depth;
  }
  status = WM_OK;
  if (token == JSON_ERROR) {
    status = json_report_error(ctx, &reader, 0);
  } else {
    static const struct { const char *name; json_token token, also; } fields[] = {
        {"\"objects\":", JSON_OBJECT_BEGIN, JSON_OBJECT_BEGIN}, {"\"arrays\":", JSON_ARRAY_BEGIN, JSON_ARRAY_BEGIN},
        {"\"keys\":", JSON_KEY, JSON_KEY},          {"\"strings\":", JSON_STRING, JSON_STRING},
        {"\"numbers\":", JSON_NUMBER, JSON_NUMBER}, {"\"booleans\":", JSON_TRUE, JSON_FALSE},
        {"\"nulls\":", JSON_NULL, JSON_NULL}};
    wm_buf_append_str(ctx->out, "{\"depth\":");
    wm_buf_append_uint(ctx->out, depth);
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
      wm_buf_append_byte(ctx->out, ',');
      wm_buf_append_str(ctx->out, fields[i].name);
      wm_buf_append_uint(ctx->out, counts[fields[i].token] + (fields[i].also != fields[i].token ? counts[fields[i].also] : 0));
    }
    wm_buf_append_str(ctx->out, ",\"comments\":");
    wm_buf_append_uint(ctx->out, reader.comments);
    wm_buf_append_str(ctx->out, ",\"bytes\":");
    wm_buf_append_uint(ctx->out, ctx->input_len);
    wm_buf_append_byte(ctx->out, '}');
  }
  json_reader_free(&reader);
  return status;
}
